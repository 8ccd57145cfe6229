/**
 * The composition root: the one file that wires the pipeline stages to the UI.
 *
 *   prompt ─► scene/parsePrompt ─► SceneSpec ─► sim/simulate ─► SimTimeline ─┬─► render/SceneView
 *                                                                           └─► audio/extractCues ─► AudioEngine
 *   requestAnimationFrame ─► ui/playback (time, speed, loop) ─► pose + render + cues in the crossed span
 *
 * AppController implements the UI's DraftController: the UI calls it and reads its state, and never
 * touches the stages directly. A failed prompt leaves the current scene, timeline and sound in place and
 * sets one sentence in `state.error`.
 */
import './ui/app.ts';
import type { DraftController, DraftState, LlmChoice, OverlayFlags, PlotData, PlotQuantity, VideoSettings } from './ui/controller.ts';
import { LlmError, parseWithLlm } from './scene/llm.ts';
import { teachingValues, withTeachingParameter, type TeachingParameter } from './ui/teaching-parameters.ts';
import { analyticFlightHeight, bodySeries, readoutsAt, seriesCsv, type BodySeries } from './sim/measure.ts';
import { advancePlayback, type PlaybackState } from './ui/playback.ts';
import { parsePrompt, PromptError } from './scene/parser.ts';
import { parseSceneSpecJson, SceneSpecError, validateSceneSpec, type SceneSpec, type ShotSpec } from './scene/spec.ts';
import { loadRapier, type Rapier } from './sim/rapier.ts';
import { simulate } from './sim/simulate.ts';
import { timelineEndS } from './sim/sample.ts';
import { timelineHash } from './sim/hash.ts';
import type { SimTimeline } from './sim/timeline.ts';
import { chooseBackend, parseBackendOverride } from './render/backend.ts';
import { SceneView } from './render/scene-view.ts';
import { createRenderApi, type RenderApi } from './render/api.ts';
import { extractCues, type AudioCue } from './audio/cues.ts';
import { decodeShare, encodeShare, SHARE_PARAM, sharePayloadFromHash, ShareLinkError } from './export/share.ts';
import { exportGlb } from './export/gltf.ts';
import { decodeFrameAt, exportVideo } from './export/browser/video.ts';
import { exportPack as writePack } from './export/browser/pack.ts';
import type { PackSettings } from './export/pack.ts';
import { downloadFile } from './ui/download.ts';
import { AudioEngine, renderOffline } from './audio/engine.ts';

/** The default demo: Sora 2's own example, with a hoop, rim and backboard that behave like real ones. */
export const DEFAULT_PROMPT = 'a basketball misses the hoop and rebounds off the backboard';

/** `window.worlddraft`: a small API for the console and the end-to-end tests. */
export interface WorldDraftApi {
  controller: DraftController;
  currentHash(): string | null;
  simulateHash(specInput: unknown): string;
  parseAndSimulateHash(prompt: string): string;
  /** Renders now and returns the canvas pixels (RGBA, top row first). */
  capture(): { width: number; height: number; rgba: number[] };
  /** A body's position on the canvas, in drawing-buffer pixels. */
  projectBody(index: number): [number, number];
  cues(): AudioCue[];
  /** The current scene's sound, rendered offline, mono. */
  renderAudio(durationS: number): Promise<{ sampleRate: number; samples: number[] }>;
  /** The frame at time t rendered at exactly width × height, and the same frame decoded from a video. */
  captureAt(tS: number, width: number, height: number): Promise<{ width: number; height: number; rgba: number[] }>;
  decodeVideoFrame(bytes: number[], tS: number): Promise<{ width: number; height: number; rgba: number[] }>;
  /** Shots, styles, aspect and conditioning passes (render/api.ts). */
  render: RenderApi;
  /** Runs an export of the current scene and hands the file over as a browser download (the CLI and tests save it). */
  exportDownload(kind: 'pack' | 'video' | 'glb', settings?: PackSettings | VideoSettings): Promise<{ filename: string; bytes: number } | null>;
}

declare global {
  interface Window {
    worlddraft?: WorldDraftApi;
  }
}

class AppController implements DraftController {
  state: DraftState = {
    prompt: '', spans: [], specJson: '', unknownWords: [], specErrors: [], assumptions: [], durationS: 0, fps: 60, timeS: 0,
    playing: false, speed: 1, backend: null, audio: 'waiting-for-gesture', busy: false, error: null,
    sceneRevision: 0, bodies: [], selectedBodyId: null, readouts: null, parameters: null, exportProgress: null,
    overlays: { trail: false, velocity: false, force: false, ruler: false }, shots: [],
    notice: null, llm: { enabled: false, endpoint: 'http://127.0.0.1:8080', model: 'local' },
  };
  timeline: SimTimeline | null = null;
  private spec: SceneSpec | null = null;
  /** The selected body's measured series, recomputed when the timeline or the selection changes. */
  private series: BodySeries | null = null;
  private readonly listeners = new Set<() => void>();
  private needsRender = true;
  /** A notice raised while building the spec, shown once the scene has loaded. */
  private pendingNotice: string | null = null;

  readonly render: RenderApi;

  constructor(private readonly rapier: Rapier, private readonly view: SceneView, private readonly audio: AudioEngine) {
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
    if (!llm.enabled) return this.load(() => parsePrompt(text));
    await this.load(async () => {
      try {
        // The user's own model server; it gets the prompt and nothing else, and 30 s to answer.
        return await parseWithLlm(text, { endpoint: llm.endpoint, model: llm.model }, (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(30_000) }));
      } catch (error) {
        const notice = `${error instanceof LlmError ? error.message : `The language model failed (${(error as Error).message}).`} The built-in parser took over.`;
        const spec = parsePrompt(text);
        this.pendingNotice = notice;
        return spec;
      }
    });
  }

  setLlm(choice: LlmChoice): void {
    this.set({ llm: choice });
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
      return await this.view.atExportSize(settings.width, settings.height, () => exportVideo({
        ...settings,
        durationS,
        audio,
        signal,
        frameAt: (tS) => {
          this.view.showTime(tS);
          return this.view.capture();
        },
        onProgress: (framesDone, framesTotal) => this.set({ exportProgress: { framesDone, framesTotal } }),
      }));
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
      return await writePack({
        settings, view: this.view, spec, timeline, cues, audio, signal,
        about: { prompt: spec.interpretation?.prompt ?? null, timelineHash: timelineHash(timeline) },
        onProgress: (framesDone, framesTotal) => this.set({ exportProgress: { framesDone, framesTotal } }),
      });
    } finally {
      this.needsRender = true;
      this.set({ exportProgress: null });
    }
  }

  async exportPng(): Promise<Blob | null> {
    if (!this.timeline) return null;
    this.view.showTime(this.state.timeS);
    const image = this.view.capture();
    const canvas = new OffscreenCanvas(image.width, image.height);
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    return canvas.convertToBlob({ type: 'image/png' });
  }

  async exportGlb(): Promise<Uint8Array | null> {
    if (!this.spec || !this.timeline) return null;
    const camera = this.view.camera;
    const target = this.view.target;
    return exportGlb(this.spec, this.timeline, {
      cameras: [{ name: 'viewport', positionM: camera.position.toArray(), targetM: target, fovDeg: camera.fov }],
    });
  }

  shareLink(): string | null {
    if (!this.spec) return null;
    const url = new URL(location.href);
    url.hash = `${SHARE_PARAM}=${encodeShare(this.spec)}`;
    return url.href;
  }

  /** Builds a spec, simulates it and shows it; on any failure the current scene stays as it was. */
  private async load(buildSpec: () => SceneSpec | Promise<SceneSpec>, keepTime = false): Promise<void> {
    this.set({ busy: true, error: null, specErrors: [], notice: null });
    this.pendingNotice = null;
    await nextFrame(); // let "simulating…" paint before the synchronous simulation
    try {
      const spec = await buildSpec();
      const timeline = simulate(this.rapier, spec);
      this.view.setScene(spec, timeline);
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
        sceneRevision: this.state.sceneRevision + 1,
        bodies: spec.bodies.map((b) => ({ id: b.id, name: b.name })),
        selectedBodyId: selected.id,
        parameters: teachingValues(spec, selected.id),
        // A run the explosion guard stopped still shows everything before that step, with why.
        error: timeline.halted?.message ?? null,
        notice: this.pendingNotice,
        shots: spec.shots.length ? this.render.shotPlans().map((plan) => ({ shot: plan.shot, startS: plan.startS, endS: plan.endS, thumbnail: null })) : [],
      });
      void this.renderThumbnails();
      this.showOverlays();
    } catch (error) {
      this.set({ busy: false, error: userMessage(error), specErrors: error instanceof SceneSpecError ? error.issues : [] });
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
    const timeS = this.state.timeS;
    const thumbnails = await this.view.atExportSize(160, 90, async () => strips.map((strip) => {
      this.view.showTime(strip.startS);
      const image = this.view.capture();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      canvas.getContext('2d')!.putImageData(image, 0, 0);
      return canvas.toDataURL('image/png');
    }));
    this.view.showTime(timeS);
    this.needsRender = true;
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

  async setParameter(parameter: TeachingParameter, value: number): Promise<void> {
    const spec = this.spec, bodyId = this.state.selectedBodyId;
    if (!spec || !bodyId) return;
    await this.load(() => withTeachingParameter(spec, bodyId, parameter, value), true);
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

  /** One animation frame: advance playback, fire the cues crossed, pose and draw. */
  frame(wallDtS: number): void {
    const before = this.state.timeS;
    // One playback segment per shot: slow-motion shots play at their rate, skipped time is cut.
    const segments = this.render.shotPlans().map((plan) => ({ startS: plan.startS, endS: Math.min(plan.endS, this.state.durationS), rate: plan.shot.playbackRate }));
    const playback: PlaybackState = { timeS: before, segments, playing: this.state.playing, speed: this.state.speed, loop: true };
    const { state, crossed } = advancePlayback(playback, wallDtS);
    for (const [from, to, rate] of crossed) this.audio.update(from, to, state.speed * rate);
    if (state.timeS !== before || state.playing !== this.state.playing) {
      this.needsRender = true;
      this.set({ timeS: state.timeS, playing: state.playing });
    }
    if (!this.needsRender) return;
    this.needsRender = false;
    this.view.showTime(this.state.timeS);
    this.view.render();
    // The ears follow the camera, so sources pan and fade with the shot.
    const ears = this.view.listenerPose();
    this.audio.setListener(ears.positionM, ears.forward, ears.up);
  }

  requestRender(): void {
    this.needsRender = true;
  }

  private set(patch: Partial<DraftState>): void {
    this.state = { ...this.state, ...patch };
    // Readouts follow the time, whoever moved it.
    if (patch.timeS !== undefined && this.series) this.state.readouts = readoutsAt(this.series, this.state.timeS * this.state.fps);
    for (const listener of this.listeners) listener();
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

async function start(): Promise<void> {
  const app = document.querySelector('wd-app')!;
  await app.updateComplete;
  const override = parseBackendOverride(new URLSearchParams(location.search).get('renderer'));
  let view: SceneView;
  try {
    view = await SceneView.create(app.canvas, await chooseBackend(override));
  } catch {
    document.body.textContent = 'This browser cannot draw 3D (neither WebGPU nor WebGL2 works): try a current Chrome, Edge, Firefox or Safari.';
    return;
  }
  const rapier = await loadRapier();
  const controller = new AppController(rapier, view, new AudioEngine());
  app.controller = controller;

  const resize = () => {
    view.resize(app.canvas.clientWidth, app.canvas.clientHeight);
    controller.requestRender();
  };
  new ResizeObserver(resize).observe(app.canvas);
  resize();
  app.canvas.addEventListener('pointermove', () => controller.requestRender());
  app.canvas.addEventListener('wheel', () => controller.requestRender(), { passive: true });
  for (const type of ['pointerdown', 'keydown'] as const) {
    window.addEventListener(type, () => void controller.enableAudio(), { once: true, capture: true });
  }

  let last = performance.now();
  const loop = (now: number) => {
    controller.frame((now - last) / 1000);
    last = now;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  const api: WorldDraftApi = {
    controller,
    currentHash: () => (controller.timeline ? timelineHash(controller.timeline) : null),
    simulateHash: (specInput) => timelineHash(simulate(rapier, validateSceneSpec(specInput))),
    parseAndSimulateHash: (prompt) => timelineHash(simulate(rapier, parsePrompt(prompt))),
    capture: () => {
      view.showTime(controller.state.timeS);
      const image = view.capture();
      return { width: image.width, height: image.height, rgba: Array.from(image.data) };
    },
    projectBody: (index) => {
      view.showTime(controller.state.timeS);
      return view.projectBody(index);
    },
    cues: () => (controller.timeline ? extractCues(controller.timeline) : []),
    captureAt: (tS, width, height) => view.atExportSize(width, height, async () => {
      view.showTime(tS);
      const image = view.capture();
      return { width: image.width, height: image.height, rgba: Array.from(image.data) };
    }),
    decodeVideoFrame: async (bytes, tS) => {
      const image = await decodeFrameAt(Uint8Array.from(bytes), tS);
      return { width: image.width, height: image.height, rgba: Array.from(image.data) };
    },
    renderAudio: async (durationS) => {
      const buffer = await renderOffline(api.cues(), durationS);
      return { sampleRate: buffer.sampleRate, samples: Array.from(buffer.getChannelData(0)) };
    },
    render: controller.render,
    exportDownload: async (kind, settings) => {
      const signal = new AbortController().signal;
      const bytes = kind === 'pack' ? await controller.exportPack(settings as PackSettings, signal)
        : kind === 'video' ? await controller.exportVideo(settings as VideoSettings, signal) : await controller.exportGlb();
      if (!bytes) return null;
      const filename = kind === 'pack' ? 'worlddraft-pack.zip' : kind === 'glb' ? 'worlddraft-scene.glb' : `worlddraft.${(settings as VideoSettings).format}`;
      downloadFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), filename);
      return { filename, bytes: bytes.length };
    },
  };
  window.worlddraft = api;

  // A share link reproduces its scene; anything else opens on the default prompt. A damaged link's
  // message stays on screen over the default scene.
  const shared = sharePayloadFromHash(location.hash);
  const linkOk = shared !== null && (await controller.runShared(shared));
  if (!linkOk) {
    const linkError = controller.state.error;
    await controller.runPrompt(DEFAULT_PROMPT);
    if (linkError) controller.showError(linkError);
  }
}

void start();
