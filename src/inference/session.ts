/**
 * The onnxruntime-web session behind the draft runner, for the browser and for Node (where
 * onnxruntime-web resolves to its Node build and runs the wasm backend; the tests and the bench use
 * it there). Execution providers are tried one at a time in order, so the session knows which one it
 * got: 'webgpu' first where the caller asks for it, then 'wasm'. Everything that touches the runtime
 * (creating, running, releasing any session) goes through one queue: onnxruntime's WebGPU provider
 * fails with "Session mismatch" when two sessions interleave. `dispose()` releases the session once;
 * later calls do nothing.
 *
 * On the webgpu provider a session can also take its inputs as GPU buffers and leave its outputs on
 * the GPU (`gpuOutputs`, `runOnGpu`): the browser's GPU route (browser/gpu-pack.ts) packs the input
 * tensor on the renderer's device, which onnxruntime then computes on (browser/shared-device.ts).
 *
 * Every failure becomes a ModelError with one sentence naming the problem and what to do: out of
 * memory, an operator the runtime does not have, a file it cannot parse, a run that fails.
 */
import type * as Ort from 'onnxruntime-web';
import { checkModel, ModelError, type ModelManifest } from './manifest.ts';
import type { DraftSessionLike, TensorValue } from './runner.ts';

export type OrtModule = typeof Ort;
export type ExecutionProvider = 'webgpu' | 'wasm';

let ortModule: Promise<OrtModule> | null = null;

/** The one queue of runtime work (see above). */
let runtimeQueue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const job = runtimeQueue.then(work);
  runtimeQueue = job.catch(() => undefined);
  return job;
}

/**
 * onnxruntime-web, loaded on first use (it is large). `configure` runs once, before the first session:
 * the browser build uses it to point the runtime at its own same-origin .wasm and .mjs files.
 */
export function loadOrt(configure?: (ort: OrtModule) => void): Promise<OrtModule> {
  ortModule ??= import('onnxruntime-web').then((ort) => {
    configure?.(ort);
    return ort;
  });
  return ortModule;
}

export interface SessionOptions {
  /** Tried in this order; default ['wasm']. */
  providers?: ExecutionProvider[];
  /** Configures the runtime before its first session (see loadOrt). */
  configure?: (ort: OrtModule) => void;
  /** Skip checkModel (the caller has just done it). */
  checked?: boolean;
  /**
   * On the webgpu provider, leave outputs on the GPU (onnxruntime's preferredOutputLocation
   * 'gpu-buffer'): `runOnGpu` hands them over there, `run` reads them back.
   */
  gpuOutputs?: boolean;
}

/** A float32 input already on the runtime's GPU device (browser/gpu-pack.ts packs it there). */
export interface GpuFeed {
  buffer: GPUBuffer;
  dims: readonly number[];
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
  const short = line.replace(/\s+/g, ' ').replace(/[.;:]+$/, '');
  return short.length > 160 ? `${short.slice(0, 157)}…` : short;
}

/** An onnxruntime failure as one sentence for the user. */
export function describeOrtError(error: unknown, phase: 'load' | 'run'): ModelError {
  if (error instanceof ModelError) return error;
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
  if (/out of memory|\boom\b|memory access out of bounds|Cannot allocate|failed to allocate|bad_alloc|RangeError: Array buffer allocation/i.test(text)) {
    return new ModelError('memory', `The model ran out of memory ${phase === 'load' ? 'while loading' : 'on this frame'}; use a smaller model or a smaller frame, or close other tabs.`);
  }
  const op = /(?:Could not find an implementation for|No Op registered for) (\w+)|(?:unsupported|not supported|not implemented)[^A-Za-z]*(?:op(?:erator)?|node)?\s*[:'"]?\s*(\w+)/i.exec(text);
  if (op || /opset .*not supported|unsupported opset/i.test(text)) {
    const name = op?.[1] ?? op?.[2];
    return new ModelError('operator', `The model uses ${name ? `the operator ${name}, which` : 'an operator or opset that'} this browser's ONNX runtime does not support; export it with opset 17 or lower and standard operators.`);
  }
  return phase === 'load'
    ? new ModelError('load', `The ONNX runtime could not load the model (${firstLine(error)}); check that the file is a complete, valid ONNX model.`)
    : new ModelError('run', `The model failed on this frame (${firstLine(error)}); check that the manifest's shapes match what the model expects.`);
}

export class OrtDraftSession implements DraftSessionLike {
  private released = false;

  private constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
    /** The execution provider the session runs on. */
    readonly backend: ExecutionProvider,
    /** Why an earlier provider in the list was not used (null when the first one worked). */
    readonly fallbackReason: string | null,
  ) {}

  /** Checks the bytes against the manifest (unless `checked`), then creates a session on the first provider that works. */
  static async create(bytes: Uint8Array, manifest: ModelManifest, options: SessionOptions = {}): Promise<OrtDraftSession> {
    if (!options.checked) checkModel(bytes, manifest);
    const ort = await loadOrt(options.configure);
    const providers = options.providers ?? ['wasm'];
    let lastError: unknown = null, fallbackReason: string | null = null;
    for (const provider of providers) {
      try {
        const gpuOutputs = provider === 'webgpu' && options.gpuOutputs === true;
        const session = await serialised(() => ort.InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all', ...(gpuOutputs ? { preferredOutputLocation: 'gpu-buffer' as const } : {}) }));
        return new OrtDraftSession(ort, session, provider, fallbackReason);
      } catch (error) {
        lastError = error;
        fallbackReason ??= `${provider}: ${firstLine(error)}`;
      }
    }
    throw describeOrtError(lastError, 'load');
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  run(feeds: Record<string, TensorValue>): Promise<Record<string, { data: unknown; dims: readonly number[] }>> {
    return serialised(async () => {
      if (this.released) throw new ModelError('run', 'The model was closed; load it again.');
      const ortFeeds: Record<string, Ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new this.ort.Tensor(t.dtype, t.data, t.dims);
      try {
        const results = await this.session.run(ortFeeds);
        const out: Record<string, { data: unknown; dims: readonly number[] }> = {};
        for (const [name, tensor] of Object.entries(results)) {
          // GPU-resident outputs are read back; CPU ones are used as they are.
          out[name] = { data: tensor.location === 'cpu' ? tensor.data : await tensor.getData(true), dims: tensor.dims };
        }
        return out;
      } catch (error) {
        throw describeOrtError(error, 'run');
      }
    });
  }

  /**
   * The GPUDevice the webgpu provider computes on (null on wasm): the page checks that it is the
   * renderer's before it feeds GPU buffers (browser/shared-device.ts).
   */
  async gpuDevice(): Promise<GPUDevice | null> {
    return this.backend === 'webgpu' ? (await this.ort.env.webgpu.device) ?? null : null;
  }

  /**
   * Runs on inputs that are already GPU buffers (`Tensor.fromGpuBuffer`; no upload), for a session
   * created with gpuOutputs, and hands `use` the output named `outputName` as a GPU buffer with its
   * dims. `use` runs before the outputs go back to the runtime's pool, so it must record any GPU work
   * that reads the buffer and submit it before returning; queue order then keeps it correct.
   */
  runOnGpu<T>(feeds: Record<string, GpuFeed>, outputName: string, use: (output: GpuFeed) => T): Promise<T> {
    return serialised(async () => {
      if (this.released) throw new ModelError('run', 'The model was closed; load it again.');
      const ortFeeds: Record<string, Ort.Tensor> = {};
      for (const [name, f] of Object.entries(feeds)) ortFeeds[name] = this.ort.Tensor.fromGpuBuffer(f.buffer, { dataType: 'float32', dims: f.dims });
      let results: Ort.InferenceSession.ReturnType;
      try {
        results = await this.session.run(ortFeeds);
      } catch (error) {
        throw describeOrtError(error, 'run');
      }
      try {
        const out = results[outputName];
        if (!out || out.location !== 'gpu-buffer') throw new ModelError('run', `The model's output "${outputName}" did not stay on the GPU.`);
        return use({ buffer: out.gpuBuffer, dims: out.dims });
      } finally {
        for (const tensor of Object.values(results)) tensor.dispose();
      }
    });
  }

  /** Releases the session (WASM or GPU memory); idempotent. */
  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await serialised(() => this.session.release());
  }
}
