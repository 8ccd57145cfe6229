/**
 * What the GPU tensor packer (browser/gpu-pack.ts, shaders/draft/*.wgsl) uploads, DOM-free: which
 * models it can pack for, and the bytes of its uniform, channel-table and per-pixel buffers, laid out
 * as the WGSL structs are (gpu-layout.test.ts parses the kernels and checks these offsets against
 * them, so one side cannot change without the other).
 *
 *   manifest input ─ channelTable ─► ChannelSpec[] (PASS_CHANNELS index, mean, 1 / std)
 *   frame size, tensor size, layout, background, has previous ─ packParams ─► PackParams
 *   normals, depth (m), backward flow and validity, beauty RGBA ─ framePixels ─► FramePixel[]
 *   output spec, sizes ─ decodeParams ─► DecodeParams
 *
 * The rules themselves (channel order, normalisation, padding, the warp of `previous`, the output's
 * range and colour space) are pack.ts's; the kernels repeat them in f32 and the e2e test holds the
 * two to 1e-5.
 */
import { PASS_CHANNELS } from './passes.ts';
import type { ManifestInput, ManifestOutput, ModelManifest } from './manifest.ts';

/** PackParams (shaders/draft/pack_input.wgsl): 10 four-byte members, 40 bytes. */
export const PACK_PARAMS_LAYOUT = {
  frame_width: 0, frame_height: 4, tensor_width: 8, tensor_height: 12, channel_count: 16, nhwc: 20, has_previous: 24,
  background_r: 28, background_g: 32, background_b: 36, stride: 40,
} as const;
/** ChannelSpec: source u32, mean f32, scale f32; 12 bytes. */
export const CHANNEL_SPEC_LAYOUT = { source: 0, mean: 4, scale: 8, stride: 12 } as const;
/** FramePixel: normal vec3f @0, depth_m f32 @12, flow vec2f @16, valid u32 @24, beauty u32 (RGBA8) @28; 32 bytes. */
export const FRAME_PIXEL_LAYOUT = { normal: 0, depth_m: 12, flow: 16, valid: 24, beauty: 28, stride: 32 } as const;
/** DecodeParams (shaders/draft/decode_output.wgsl): 8 four-byte members, 32 bytes. */
export const DECODE_PARAMS_LAYOUT = {
  frame_width: 0, frame_height: 4, tensor_width: 8, tensor_height: 12, nhwc: 16, linear: 20, range_low: 24, range_scale: 28, stride: 32,
} as const;

/**
 * Why this model cannot be packed on the GPU, or null when it can: every input and the picture
 * output must be float32 (half-precision tensors stay on the CPU path, which converts them).
 */
export function gpuPackingObstacle(manifest: ModelManifest): string | null {
  const half = manifest.inputs.find((i) => i.dtype !== 'float32');
  if (half) return `its input "${half.name}" is ${half.dtype}`;
  if (manifest.outputs[0].dtype !== 'float32') return `its output "${manifest.outputs[0].name}" is ${manifest.outputs[0].dtype}`;
  return null;
}

/** One input's channel table: per channel its PASS_CHANNELS index, mean and 1 / std. */
export function channelTable(input: ManifestInput): ArrayBuffer {
  const bytes = new ArrayBuffer(input.channels.length * CHANNEL_SPEC_LAYOUT.stride);
  const view = new DataView(bytes);
  input.channels.forEach((channel, c) => {
    const at = c * CHANNEL_SPEC_LAYOUT.stride;
    view.setUint32(at + CHANNEL_SPEC_LAYOUT.source, PASS_CHANNELS.indexOf(channel), true);
    view.setFloat32(at + CHANNEL_SPEC_LAYOUT.mean, input.mean?.[c] ?? 0, true);
    view.setFloat32(at + CHANNEL_SPEC_LAYOUT.scale, 1 / (input.std?.[c] ?? 1), true);
  });
  return bytes;
}

export interface PackGeometry {
  frameWidth: number;
  frameHeight: number;
  tensorWidth: number;
  tensorHeight: number;
}

/** A uniform struct's bytes: each member at its layout offset, u32 or f32 as `floats` says. */
function uniformBytes<L extends { stride: number }>(layout: L, values: Record<Exclude<keyof L, 'stride'>, number>, floats: readonly Exclude<keyof L, 'stride'>[]): ArrayBuffer {
  const bytes = new ArrayBuffer(layout.stride);
  const view = new DataView(bytes);
  for (const [name, value] of Object.entries(values) as [Exclude<keyof L, 'stride'>, number][]) {
    const offset = layout[name] as number;
    if (floats.includes(name)) view.setFloat32(offset, value, true);
    else view.setUint32(offset, value, true);
  }
  return bytes;
}

/** The pack kernel's uniform for one input. */
export function packParams(input: ManifestInput, size: PackGeometry, background: readonly [number, number, number], hasPrevious: boolean): ArrayBuffer {
  return uniformBytes(PACK_PARAMS_LAYOUT, {
    frame_width: size.frameWidth, frame_height: size.frameHeight, tensor_width: size.tensorWidth, tensor_height: size.tensorHeight,
    channel_count: input.channels.length, nhwc: input.layout === 'NHWC' ? 1 : 0, has_previous: hasPrevious ? 1 : 0,
    background_r: background[0], background_g: background[1], background_b: background[2],
  }, ['background_r', 'background_g', 'background_b']);
}

/** The per-pixel values the CPU already has, as FramePixel[] (row 0 at the top). */
export interface FramePixelSource {
  width: number;
  height: number;
  /** 3 per pixel, view space, 0 where no surface. */
  normals: Float32Array;
  /** Metres, 0 where no surface. */
  depthM: Float32Array;
  /** 2 per pixel (passes.ts backwardFlow). */
  backwardFlow: Float32Array;
  /** passes.ts backwardValid. */
  backwardValid: Uint8Array;
  /** RGBA bytes of the raw frame. */
  beautyRgba: Uint8ClampedArray;
}

/** FramePixel[] for the pack kernel, written into `out` when it is large enough. */
export function framePixels(source: FramePixelSource, out?: ArrayBuffer): ArrayBuffer {
  const n = source.width * source.height;
  const words = FRAME_PIXEL_LAYOUT.stride / 4;
  const bytes = out && out.byteLength >= n * FRAME_PIXEL_LAYOUT.stride ? out : new ArrayBuffer(n * FRAME_PIXEL_LAYOUT.stride);
  const f = new Float32Array(bytes, 0, n * words), u = new Uint32Array(bytes, 0, n * words);
  const b = source.beautyRgba;
  const rgba = b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, n) : new Uint32Array(b.slice(0, 4 * n).buffer);
  const { normals, depthM, backwardFlow: flow, backwardValid: valid } = source;
  for (let i = 0; i < n; i++) {
    const at = i * words;
    f[at] = normals[3 * i];
    f[at + 1] = normals[3 * i + 1];
    f[at + 2] = normals[3 * i + 2];
    f[at + 3] = depthM[i];
    f[at + 4] = flow[2 * i];
    f[at + 5] = flow[2 * i + 1];
    u[at + 6] = valid[i];
    u[at + 7] = rgba[i]; // the bytes in memory order r, g, b, a: what unpack4x8unorm reads as .rgba
  }
  return bytes;
}

/** The decode kernel's uniform: the frame cropped from a tensor of tensorWidth × tensorHeight. */
export function decodeParams(output: ManifestOutput, size: PackGeometry): ArrayBuffer {
  return uniformBytes(DECODE_PARAMS_LAYOUT, {
    frame_width: size.frameWidth, frame_height: size.frameHeight, tensor_width: size.tensorWidth, tensor_height: size.tensorHeight,
    nhwc: output.layout === 'NHWC' ? 1 : 0, linear: output.colorSpace === 'linear' ? 1 : 0,
    range_low: output.range[0], range_scale: 1 / (output.range[1] - output.range[0]),
  }, ['range_low', 'range_scale']);
}
