/**
 * The conditioning pack from the Export tab, on a known scene: a ball 0.2 m in radius translating at
 * +1 m/s in x without gravity, before a wall whose face is 5 m from a fixed camera. The zip is unzipped
 * in Node and every documented file is checked for presence and shape; then values: metric depth of the
 * wall (5000 mm), flow at the ball's centre against its known motion (0.125 m per pack frame at 8 fps),
 * tracks N×T×2 landing on the ball, the WAV's length, and one frame PNG decoded by Chromium itself.
 * Small (96 × 64, 9 frames): SwiftShader draws on the CPU.
 */
import { test, expect } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { decodePng } from '../src/export/png.ts';
import { decodeNpy } from '../src/export/npy.ts';
import { decodeFlo } from '../src/export/flo.ts';
import { pad } from '../src/export/pack.ts';
import { decodeWav } from '../src/audio/wav.ts';
import type {} from '../src/main.ts';
import { rollingBallScene } from './support.ts';

const W = 96, H = 64, T = 9, FPS = 8;
const SCENE = rollingBallScene({ radiusM: 0.2, durationS: 2 });

test('the conditioning pack holds every documented file, with exact depth, flow and tracks', async ({ page }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto('/?renderer=webgl2');
  // The opening scene has loaded (or failed): from here on only our scene loads.
  await page.waitForFunction(() => { const s = window.worlddraft?.controller.state; return !!s && !s.busy && (s.durationS > 0 || s.error !== null); }, null, { timeout: 60_000 });
  await page.evaluate(async (json) => {
    await window.worlddraft!.controller.runSpecJson(json);
    window.worlddraft!.controller.pause();
  }, JSON.stringify(SCENE));
  expect(await page.evaluate(() => window.worlddraft!.controller.state.error)).toBeNull();

  await page.locator('wd-app').getByRole('tab', { name: 'Export' }).click();
  const panel = page.locator('wd-export-panel');
  await panel.getByLabel('Pack preset').selectOption('custom');
  await panel.getByLabel('Pack width').fill(String(W));
  await panel.getByLabel('Pack height').fill(String(H));
  await panel.getByLabel('Pack frames').fill(String(T));
  await panel.getByLabel('Pack fps').fill(String(FPS));
  const download = page.waitForEvent('download', { timeout: 240_000 });
  await panel.getByRole('button', { name: 'Export conditioning pack' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('worlddraft-pack.zip');
  await expect(panel.getByRole('status')).toContainText(`${T} frames at ${W} × ${H}`);
  const zip = new Uint8Array(Buffer.concat(await (await file.createReadStream()).toArray()));
  const files = unzipSync(zip);
  const names = Object.keys(files);

  // Every documented file, with its shape.
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  expect(names.sort()).toEqual(manifest.files);
  expect([manifest.width, manifest.height, manifest.fps, manifest.frames]).toEqual([W, H, FPS, T]);
  const pngShape = { frames: [3, 8], depth: [1, 8], depth_mm: [1, 16], normals: [3, 8], ids: [1, 16], ids_color: [3, 8], semantic: [3, 8] } as const;
  for (const [dir, [channels, bitDepth]] of Object.entries(pngShape)) {
    for (let i = 0; i < T; i++) {
      const png = decodePng(files[`${dir}/${pad(i)}.png`]);
      expect([png.width, png.height, png.channels, png.bitDepth], `${dir}/${i}`).toEqual([W, H, channels, bitDepth]);
    }
  }
  for (const dir of ['flow_color', 'flow_occluded', 'flow_disoccluded']) expect(names.filter((n) => n.startsWith(`${dir}/`)).length).toBe(T - 1);
  expect(names.filter((n) => n.startsWith('flow/') && n.endsWith('.flo')).length).toBe(T - 1);
  for (const f of ['README.txt', 'audio.wav', 'cues.json', 'scene.json', 'timeline.json', 'id_map.json', 'cameras.json', 'tracks.npy', 'tracks_visible.npy', 'tracks_bodies.json', 'flow_color.webm']) expect(files[f], f).toBeDefined();
  const readme = strFromU8(files['README.txt']);
  for (const words of ['NEAR IS BRIGHT', 'MILLIMETRES', 'OpenGL', 'negate y and z', 'PIXELS PER FRAME', `${FPS} frames per second`, `${T} frames, ${W} x ${H}`]) expect(readme).toContain(words);
  expect(JSON.parse(strFromU8(files['scene.json'])).camera.mode).toBe('fixed');

  // Ids: the ball and the wall, by the id map.
  const idMap = JSON.parse(strFromU8(files['id_map.json']));
  const ballId = idMap.instances.find((i: { ownerId: string }) => i.ownerId === 'ball-1').id;
  const wallId = idMap.instances.find((i: { ownerId: string }) => i.ownerId === 'wall-1').id;
  expect(idMap.ade20k.ball).toEqual({ index: 119, rgb: [255, 0, 163] });

  // Depth: a wall pixel near the top-left corner is 5 m away, 5000 mm; the depth picture is brighter for the nearer ball.
  const wallPixel = 3 * W + 3;
  const ids2 = decodePng(files['ids/00002.png']).data;
  expect(ids2[wallPixel]).toBe(wallId);
  expect(Math.abs(decodePng(files['depth_mm/00002.png']).data[wallPixel] - 5000)).toBeLessThanOrEqual(1);

  // Flow at the ball's centre in frame 2 (t = 0.25 s, centre at x = 0.25 m, view depth 3 m): 0.125 m per pack frame at 2.8 m.
  const tanY = Math.tan((40 * Math.PI) / 360), tanX = tanY * (W / H);
  const cx = ((0.25 / (3 * tanX)) + 1) / 2 * W, cy = H / 2;
  const k = Math.floor(cy) * W + Math.floor(cx);
  expect(ids2[k]).toBe(ballId);
  const depthVisual = decodePng(files['depth/00002.png']).data;
  expect(depthVisual[k]).toBeGreaterThan(depthVisual[wallPixel]);
  const flo = decodeFlo(files['flow/00002.flo']);
  expect([flo.width, flo.height]).toEqual([W, H]);
  const expectedFlowX = 0.125 / ((3 - 0.2) * tanX) * (W / 2);
  expect(Math.abs(flo.flow[2 * k] - expectedFlowX) / expectedFlowX).toBeLessThan(0.03);
  expect(Math.abs(flo.flow[2 * k + 1])).toBeLessThan(0.05);
  expect(Math.hypot(flo.flow[2 * wallPixel], flo.flow[2 * wallPixel + 1])).toBeLessThan(1e-3);

  // Tracks: N×T×2 float32 and N×T bool; visible points land on the ball.
  const tracks = decodeNpy(files['tracks.npy']), visible = decodeNpy(files['tracks_visible.npy']);
  const n = tracks.shape[0];
  expect(tracks.dtype).toBe('<f4');
  expect(tracks.shape).toEqual([n, T, 2]);
  expect(visible.dtype).toBe('|b1');
  expect(visible.shape).toEqual([n, T]);
  expect(n).toBeGreaterThan(30);
  let seen = 0, onBall = 0;
  for (let j = 0; j < T; j++) {
    const ids = decodePng(files[`ids/${pad(j)}.png`]).data;
    for (let p = 0; p < n; p++) {
      if (!visible.data[p * T + j]) continue;
      seen++;
      const x = Math.floor(tracks.data[(p * T + j) * 2]), y = Math.floor(tracks.data[(p * T + j) * 2 + 1]);
      if (ids[y * W + x] === ballId) onBall++;
    }
  }
  expect(seen).toBeGreaterThan(n * T * 0.3);
  expect(onBall).toBeGreaterThanOrEqual(seen * 0.95);

  // Sound: a WAV exactly as long as the clip.
  const wav = decodeWav(files['audio.wav']);
  expect(wav.sampleRate).toBe(48000);
  expect(Math.abs(wav.channels[0].length - (48000 * T) / FPS)).toBeLessThanOrEqual(1);

  // Chromium's own PNG decoder reads a frame as our decoder does.
  const ours = decodePng(files['frames/00004.png']);
  const theirs = await page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    return Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
  }, Array.from(files['frames/00004.png']));
  let diff = 0;
  for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) diff = Math.max(diff, Math.abs(theirs[4 * p + c] - ours.data[3 * p + c]));
  expect(diff).toBeLessThanOrEqual(1);
  expect(problems).toEqual([]);
});
