/**
 * AppController: the pipeline behind one viewport, shared by the app page (main.ts) and the embeddable
 * <world-draft> element (embed.ts), each of which is a composition root of its own.
 *
 *   prompt ─► scene/parsePrompt ─► SceneSpec ─► SimulationRunner ─► SimTimeline ─┬─► render/SceneView
 *                                                                               └─► audio/extractCues ─► AudioEngine
 *   requestAnimationFrame ─► ui/playback (time, speed, shots) ─► pose + render + cues in the crossed span
 *
 * It implements the UI's DraftController: the UI calls it and reads its state, and never touches the
 * stages directly. The simulation runs wherever its SimulationRunner (sim/runner.ts) runs it: the app
 * page gives it a Web Worker (sim/browser/worker-runner.ts), so the page keeps drawing meanwhile and
 * `state.simProgress` follows the run; the embed runs it on the page's thread. A failed prompt leaves
 * the current scene, timeline and sound in place and sets one sentence in `state.error`. `events` carries what playback crosses, for embedders: 'contact' (detail:
 * the ContactEvent), 'shot-change' (detail: {shotId, index}) and 'ended'.
 */
import type { DraftController, DraftFrame, DraftState, LlmChoice, OverlayFlags, PlotData, PlotQuantity, VideoSettings } from './ui/controller.ts';
import { LlmError, parseWithLlm } from './scene/llm.ts';
import { teachingValues, withTeachingParameter, type TeachingParameter } from './ui/teaching-parameters.ts';
import { analyticFlightHeight, bodySeries, readoutsAt, seriesCsv, type BodySeries } from './sim/measure.ts';
import { advancePlayback, type PlaybackState } from './ui/playback.ts';
import { GPU_LIQUID_PARTICLE_SCALE, parsePrompt, PromptError } from './scene/parser.ts';
import { parseSceneSpecJson, SceneSpecError, validateSceneSpec, type SceneSpec, type ShotSpec } from './scene/spec.ts';
import { loadRapier, type Rapier } from './sim/rapier.ts';
import type { SimSession } from './sim/session.ts';
import { localRunner, type FluidSolverChoice, type SimulationRunner } from './sim/runner.ts';
import { isSimulatedFluid } from './sim/fluid/scene.ts';
import type { WorldPatch } from './sim/world.ts';
import { timelineEndS } from './sim/sample.ts';
import { timelineHash } from './sim/hash.ts';
import type { SimTimeline } from './sim/timeline.ts';
import { chooseBackend, type Backend } from './render/backend.ts';
import { SceneView } from './render/scene-view.ts';
import { createRenderApi, type RenderApi } from './render/api.ts';
import { extractCues } from './audio/cues.ts';
import { decodeShare, encodeShare, SHARE_PARAM, ShareLinkError } from './export/share.ts';
import { exportGlb } from './export/gltf.ts';
import { exportVideo } from './export/browser/video.ts';
import { exportPack as writePack } from './export/browser/pack.ts';
import type { PackSettings } from './export/pack.ts';
import { AudioEngine, renderOffline } from './audio/engine.ts';
import type { DraftPasses } from './inference/passes.ts';
import { rgbaBytes } from './inference/pack.ts';
import type { DraftEngine } from './inference/browser/engine.ts';

/** The draft model's frame as the controller hands it out, with the passes the model saw (for tests and tools). */
export interface DraftFrameWithPasses extends DraftFrame {
  /** Null when the frame took the GPU route and `withPasses` was not asked for (they were not read back). */
  passes: DraftPasses | null;
}

export class AppController implements DraftController {
  state: DraftState = {
    prompt: '', spans: [], specJson: '', unknownWords: [], specErrors: [], assumptions: [], durationS: 0, fps: 60, timeS: 0,
    playing: false, speed: 1, backend: null, audio: 'waiting-for-gesture', busy: false, error: null,
    sceneRevision: 0, bodies: [], selectedBodyId: null, readouts: null, parameters: null, exportProgress: null, simProgress: null, branch: null, cameo: { on: false, people: 0 },
    overlays: { trail: false, velocity: false, force: false, ruler: false }, shots: [],
    notice: null, llm: { enabled: false, endpoint: 'http://127.0.0.1:8080', model: 'local' }, fluidSolver: 'cpu', fluidSolverUsed: null,
    draft: { status: 'idle', source: null, name: null, backend: null, precision: null, msPerFrame: null, firstRunMs: null, error: null, notice: null },
  };
  timeline: SimTimeline | null = null;
  private spec: SceneSpec | null = null;
  /** The prompt each scene the built-in parser made came from (setFluidSolver stages it again). */
  private readonly stagedPrompts = new WeakMap<SceneSpec, string>();
  /** Whether this browser offers a hardware WebGPU adapter (asked once, when the GPU is first chosen). */
  private hardwareGpu: Promise<boolean> | null = null;
  /** The run on screen, with its snapshots, so a "from here" change re-simulates from a snapshot. */
  private session: SimSession | null = null;
  /** The run before the first "from here" change, kept intact to go back to. */
  private original: { spec: SceneSpec; session: SimSession } | null = null;
  /** The selected body's measured series, recomputed when the timeline or the selection changes. */
  private series: BodySeries | null = null;
  private readonly listeners = new Set<() => void>();
  private needsRender = true;
  /** A notice raised while building the spec, shown once the scene has loaded. */
  private pendingNotice: string | null = null;
  /** The draft model (src/inference/browser/engine.ts), attached by the app page; the embed has none. */
  private draft: DraftEngine | null = null;
  /** Counts loads: a run that finishes after a newer load started is dropped. */
  private loadTicket = 0;

  readonly render: RenderApi;

  /** What playback crosses, for embedders: 'contact', 'shot-change', 'ended'. */
  readonly events = new EventTarget();

  constructor(readonly rapier: Rapier, readonly view: SceneView, private readonly audio: AudioEngine, private readonly loop = true, private readonly runner: SimulationRunner = localRunner(rapier)) {
    this.render = createRenderApi(view, () => {
      this.needsRender = true;
      this.set({}); // style or aspect changed: the UI re-reads them
    });
    this.state.backend = view.backend;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async runPrompt(text: string): Promise<void> {
    const llm = this.state.llm;
    if (!llm.enabled) return this.load(async () => this.parseForSolver(text, await this.liquidParticleScale()));
    await this.load(async () => {
      try {
        // The user's own model server; it gets the prompt and nothing else, and 30 s to answer.
        return await parseWithLlm(text, { endpoint: llm.endpoint, model: llm.model }, (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(30_000) }));
      } catch (error) {
        const notice = `${error instanceof LlmError ? error.message : `The language model failed (${(error as Error).message}).`} The built-in parser took over.`;
        const spec = this.parseForSolver(text, await this.liquidParticleScale());
        this.pendingNotice = notice;
        return spec;
      }
    });
  }

  setLlm(choice: LlmChoice): void {
    this.set({ llm: choice });
  }

  /**
   * Where liquids are solved from now on; a scene with a simulated liquid runs again there. One the
   * built-in parser made from a prompt is staged again for that solver's particle budget (the GPU's
   * is GPU_LIQUID_PARTICLE_SCALE times the CPU's); any other (edited, opened, shared) runs as it is.
   */
  async setFluidSolver(choice: FluidSolverChoice): Promise<void> {
    if (choice === this.state.fluidSolver) return;
    this.set({ fluidSolver: choice });
    const spec = this.spec;
    if (!spec?.fluids.some(isSimulatedFluid)) return;
    const prompt = this.stagedPrompts.get(spec);
    await this.load(async () => (prompt === undefined ? spec : this.parseForSolver(prompt, await this.liquidParticleScale())), true);
  }

  /** The built-in parser's scene for `text`, its liquids staged at `liquidParticleScale` (remembered as staged from `text`). */
  private parseForSolver(text: string, liquidParticleScale: number): SceneSpec {
    const spec = parsePrompt(text, { liquidParticleScale });
    this.stagedPrompts.set(spec, text);
    return spec;
  }

  /**
   * The particle budget's factor for the liquids of the next prompt: the GPU's when the GPU is chosen
   * and this browser offers a hardware WebGPU adapter, 1 otherwise: with none the run falls back to the
   * CPU, and a software adapter (SwiftShader, llvmpipe) is slower than the CPU solver; the GPU's budget
   * would make either minutes long.
   */
  private async liquidParticleScale(): Promise<number> {
    if (this.state.fluidSolver !== 'webgpu') return 1;
    this.hardwareGpu ??= (globalThis.navigator?.gpu?.requestAdapter() ?? Promise.resolve(null)).then((adapter) => {
      if (!adapter) return false;
      const { vendor, architecture, description } = adapter.info;
      return !adapter.info.isFallbackAdapter && !/swiftshader|llvmpipe|lavapipe/i.test(`${vendor} ${architecture} ${description}`);
    }, () => false);
    return (await this.hardwareGpu) ? GPU_LIQUID_PARTICLE_SCALE : 1;
  }

  async runSpecJson(text: string): Promise<void> {
    await this.load(() => parseSceneSpecJson(text));
  }

  showError(message: string): void {
    this.set({ error: message });
  }

  /** Loads the scene of a share link's payload; false (with the error shown) when it is unreadable. */
  async runShared(payload: string): Promise<boolean> {
    await this.load(() => decodeShare(payload));
    return this.state.error === null;
  }

  async exportVideo(settings: VideoSettings, signal: AbortSignal): Promise<Uint8Array | null> {
    const timeline = this.timeline;
    if (!timeline) return null;
    this.pause();
    const durationS = this.state.durationS;
    this.set({ exportProgress: { framesDone: 0, framesTotal: Math.round(durationS * settings.fps) } });
    try {
      // Opus wants 48 kHz.
      const audio = await renderOffline(extractCues(timeline), durationS, { sampleRate: 48000, channels: 2, setting: this.spec?.environment.setting ?? null });
      if (settings.draft) {
        const draft = this.draft;
        if (!draft?.ready) throw new Error('no draft model is loaded; open the Draft tab first, or export the raw render');
        draft.reset();
        const plans = this.render.shotPlans();
        // The passes are drawn at the video's size; each frame is the model's output (its own previous
        // output carries over when the video's frames are the timeline's consecutive frames).
        return await this.view.offscreen(() => exportVideo({
          ...settings, durationS, audio, signal,
          frameAt: async (tS) => {
            const { srgb } = await this.draftAt(draft, tS, settings.width, settings.height, { frame: Math.round(tS * timeline.fps), shot: Math.max(0, plans.findIndex((p) => tS < p.endS)) });
            if (!srgb) throw new Error(this.state.draft.error ?? 'the draft model stopped');
            return new ImageData(rgbaBytes(srgb, settings.width, settings.height), settings.width, settings.height);
          },
          onProgress: (framesDone, framesTotal) => this.set({ exportProgress: { framesDone, framesTotal } }),
        }));
      }
      return await this.view.offscreen(() => this.view.atExportSize(settings.width, settings.height, () => exportVideo({
        ...settings,
        durationS,
        audio,
        signal,
        frameAt: (tS) => {
          this.view.showTime(tS);
          return this.view.capture();
        },
        onProgress: (framesDone, framesTotal) => this.set({ exportProgress: { framesDone, framesTotal } }),
      })));
    } finally {
      this.needsRender = true;
      this.set({ exportProgress: null });
    }
  }

  /** The conditioning pack (export/pack.ts) as zip bytes; rejects with ExportCancelled when `signal` aborts. */
  async exportPack(settings: PackSettings, signal: AbortSignal): Promise<Uint8Array | null> {
    const timeline = this.timeline, spec = this.spec;
    if (!timeline || !spec) return null;
    this.pause();
    this.set({ exportProgress: { framesDone: 0, framesTotal: settings.frames + 2 } });
    try {
      const cues = extractCues(timeline);
      const audio = await renderOffline(cues, settings.frames / settings.fps, { sampleRate: 48000, channels: 2, setting: spec.environment.setting });
      return await this.view.offscreen(() => writePack({
        settings, view: this.view, spec, timeline, cues, audio, signal,
        about: { prompt: spec.interpretation?.prompt ?? null, timelineHash: timelineHash(timeline) },
        onProgress: (framesDone, framesTotal) => this.set({ exportProgress: { framesDone, framesTotal } }),
      }));
    } finally {
      this.needsRender = true;
      this.set({ exportProgress: null });
    }
  }

  async exportPng(): Promise<Blob | null> {
    if (!this.timeline) return null;
    const image = await this.view.offscreen(async () => {
      this.view.showTime(this.state.timeS);
      return this.view.capture();
    });
    const canvas = new OffscreenCanvas(image.width, image.height);
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    return canvas.convertToBlob({ type: 'image/png' });
  }

  async exportGlb(): Promise<Uint8Array | null> {
    const spec = this.spec, timeline = this.timeline;
    if (!spec || !timeline) return null;
    const cameras = await this.view.offscreen(async () => {
      const camera = this.view.camera;
      const posed = [{ name: 'viewport', positionM: camera.position.toArray(), targetM: this.view.target, fovDeg: camera.fov }];
      // One camera per shot, posed as the shot starts.
      for (const plan of spec.shots.length ? this.render.shotPlans() : []) {
        this.view.showTime(plan.startS);
        const pose = this.view.listenerPose();
        const [x, y, z] = pose.positionM, [fx, fy, fz] = pose.forward;
        posed.push({ name: plan.shot.id, positionM: [x, y, z], targetM: [x + fx, y + fy, z + fz], fovDeg: camera.fov });
      }
      return posed;
    });
    this.needsRender = true; // the viewport's frame, posed at the current time again
    return exportGlb(spec, timeline, { cameras });
  }

  /** Each shot's first, middle and last frame in one PNG, a row per shot, labelled. */
  async exportContactSheet(): Promise<Blob | null> {
    if (!this.timeline) return null;
    const plans = this.render.shotPlans();
    const w = 320, h = 180, pad = 8, label = 18;
    const frames = await this.view.offscreen(() => this.view.atExportSize(w, h, async () => plans.map((plan) =>
      [plan.startS, (plan.startS + plan.endS) / 2, Math.max(plan.startS, Math.min(plan.endS, this.state.durationS) - 1 / this.state.fps)].map((t) => {
        this.view.showTime(t);
        return { t, image: this.view.capture() };
      }))));
    const sheet = new OffscreenCanvas(pad + 3 * (w + pad), pad + plans.length * (h + label + pad));
    const g = sheet.getContext('2d')!;
    g.fillStyle = '#f3f5f8';
    g.fillRect(0, 0, sheet.width, sheet.height);
    g.fillStyle = '#1d2a3a';
    g.font = '13px system-ui, sans-serif';
    frames.forEach((row, r) => row.forEach(({ t, image }, c) => {
      const x = pad + c * (w + pad), y = pad + r * (h + label + pad);
      g.fillText(`${plans[r].shot.id} · ${plans[r].shot.framing} · t = ${t.toFixed(2)} s`, x, y + 13);
      g.putImageData(image, x, y + label);
    }));
    this.needsRender = true; // the viewport's frame, posed at the current time again
    return sheet.convertToBlob({ type: 'image/png' });
  }

  shareLink(): string | null {
    if (!this.spec) return null;
    const url = new URL(location.href);
    url.hash = `${SHARE_PARAM}=${encodeShare(this.spec)}`;
    return url.href;
  }

  /**
   * Builds a spec, simulates it (`run`, else the runner's whole session) and shows it; on any failure
   * the current scene stays as it was. A load that a newer one overtook is dropped when it ends.
   */
  private async load(buildSpec: () => SceneSpec | Promise<SceneSpec>, keepTime = false, run?: (spec: SceneSpec, onProgress: (stepsDone: number, stepsTotal: number) => void) => Promise<SimSession>): Promise<void> {
    const ticket = ++this.loadTicket;
    this.set({ busy: true, error: null, specErrors: [], notice: null, simProgress: null });
    this.pendingNotice = null;
    await nextFrame(); // let "simulating…" paint before a simulation on this thread
    try {
      const spec = await buildSpec();
      const onProgress = (stepsDone: number, stepsTotal: number) => {
        if (ticket === this.loadTicket) this.set({ simProgress: { stepsDone, stepsTotal } });
      };
      const fluidSolver = this.state.fluidSolver;
      const session = await (run ? run(spec, onProgress) : this.runner.session(spec, { onProgress, fluidSolver }));
      if (ticket !== this.loadTicket) return;
      if (!run) this.original = null; // a new scene: nothing to go back to
      this.session = session;
      const timeline = session.timeline;
      this.view.setScene(spec, timeline);
      this.draft?.reset(); // the previous draft output belongs to the old scene
      this.audio.setCues(extractCues(timeline));
      this.audio.setSetting(spec.environment.setting);
      this.timeline = timeline;
      this.spec = spec;
      this.needsRender = true;
      const selected = spec.bodies.find((b) => b.id === this.state.selectedBodyId) ?? spec.bodies[0];
      const bodyIndex = spec.bodies.indexOf(selected);
      this.series = bodySeries(timeline, bodyIndex, spec.gravity);
      const durationS = timelineEndS(timeline);
      const timeS = keepTime ? Math.min(this.state.timeS, durationS) : 0;
      const interpretation = spec.interpretation;
      this.set({
        prompt: interpretation?.prompt ?? '',
        spans: interpretation?.spans ?? [],
        specJson: JSON.stringify(spec, null, 2),
        unknownWords: interpretation?.unknown ?? [],
        assumptions: interpretation?.assumptions ?? [],
        durationS,
        fps: timeline.fps,
        timeS,
        playing: keepTime ? this.state.playing : true,
        busy: false,
        simProgress: null,
        sceneRevision: this.state.sceneRevision + 1,
        bodies: spec.bodies.map((b) => ({ id: b.id, name: b.name })),
        selectedBodyId: selected.id,
        parameters: teachingValues(spec, selected.id),
        // A run the explosion guard stopped still shows everything before that step, with why.
        error: timeline.halted?.message ?? null,
        notice: this.pendingNotice ?? (!run && fluidSolver === 'webgpu' && !session.fluidSolver && spec.fluids.some(isSimulatedFluid)
          ? 'WebGPU could not run the liquid in this browser, so it was simulated on the CPU.' : null),
        fluidSolverUsed: spec.fluids.some(isSimulatedFluid) ? session.fluidSolver ?? 'cpu' : null,
        branch: session.branch ? { fromT: session.branch.fromT } : null,
        cameo: { on: this.state.cameo.on, people: this.view.cameoTargets },
        shots: spec.shots.length ? this.render.shotPlans().map((plan) => ({ shot: plan.shot, startS: plan.startS, endS: plan.endS, thumbnail: null })) : [],
      });
      void this.renderThumbnails();
      this.showOverlays();
    } catch (error) {
      if (ticket !== this.loadTicket) return;
      this.set({ busy: false, simProgress: null, error: userMessage(error), specErrors: error instanceof SceneSpecError ? error.issues : [] });
    }
  }

  play(): void {
    if (this.state.timeS >= this.state.durationS) this.seek(0);
    this.set({ playing: true });
  }

  pause(): void {
    this.set({ playing: false });
  }

  restart(): void {
    this.seek(0);
    this.set({ playing: true });
  }

  seek(timeS: number): void {
    const t = Math.min(Math.max(Number.isFinite(timeS) ? timeS : 0, 0), this.state.durationS);
    this.needsRender = true;
    this.set({ timeS: t });
  }

  setSpeed(speed: number): void {
    this.set({ speed });
  }

  setMuted(muted: boolean): void {
    if (this.state.audio === 'unavailable' || this.state.audio === 'waiting-for-gesture') return;
    this.audio.setMuted(muted);
    this.set({ audio: muted ? 'muted' : 'on' });
  }

  stepFrame(direction: 1 | -1): void {
    this.pause();
    this.seek(Math.round(this.state.timeS * this.state.fps + direction) / this.state.fps);
  }

  selectBody(id: string): void {
    if (!this.spec || !this.timeline) return;
    const index = this.spec.bodies.findIndex((b) => b.id === id);
    if (index < 0) return;
    this.series = bodySeries(this.timeline, index, this.spec.gravity);
    this.set({ selectedBodyId: id, parameters: teachingValues(this.spec, id), timeS: this.state.timeS });
    this.showOverlays();
  }

  async setShots(shots: ShotSpec[]): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    await this.load(() => validateSceneSpec({ ...spec, shots }), true);
  }

  /** Renders each shot's first frame small, for the shot list. */
  private async renderThumbnails(): Promise<void> {
    const strips = this.state.shots;
    if (strips.length === 0) return;
    const revision = this.state.sceneRevision;
    const thumbnails = await this.view.offscreen(() => this.view.atExportSize(160, 90, async () => strips.map((strip) => {
      this.view.showTime(strip.startS);
      const image = this.view.capture();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      canvas.getContext('2d')!.putImageData(image, 0, 0);
      return canvas.toDataURL('image/png');
    })));
    this.needsRender = true; // the viewport's frame, posed at the current time again
    if (revision !== this.state.sceneRevision) return; // a newer scene replaced these shots
    this.set({ shots: strips.map((strip, i) => ({ ...strip, thumbnail: thumbnails[i] })) });
  }

  setOverlays(flags: OverlayFlags): void {
    this.set({ overlays: flags });
    this.showOverlays();
  }

  private showOverlays(): void {
    const bodyIndex = this.spec?.bodies.findIndex((b) => b.id === this.state.selectedBodyId) ?? -1;
    this.view.setOverlays({ ...this.state.overlays, bodyIndex: Math.max(bodyIndex, 0) });
    this.needsRender = true;
  }

  async setParameter(parameter: TeachingParameter, value: number, fromHere = false): Promise<void> {
    const spec = this.spec, bodyId = this.state.selectedBodyId, session = this.session;
    if (!spec || !bodyId || !session) return;
    const edited = () => withTeachingParameter(spec, bodyId, parameter, value);
    if (!fromHere) return this.load(edited, true);
    // "What if, from here?": the change acts from the current moment, re-simulated from the nearest
    // snapshot; everything before is the original's, and the original run is kept to go back to.
    const tS = this.state.timeS;
    this.original ??= { spec, session };
    await this.load(edited, true, (next, onProgress) => this.runner.branch(session, tS, worldPatch(next, bodyId, parameter, session.timeline, tS), onProgress));
  }

  setCameo(image: ImageBitmap | null): void {
    this.view.setCameo(image);
    this.needsRender = true;
    this.set({ cameo: { on: image !== null, people: this.view.cameoTargets } });
  }

  async backToOriginal(): Promise<void> {
    const original = this.original;
    if (!original) return;
    this.original = null;
    await this.load(() => original.spec, true, async () => original.session);
  }

  plotData(quantity: PlotQuantity, withAnalytic: boolean): PlotData | null {
    const series = this.series, timeline = this.timeline, spec = this.spec;
    if (!series || !timeline || !spec) return null;
    switch (quantity) {
      case 'height': return {
        t: series.t, unit: 'm',
        series: [
          { label: 'height (simulated)', values: series.heightM },
          ...(withAnalytic ? [{ label: 'height (analytic, free flight)', values: analyticFlightHeight(timeline, series, spec.gravity) }] : []),
        ],
      };
      case 'speed': return { t: series.t, unit: 'm/s', series: [{ label: 'speed', values: series.speedMps }] };
      case 'energy': return {
        t: series.t, unit: 'J',
        series: [{ label: 'kinetic', values: series.kineticJ }, { label: 'potential', values: series.potentialJ }, { label: 'total', values: series.totalJ }],
      };
    }
  }

  exportCsv(): { filename: string; text: string } | null {
    return this.series ? { filename: `worlddraft-${this.series.bodyId}.csv`, text: seriesCsv(this.series) } : null;
  }

  /** Starts sound on the first user gesture, as browsers require. */
  async enableAudio(): Promise<void> {
    if (this.state.audio !== 'waiting-for-gesture') return;
    try {
      await this.audio.start();
      this.set({ audio: 'on' });
    } catch {
      this.set({ audio: 'unavailable' });
    }
  }

  /** One animation frame: advance playback, fire the cues and events crossed, pose and draw. */
  frame(wallDtS: number): void {
    const before = this.state.timeS;
    // One playback segment per shot: slow-motion shots play at their rate, skipped time is cut.
    const plans = this.render.shotPlans();
    const segments = plans.map((plan) => ({ startS: plan.startS, endS: Math.min(plan.endS, this.state.durationS), rate: plan.shot.playbackRate }));
    const playback: PlaybackState = { timeS: before, segments, playing: this.state.playing, speed: this.state.speed, loop: this.loop };
    const { state, crossed } = advancePlayback(playback, wallDtS);
    for (const [from, to, rate] of crossed) {
      this.audio.update(from, to, state.speed * rate);
      for (const contact of this.timeline?.contacts ?? []) {
        if (contact.t > from && contact.t <= to) this.events.dispatchEvent(new CustomEvent('contact', { detail: contact }));
      }
      if (to >= this.state.durationS) this.events.dispatchEvent(new Event('ended'));
    }
    if (plans.length > 1 && crossed.length > 0) {
      const shotBefore = plans.findIndex((p) => before < p.endS), shotAfter = plans.findIndex((p) => state.timeS < p.endS);
      if (shotAfter >= 0 && shotAfter !== shotBefore) {
        this.events.dispatchEvent(new CustomEvent('shot-change', { detail: { shotId: plans[shotAfter].shot.id, index: shotAfter } }));
      }
    }
    if (state.timeS !== before || state.playing !== this.state.playing) {
      this.needsRender = true;
      this.set({ timeS: state.timeS, playing: state.playing });
    }
    if (!this.needsRender || this.view.offscreenBusy) return; // offscreen work holds the renderer: draw when it ends
    this.needsRender = false;
    this.view.showTime(this.state.timeS);
    this.view.render();
    // The ears follow the camera, so sources pan and fade with the shot.
    const ears = this.view.listenerPose();
    this.audio.setListener(ears.positionM, ears.forward, ears.up);
  }

  /** The canvas's new CSS size, pixels. */
  resize(widthPx: number, heightPx: number): void {
    this.view.resize(widthPx, heightPx);
    this.needsRender = true;
  }

  /** Frees the view (GPU), the sound (Web Audio) and the simulation runner (a worker); the controller cannot be used afterwards. */
  dispose(): void {
    this.pause();
    this.runner.dispose();
    this.audio.dispose();
    void this.draft?.dispose();
    this.view.dispose();
  }

  requestRender(): void {
    this.needsRender = true;
  }

  /** Gives this viewport a draft model engine (main.ts does; the embed does not). */
  attachDraft(engine: DraftEngine): void {
    this.draft = engine;
    this.set({ draft: engine.info });
  }

  /** The engine calls this whenever its state changes. */
  draftChanged(): void {
    if (this.draft) this.set({ draft: this.draft.info });
  }

  async startDraft(): Promise<void> {
    if (!this.draft) {
      this.set({ draft: { ...this.state.draft, status: 'unavailable', error: 'The draft model is not part of this page; open the WorldDraft app to use it.' } });
      return;
    }
    await this.draft.loadShipped();
  }

  async loadOwnDraftModel(model: Uint8Array, manifestJson: string, fileName: string): Promise<boolean> {
    if (!this.draft) {
      await this.startDraft();
      return false;
    }
    return this.draft.loadOwn(model, manifestJson, fileName);
  }

  /** The current frame raw and through the draft model; `withPasses` reads the passes back even on the GPU route. */
  async draftFrame(options: { maxWidth?: number; size?: [number, number]; withPasses?: boolean } = {}): Promise<DraftFrameWithPasses | null> {
    const timeline = this.timeline;
    if (!timeline) return null;
    const tS = this.state.timeS;
    let size = options.size;
    if (!size) {
      const [vw, vh] = this.render.size();
      const w = Math.max(8, Math.min(options.maxWidth ?? 512, vw));
      size = [w, Math.max(8, Math.round((w * vh) / Math.max(vw, 1)))];
    }
    const [width, height] = this.draft?.frameSize(size) ?? size;
    const plans = this.render.shotPlans();
    const shot = Math.max(0, plans.findIndex((p) => tS < p.endS));
    const engine = this.draft;
    const { raw, srgb, passes } = await this.view.offscreen(() => this.draftAt(engine, tS, width, height, { frame: Math.round(tS * timeline.fps), shot }, options.withPasses));
    this.needsRender = true; // the passes were drawn at their own size: redraw the viewport
    const draft = srgb ? new ImageData(rgbaBytes(srgb, width, height), width, height) : null;
    return { timeS: tS, width, height, raw, draft, passes };
  }

  /**
   * The frame at tS drawn for the draft model at width × height and run through it: on the GPU route
   * when the engine has one (the passes stay in their render targets; `withPasses` reads them back
   * too), else with the passes read back and packed on the CPU.
   */
  private async draftAt(engine: DraftEngine | null, tS: number, width: number, height: number, position: { frame: number; shot: number }, withPasses = false): Promise<{ raw: ImageData; srgb: Float32Array | null; passes: DraftPasses | null }> {
    if (engine?.gpuPacking) {
      const frame = await this.view.draftGpuFrameAt(tS, [width, height]);
      const srgb = await engine.runGpu(frame, position);
      return { raw: new ImageData(new Uint8ClampedArray(frame.beautyRgba), width, height), srgb, passes: withPasses ? await frame.readBack() : null };
    }
    const passes = await this.view.draftPassesAt(tS, [width, height]);
    const srgb = engine ? await engine.run(passes, position) : null;
    return { raw: new ImageData(rgbaBytes(passes.beauty, width, height), width, height), srgb, passes };
  }

  private set(patch: Partial<DraftState>): void {
    this.state = { ...this.state, ...patch };
    // Readouts follow the time, whoever moved it.
    if (patch.timeS !== undefined && this.series) this.state.readouts = readoutsAt(this.series, this.state.timeS * this.state.fps);
    for (const listener of this.listeners) listener();
  }
}

/** The live-world change that a teaching slider makes at time tS (sim/world.ts WorldPatch). */
function worldPatch(next: SceneSpec, bodyId: string, parameter: TeachingParameter, timeline: SimTimeline, tS: number): WorldPatch {
  const body = next.bodies.find((b) => b.id === bodyId)!;
  switch (parameter) {
    case 'gravityMps2': return { gravity: next.gravity };
    case 'restitution': return { bodies: { [bodyId]: { restitution: body.restitution } } };
    case 'friction': {
      const surfaces: Record<string, { friction?: number }> = {};
      if (next.environment.ground) surfaces[next.environment.ground.id] = { friction: body.friction };
      for (const item of next.environment.items) surfaces[item.id] = { friction: body.friction };
      return { bodies: { [bodyId]: { friction: body.friction } }, surfaces };
    }
    case 'massKg': return { bodies: { [bodyId]: { massKg: body.massKg } } };
    case 'speedMps':
    case 'angleDeg': {
      // The new launch speed and angle, in the heading the body has at that moment.
      const index = next.bodies.indexOf(body);
      const now = timeline.frames[Math.min(Math.round(tS * timeline.fps), timeline.frames.length - 1)].velocitiesMps?.[index] ?? [0, 0, 0];
      const [vx, vy, vz] = body.linearVelocityMps;
      const speed = Math.hypot(vx, vy, vz), horizontal = Math.hypot(vx, vz);
      const heading = Math.hypot(now[0], now[2]) > 1e-6 ? [now[0] / Math.hypot(now[0], now[2]), now[2] / Math.hypot(now[0], now[2])] : horizontal > 0 ? [vx / horizontal, vz / horizontal] : [1, 0];
      const elevation = Math.atan2(vy, horizontal);
      return { bodies: { [bodyId]: { linearVelocityMps: [speed * Math.cos(elevation) * heading[0], speed * Math.sin(elevation), speed * Math.cos(elevation) * heading[1]] } } };
    }
  }
}

function userMessage(error: unknown): string {
  if (error instanceof PromptError || error instanceof ShareLinkError) return error.message;
  if (error instanceof SceneSpecError) {
    const more = error.issues.length > 1 ? ` and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''}` : '';
    return `The scene is invalid (${error.issues[0]}${more}); fix it and run it again.`;
  }
  return `The simulation failed (${(error as Error).message}); try a simpler prompt.`;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

export interface ViewportOptions {
  /** Force a backend ('webgl2'), or null to use WebGPU where it can present. */
  backend?: Backend | null;
  /** WebGPU device limits to take at the adapter's values (SceneView.create): the draft model shares the device. */
  deviceLimits?: readonly (keyof GPUSupportedLimits)[];
  /** Where scenes are simulated (default: on the page's thread, sim/runner.ts localRunner). */
  runner?: (rapier: Rapier) => SimulationRunner;
  /** Play the timeline again from the start when it ends (the app) or stop (an embed may choose). */
  loop?: boolean;
}

/**
 * Builds the pipeline on `canvas`: the backend choice, the view, Rapier and the audio engine. Throws
 * when the browser can draw neither WebGPU nor WebGL2.
 */
export async function createAppController(canvas: HTMLCanvasElement, options: ViewportOptions = {}): Promise<AppController> {
  const view = await SceneView.create(canvas, await chooseBackend(options.backend ?? null), options.deviceLimits);
  const rapier = await loadRapier();
  return new AppController(rapier, view, new AudioEngine(), options.loop ?? true, options.runner?.(rapier) ?? localRunner(rapier));
}

/**
 * Keeps the view sized to its canvas, redraws on orbiting, starts sound on the first gesture, and
 * runs the animation loop. Returns the function that stops all of it.
 */
export function runViewport(canvas: HTMLCanvasElement, controller: AppController): () => void {
  const resize = () => controller.resize(canvas.clientWidth, canvas.clientHeight);
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  resize();
  const redraw = () => controller.requestRender();
  canvas.addEventListener('pointermove', redraw);
  canvas.addEventListener('wheel', redraw, { passive: true });
  const gesture = () => void controller.enableAudio();
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, gesture, { once: true, capture: true });
  let last = performance.now();
  let frameId = 0;
  const loop = (now: number) => {
    controller.frame((now - last) / 1000);
    last = now;
    frameId = requestAnimationFrame(loop);
  };
  frameId = requestAnimationFrame(loop);
  return () => {
    cancelAnimationFrame(frameId);
    observer.disconnect();
    canvas.removeEventListener('pointermove', redraw);
    canvas.removeEventListener('wheel', redraw);
    for (const type of ['pointerdown', 'keydown'] as const) window.removeEventListener(type, gesture, { capture: true });
  };
}
