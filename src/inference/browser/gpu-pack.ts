/**
 * The draft model's GPU route: the input tensors packed on the GPU from the pass render targets, fed
 * to onnxruntime as GPU buffers on the same device (shared-device.ts), and the output decoded on the
 * GPU, where it stays as the next frame's `previous`; one read-back of the finished picture per frame.
 *
 *   three's render targets: albedo, parameters, direct ─┐                       ┌─► ORT (fromGpuBuffer,
 *   FramePixel[] upload: normal, depth, flow, valid,    ├─ pack_input.wgsl ─► tensor   outputs stay on the GPU)
 *     beauty (gpu-layout.ts)                            │   per manifest input          │
 *   resident draft buffer (last output, HWC sRGB) ──────┘                               ▼
 *        ▲                                                              decode_output.wgsl
 *        └──────────────────────────────── draft buffer ◄──────────────────┘ ─► copy ─► read back once
 *
 * Compared with the CPU path (three float render targets read back per frame, packed by pack.ts,
 * uploaded again by onnxruntime, the output downloaded and decoded), it moves 32 bytes per pixel up
 * and 12 down instead of 48 down, C × 4 up (tensor) and 12 down. Depth, normals and the backward flow
 * come from the CPU because the motion vectors are computed there (render/pass-math.ts) from the
 * G-buffer read-back both paths need; the beauty bytes are the raw frame the Draft view shows anyway.
 *
 * Conventions as in sim/gpu/runner.ts: kernels are one per file with their constants as overrides,
 * every GPU object is labelled, `encodePack` / `encodeDecode` record into the caller's encoder and
 * never submit; `draftOnGpu` submits, inside validation and out-of-memory error scopes, and throws on
 * any failure, so that the caller can fall back to the CPU path for that frame. Input tensors come
 * from a pool (onnxruntime reads them after the pack is submitted, so a second frame packed meanwhile
 * gets its own). `dispose()` frees every buffer, once.
 */
import { DEPTH_ENCODING_MAX_M, type DraftPasses } from '../passes.ts';
import { tensorFrameSize, type ModelManifest } from '../manifest.ts';
import { outputShape, tensorDims } from '../pack.ts';
import { channelTable, decodeParams, framePixels, FRAME_PIXEL_LAYOUT, packParams, type FramePixelSource, type PackGeometry } from '../gpu-layout.ts';
import type { GpuFeed } from '../session.ts';

export interface DraftShaderSources {
  packInput: string;
  decodeOutput: string;
}

/** One frame's passes for the GPU route (render/scene-view.ts draws them). */
export interface DraftGpuFrame extends FramePixelSource {
  /**
   * three's surface-pass render targets (RGBA32F, row 0 at the top): albedo; roughness, metalness,
   * liquid; the key light's direct radiance. Valid until the next draft-pass render.
   */
  textures: { albedo: GPUTexture; parameters: GPUTexture; direct: GPUTexture };
  /** Linear RGB of the backdrop (albedo where nothing covers the pixel). */
  background: readonly [number, number, number];
  /** The same frame read back and assembled on the CPU: the fallback, and the parity check. */
  readBack(): Promise<DraftPasses>;
}

/** Packed input tensors, valid once the pack is submitted, until `release`. */
export interface PackedFrame {
  feeds: Record<string, GpuFeed>;
  release(): void;
}

/** A buffer copy waiting to be mapped; `decode` counts decodes for the resident draft buffer. */
export interface Readback {
  staging: GPUBuffer;
  bytes: number;
  decode: number;
}

/** What draftOnGpu needs of the session (OrtDraftSession). */
export interface GpuRouteSession {
  runOnGpu<T>(feeds: Record<string, GpuFeed>, outputName: string, use: (output: GpuFeed) => T): Promise<T>;
}

const WORKGROUP = 8;

export class GpuDraftPacker {
  private readonly packPipeline: GPUComputePipeline;
  private readonly decodePipeline: GPUComputePipeline;
  private readonly perInput: { channels: GPUBuffer; params: GPUBuffer }[];
  private readonly decodeUniform: GPUBuffer;
  private readonly all = new Set<GPUBuffer>();
  private readonly freeTensors = new Map<number, GPUBuffer[]>();
  private readonly freeStaging = new Map<number, GPUBuffer[]>();
  private frameBuffer: GPUBuffer | null = null;
  private frameBytes = new ArrayBuffer(0);
  /** The last decoded picture (and the next frame's `previous`), HWC sRGB. */
  private draftBuffer: GPUBuffer | null = null;
  /** The array the draft buffer holds, as read back; null when it holds something else. */
  private resident: Float32Array | null = null;
  private decodes = 0;
  private disposed = false;

  constructor(readonly device: GPUDevice, readonly manifest: ModelManifest, sources: DraftShaderSources) {
    const pipeline = (label: string, code: string, constants: Record<string, number>) => device.createComputePipeline({
      label: `draft ${label} pipeline`,
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: `draft ${label} module`, code }), entryPoint: 'main', constants },
    });
    this.packPipeline = pipeline('pack_input', sources.packInput, { workgroup_width: WORKGROUP, workgroup_height: WORKGROUP, depth_max_m: DEPTH_ENCODING_MAX_M });
    this.decodePipeline = pipeline('decode_output', sources.decodeOutput, { workgroup_width: WORKGROUP, workgroup_height: WORKGROUP });
    this.perInput = manifest.inputs.map((input) => {
      const table = channelTable(input);
      const channels = this.buffer(`draft channel table ${input.name}`, table.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(channels, 0, table);
      return { channels, params: this.buffer(`draft pack params ${input.name}`, 48, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST) };
    });
    this.decodeUniform = this.buffer('draft decode params', 32, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  }

  /**
   * Uploads the frame's per-pixel values, and `previous` (the last output, HWC sRGB, or null on a
   * first frame) unless the draft buffer already holds it, and records the pack of every input.
   */
  encodePack(encoder: GPUCommandEncoder, frame: DraftGpuFrame, previous: Float32Array | null): PackedFrame {
    this.assertLive();
    const { width: w, height: h } = frame;
    const [tw, th] = tensorFrameSize(this.manifest, w, h);
    const size: PackGeometry = { frameWidth: w, frameHeight: h, tensorWidth: tw, tensorHeight: th };
    const q = this.device.queue;
    this.frameBytes = framePixels(frame, this.frameBytes);
    const frameBytes = w * h * FRAME_PIXEL_LAYOUT.stride;
    this.frameBuffer = this.resized(this.frameBuffer, 'draft frame pixels', frameBytes);
    q.writeBuffer(this.frameBuffer, 0, this.frameBytes, 0, frameBytes);
    const draft = this.draft(w * h * 12);
    if (previous && previous !== this.resident) {
      if (previous.length !== w * h * 3) throw new RangeError(`GpuDraftPacker: previous output holds ${previous.length} values, the frame needs ${w * h * 3}`);
      q.writeBuffer(draft, 0, previous.buffer, previous.byteOffset, previous.byteLength);
      this.resident = previous;
    }
    const [albedo, parameters, direct] = [frame.textures.albedo, frame.textures.parameters, frame.textures.direct].map((t) => t.createView({ label: `draft ${t.label} view` }));
    const feeds: Record<string, GpuFeed> = {};
    const taken: GPUBuffer[] = [];
    const release = () => { for (const b of taken.splice(0)) this.give(this.freeTensors, b); };
    try {
      this.manifest.inputs.forEach((input, k) => {
        const tensor = this.take(this.freeTensors, `draft input tensor ${input.name}`, input.channels.length * tw * th * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
        taken.push(tensor);
        q.writeBuffer(this.perInput[k].params, 0, packParams(input, size, frame.background, previous !== null));
        const bindGroup = this.device.createBindGroup({
          label: `draft pack_input ${input.name} bind group`,
          layout: this.packPipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: this.perInput[k].params } },
            { binding: 1, resource: { buffer: this.perInput[k].channels } },
            { binding: 2, resource: { buffer: this.frameBuffer!, size: frameBytes } },
            { binding: 3, resource: { buffer: draft, size: w * h * 12 } },
            { binding: 4, resource: albedo },
            { binding: 5, resource: parameters },
            { binding: 6, resource: direct },
            { binding: 7, resource: { buffer: tensor, size: input.channels.length * tw * th * 4 } },
          ],
        });
        const pass = encoder.beginComputePass({ label: `draft pack_input ${input.name} pass` });
        pass.setPipeline(this.packPipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(Math.ceil(tw / WORKGROUP), Math.ceil(th / WORKGROUP));
        pass.end();
        feeds[input.name] = { buffer: tensor, dims: tensorDims(input, tw, th) };
      });
    } catch (error) {
      release();
      throw error;
    }
    return { feeds, release };
  }

  /**
   * Records the decode of the model's output (its first manifest output, on the GPU) into the draft
   * buffer, cropped to width × height, and the copy that `readDraft` maps.
   */
  encodeDecode(encoder: GPUCommandEncoder, output: GpuFeed, width: number, height: number): Readback {
    this.assertLive();
    const spec = this.manifest.outputs[0];
    const values = output.dims.reduce((n, d) => n * d, 1);
    if (output.buffer.size < values * 4) throw new RangeError(`the model's output buffer holds ${output.buffer.size} bytes, its dims [${output.dims.join(', ')}] need ${values * 4}`);
    const { H, W } = outputShape(output.dims, values, spec, width, height);
    this.device.queue.writeBuffer(this.decodeUniform, 0, decodeParams(spec, { frameWidth: width, frameHeight: height, tensorWidth: W, tensorHeight: H }));
    const bytes = width * height * 12;
    const draft = this.draft(bytes);
    const bindGroup = this.device.createBindGroup({
      label: 'draft decode_output bind group',
      layout: this.decodePipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.decodeUniform } },
        { binding: 1, resource: { buffer: output.buffer } },
        { binding: 2, resource: { buffer: draft, size: bytes } },
      ],
    });
    const pass = encoder.beginComputePass({ label: 'draft decode_output pass' });
    pass.setPipeline(this.decodePipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(width / WORKGROUP), Math.ceil(height / WORKGROUP));
    pass.end();
    this.resident = null;
    return { ...this.encodeCopy(encoder, draft, bytes), decode: ++this.decodes };
  }

  /** Records a copy of `bytes` of `source` into a mappable buffer (readDraft / read map it). */
  encodeCopy(encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number): Readback {
    const staging = this.take(this.freeStaging, 'draft read-back', bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
    return { staging, bytes, decode: 0 };
  }

  /** The float32 values of a submitted copy. */
  async read(readback: Readback): Promise<Float32Array> {
    const { staging, bytes } = readback;
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    this.give(this.freeStaging, staging);
    return values;
  }

  /** The decoded picture of a submitted encodeDecode, HWC sRGB; the draft buffer keeps it as the next `previous`. */
  async readDraft(readback: Readback): Promise<Float32Array> {
    const picture = await this.read(readback);
    if (readback.decode === this.decodes) this.resident = picture;
    return picture;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.all) b.destroy();
    this.all.clear();
    this.freeTensors.clear();
    this.freeStaging.clear();
    this.resident = null;
  }

  private draft(bytes: number): GPUBuffer {
    if (this.draftBuffer?.size !== bytes) this.resident = null;
    this.draftBuffer = this.resized(this.draftBuffer, 'draft output (previous)', bytes);
    return this.draftBuffer;
  }

  private buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const b = this.device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
    this.all.add(b);
    return b;
  }

  /** `current` if it is exactly `bytes` large (rounded to 16), else a new storage buffer (the old one is freed once the GPU is done with it). */
  private resized(current: GPUBuffer | null, label: string, bytes: number): GPUBuffer {
    if (current && current.size === Math.max(16, Math.ceil(bytes / 16) * 16)) return current;
    if (current) { this.all.delete(current); current.destroy(); }
    return this.buffer(label, bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
  }

  private take(pool: Map<number, GPUBuffer[]>, label: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    return pool.get(size)?.pop() ?? this.buffer(label, size, usage);
  }

  private give(pool: Map<number, GPUBuffer[]>, b: GPUBuffer): void {
    if (this.disposed) return;
    const list = pool.get(b.size) ?? [];
    list.push(b);
    pool.set(b.size, list);
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('GpuDraftPacker is disposed');
  }
}

/**
 * Records with a fresh encoder and submits, inside validation and out-of-memory error scopes (pushed
 * and popped around synchronous calls only, so no other code's errors land in them). `errors`
 * resolves to the first error's message, or null; it never rejects.
 */
export function submitChecked<T>(device: GPUDevice, label: string, record: (encoder: GPUCommandEncoder) => T): { result: T; errors: Promise<string | null> } {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let scopes: [Promise<GPUError | null>, Promise<GPUError | null>] | null = null;
  try {
    const encoder = device.createCommandEncoder({ label: `${label} encoder` });
    const result = record(encoder);
    device.queue.submit([encoder.finish({ label: `${label} commands` })]);
    scopes = [device.popErrorScope(), device.popErrorScope()];
    const errors = Promise.all(scopes).then(([validation, memory]) => (validation ?? memory)?.message ?? null, (error: unknown) => String(error));
    return { result, errors };
  } finally {
    if (!scopes) for (const p of [device.popErrorScope(), device.popErrorScope()]) p.catch(() => undefined);
  }
}

/**
 * One frame through the GPU route: pack, run the model on the packed buffers, decode, read the
 * picture back. Throws on any failure, for the caller to fall back to the CPU path. `inspect` (the
 * parity check) sees the packed input buffers after the pack is submitted, before the model runs.
 */
export async function draftOnGpu(packer: GpuDraftPacker, session: GpuRouteSession, frame: DraftGpuFrame, previous: Float32Array | null, inspect?: (feeds: Record<string, GpuFeed>) => Promise<void>): Promise<Float32Array> {
  const device = packer.device;
  const pack = submitChecked(device, 'draft pack', (encoder) => packer.encodePack(encoder, frame, previous));
  try {
    await inspect?.(pack.result.feeds);
    const decode = await session.runOnGpu(pack.result.feeds, packer.manifest.outputs[0].name,
      (output) => submitChecked(device, 'draft decode', (encoder) => packer.encodeDecode(encoder, output, frame.width, frame.height)));
    const problem = (await pack.errors) ?? (await decode.errors);
    if (problem) throw new Error(`the GPU packing failed (${problem})`);
    return await packer.readDraft(decode.result);
  } finally {
    pack.result.release();
  }
}
