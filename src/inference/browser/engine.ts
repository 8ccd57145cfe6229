/**
 * The draft model in the page: which model is loaded (the shipped one from models/draft/, or the
 * user's own), where it runs, how fast, and what went wrong, in one sentence.
 *
 *   models/draft/manifest.json + *.onnx ─(Vite: bundled manifest, same-origin file URLs)─┐
 *   user's .onnx + manifest .json ─ parseManifest ─ checkModel ──────────────────────────┴─► OrtDraftSession
 *        (size, ONNX header, sha256, names/shapes/dtypes)            ('webgpu' on a real GPU, else 'wasm')
 *                                                                       ─► trial run ─► DraftRunner
 *   run(passes, position) ─► DraftRunner ─► sRGB frame, ms per frame
 *   runGpu(frame, position) ─► the GPU route (gpu-pack.ts): tensors packed from the render targets on
 *        the renderer's own device, output decoded there ─► sRGB frame; if it fails, that frame is
 *        packed on the CPU from the same render, and later frames take the CPU path
 *
 * The GPU route is on when the page hands the engine the renderer's GPUDevice (three on WebGPU), the
 * session runs on the webgpu provider on that same device (shared-device.ts) and the model's tensors
 * are float32; `gpuRouteOff` says why it is not, and `lastPacking` which path made the last frame.
 *
 * A model that fails to load or run leaves one sentence in `info.error`; the view keeps the raw render.
 * A bring-your-own model replaces the current one only after it has loaded and run one small frame;
 * until then, and when it fails, the current model stays.
 *
 * WebGPU is chosen for onnxruntime only on a hardware adapter: on a software one (SwiftShader, as in
 * headless test browsers) its WebGPU provider is about 200× slower than wasm (ENVIRONMENT.md).
 * `?draft-ep=webgpu` or `?draft-ep=wasm` in the page URL forces one.
 */
import { ModelError, checkModel, modelFrameSize, parseManifest, tensorFrameSize, type ModelManifest } from '../manifest.ts';
import { DraftRunner, type DraftOutput, type FramePosition } from '../runner.ts';
import { OrtDraftSession, describeOrtError, type ExecutionProvider, type OrtModule } from '../session.ts';
import type { DraftPasses } from '../passes.ts';
import { gpuPackingObstacle } from '../gpu-layout.ts';
import type { DraftModelState } from '../../ui/controller.ts';
import { configureOrt } from './ort-assets.ts';
import { shareDeviceWithOrt } from './shared-device.ts';
import { DRAFT_SHADERS } from './draft-shaders.ts';
import { GpuDraftPacker, draftOnGpu, type DraftGpuFrame } from './gpu-pack.ts';
import type { RouteComparison } from './gpu-check.ts';

// The shipped model: its manifest is bundled, its .onnx files become same-origin files of the build.
const shippedManifests = import.meta.glob('/models/draft/manifest.json', { eager: true, import: 'default' }) as Record<string, unknown>;
const shippedFiles = import.meta.glob('/models/draft/*.onnx', { eager: true, query: '?url', import: 'default' }) as Record<string, string>;

/** The shipped model's manifest and file URLs, or null when models/draft/ has none (yet). */
export function shippedModel(): { manifest: unknown; urls: Record<string, string> } | null {
  const manifest = shippedManifests['/models/draft/manifest.json'];
  if (manifest === undefined) return null;
  const urls: Record<string, string> = {};
  for (const [path, url] of Object.entries(shippedFiles)) urls[path.slice(path.lastIndexOf('/') + 1)] = url;
  return { manifest, urls };
}

export const IDLE_DRAFT_STATE: DraftModelState = {
  status: 'idle', source: null, name: null, backend: null, precision: null, msPerFrame: null, firstRunMs: null, error: null, notice: null,
};

/** Is this WebGPU adapter real hardware (not a software rasteriser)? */
async function hardwareGpu(): Promise<{ ok: boolean; f16: boolean; why: string }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { ok: false, f16: false, why: 'this browser has no WebGPU' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { ok: false, f16: false, why: 'no WebGPU adapter is available' };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  if (info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software|basic render/.test(text)) {
    return { ok: false, f16: false, why: 'the WebGPU adapter is a software renderer, on which wasm is much faster' };
  }
  return { ok: true, f16: adapter.features.has('shader-f16'), why: '' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A frame of zeros (valid flow) to try a model on before it replaces the current one. */
function blankPasses(width: number, height: number): DraftPasses {
  const n = width * height;
  const f = (k: number) => new Float32Array(n * k);
  return { width, height, albedo: f(3), normal: f(3), depth: f(1), direct: f(3), roughness: f(1), metalness: f(1), fluidMask: f(1), beauty: f(3), backwardFlow: f(2), backwardValid: new Uint8Array(n) };
}

export class DraftEngine {
  info: DraftModelState = { ...IDLE_DRAFT_STATE };
  private runner: DraftRunner | null = null;
  private session: OrtDraftSession | null = null;
  private packer: GpuDraftPacker | null = null;
  private times: number[] = [];
  private shippedTried = false;
  private disposed = false;
  /** Why frames are not packed on the GPU for the loaded model (null while they are, or with no model). */
  gpuRouteOff: string | null = null;
  /** Which path made the last frame. */
  lastPacking: 'gpu' | 'cpu' | null = null;

  /**
   * `device`: the renderer's GPUDevice when it runs on WebGPU (else null); onnxruntime is given it,
   * and frames can then take the GPU route.
   */
  constructor(private readonly onChange: (info: DraftModelState) => void, private readonly forced: ExecutionProvider | null = null, private readonly device: GPUDevice | null = null) {}

  /** Runs once, before onnxruntime's first session. */
  private readonly configure = (ort: OrtModule): void => {
    configureOrt(ort);
    if (this.device) shareDeviceWithOrt(ort, this.device);
  };

  private set(patch: Partial<DraftModelState>): void {
    this.info = { ...this.info, ...patch };
    this.onChange(this.info);
  }

  get ready(): boolean {
    return this.runner !== null;
  }

  /** The frame size the loaded model runs at, for a wanted size. */
  frameSize(wanted: [number, number]): [number, number] {
    return this.runner ? this.runner.frameSize(wanted) : wanted;
  }

  /** Forget the previous output (a new scene). */
  reset(): void {
    this.runner?.reset();
  }

  private async providers(): Promise<{ list: ExecutionProvider[]; f16: boolean; why: string }> {
    if (this.forced) return { list: [this.forced], f16: false, why: '' };
    const gpu = await hardwareGpu();
    return gpu.ok ? { list: ['webgpu', 'wasm'], f16: gpu.f16, why: '' } : { list: ['wasm'], f16: false, why: gpu.why };
  }

  /**
   * Creates the session and tries it on one small frame; throws a ModelError. `variant` holds the
   * expected bytes/sha256 of the file when it is not the manifest's main one.
   */
  private async open(bytes: Uint8Array, manifest: ModelManifest, providers: ExecutionProvider[], expect?: { bytes?: number; sha256?: string; file: string }): Promise<{ session: OrtDraftSession; fallback: string | null }> {
    checkModel(bytes, manifest, expect ?? manifest);
    const [w, h] = modelFrameSize(manifest, [16, 16]);
    const [tw, th] = tensorFrameSize(manifest, w, h);
    if (tw * th > 4096 * 4096) throw new ModelError('mismatch', `The model's fixed frame of ${tw}×${th} is too large to run here; use a model with a smaller or flexible frame size.`);
    let remaining = providers, fallback: string | null = null;
    for (;;) {
      const gpuOutputs = this.device !== null && gpuPackingObstacle(manifest) === null;
      const session = await OrtDraftSession.create(bytes, manifest, { providers: remaining, configure: this.configure, checked: true, gpuOutputs });
      fallback ??= session.fallbackReason;
      try {
        await new DraftRunner(session, manifest).run(blankPasses(w, h), { frame: 0, shot: 0 });
        return { session, fallback };
      } catch (error) {
        await session.dispose();
        // A provider that loads the model but cannot run it (an unsupported kernel) hands over to the next.
        const next = remaining.slice(remaining.indexOf(session.backend) + 1);
        if (next.length === 0) throw describeOrtError(error, 'run');
        fallback ??= `${session.backend}: ${describeOrtError(error, 'run').message.replace(/^The model failed on this frame \((.*)\);.*$/, '$1')}`;
        remaining = next;
      }
    }
  }

  private async install({ session, fallback }: { session: OrtDraftSession; fallback: string | null }, manifest: ModelManifest, source: 'shipped' | 'own', precision: string): Promise<void> {
    const old = this.session, oldPacker = this.packer;
    const route = await this.gpuRoute(session, manifest);
    this.session = session;
    this.runner = new DraftRunner(session, manifest);
    this.packer = route.packer;
    this.gpuRouteOff = route.off;
    this.times = [];
    oldPacker?.dispose();
    await old?.dispose();
    const notice = fallback ? `WebGPU could not run the model, so it runs on wasm (${fallback}).` : this.info.notice;
    this.set({ status: 'ready', source, name: manifest.name, backend: session.backend, precision, msPerFrame: null, firstRunMs: null, error: null, notice });
  }

  /** Loads the shipped model once; its absence or failure is one sentence and the raw render stays. */
  async loadShipped(): Promise<void> {
    if (this.shippedTried || this.disposed) return;
    this.shippedTried = true;
    const shipped = shippedModel();
    if (!shipped) {
      this.set({ status: 'unavailable', error: 'No draft model ships with this build yet (models/draft/manifest.json is missing); bring your own model below, or rebuild once the model is trained.' });
      return;
    }
    this.set({ status: 'loading', error: null });
    try {
      const manifest = parseManifest(shipped.manifest);
      const { list, f16, why } = await this.providers();
      if (why) this.set({ notice: `The draft model runs on wasm because ${why}.` });
      // fp16 where the GPU has half-precision shaders, else the fp32 file.
      const half = f16 && list[0] === 'webgpu' ? manifest.variants.find((v) => v.precision === 'fp16' && shipped.urls[v.file]) : undefined;
      const choice = half ? { file: half.file, bytes: half.bytes, sha256: half.sha256, precision: 'fp16' } : { file: manifest.file, bytes: manifest.bytes, sha256: manifest.sha256, precision: 'fp32' };
      const url = shipped.urls[choice.file];
      if (!url) throw new ModelError('missing', `The shipped model file ${choice.file} is missing from this build; rebuild the app with models/draft/ in place.`);
      const response = await fetch(url);
      if (!response.ok) throw new ModelError('missing', `The shipped model file could not be fetched (HTTP ${response.status}); reload the page.`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const opened = await this.open(bytes, manifest, list, choice);
      // Disposed, or a bring-your-own model loaded meanwhile: that one wins.
      if (this.disposed || this.runner) { await opened.session.dispose(); return; }
      await this.install(opened, manifest, 'shipped', choice.precision);
    } catch (error) {
      if (this.runner) return;
      const why = describeOrtError(error, 'load').message;
      this.set({ status: 'failed', error: `The shipped draft model could not be used, so the raw render stays: ${why.charAt(0).toLowerCase()}${why.slice(1)}` });
    }
  }

  /**
   * The user's own model: the manifest is parsed and the file checked against it before the runtime
   * sees it, then loaded and tried on a small frame. On any failure the current model stays and
   * `info.error` says why; returns whether the new model is in use.
   */
  async loadOwn(bytes: Uint8Array, manifestJson: string, fileName: string): Promise<boolean> {
    if (this.disposed) return false;
    const before = this.info;
    this.set({ status: 'loading', error: null });
    try {
      const manifest = parseManifest(manifestJson);
      const { list } = await this.providers();
      const opened = await this.open(bytes, manifest, list, { bytes: manifest.bytes, sha256: manifest.sha256, file: fileName });
      if (this.disposed) { await opened.session.dispose(); return false; }
      await this.install(opened, manifest, 'own', manifest.inputs[0].dtype === 'float16' ? 'fp16' : 'fp32');
      return true;
    } catch (error) {
      const message = describeOrtError(error, 'load').message;
      this.set({ ...before, status: this.runner ? 'ready' : before.status === 'loading' ? 'idle' : before.status, error: message });
      return false;
    }
  }

  /** Whether the GPU route packer can be built for this session and model, and if not, why. */
  private async gpuRoute(session: OrtDraftSession, manifest: ModelManifest): Promise<{ packer: GpuDraftPacker | null; off: string | null }> {
    if (!this.device) return { packer: null, off: 'the renderer does not run on WebGPU' };
    if (session.backend !== 'webgpu') return { packer: null, off: `the model runs on ${session.backend}` };
    const obstacle = gpuPackingObstacle(manifest);
    if (obstacle) return { packer: null, off: obstacle };
    if ((await session.gpuDevice()) !== this.device) return { packer: null, off: 'onnxruntime computes on a GPU device of its own' };
    return { packer: new GpuDraftPacker(this.device, manifest, DRAFT_SHADERS), off: null };
  }

  /** Whether frames take the GPU route (see the header); draw them with SceneView.draftGpuFrameAt. */
  get gpuPacking(): boolean {
    return this.packer !== null;
  }

  /** The draft for one frame (HWC sRGB 0..1), or null without a model or after a failure (then info.error says why). */
  run(passes: DraftPasses, position: FramePosition): Promise<Float32Array | null> {
    return this.timed((runner) => {
      this.lastPacking = 'cpu';
      return runner.run(passes, position);
    });
  }

  /**
   * The draft for a frame drawn for the GPU route, like `run`. A failure of the GPU route falls back
   * to the CPU path for this frame (from the same render, read back) and turns the route off.
   */
  runGpu(frame: DraftGpuFrame, position: FramePosition): Promise<Float32Array | null> {
    return this.timed((runner, session) => runner.runWith(frame.width, frame.height, position, async (previous) => {
      const packer = this.packer;
      if (packer) {
        try {
          const srgb = await draftOnGpu(packer, session, frame, previous);
          this.lastPacking = 'gpu';
          return srgb;
        } catch (error) {
          if (this.packer === packer) {
            this.packer = null;
            packer.dispose();
            this.gpuRouteOff = `the GPU route failed: ${error instanceof Error ? error.message : String(error)}`;
            console.warn(`The draft model's GPU packing failed; frames are packed on the CPU from now on. ${this.gpuRouteOff}`);
          }
        }
      }
      this.lastPacking = 'cpu';
      return runner.outputOnCpu(await frame.readBack(), previous);
    }));
  }

  /**
   * For the end-to-end test: `frames` consecutive frames, each packed and run both ways from the same
   * render (gpu-check.ts, loaded only then); null when the GPU route is off.
   */
  async compareRoutes(draw: (index: number) => Promise<DraftGpuFrame>, frames: number): Promise<RouteComparison[] | null> {
    const { packer, session, runner } = this;
    if (!packer || !session || !runner) return null;
    const { compareRoutes } = await import('./gpu-check.ts');
    return compareRoutes({ packer, session, manifest: runner.manifest }, draw, frames);
  }

  private async timed(work: (runner: DraftRunner, session: OrtDraftSession) => Promise<DraftOutput>): Promise<Float32Array | null> {
    const runner = this.runner, session = this.session;
    if (!runner || !session) return null;
    const start = performance.now();
    try {
      const out = await work(runner, session);
      const ms = performance.now() - start;
      if (this.runner !== runner) return null; // replaced meanwhile
      if (this.info.firstRunMs === null) this.set({ firstRunMs: ms, msPerFrame: ms });
      else {
        this.times = [...this.times.slice(-8), ms];
        this.set({ msPerFrame: median(this.times) });
      }
      return out.srgb;
    } catch (error) {
      if (this.runner !== runner) return null;
      // The model stops being used: the raw render stays, with why.
      this.runner = null;
      this.session = null;
      this.packer?.dispose();
      this.packer = null;
      void session.dispose();
      this.set({ status: 'failed', error: describeOrtError(error, 'run').message });
      return null;
    }
  }

  /** Releases the session; idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.runner = null;
    this.packer?.dispose();
    this.packer = null;
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }
}
