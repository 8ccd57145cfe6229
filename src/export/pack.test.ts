/**
 * The conditioning pack's zip from synthetic passes: every documented file is there with its shape,
 * depth survives as millimetres, flow as .flo, tracks as N×T×2 .npy; presets and custom sizes parse.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { PackBuilder, PACK_PRESETS, pad, parsePackPreset, type PackFrame } from './pack.ts';
import { decodePng } from './png.ts';
import { decodeNpy } from './npy.ts';
import { decodeFlo } from './flo.ts';

const W = 8, H = 6, T = 3;

function frame(i: number): PackFrame {
  const n = W * H;
  const depthM = Float32Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 2 + i * 0.5 + k * 0.001));
  const normals = new Float32Array(3 * n);
  for (let k = 1; k < n; k++) normals[3 * k + 2] = 1;
  return {
    rgba: new Uint8Array(4 * n).fill(200), depthM, normals, ids: Uint16Array.from({ length: n }, (_, k) => (k === 0 ? 0 : 1 + (k % 2))),
    semanticRgba: new Uint8Array(4 * n).fill(80), idsRgba: new Uint8Array(4 * n).fill(40),
    camera: { viewMatrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -0.5, -3, 1], fovDeg: 40, aspect: W / H },
  };
}

describe('conditioning pack', () => {
  it('presets are 4n+1 where the models want it, and custom sizes parse', () => {
    expect(parsePackPreset('16x512x512')).toEqual({ width: 512, height: 512, fps: 8, frames: 16 });
    expect((PACK_PRESETS['49x720x480'].frames - 1) % 4).toBe(0);
    expect((PACK_PRESETS['81x832x480'].frames - 1) % 4).toBe(0);
    expect(parsePackPreset('96x64:9@8')).toEqual({ width: 96, height: 64, fps: 8, frames: 9 });
    expect(() => parsePackPreset('huge')).toThrow(/unknown pack preset/);
    expect(() => parsePackPreset('96x64:1@8')).toThrow(/frames must be an integer from 2/);
  });

  it('holds every documented file with the documented shapes and values', () => {
    const b = new PackBuilder({ width: W, height: H, fps: 8, frames: T });
    for (let i = 0; i < T; i++) b.addFrame(i, frame(i));
    for (let i = 0; i < T - 1; i++) {
      const flow = new Float32Array(2 * W * H).fill(1.5), valid = new Uint8Array(W * H).fill(1);
      valid[0] = 0;
      b.addFlow(i, { flow, valid, occluded: new Uint8Array(W * H), disoccluded: new Uint8Array(W * H) });
    }
    const tracks = Float32Array.from({ length: 4 * T * 2 }, (_, k) => k);
    const zip = b.finish({
      spec: { version: 1 }, timeline: { fps: 60 }, cues: [], wav: new Uint8Array([82, 73, 70, 70]), audio: { sampleRate: 48000, channels: 2, bitDepth: 16 },
      tracks: { n: 4, t: T, tracks, visible: new Uint8Array(4 * T).fill(1), bodyIds: ['a', 'a', 'b', 'b'] },
      instances: [{ id: 1, ownerId: 'a', kind: 'ball', isStatic: false, category: 'ball', ade20kIndex: 119 }],
      ade20k: { ball: { index: 119, rgb: [255, 0, 163] }, wall: { index: 0, rgb: [120, 120, 120] } },
      simulationEndS: 4,
    });
    const files = unzipSync(zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(Object.keys(files).sort()).toEqual(manifest.files);
    for (const dir of ['frames', 'depth', 'depth_mm', 'normals', 'ids', 'ids_color', 'semantic']) for (let i = 0; i < T; i++) expect(files[`${dir}/${pad(i)}.png`], `${dir}/${i}`).toBeDefined();
    for (const dir of ['flow_color', 'flow_occluded', 'flow_disoccluded']) expect(Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).length).toBe(T - 1);
    expect(Object.keys(files).filter((f) => f.endsWith('.flo')).length).toBe(T - 1);
    for (const f of ['README.txt', 'audio.wav', 'cues.json', 'scene.json', 'timeline.json', 'id_map.json', 'cameras.json', 'tracks.npy', 'tracks_visible.npy', 'tracks_bodies.json']) expect(files[f], f).toBeDefined();

    const mm = decodePng(files['depth_mm/00001.png']);
    expect([mm.width, mm.height, mm.channels, mm.bitDepth]).toEqual([W, H, 1, 16]);
    expect(mm.data[0]).toBe(0);
    expect(mm.data[5]).toBe(Math.round((2.5 + 0.005) * 1000));
    const vis = decodePng(files['depth/00000.png']);
    expect(vis.data[0]).toBe(0); // no surface
    expect(vis.data[1]).toBe(255); // the clip's nearest surface
    expect(decodePng(files['depth/00002.png']).data[W * H - 1]).toBe(25); // the farthest
    const normals = decodePng(files['normals/00000.png']);
    expect(Array.from(normals.data.slice(3, 6))).toEqual([128, 128, 255]);
    expect(decodePng(files['ids/00000.png']).data[1]).toBe(2);
    const flo = decodeFlo(files['flow/00000.flo']);
    expect([flo.width, flo.height, flo.flow[2], flo.flow[3]]).toEqual([W, H, 1.5, 1.5]);
    expect(flo.flow[0]).toBeGreaterThan(1e9);
    const tr = decodeNpy(files['tracks.npy']);
    expect(tr.shape).toEqual([4, T, 2]);
    expect(tr.dtype).toBe('<f4');
    expect(decodeNpy(files['tracks_visible.npy']).shape).toEqual([4, T]);
    const cams = JSON.parse(strFromU8(files['cameras.json']));
    expect(cams.length).toBe(T);
    expect(cams[0].fy).toBeCloseTo(H / (2 * Math.tan((20 * Math.PI) / 180)), 9);
    expect(cams[0].worldToCameraOpenGL[2][3]).toBe(-3);
    expect(cams[0].worldToCameraOpenCV[2][3]).toBe(3);
    const readme = strFromU8(files['README.txt']);
    for (const words of ['NEAR IS BRIGHT', 'MILLIMETRES', 'OpenGL', 'negate y and z', 'PIXELS PER FRAME', '8 frames per second', `${T} frames`, 'NEP 1']) expect(readme).toContain(words);
  });

  it('gives the same bytes for the same input', () => {
    const make = () => {
      const b = new PackBuilder({ width: W, height: H, fps: 8, frames: 2 });
      b.addFrame(0, frame(0)); b.addFrame(1, frame(1));
      return b.finish({ spec: {}, timeline: {}, cues: [], wav: new Uint8Array(1), audio: { sampleRate: 1, channels: 1, bitDepth: 16 }, tracks: { n: 0, t: 2, tracks: new Float32Array(0), visible: new Uint8Array(0), bodyIds: [] }, instances: [], ade20k: {}, simulationEndS: 1 });
    };
    expect(Array.from(make())).toEqual(Array.from(make()));
  });
});
