/**
 * Tensor packing for the draft model, DOM-free: `DraftPasses` (HWC float32, row 0 at the top) → the
 * model's input tensors, and the model's output tensor → a picture.
 *
 *   DraftPasses ──┬─ channel planes (albedo.r, normal.x, depth, …) ───────────────┐
 *                 └─ previous output ─ warpPrevious(backwardFlow, backwardValid) ─┴─ packInput ─► NCHW/NHWC,
 *                                      (beauty where disoccluded or first frame)      edge-padded to sizeMultiple
 *   output tensor ─ readOutput (crop, range → 0..1, linear → sRGB) ─► HWC sRGB ─► rgbaBytes ─► ImageData bytes
 *
 * Padding replicates the edge pixels (a convolution sees a continued frame instead of a black border),
 * and the output is cropped back to the frame. `previous` is the last draft output warped to this
 * frame by bilinear backward sampling: pixel (x, y) reads the previous output at (x + dx, y + dy), in
 * pixel units with pixel centres at integers, the same backward warping used by temporal
 * anti-aliasing and by flicker metrics in video processing (e.g. Lai et al. 2018, "Learning Blind
 * Video Temporal Consistency"). Samples that leave the frame, and pixels marked invalid (disoccluded),
 * take the current beauty instead.
 */
import type { DraftPasses, PassChannel } from './passes.ts';
import { axes, type ManifestInput, type ManifestOutput } from './manifest.ts';

type PassName = 'albedo' | 'normal' | 'depth' | 'direct' | 'roughness' | 'metalness' | 'fluidMask' | 'beauty';
const STRIDE: Record<PassName | 'previous', number> = { albedo: 3, normal: 3, depth: 1, direct: 3, roughness: 1, metalness: 1, fluidMask: 1, beauty: 3, previous: 3 };
const COMPONENT: Record<string, number> = { r: 0, g: 1, b: 2, x: 0, y: 1, z: 2 };

/** Where a channel's values are: the pass array, its values per pixel and this channel's offset. */
export function channelSource(passes: DraftPasses, previous: Float32Array | null, channel: PassChannel): { data: Float32Array; stride: number; offset: number } {
  const [pass, component] = channel.split('.') as [PassName | 'previous', string | undefined];
  const data = pass === 'previous' ? (previous ?? passes.beauty) : passes[pass];
  return { data, stride: STRIDE[pass], offset: component ? COMPONENT[component] : 0 };
}

/** Does any input of the model read the previous output? */
export function usesPrevious(inputs: readonly ManifestInput[]): boolean {
  return inputs.some((i) => i.channels.some((c) => c.startsWith('previous.')));
}

/**
 * The previous draft output (HWC, 3 per pixel, sRGB 0..1, same size as `passes`) warped to the current
 * frame; null `previous` (first frame, a cut, a seek) gives beauty everywhere.
 */
export function warpPrevious(passes: DraftPasses, previous: Float32Array | null): Float32Array {
  const { width: w, height: h, beauty, backwardFlow: flow, backwardValid: valid } = passes;
  const out = new Float32Array(beauty);
  if (!previous) return out;
  if (previous.length !== w * h * 3) throw new RangeError(`warpPrevious: previous output holds ${previous.length} values, the frame needs ${w * h * 3}`);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!valid[i]) continue;
      const sx = x + flow[2 * i], sy = y + flow[2 * i + 1];
      // Bilinear taps must all lie inside the frame (within half a pixel of the border counts as on it).
      if (!(sx > -0.5 && sy > -0.5 && sx < w - 0.5 && sy < h - 0.5)) continue;
      const cx = Math.min(Math.max(sx, 0), w - 1), cy = Math.min(Math.max(sy, 0), h - 1);
      const x0 = Math.min(Math.floor(cx), Math.max(w - 2, 0)), y0 = Math.min(Math.floor(cy), Math.max(h - 2, 0));
      const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
      const fx = cx - x0, fy = cy - y0;
      const a = (y0 * w + x0) * 3, b = (y0 * w + x1) * 3, c = (y1 * w + x0) * 3, d = (y1 * w + x1) * 3;
      for (let k = 0; k < 3; k++) {
        const top = previous[a + k] + (previous[b + k] - previous[a + k]) * fx;
        const bottom = previous[c + k] + (previous[d + k] - previous[c + k]) * fx;
        out[3 * i + k] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

/**
 * One input tensor's values (float32), in the input's layout, `tensorW` × `tensorH` (≥ the frame;
 * the extra columns and rows repeat the last ones). `previous` is the already warped previous output.
 */
export function packInput(passes: DraftPasses, input: ManifestInput, previous: Float32Array | null, tensorW: number, tensorH: number): Float32Array {
  const { width: w, height: h } = passes;
  if (tensorW < w || tensorH < h) throw new RangeError(`packInput: tensor ${tensorW}×${tensorH} is smaller than the frame ${w}×${h}`);
  const C = input.channels.length;
  const out = new Float32Array(C * tensorW * tensorH);
  const plane = tensorW * tensorH;
  const nchw = input.layout === 'NCHW';
  for (let c = 0; c < C; c++) {
    const { data, stride, offset } = channelSource(passes, previous, input.channels[c]);
    const mean = input.mean?.[c] ?? 0, scale = 1 / (input.std?.[c] ?? 1);
    for (let y = 0; y < tensorH; y++) {
      const row = Math.min(y, h - 1) * w;
      for (let x = 0; x < tensorW; x++) {
        const v = (data[(row + Math.min(x, w - 1)) * stride + offset] - mean) * scale;
        out[nchw ? c * plane + y * tensorW + x : (y * tensorW + x) * C + c] = v;
      }
    }
  }
  return out;
}

/** The input tensor's dimensions for a tensor frame of tensorW × tensorH. */
export function tensorDims(t: ManifestInput | ManifestOutput, tensorW: number, tensorH: number): number[] {
  const a = axes(t.layout);
  const dims = t.shape.map((d) => (typeof d === 'number' ? d : 0));
  dims[a.h] = tensorH;
  dims[a.w] = tensorW;
  return dims;
}

function linearToSrgb(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

/**
 * The output tensor's channels, height and width, checked: 3 channels of at least width × height,
 * holding `values` values (the GPU route's decode checks the same before it reads the buffer).
 */
export function outputShape(dims: readonly number[], values: number, output: ManifestOutput, width: number, height: number): { H: number; W: number } {
  const a = axes(output.layout);
  const C = dims[a.c], H = dims[a.h], W = dims[a.w];
  if (dims.length !== 4 || C !== 3 || H < height || W < width || values !== C * H * W) {
    throw new RangeError(`the model's output "${output.name}" has shape [${dims.join(', ')}], expected 3 channels of at least ${width}×${height}`);
  }
  return { H, W };
}

/**
 * The draft picture from the output tensor: the frame's width × height cropped from the top left of a
 * tensorW × tensorH output, mapped from the manifest's range to 0..1, converted to sRGB if the model
 * writes linear values, clamped. HWC, 3 per pixel.
 */
export function readOutput(data: Float32Array, dims: readonly number[], output: ManifestOutput, width: number, height: number): Float32Array {
  const { H, W } = outputShape(dims, data.length, output, width, height);
  const [lo, hi] = output.range;
  const scale = 1 / (hi - lo);
  const linear = output.colorSpace === 'linear';
  const nchw = output.layout === 'NCHW';
  const out = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let v = (data[nchw ? c * H * W + y * W + x : (y * W + x) * 3 + c] - lo) * scale;
        v = Math.min(Math.max(Number.isNaN(v) ? 0 : v, 0), 1);
        out[(y * width + x) * 3 + c] = linear ? linearToSrgb(v) : v;
      }
    }
  }
  return out;
}

/** HWC sRGB 0..1 (3 per pixel) → RGBA bytes for an ImageData (alpha 255). */
export function rgbaBytes(hwc: Float32Array, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    out[4 * i] = Math.round(hwc[3 * i] * 255);
    out[4 * i + 1] = Math.round(hwc[3 * i + 1] * 255);
    out[4 * i + 2] = Math.round(hwc[3 * i + 2] * 255);
    out[4 * i + 3] = 255;
  }
  return out;
}

/** float32 → IEEE 754 half-precision bits (round to nearest even), for float16 model inputs. */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const f = new Float32Array(1), u = new Uint32Array(f.buffer);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i];
    const x = u[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) { out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); continue; }
    let e = exp - 127 + 15;
    if (e >= 0x1f) { out[i] = sign | 0x7c00; continue; }
    if (e <= 0) {
      if (e < -10) { out[i] = sign; continue; }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && (half & 1))) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
    e = half >>> 10;
    out[i] = sign | (e >= 0x1f ? 0x7c00 : half);
  }
  return out;
}

/** IEEE 754 half-precision bits → float32, for float16 model outputs. */
export function fromFloat16Bits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
    out[i] = exp === 0 ? sign * mant * 2 ** -24 : exp === 0x1f ? (mant ? NaN : sign * Infinity) : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return out;
}
