/**
 * Tensor packing: channel order and layout, edge padding to sizeMultiple and cropping back, backward
 * warping of the previous output against hand-made shifts (whole and fractional pixels, disocclusion
 * and frame-edge fallbacks), output range and colour space, half floats, and the runner's rule for
 * when the previous output carries over.
 */
import { describe, expect, it } from 'vitest';
import { packInput, readOutput, rgbaBytes, tensorDims, toFloat16Bits, fromFloat16Bits, warpPrevious } from './pack.ts';
import { parseManifest, tensorFrameSize } from './manifest.ts';
import { DraftRunner, type DraftSessionLike, type TensorValue } from './runner.ts';
import { syntheticPasses, testManifest } from './test-models.ts';
import type { DraftPasses } from './passes.ts';

const W = 7, H = 5;

/** A previous output that is an affine ramp, so bilinear sampling of it is exact. */
function ramp(w: number, h: number): Float32Array {
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set([0.1 * x, 0.05 * y, 0.02 * x + 0.03 * y], 3 * (y * w + x));
  return out;
}

function px(a: Float32Array, w: number, x: number, y: number): number[] {
  return Array.from(a.subarray(3 * (y * w + x), 3 * (y * w + x) + 3));
}

describe('warpPrevious', () => {
  it('is beauty everywhere without a previous output', () => {
    const p = syntheticPasses(W, H, { flow: [1, 0] });
    expect(warpPrevious(p, null)).toEqual(p.beauty);
  });

  it('moves the previous output by a whole-pixel shift, with beauty where invalid or outside', () => {
    const p = syntheticPasses(W, H, { flow: [2, -1] });
    const prev = ramp(W, H);
    const out = warpPrevious(p, prev);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const [sx, sy] = [x + 2, y - 1];
        const expected = x === 0 || sx > W - 1 || sy < 0 ? px(p.beauty, W, x, y) : px(prev, W, sx, sy);
        expect(px(out, W, x, y).map((v) => +v.toFixed(6))).toEqual(expected.map((v) => +v.toFixed(6)));
      }
    }
  });

  it('samples bilinearly at fractional shifts', () => {
    const p = syntheticPasses(W, H, { flow: [0.5, 0.25] });
    const out = warpPrevious(p, ramp(W, H));
    for (let y = 0; y < H - 1; y++) {
      for (let x = 1; x < W - 1; x++) {
        const [sx, sy] = [x + 0.5, y + 0.25];
        const got = px(out, W, x, y);
        [0.1 * sx, 0.05 * sy, 0.02 * sx + 0.03 * sy].forEach((v, k) => expect(got[k]).toBeCloseTo(v, 6));
      }
    }
  });
});

describe('packInput and readOutput', () => {
  const manifest = parseManifest({
    ...testManifest({ inputs: [{ name: 'x', channels: ['beauty.r', 'beauty.g', 'beauty.b'] }], weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }),
    sizeMultiple: 4,
  });

  it('pads to sizeMultiple by repeating edges, and crops back to the same frame', () => {
    const p = syntheticPasses(W, H);
    const [tw, th] = tensorFrameSize(manifest, W, H);
    expect([tw, th]).toEqual([8, 8]);
    const packed = packInput(p, manifest.inputs[0], null, tw, th);
    expect(tensorDims(manifest.inputs[0], tw, th)).toEqual([1, 3, 8, 8]);
    // Padding repeats the last column and row.
    expect(packed[1 * 64 + 7 * 8 + 7]).toBe(p.beauty[3 * (4 * W + 6) + 1]);
    expect(packed[0 * 64 + 2 * 8 + 7]).toBe(p.beauty[3 * (2 * W + 6)]);
    // An identity model's output, cropped, is the frame again.
    expect(readOutput(packed, [1, 3, 8, 8], manifest.outputs[0], W, H)).toEqual(p.beauty);
  });

  it('orders channels as the manifest lists them, in NCHW or NHWC, with mean and std', () => {
    const p = syntheticPasses(3, 2);
    const input = { ...manifest.inputs[0], channels: ['depth', 'normal.y', 'previous.g', 'fluidMask'] as const, shape: [1, 4, 'H', 'W'] as [1, 4, 'H', 'W'], mean: [0.5, 0, 0, 0], std: [0.25, 1, 1, 2] };
    const previous = ramp(3, 2);
    const nchw = packInput(p, { ...input, channels: [...input.channels] }, previous, 3, 2);
    const nhwc = packInput(p, { ...input, channels: [...input.channels], layout: 'NHWC' }, previous, 3, 2);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 3; x++) {
        const i = y * 3 + x;
        const want = [(p.depth[i] - 0.5) / 0.25, p.normal[3 * i + 1], previous[3 * i + 1], p.fluidMask[i] / 2];
        want.forEach((v, c) => {
          expect(nchw[c * 6 + i]).toBeCloseTo(v, 6);
          expect(nhwc[i * 4 + c]).toBeCloseTo(v, 6);
        });
      }
    }
  });

  it('maps the output range, converts linear to sRGB, clamps, and writes RGBA bytes', () => {
    const out = { ...manifest.outputs[0], range: [-1, 1] as [number, number], colorSpace: 'linear' as const };
    const data = Float32Array.from([-1, 0, 1, 3, /* g */ -1, -1, -1, -1, /* b */ 1, 1, 1, 1]);
    const srgb = readOutput(data, [1, 3, 1, 4], out, 4, 1);
    expect(px(srgb, 4, 0, 0)).toEqual([0, 0, 1]);
    expect(px(srgb, 4, 1, 0)[0]).toBeCloseTo(1.055 * Math.pow(0.5, 1 / 2.4) - 0.055, 6);
    expect(px(srgb, 4, 3, 0)[0]).toBe(1);
    expect(Array.from(rgbaBytes(srgb, 4, 1).subarray(0, 8))).toEqual([0, 0, 255, 255, 188, 0, 255, 255]);
    expect(() => readOutput(data, [1, 3, 1, 4], out, 5, 1)).toThrow(/expected 3 channels of at least 5×1/);
  });
});

describe('half floats', () => {
  it('round-trips representable values and rounds others to nearest', () => {
    const values = Float32Array.from([0, 1, -2, 0.5, 65504, 2 ** -24, 2 ** -14, 0.1, 1e6, -1e-9]);
    const back = fromFloat16Bits(toFloat16Bits(values));
    expect(Array.from(toFloat16Bits(Float32Array.from([1, -2, 65504, 0.1])))).toEqual([0x3c00, 0xc000, 0x7bff, 0x2e66]);
    expect(Array.from(back.subarray(0, 7))).toEqual([0, 1, -2, 0.5, 65504, 2 ** -24, 2 ** -14]);
    expect(back[7]).toBeCloseTo(0.0999755859375, 10);
    expect(back[8]).toBe(Infinity);
    expect(Object.is(back[9], -0)).toBe(true);
  });
});

describe('DraftRunner', () => {
  // A stand-in session whose output is its input's previous.rgb channels: what it returns shows what `previous` was.
  const spec = { inputs: [{ name: 'x', channels: ['previous.r', 'previous.g', 'previous.b'] as const }], weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
  const manifest = parseManifest(testManifest({ inputs: [{ name: 'x', channels: [...spec.inputs[0].channels] }], weights: spec.weights }));
  const session: DraftSessionLike = {
    run: async (feeds: Record<string, TensorValue>) => ({ draft: { data: feeds.x.data, dims: feeds.x.dims } }),
  };

  it('carries the previous output over consecutive frames of one shot, and resets otherwise', async () => {
    const runner = new DraftRunner(session, manifest);
    const frame = (phase: number): DraftPasses => syntheticPasses(W, H, { flow: [1, 0], phase });
    const f0 = frame(0), f1 = frame(1), f3 = frame(3), f4 = frame(4);
    const r0 = await runner.run(f0, { frame: 0, shot: 0 });
    expect(r0.continued).toBe(false);
    expect(r0.srgb).toEqual(f0.beauty);
    const r1 = await runner.run(f1, { frame: 1, shot: 0 });
    expect(r1.continued).toBe(true);
    expect(r1.srgb).toEqual(warpPrevious(f1, r0.srgb));
    expect(px(r1.srgb, W, 2, 2)).toEqual(px(f0.beauty, W, 3, 2)); // moved by the flow
    expect((await runner.run(f3, { frame: 3, shot: 0 })).srgb).toEqual(f3.beauty); // a skipped frame
    expect((await runner.run(f4, { frame: 4, shot: 1 })).continued).toBe(false); // a cut
    expect((await runner.run(f4, { frame: 5, shot: 1 })).continued).toBe(true);
    runner.reset();
    expect((await runner.run(f4, { frame: 6, shot: 1 })).continued).toBe(false); // a seek
  });
});
