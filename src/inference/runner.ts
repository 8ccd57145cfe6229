/**
 * The per-frame draft runner, DOM-free: passes in, draft picture out, one frame after another. It keeps
 * the last output so a model that reads `previous.*` sees it warped to the new frame, and forgets it
 * whenever the next frame is not the one right after (a seek, a skipped frame during playback, a new
 * shot, a new size): then `previous` is the current beauty, as on the first frame.
 *
 *   run(passes, {frame, shot}) ─► continuous? ─► warpPrevious ─► packInput per manifest input ─► session.run
 *                                                                    ◄── readOutput (crop) ◄─────┘
 *
 * The session is anything with `run(feeds)`: onnxruntime-web in the browser and in Node (session.ts),
 * or a stand-in in the unit tests. `runWith` keeps the same continuity for a frame made another way:
 * the browser's GPU route (browser/gpu-pack.ts) packs the tensors and decodes the output on the GPU,
 * and falls back to `outputOnCpu` for a frame it cannot do.
 */
import type { DraftPasses } from './passes.ts';
import { modelFrameSize, tensorFrameSize, type ModelManifest } from './manifest.ts';
import { fromFloat16Bits, packInput, readOutput, tensorDims, toFloat16Bits, usesPrevious, warpPrevious } from './pack.ts';

export interface TensorValue {
  dtype: 'float32' | 'float16';
  data: Float32Array | Uint16Array;
  dims: readonly number[];
}

export interface DraftSessionLike {
  run(feeds: Record<string, TensorValue>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
}

/** Where a frame sits: its recorded frame number and its shot; continuity needs frame + 1 in the same shot. */
export interface FramePosition {
  frame: number;
  shot: number;
}

export interface DraftOutput {
  width: number;
  height: number;
  /** HWC, 3 per pixel, sRGB 0..1. */
  srgb: Float32Array;
  /** Whether the previous output was carried over (false on a first frame, cut or seek). */
  continued: boolean;
}

/** The feeds for one frame (exported for the tests and the bench). */
export function buildFeeds(manifest: ModelManifest, passes: DraftPasses, previous: Float32Array | null): Record<string, TensorValue> {
  const [tw, th] = tensorFrameSize(manifest, passes.width, passes.height);
  const warped = usesPrevious(manifest.inputs) ? warpPrevious(passes, previous) : null;
  const feeds: Record<string, TensorValue> = {};
  for (const input of manifest.inputs) {
    const values = packInput(passes, input, warped, tw, th);
    feeds[input.name] = { dtype: input.dtype, data: input.dtype === 'float16' ? toFloat16Bits(values) : values, dims: tensorDims(input, tw, th) };
  }
  return feeds;
}

/** The draft picture from a run's outputs. */
export function decodeOutput(manifest: ModelManifest, outputs: Record<string, { data: unknown; dims: readonly number[] }>, width: number, height: number): Float32Array {
  const spec = manifest.outputs[0];
  const out = outputs[spec.name];
  if (!out) throw new RangeError(`the model gave no output named "${spec.name}"`);
  // float16 arrives as half bits (Uint16Array), or as a Float16Array where the JavaScript engine has one.
  const raw = out.data;
  const data = raw instanceof Float32Array ? raw : raw instanceof Uint16Array ? fromFloat16Bits(raw)
    : ArrayBuffer.isView(raw) && (raw as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT === 2 ? Float32Array.from(raw as unknown as ArrayLike<number>) : null;
  if (!data) throw new RangeError(`the model's output "${spec.name}" is not float32 or float16`);
  return readOutput(data, out.dims, spec, width, height);
}

export class DraftRunner {
  private last: { position: FramePosition; width: number; height: number; srgb: Float32Array } | null = null;

  constructor(readonly session: DraftSessionLike, readonly manifest: ModelManifest) {}

  /** The frame size this model runs at for a wanted size (a fixed-size model has its own). */
  frameSize(wanted: [number, number]): [number, number] {
    return modelFrameSize(this.manifest, wanted);
  }

  /** Forget the previous output (a cut, a seek, a new scene). */
  reset(): void {
    this.last = null;
  }

  /** One frame, packed on the CPU (buildFeeds) and decoded on the CPU (decodeOutput). */
  run(passes: DraftPasses, position: FramePosition): Promise<DraftOutput> {
    return this.runWith(passes.width, passes.height, position, (previous) => this.outputOnCpu(passes, previous));
  }

  /** The CPU path's output for `passes` given the previous output (or null): pack, run, decode. */
  async outputOnCpu(passes: DraftPasses, previous: Float32Array | null): Promise<Float32Array> {
    return decodeOutput(this.manifest, await this.session.run(buildFeeds(this.manifest, passes, previous)), passes.width, passes.height);
  }

  /**
   * One frame of width × height made by `produce`, which gets the last output (HWC sRGB) when this
   * frame continues it, else null, and returns this frame's output. `run` packs on the CPU; the GPU
   * route (browser/gpu-pack.ts) packs and decodes on the GPU under the same continuity rule.
   */
  async runWith(width: number, height: number, position: FramePosition, produce: (previous: Float32Array | null) => Promise<Float32Array>): Promise<DraftOutput> {
    const last = this.last;
    const continued = last !== null && last.width === width && last.height === height
      && last.position.shot === position.shot && position.frame === last.position.frame + 1;
    this.last = null; // a failed run leaves nothing to continue from
    const srgb = await produce(continued ? last.srgb : null);
    this.last = { position: { ...position }, width, height, srgb };
    return { width, height, srgb, continued };
  }
}
