/**
 * The small interface between the UI and the rest of the app (DESIGN.md: the UI never reaches into
 * sim/). main.ts implements it; lit elements read `state` and call the methods. `ControllerBinding`
 * is the lit reactive controller that re-renders a host element whenever the state changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TeachingParameter, TeachingValues } from './teaching-parameters.ts';
import type { RenderApi } from '../render/api.ts';
import type { ShotSpec } from '../scene/spec.ts';
import type { PackSettings } from '../export/pack.ts';

/** What the teaching panel reads for the selected body at the current time (SI units). */
export interface BodyReadouts {
  timeS: number;
  positionM: [number, number, number];
  velocityMps: [number, number, number];
  speedMps: number;
  maxHeightM: number;
  rangeM: number;
}

export type PlotQuantity = 'height' | 'speed' | 'energy';

/** One shot of the shot list, with its place on the timeline and its first-frame thumbnail. */
export interface ShotStrip {
  shot: ShotSpec;
  startS: number;
  endS: number;
  /** A small PNG data URL of the shot's first frame, once rendered. */
  thumbnail: string | null;
}

/** The optional language model: an OpenAI-compatible endpoint the user runs themselves. */
export interface LlmChoice {
  enabled: boolean;
  endpoint: string;
  model: string;
}

export interface OverlayFlags {
  trail: boolean;
  velocity: boolean;
  force: boolean;
  ruler: boolean;
}

/** A video export's settings: container, frame rate and exact size in pixels. */
export interface VideoSettings {
  format: 'webm' | 'mp4';
  fps: number;
  width: number;
  height: number;
  /** Every frame through the draft model (loaded in the Draft tab) instead of the raw render. */
  draft?: boolean;
}

/** Series sharing one time axis, ready for a chart; null marks "no value here". */
export interface PlotData {
  t: number[];
  unit: string;
  series: { label: string; values: (number | null)[] }[];
}

/** A stretch of the prompt and what it became (SceneSpec interpretation spans). */
export interface PromptSpan {
  start: number;
  end: number;
  role: string;
  field?: string;
}

/** The draft model (src/inference): which one is loaded, where it runs, how fast, what went wrong. */
export interface DraftModelState {
  /** 'unavailable': no model ships with this build and none was brought; 'failed': the model stopped. */
  status: 'idle' | 'loading' | 'ready' | 'failed' | 'unavailable';
  source: 'shipped' | 'own' | null;
  name: string | null;
  /** The onnxruntime execution provider it runs on. */
  backend: 'webgpu' | 'wasm' | null;
  precision: string | null;
  /** Median ms per frame of the model alone over the last runs, and the first run (compile) apart. */
  msPerFrame: number | null;
  firstRunMs: number | null;
  /** One sentence about the last load or run problem; a working current model stays in use. */
  error: string | null;
  /** A sentence that is not an error (e.g. why WebGPU is not used). */
  notice: string | null;
}

/** One frame as rendered (raw) and through the draft model, at the same size. */
export interface DraftFrame {
  timeS: number;
  width: number;
  height: number;
  raw: ImageData;
  /** null without a working model. */
  draft: ImageData | null;
}

export interface DraftState {
  prompt: string;
  /** How the prompt's words were used; characters outside every span were not understood. */
  spans: PromptSpan[];
  /** The scene spec the prompt became, pretty-printed JSON. */
  specJson: string;
  unknownWords: string[];
  assumptions: string[];
  durationS: number;
  fps: number;
  timeS: number;
  playing: boolean;
  speed: number;
  backend: 'webgpu' | 'webgl2' | null;
  audio: 'waiting-for-gesture' | 'on' | 'muted' | 'unavailable';
  /** A simulation or parse in progress. */
  busy: boolean;
  /** One sentence naming the last problem and what to do; null when all is well. */
  error: string | null;
  /** Path-precise problems in the last edited spec ("bodies[0].massKg: …"); empty when it was valid. */
  specErrors: string[];
  /** A sentence about the last run that is not an error (e.g. the built-in parser took over). */
  notice: string | null;
  llm: LlmChoice;
  /** Where liquids are solved: the CPU reference (bit for bit everywhere) or the WGSL solver on WebGPU. */
  fluidSolver: 'cpu' | 'webgpu';
  /** Where the current scene's liquid ran ('cpu', or the GPU's name); null without a simulated liquid. */
  fluidSolverUsed: string | null;
  /** Counts the scenes loaded: anything derived from the scene can key on it. */
  sceneRevision: number;
  bodies: { id: string; name: string }[];
  selectedBodyId: string | null;
  readouts: BodyReadouts | null;
  /** The teacher's slider values for the selected body. */
  parameters: TeachingValues | null;
  /** The shot list; empty when the scene has no shots (one automatic camera). */
  shots: ShotStrip[];
  /** Teaching overlays drawn in the view for the selected body. */
  overlays: OverlayFlags;
  /** Whether a cameo face is on, and how many person stand-ins the scene has to wear it. */
  cameo: { on: boolean; people: number };
  /** Set while a "from here" branch is shown: the time it branched at. */
  branch: { fromT: number } | null;
  /** A video export under way, or null. */
  exportProgress: { framesDone: number; framesTotal: number } | null;
  /** How far the simulation under way has got (fixed steps), or null (none, or not reported yet). */
  simProgress: { stepsDone: number; stepsTotal: number } | null;
  draft: DraftModelState;
}

export interface DraftController {
  readonly state: DraftState;
  /** Styles, aspect, shots and the conditioning passes of the viewport. */
  readonly render: RenderApi;
  subscribe(listener: () => void): () => void;
  runPrompt(text: string): Promise<void>;
  /** Uses (or stops using) a language model for prompts; off by default. */
  setLlm(choice: LlmChoice): void;
  /** Chooses where liquids are solved; a scene with a simulated liquid runs again there. */
  setFluidSolver(choice: 'cpu' | 'webgpu'): Promise<void>;
  /** Runs an edited SceneSpec (JSON text); an invalid one leaves the current scene in place. */
  runSpecJson(text: string): Promise<void>;
  /** The whole timeline as a video with its sound; rejects with ExportCancelled when `signal` aborts. */
  exportVideo(settings: VideoSettings, signal: AbortSignal): Promise<Uint8Array | null>;
  /** The conditioning pack (frames and passes, tracks, sound, JSON, README) as zip bytes. */
  exportPack(settings: PackSettings, signal: AbortSignal): Promise<Uint8Array | null>;
  /** Each shot's first, middle and last frame in one PNG. */
  exportContactSheet(): Promise<Blob | null>;
  /** The current frame as it is on screen, PNG. */
  exportPng(): Promise<Blob | null>;
  /** The scene as an animated binary glTF, with the viewport's camera. */
  exportGlb(): Promise<Uint8Array | null>;
  /** A URL that reproduces the current scene exactly (prompt, seed and edits), or null before one. */
  shareLink(): string | null;
  play(): void;
  pause(): void;
  restart(): void;
  seek(timeS: number): void;
  setSpeed(speed: number): void;
  setMuted(muted: boolean): void;
  /** Moves one recorded frame forwards (1) or backwards (−1), pausing playback. */
  stepFrame(direction: 1 | -1): void;
  selectBody(id: string): void;
  setOverlays(flags: OverlayFlags): void;
  /** Replaces the scene's shots and re-simulates (shots decide how long the world runs). */
  setShots(shots: ShotSpec[]): Promise<void>;
  /**
   * Changes a teaching parameter and re-simulates at once: for the whole run, or (fromHere) only from
   * the current moment, keeping the original run to go back to.
   */
  setParameter(parameter: TeachingParameter, value: number, fromHere?: boolean): Promise<void>;
  /** Puts the user's picture (held in memory only) on the person stand-ins, or takes it off (null). */
  setCameo(image: ImageBitmap | null): void;
  /** Back to the run before the first "from here" change. */
  backToOriginal(): Promise<void>;
  plotData(quantity: PlotQuantity, withAnalytic: boolean): PlotData | null;
  /** The plotted quantities of the selected body as CSV. */
  exportCsv(): { filename: string; text: string } | null;
  /** Loads the shipped draft model, once; its absence or failure sets `state.draft.error`. */
  startDraft(): Promise<void>;
  /**
   * Checks the user's model against its manifest, loads it and tries it on a small frame; on any
   * problem the current model stays and `state.draft.error` says why. Resolves to whether it is in use.
   */
  loadOwnDraftModel(model: Uint8Array, manifestJson: string, fileName: string): Promise<boolean>;
  /** The current frame raw and through the draft model: exactly `size`, or the view's shape at most maxWidth wide. */
  draftFrame(options?: { maxWidth?: number; size?: [number, number] }): Promise<DraftFrame | null>;
}

export class ControllerBinding implements ReactiveController {
  private unsubscribe: (() => void) | null = null;
  private controller: DraftController | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  bind(controller: DraftController | null): void {
    this.unsubscribe?.();
    this.controller = controller;
    this.unsubscribe = controller?.subscribe(() => this.host.requestUpdate()) ?? null;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (this.controller && !this.unsubscribe) this.bind(this.controller);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
