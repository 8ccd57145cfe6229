/**
 * The per-frame passes the draft model sees, and how each channel is encoded. This is the contract
 * between the renderer (which produces `DraftPasses` from the exact scene it draws), the tensor packer,
 * the shipped model's manifest and any bring-your-own model's manifest: a manifest lists channel names
 * from `PASS_CHANNELS`, in the order its input tensor wants them.
 *
 * Encodings (all float32, row 0 at the top, pixel-interleaved per pass):
 *   albedo.rgb      linear base colour 0..1 (textures included); background pixels hold the linear
 *                   background colour, so a model can pass the backdrop through
 *   normal.xyz      view-space unit normal, OpenGL convention (x right, y up, z to the camera); 0 background
 *   depth           log2(1 + metres) / log2(101), clamped to 0..1; background = 1
 *   direct.rgb      the key light's direct radiance with shadows, linear, squashed as x / (1 + x)
 *   roughness       0..1 (0 background)
 *   metalness       0..1 (0 background)
 *   fluidMask       1 where a simulated liquid covers the pixel, else 0
 *   beauty.rgb      the raw render as displayed (sRGB 0..1)
 *   previous.rgb    the previous draft output (sRGB 0..1) warped to this frame along the motion
 *                   vectors; on the first frame, after a cut, and where disoccluded: beauty.rgb
 *
 * Motion (`flow`, px per frame from the previous frame to this one, backward-sampling) and its validity
 * mask travel with the passes so the packer can build `previous` without touching the GPU.
 */

export const PASS_CHANNELS = [
  'albedo.r', 'albedo.g', 'albedo.b',
  'normal.x', 'normal.y', 'normal.z',
  'depth',
  'direct.r', 'direct.g', 'direct.b',
  'roughness', 'metalness',
  'fluidMask',
  'beauty.r', 'beauty.g', 'beauty.b',
  'previous.r', 'previous.g', 'previous.b',
] as const;

export type PassChannel = (typeof PASS_CHANNELS)[number];

/** Far end of the depth encoding, metres. */
export const DEPTH_ENCODING_MAX_M = 100;

export function encodeDepth(depthM: number): number {
  if (!(depthM > 0)) return 1;
  return Math.min(1, Math.log2(1 + depthM) / Math.log2(1 + DEPTH_ENCODING_MAX_M));
}

export function squashRadiance(linear: number): number {
  return linear > 0 ? linear / (1 + linear) : 0;
}

export interface DraftPasses {
  width: number;
  height: number;
  /** 3 per pixel. */
  albedo: Float32Array;
  /** 3 per pixel. */
  normal: Float32Array;
  /** 1 per pixel, encoded (see above). */
  depth: Float32Array;
  /** 3 per pixel, squashed. */
  direct: Float32Array;
  /** 1 per pixel. */
  roughness: Float32Array;
  /** 1 per pixel. */
  metalness: Float32Array;
  /** 1 per pixel. */
  fluidMask: Float32Array;
  /** 3 per pixel, sRGB 0..1. */
  beauty: Float32Array;
  /**
   * 2 per pixel: where this pixel was one frame earlier, as (dx, dy) in pixels (x right, y down):
   * previous position = (x + dx, y + dy).
   */
  backwardFlow: Float32Array;
  /** 1 where the backward flow lands on the same surface (not disoccluded, inside the frame). */
  backwardValid: Uint8Array;
}
