/**
 * The app page's composition root: the <wd-app> element, the pipeline behind its viewport
 * (app-controller.ts) with the simulation in a Web Worker (sim/browser/worker-runner.ts; the page's
 * own thread if the worker cannot start), the `window.worlddraft` API for the console and the
 * end-to-end tests, and the first scene: a share link's, or the default demo.
 */
import './ui/app.ts';
import type { DraftController, VideoSettings } from './ui/controller.ts';
import { AppController, createAppController, runViewport } from './app-controller.ts';
import { parsePrompt } from './scene/parser.ts';
import { validateSceneSpec } from './scene/spec.ts';
import { loadRapier } from './sim/rapier.ts';
import { simulate } from './sim/simulate.ts';
import { localRunner } from './sim/runner.ts';
import { workerRunner } from './sim/browser/worker-runner.ts';
import { browserGpuFluidStepper } from './sim/gpu/browser-stepper.ts';
import { timelineHash } from './sim/hash.ts';
import { parseBackendOverride } from './render/backend.ts';
import type { RenderApi } from './render/api.ts';
import { extractCues, type AudioCue } from './audio/cues.ts';
import { renderOffline } from './audio/engine.ts';
import { sharePayloadFromHash } from './export/share.ts';
import { decodeFrameAt } from './export/browser/video.ts';
import type { PackSettings } from './export/pack.ts';
import { downloadFile } from './ui/download.ts';
import { DraftEngine } from './inference/browser/engine.ts';
import { MODEL_DEVICE_LIMITS } from './inference/browser/shared-device.ts';
import type { RouteComparison } from './inference/browser/gpu-check.ts';
import type { BrowserComparison } from './sim/gpu/browser-check.ts';

/** The default demo: Sora 2's own example, with a hoop, rim and backboard that behave like real ones. */
export const DEFAULT_PROMPT = 'a basketball misses the hoop and rebounds off the backboard';

/** `window.worlddraft`: a small API for the console and the end-to-end tests. */
export interface WorldDraftApi {
  controller: DraftController;
  /** The timeline hash of the scene on screen (simulated in the worker). */
  currentHash(): string | null;
  /** The timeline hash of a spec simulated on the page's own thread. */
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
  /**
   * The current frame raw and through the draft model at exactly width × height, with the passes the
   * model saw (HWC float32 as plain arrays), for the end-to-end tests.
   */
  /** Runs the WGSL fluid kernels on this browser's GPU against the CPU solver (sim/gpu/browser-check.ts). */
  fluidGpuCheck(): Promise<Record<string, BrowserComparison>>;
  /**
   * The draft model's GPU route against its CPU path (inference/browser/gpu-check.ts) on `frames`
   * consecutive frames from the current time, at width × height; null when the route is off (then
   * `why` says why).
   */
  draftGpuCheck(width: number, height: number, frames: number): Promise<{ comparisons: RouteComparison[] | null; why: string | null }>;
  /** Which path packed the draft model's last frame ('gpu' or 'cpu'), and why the GPU route is off. */
  draftPacking(): { last: 'gpu' | 'cpu' | null; gpuRouteOff: string | null };
  draftFrame(width: number, height: number): Promise<{ width: number; height: number; raw: number[]; draft: number[] | null; passes: Record<string, number[]> } | null>;
  /** Runs an export of the current scene and hands the file over as a browser download (the CLI and tests save it). */
  exportDownload(kind: 'pack' | 'video' | 'glb', settings?: PackSettings | VideoSettings): Promise<{ filename: string; bytes: number } | null>;
}

declare global {
  interface Window {
    worlddraft?: WorldDraftApi;
  }
}

async function start(): Promise<void> {
  const app = document.querySelector('wd-app')!;
  await app.updateComplete;
  let controller: AppController;
  try {
    controller = await createAppController(app.canvas, {
      backend: parseBackendOverride(new URLSearchParams(location.search).get('renderer')),
      deviceLimits: MODEL_DEVICE_LIMITS,
      runner: (rapier) => workerRunner(localRunner(rapier, browserGpuFluidStepper)),
    });
  } catch {
    document.body.textContent = 'This browser cannot draw 3D (neither WebGPU nor WebGL2 works): try a current Chrome, Edge, Firefox or Safari.';
    return;
  }
  app.controller = controller;
  // The draft model (src/inference): onnxruntime is loaded only when the Draft view first asks for it.
  // On WebGPU it computes on the renderer's device, so its input can be packed from the render targets.
  const ep = new URLSearchParams(location.search).get('draft-ep');
  const { view } = controller;
  const draftEngine = new DraftEngine(() => controller.draftChanged(), ep === 'webgpu' || ep === 'wasm' ? ep : null, view.gpuDevice);
  controller.attachDraft(draftEngine);
  runViewport(app.canvas, controller);
  const rapier = await loadRapier();

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
    captureAt: (tS, width, height) => view.offscreen(() => view.atExportSize(width, height, async () => {
      view.showTime(tS);
      const image = view.capture();
      return { width: image.width, height: image.height, rgba: Array.from(image.data) };
    })),
    decodeVideoFrame: async (bytes, tS) => {
      const image = await decodeFrameAt(Uint8Array.from(bytes), tS);
      return { width: image.width, height: image.height, rgba: Array.from(image.data) };
    },
    renderAudio: async (durationS) => {
      const buffer = await renderOffline(api.cues(), durationS);
      return { sampleRate: buffer.sampleRate, samples: Array.from(buffer.getChannelData(0)) };
    },
    render: controller.render,
    fluidGpuCheck: async () => (await import('./sim/gpu/browser-check.ts')).checkGpuFluidInBrowser(),
    draftGpuCheck: async (width, height, frames) => {
      const t0 = controller.state.timeS, fps = controller.state.fps;
      const comparisons = await view.offscreen(() => draftEngine.compareRoutes((i) => view.draftGpuFrameAt(t0 + i / fps, [width, height]), frames));
      return { comparisons, why: draftEngine.gpuRouteOff };
    },
    draftPacking: () => ({ last: draftEngine.lastPacking, gpuRouteOff: draftEngine.gpuRouteOff }),
    draftFrame: async (width, height) => {
      const frame = await controller.draftFrame({ size: [width, height], withPasses: true });
      if (!frame?.passes) return null;
      const passes: Record<string, number[]> = {};
      for (const [key, value] of Object.entries(frame.passes)) if (ArrayBuffer.isView(value)) passes[key] = Array.from(value as Float32Array);
      return { width: frame.width, height: frame.height, raw: Array.from(frame.raw.data), draft: frame.draft ? Array.from(frame.draft.data) : null, passes };
    },
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
