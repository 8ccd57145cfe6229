/**
 * The render part of `window.worlddraft` (main.ts mounts it as `worlddraft.render`): shots, styles,
 * aspect ratios and the conditioning passes, for the console, the end-to-end tests and the render
 * benchmark. Typed arrays are returned as they are; callers inside the page reduce them before
 * sending results out.
 */
import type { ShotSpec } from '../scene/spec.ts';
import type { DraftPasses } from '../inference/passes.ts';
import type { FrameDescription } from './draft-passes.ts';
import type { FramePasses, InstanceInfo, SceneView } from './scene-view.ts';
import type { AspectName, ShotPlan } from './shots.ts';
import type { StyleName } from './styles.ts';
import { depthRange, depthVisual, flowVisual, idVisual, normalVisual } from './pass-math.ts';

export const PASS_NAMES = ['beauty', 'depth', 'normals', 'ids', 'semantic', 'flow', 'edges'] as const;
export type PassName = typeof PASS_NAMES[number];

export interface RenderApi {
  style(): StyleName;
  setStyle(style: StyleName): void;
  setAspect(aspect: AspectName | null): void;
  /** Drawing-buffer size, pixels. */
  size(): [number, number];
  shotPlans(): ShotPlan[];
  setShots(shots: ShotSpec[]): void;
  setCameraMode(mode: 'shots' | 'free'): void;
  /** Body `index`'s centre on the canvas at time t (pixels from top left) and its depth in front of the camera. */
  projectBodyAt(tS: number, index: number): [number, number, number];
  passes(tS: number, width?: number, height?: number): Promise<FramePasses>;
  tracks(times: number[], pointsPerBody?: number, width?: number, height?: number): Promise<{ n: number; t: number; tracks: Float32Array; visible: Uint8Array; bodyIds: string[] }>;
  edges(tS: number): { width: number; height: number; edges: Uint8Array };
  instances(): InstanceInfo[];
  /** A pass as an RGBA picture (visualisation) at time t, at the drawing-buffer size. */
  passImage(name: PassName, tS: number): Promise<ImageData>;
  /** The draft model's inputs at time t (src/inference/passes.ts). */
  draftPasses(tS: number, width?: number, height?: number): Promise<DraftPasses>;
  /** The frame at time t as plain data, for the reference path tracer (models/draft/train/). */
  frameDescription(tS: number, width?: number, height?: number): Promise<FrameDescription>;
  /** The raw frame with three's GTAO pass multiplied in, RGBA (the draft model's baseline). */
  ambientOcclusion(tS: number, width?: number, height?: number): Promise<ImageData>;
  /** Median ms per frame over `frames` renders, beauty only or beauty + every pass. */
  bench(frames: number, withPasses: boolean, width?: number, height?: number): Promise<number>;
}

export function createRenderApi(view: SceneView, onChange: () => void): RenderApi {
  const sized = (w?: number, h?: number): [number, number] => (w && h ? [w, h] : view.size);
  const api: RenderApi = {
    style: () => view.style,
    setStyle: (style) => { view.setStyle(style); onChange(); },
    setAspect: (aspect) => { view.setAspect(aspect); onChange(); },
    size: () => view.size,
    shotPlans: () => [...view.shotPlans],
    setShots: (shots) => { view.setShots(shots); onChange(); },
    setCameraMode: (mode) => { view.setCameraMode(mode); onChange(); },
    projectBodyAt: (tS, index) => {
      view.showTime(tS);
      const [x, y] = view.projectBody(index);
      const p = view.camera.worldToLocal(view.bodyPosition(index));
      return [x, y, -p.z];
    },
    // Each call that renders offscreen across awaits waits its turn (SceneView.offscreen).
    passes: (tS, w, h) => view.offscreen(() => view.passesAt(tS, sized(w, h))),
    draftPasses: (tS, w, h) => view.offscreen(() => view.draftPassesAt(tS, sized(w, h))),
    frameDescription: (tS, w, h) => view.offscreen(() => view.frameDescriptionAt(tS, sized(w, h))),
    ambientOcclusion: (tS, w, h) => view.offscreen(() => view.ambientOcclusionAt(tS, sized(w, h))),
    tracks: (times, points = 64, w, h) => view.offscreen(() => view.tracks(times, points, sized(w, h))),
    edges: (tS) => view.edgesAt(tS),
    instances: () => view.instanceMap(),
    passImage: (name, tS) => view.offscreen(async () => {
      const [width, height] = view.size;
      if (name === 'beauty') { view.showTime(tS); return view.capture(); }
      if (name === 'edges') {
        const { edges } = view.edgesAt(tS);
        const rgba = new Uint8ClampedArray(width * height * 4);
        for (let i = 0; i < edges.length; i++) rgba.set([edges[i], edges[i], edges[i], 255], 4 * i);
        return new ImageData(rgba, width, height);
      }
      const p = await view.passesAt(tS, [width, height]);
      const rgba = name === 'depth' ? depthVisual(p.depth, depthRange([p.depth]))
        : name === 'normals' ? normalVisual(p.normals)
          : name === 'ids' ? idVisual(p.ids)
            : name === 'semantic' ? p.semantic
              : flowVisual(p.flow, p.flowValid);
      return new ImageData(new Uint8ClampedArray(rgba), width, height);
    }),
    bench: (frames, withPasses, w, h) => view.offscreen(async () => {
      const times: number[] = [];
      const size = sized(w, h);
      for (let i = 0; i < frames; i++) {
        const t = (i % 60) / 60;
        const start = performance.now();
        view.showTime(t);
        view.capture();
        if (withPasses) {
          await view.passesAt(t, size);
          view.edgesAt(t);
        }
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)];
    }),
  };
  return api;
}
