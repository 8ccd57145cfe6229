/**
 * The GPU route against the CPU path, in the page, for the end-to-end test (e2e/draft-gpu.spec.ts):
 * consecutive frames, each drawn once and taken both ways from that one render.
 *
 *   draw(i) ─► frame ─┬─ readBack ─► DraftPasses ─► buildFeeds ─► session.run ─► decodeOutput ─► CPU picture
 *                     └─ draftOnGpu: pack on the GPU (tensors read back here) ─► run ─► decode ─► GPU picture
 *
 * A twin packer, whose manifest has the first input in NHWC with a mean and std per channel and a
 * linear output with another range, packs the same frame (compared with packInput) and decodes the
 * CPU run's raw output (compared with readOutput), so that every branch of both kernels is checked.
 * Frame i + 1 continues frame i with the GPU route's picture of frame i as `previous`: the CPU pack
 * gets that very array, the GPU route finds it still in its draft buffer, and the twin uploads it.
 */
import { buildFeeds, decodeOutput } from '../runner.ts';
import { packInput, readOutput, warpPrevious } from '../pack.ts';
import { tensorFrameSize, type ModelManifest } from '../manifest.ts';
import type { OrtDraftSession } from '../session.ts';
import { DRAFT_SHADERS } from './draft-shaders.ts';
import { GpuDraftPacker, draftOnGpu, submitChecked, type DraftGpuFrame } from './gpu-pack.ts';

export interface TensorDifference {
  name: string;
  layout: 'NCHW' | 'NHWC';
  values: number;
  /** Largest |GPU − CPU|. */
  maxAbs: number;
  /** Largest |GPU − CPU| / max(1, |CPU|). */
  maxRel: number;
  /** Standard deviation of the CPU values (a tensor of one value would prove little). */
  std: number;
}

export interface RouteComparison {
  /** Whether a previous output was carried into this frame. */
  continued: boolean;
  /** The model's inputs, then the twin's. */
  inputs: TensorDifference[];
  /** The draft picture (sRGB 0..1): GPU route against CPU path. */
  picture: { maxAbs: number; mean: number };
  /** The twin's decode (linear, other range) of the CPU run's raw output against readOutput. */
  decode: { maxAbs: number };
  /** Pixels whose warped previous differs from beauty by more than 1e-3: the warp had work to do. */
  previousPixels: number;
  /** Valid pixels whose backward flow is longer than 0.01 px. */
  movingPixels: number;
}

function difference(name: string, layout: 'NCHW' | 'NHWC', gpu: Float32Array, cpu: Float32Array): TensorDifference {
  let maxAbs = 0, maxRel = 0, sum = 0, sum2 = 0;
  for (let i = 0; i < cpu.length; i++) {
    const d = Math.abs(gpu[i] - cpu[i]);
    maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
    maxRel = Math.max(maxRel, Number.isNaN(d) ? Infinity : d / Math.max(1, Math.abs(cpu[i])));
    sum += cpu[i];
    sum2 += cpu[i] * cpu[i];
  }
  const mean = sum / cpu.length;
  return { name, layout, values: cpu.length, maxAbs, maxRel, std: Math.sqrt(Math.max(0, sum2 / cpu.length - mean * mean)) };
}

/** The loaded manifest with its first input in NHWC, normalised, and a linear output with range [−0.25, 1.5]. */
function twinOf(m: ModelManifest): ModelManifest {
  const input = m.inputs[0];
  const C = input.channels.length;
  return {
    ...m,
    inputs: [{
      ...input, name: 'twin', layout: 'NHWC', shape: [1, 'H', 'W', C],
      mean: input.channels.map((_, c) => 0.1 * (c % 5)), std: input.channels.map((_, c) => 0.5 + 0.25 * (c % 3)),
    }],
    outputs: [{ ...m.outputs[0], layout: 'NCHW', colorSpace: 'linear', range: [-0.25, 1.5] }],
  };
}

export async function compareRoutes(route: { packer: GpuDraftPacker; session: OrtDraftSession; manifest: ModelManifest }, draw: (index: number) => Promise<DraftGpuFrame>, frames: number): Promise<RouteComparison[]> {
  const { packer, session, manifest } = route;
  const device = packer.device;
  const twinManifest = twinOf(manifest);
  const twin = new GpuDraftPacker(device, twinManifest, DRAFT_SHADERS);
  const submitted = async <T>(label: string, record: (encoder: GPUCommandEncoder) => T): Promise<T> => {
    const { result, errors } = submitChecked(device, label, record);
    const problem = await errors;
    if (problem) throw new Error(`${label}: ${problem}`);
    return result;
  };
  const readGpu = async (buffer: GPUBuffer, values: number) => packer.read(await submitted('draft parity read', (e) => packer.encodeCopy(e, buffer, values * 4)));
  const results: RouteComparison[] = [];
  let previous: Float32Array | null = null;
  try {
    for (let i = 0; i < frames; i++) {
      const frame = await draw(i);
      const passes = await frame.readBack();
      const { width: w, height: h } = frame;
      const cpuFeeds = buildFeeds(manifest, passes, previous);
      const gpuInputs: Record<string, Float32Array> = {};
      const picture = await draftOnGpu(packer, session, frame, previous, async (feeds) => {
        for (const [name, feed] of Object.entries(feeds)) gpuInputs[name] = await readGpu(feed.buffer, cpuFeeds[name].data.length);
      });
      const rawOutputs = await session.run(cpuFeeds);
      const cpuPicture = decodeOutput(manifest, rawOutputs, w, h);
      const inputs = manifest.inputs.map((input) => difference(input.name, input.layout, gpuInputs[input.name], cpuFeeds[input.name].data as Float32Array));

      // The twin: NHWC with mean/std (previous uploaded), and a linear decode with another range.
      const warped = warpPrevious(passes, previous);
      const twinInput = twinManifest.inputs[0];
      const [tw, th] = tensorFrameSize(twinManifest, w, h);
      const twinCpu = packInput(passes, twinInput, warped, tw, th);
      const packed = await submitted('draft parity twin pack', (e) => twin.encodePack(e, frame, previous));
      inputs.push(difference(twinInput.name, twinInput.layout, await readGpu(packed.feeds[twinInput.name].buffer, twinCpu.length), twinCpu));
      packed.release();
      const raw = rawOutputs[manifest.outputs[0].name] as { data: Float32Array; dims: readonly number[] };
      const upload = device.createBuffer({ label: 'draft parity raw output', size: Math.ceil(raw.data.byteLength / 16) * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(upload, 0, raw.data as Float32Array<ArrayBuffer>);
      const twinPicture = await twin.readDraft(await submitted('draft parity twin decode', (e) => twin.encodeDecode(e, { buffer: upload, dims: raw.dims }, w, h)));
      upload.destroy();
      const cpuTwinPicture = readOutput(raw.data, raw.dims, twinManifest.outputs[0], w, h);

      let previousPixels = 0, movingPixels = 0, mean = 0;
      for (let k = 0; k < w * h; k++) {
        if ([0, 1, 2].some((c) => Math.abs(warped[3 * k + c] - passes.beauty[3 * k + c]) > 1e-3)) previousPixels++;
        if (passes.backwardValid[k] && Math.hypot(passes.backwardFlow[2 * k], passes.backwardFlow[2 * k + 1]) > 0.01) movingPixels++;
      }
      for (const v of cpuPicture) mean += v / cpuPicture.length;
      results.push({
        continued: previous !== null, inputs,
        picture: { maxAbs: difference('picture', 'NCHW', picture, cpuPicture).maxAbs, mean },
        decode: { maxAbs: difference('decode', 'NCHW', twinPicture, cpuTwinPicture).maxAbs },
        previousPixels, movingPixels,
      });
      previous = picture;
    }
  } finally {
    twin.dispose();
  }
  return results;
}
