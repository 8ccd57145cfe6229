/**
 * The GPU packer's buffers (../gpu-layout.ts), in Node: TypeScript byte offsets against the WGSL
 * structs of shaders/draft/ (parsed with sim/gpu/layout.ts's WGSL layout calculator), each kernel's
 * overrides, the channel table, the per-pixel upload, and which models the GPU route takes. The
 * kernels' arithmetic is checked against pack.ts in the browser (e2e/draft.spec.ts, the GPU route).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wgslStructLayouts } from '../../sim/gpu/layout.ts';
import { kernelOverrides } from '../../sim/gpu/shaders.ts';
import {
  CHANNEL_SPEC_LAYOUT, DECODE_PARAMS_LAYOUT, FRAME_PIXEL_LAYOUT, PACK_PARAMS_LAYOUT,
  channelTable, decodeParams, framePixels, gpuPackingObstacle, packParams,
} from '../gpu-layout.ts';
import { testManifest } from '../test-models.ts';
import { PASS_CHANNELS } from '../passes.ts';

const shader = (name: string) => readFileSync(new URL(`../../../shaders/draft/${name}.wgsl`, import.meta.url), 'utf8');
const pack = shader('pack_input'), decode = shader('decode_output');

function expectLayout(layout: { stride: number } & Record<string, number>, struct: { offsets: Record<string, number>; size: number }) {
  const { stride, ...members } = layout;
  expect(struct.offsets).toEqual(members);
  expect(struct.size).toBe(stride);
}

describe('GPU packer layout', () => {
  it('TypeScript offsets match the WGSL structs', () => {
    const p = wgslStructLayouts(pack), d = wgslStructLayouts(decode);
    expectLayout(PACK_PARAMS_LAYOUT, p.PackParams);
    expectLayout(CHANNEL_SPEC_LAYOUT, p.ChannelSpec);
    expectLayout(FRAME_PIXEL_LAYOUT, p.FramePixel);
    expectLayout(DECODE_PARAMS_LAYOUT, d.DecodeParams);
  });

  it('each kernel takes its constants as overrides', () => {
    expect(kernelOverrides(pack)).toEqual(['workgroup_width', 'workgroup_height', 'depth_max_m']);
    expect(kernelOverrides(decode)).toEqual(['workgroup_width', 'workgroup_height']);
    for (const src of [pack, decode]) expect(src).toMatch(/@compute @workgroup_size\(workgroup_width, workgroup_height\)/);
  });

  it('the pack kernel reads channels by their index in PASS_CHANNELS', () => {
    // The kernel's `values` array holds albedo 0..2, normal 3..5, depth 6, direct 7..9, roughness 10,
    // metalness 11, fluidMask 12, beauty 13..15 and previous 16..18.
    expect(PASS_CHANNELS.indexOf('depth')).toBe(6);
    expect(PASS_CHANNELS.indexOf('fluidMask')).toBe(12);
    expect(PASS_CHANNELS.indexOf('beauty.r')).toBe(13);
    expect(PASS_CHANNELS.indexOf('previous.r')).toBe(16);
    expect(PASS_CHANNELS.length).toBe(19);
  });
});

describe('GPU packer buffers', () => {
  const manifest = testManifest({ inputs: [{ name: 'x', channels: ['depth', 'beauty.g', 'previous.b'] }], weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] });
  const input = { ...manifest.inputs[0], mean: [0.5, 0, 0.25], std: [2, 1, 0.5] };

  it('channel table: source index, mean and 1 / std per channel', () => {
    const view = new DataView(channelTable(input));
    const row = (c: number) => [view.getUint32(12 * c, true), view.getFloat32(12 * c + 4, true), view.getFloat32(12 * c + 8, true)];
    expect([row(0), row(1), row(2)]).toEqual([[6, 0.5, 0.5], [14, 0, 1], [18, 0.25, 2]]);
    expect(new DataView(channelTable(manifest.inputs[0])).getFloat32(8, true)).toBe(1); // no std: scale 1
  });

  it('pack and decode parameters', () => {
    const size = { frameWidth: 118, frameHeight: 66, tensorWidth: 120, tensorHeight: 72 };
    const p = new DataView(packParams({ ...input, layout: 'NHWC' }, size, [0.25, 0.5, 0.75], true));
    expect([0, 4, 8, 12, 16, 20, 24].map((o) => p.getUint32(o, true))).toEqual([118, 66, 120, 72, 3, 1, 1]);
    expect([28, 32, 36].map((o) => p.getFloat32(o, true))).toEqual([0.25, 0.5, 0.75]);
    const d = new DataView(decodeParams({ ...manifest.outputs[0], colorSpace: 'linear', range: [-1, 3] }, size));
    expect([0, 4, 8, 12, 16, 20].map((o) => d.getUint32(o, true))).toEqual([118, 66, 120, 72, 0, 1]);
    expect([d.getFloat32(24, true), d.getFloat32(28, true)]).toEqual([-1, 0.25]);
  });

  it('per-pixel upload: normal, depth, flow, validity and the beauty bytes in memory order', () => {
    const bytes = framePixels({
      width: 2, height: 1, normals: Float32Array.of(0, 0, 1, 0.6, 0.8, 0), depthM: Float32Array.of(2.5, 0),
      backwardFlow: Float32Array.of(0.5, -1.25, 0, 0), backwardValid: Uint8Array.of(1, 0), beautyRgba: Uint8ClampedArray.of(10, 20, 30, 255, 1, 2, 3, 255),
    });
    const f = new Float32Array(bytes), u = new Uint32Array(bytes), b = new Uint8Array(bytes);
    expect(bytes.byteLength).toBe(2 * FRAME_PIXEL_LAYOUT.stride);
    expect(Array.from(f.subarray(0, 6))).toEqual([0, 0, 1, 2.5, 0.5, -1.25]);
    expect(u[6]).toBe(1);
    expect(Array.from(b.subarray(28, 32))).toEqual([10, 20, 30, 255]);
    expect(Array.from(f.subarray(8, 14)).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.6, 0.8, 0, 0, 0, 0]);
    expect(u[14]).toBe(0);
    expect(Array.from(b.subarray(60, 64))).toEqual([1, 2, 3, 255]);
  });

  it('float32 models take the GPU route; half-precision tensors stay on the CPU path', () => {
    expect(gpuPackingObstacle(manifest)).toBeNull();
    expect(gpuPackingObstacle({ ...manifest, inputs: [{ ...input, dtype: 'float16' }] })).toBe('its input "x" is float16');
    expect(gpuPackingObstacle({ ...manifest, outputs: [{ ...manifest.outputs[0], dtype: 'float16' }] })).toBe('its output "draft" is float16');
  });
});
