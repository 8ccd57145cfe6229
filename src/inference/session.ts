/**
 * The onnxruntime-web session behind the draft runner, for the browser and for Node (where
 * onnxruntime-web resolves to its Node build and runs the wasm backend; the tests and the bench use
 * it there). Execution providers are tried one at a time in order, so the session knows which one it
 * got: 'webgpu' first where the caller asks for it, then 'wasm'. Everything that touches the runtime
 * (creating, running, releasing any session) goes through one queue: onnxruntime's WebGPU provider
 * fails with "Session mismatch" when two sessions interleave. `dispose()` releases the session once;
 * later calls do nothing.
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
        const session = await serialised(() => ort.InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all' }));
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

  /** Releases the session (WASM or GPU memory); idempotent. */
  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await serialised(() => this.session.release());
  }
}
