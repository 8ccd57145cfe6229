/**
 * Shot cameras: film language (shot size, angle, move) turned into a camera pose at any world time.
 * Pure math, no three.js and no DOM, so it is unit-tested in Node (shots.test.ts).
 *
 *   SceneSpec.shots + SimTimeline.shotCuts ─► planShots ─► ShotPlan[] (world-time windows)
 *   ShotPlan + subject bounds (swept or current) + static obstacles ─► shotCamera(p) ─► CameraPose
 *
 * - Shot size is computed from the subject's bounding sphere: the subject's diameter fills a fixed
 *   fraction of the frame's smaller angular extent (extreme-wide 12 %, wide 35 %, medium 60 %, close-up
 *   90 %, extreme close-up 160 %: only part of it shows). So framing follows the object, not offsets.
 * - Static, pan, tilt, dolly and orbit frame the subject's box swept over the whole shot (the action
 *   stays in frame); tracking frames the subject's box at the current time and follows it.
 * - The camera never clips: the segment target→camera is intersected with every static part's AABB
 *   (slab method, Kay & Kajiya 1986) and the camera is pulled in front of the first hit; it also keeps
 *   the near plane clear of the hit surface.
 * - Cuts are instant: the pose is a pure function of world time and the shot that contains it.
 *   Times between shots (skipBeforeS) belong to the next shot, so scrubbing there shows its first frame.
 * - Shot windows come from timeline.shotCuts where the simulation gives them, else from the spec
 *   (cumulative skipBeforeS + durationS); the world runs on underneath the cuts either way.
 */
import type { SceneSpec, ShotSpec } from '../scene/spec.ts';
import type { ShotCut } from '../sim/timeline.ts';

export type Vec3 = [number, number, number];

export interface Box3 { min: Vec3; max: Vec3 }

export interface CameraPose {
  positionM: Vec3;
  targetM: Vec3;
  /** Up hint for lookAt (straight-down shots use −z so the view stays defined). */
  up: Vec3;
  /** Vertical field of view, degrees. */
  fovDeg: number;
}

export interface ShotPlan {
  shot: ShotSpec;
  index: number;
  /** World (timeline) time the shot starts and ends, seconds. */
  startS: number;
  endS: number;
}

/** Output aspect ratios offered to creators, width / height. */
export const ASPECT_RATIOS = { '16:9': 16 / 9, '9:16': 9 / 16, '1:1': 1, '2.39:1': 2.39 } as const;
export type AspectName = keyof typeof ASPECT_RATIOS;

/** Fraction of the frame the subject's diameter fills, per shot size. */
export const FRAMING_FILL: Record<ShotSpec['framing'], number> = {
  'extreme-wide': 0.12, wide: 0.35, medium: 0.6, 'close-up': 0.9, 'extreme-close-up': 1.6,
};
/** Vertical field of view per shot size (longer lenses for tighter shots), degrees. */
export const FRAMING_FOV_DEG: Record<ShotSpec['framing'], number> = {
  'extreme-wide': 50, wide: 40, medium: 35, 'close-up': 30, 'extreme-close-up': 26,
};
/** Camera elevation above the subject's centre per angle, degrees. */
export const ANGLE_ELEVATION_DEG: Record<ShotSpec['angle'], number> = {
  'eye-level': 4, overhead: 89.5, 'low-angle': -18, 'high-angle': 38, side: 2,
};
/** Default azimuth: a three-quarter view from +z, turned towards +x, degrees. */
const BASE_AZIMUTH_DEG = 18;
const DEG = Math.PI / 180;

/** The default shot when a spec has none: one wide, eye-level, static shot of everything. */
export function defaultShot(durationS: number): ShotSpec {
  return { id: 'shot-1', durationS: Math.max(durationS, 1e-3), skipBeforeS: 0, framing: 'wide', angle: 'eye-level', move: 'static', playbackRate: 1 };
}

/**
 * World-time windows of the shots. Uses the simulation's cut times where it recorded one for a shot,
 * else cumulative skipBeforeS + durationS.
 */
export function planShots(spec: Pick<SceneSpec, 'shots' | 'durationS'>, cuts: readonly ShotCut[] = []): ShotPlan[] {
  const shots = spec.shots.length ? spec.shots : [defaultShot(spec.durationS)];
  const plans: ShotPlan[] = [];
  let t = 0;
  shots.forEach((shot, index) => {
    const cut = spec.shots.length ? cuts.find((c) => c.shotId === shot.id) : undefined;
    const startS = cut ? cut.t : t + shot.skipBeforeS;
    plans.push({ shot, index, startS, endS: startS + shot.durationS });
    t = startS + shot.durationS;
  });
  return plans;
}

/** The shot on screen at world time t: the one containing t, else the next one, else the last one. */
export function shotAt(plans: readonly ShotPlan[], tS: number): ShotPlan {
  for (const plan of plans) if (tS < plan.endS) return plan;
  return plans[plans.length - 1];
}

/** Progress through the shot, 0 at its first frame and 1 at its end. */
export function shotProgress(plan: ShotPlan, tS: number): number {
  const span = plan.endS - plan.startS;
  return span > 0 ? Math.min(Math.max((tS - plan.startS) / span, 0), 1) : 0;
}

export interface ShotCameraInput {
  shot: Pick<ShotSpec, 'framing' | 'angle' | 'move'>;
  /** 0..1 through the shot. */
  progress: number;
  /** What to frame: the subject swept over the shot (static moves) or now (tracking). */
  frameBox: Box3;
  /** The subject's box now (pan and tilt aim at it). */
  currentBox: Box3;
  /** Width / height of the output frame. */
  aspect: number;
  /** Static geometry to stay out of (AABBs in world space). */
  obstacles: readonly Box3[];
  /** Horizontal direction of the subject's motion, if any (side shots look across it). */
  motionDir?: Vec3;
  /** Near-plane distance the camera keeps from any surface, metres. */
  nearM?: number;
}

/** The camera pose for one moment of one shot. */
export function shotCamera(input: ShotCameraInput): CameraPose {
  const { shot, aspect } = input;
  const p = smoothstep(Math.min(Math.max(input.progress, 0), 1));
  const center = boxCenter(input.frameBox);
  const radius = Math.max(boxRadius(input.frameBox), 0.02);
  const fovDeg = FRAMING_FOV_DEG[shot.framing];
  const distance = framingDistance(radius, FRAMING_FILL[shot.framing], fovDeg, aspect);

  let azimuth = BASE_AZIMUTH_DEG * DEG;
  if (shot.angle === 'side') {
    const m = input.motionDir;
    // Look across the motion (camera direction perpendicular to it, horizontal); with no motion, from +x.
    if (m && Math.hypot(m[0], m[2]) > 1e-6) {
      azimuth = Math.atan2(-m[2], m[0]);
      if (Math.cos(azimuth) < -1e-9) azimuth += Math.PI; // prefer the +z side, where the default view is
    } else {
      azimuth = 90 * DEG;
    }
  }
  let d = distance;
  if (shot.move === 'dolly-in') d = distance * (1.6 - 0.8 * p);
  if (shot.move === 'dolly-out') d = distance * (0.8 + 0.8 * p);
  if (shot.move === 'orbit') azimuth += p * 120 * DEG;
  const elevation = ANGLE_ELEVATION_DEG[shot.angle] * DEG;
  const dir: Vec3 = [Math.cos(elevation) * Math.sin(azimuth), Math.sin(elevation), Math.cos(elevation) * Math.cos(azimuth)];

  let target: Vec3 = center;
  if (shot.move === 'tracking') target = boxCenter(input.currentBox);
  let position = add(target, scale(dir, d));
  if (shot.move === 'pan' || shot.move === 'tilt') {
    // The camera stays put; its aim turns to follow the subject (pan: about y, tilt: about the camera's x).
    const now = boxCenter(input.currentBox);
    target = shot.move === 'pan' ? [now[0], center[1], now[2]] : [center[0], now[1], center[2]];
    if (dist(now, center) < radius * 0.05) {
      // A still subject: sweep gently across it so the move reads.
      const sweep = (p - 0.5) * 2 * radius * 0.5;
      target = shot.move === 'pan' ? add(center, scale(rightOf(dir), sweep)) : add(center, [0, sweep, 0]);
    }
  }
  const nearM = input.nearM ?? Math.max(radius / 100, 0.005);
  position = avoidObstacles(target, position, input.obstacles, nearM * 4 + 0.01);
  const up: Vec3 = shot.angle === 'overhead' ? [-Math.sin(azimuth), 0, -Math.cos(azimuth)] : [0, 1, 0];
  return { positionM: position, targetM: target, up, fovDeg };
}

/** Distance at which a sphere of `radius` fills `fill` of the smaller field of view. */
export function framingDistance(radius: number, fill: number, fovDeg: number, aspect: number): number {
  const halfV = (fovDeg * DEG) / 2;
  const halfH = Math.atan(Math.tan(halfV) * aspect);
  const half = Math.min(halfV, halfH);
  // The sphere's angular radius is asin(r/d); make it `fill` of the half angle.
  return radius / Math.sin(Math.min(half * fill, Math.PI / 2 - 1e-3));
}

/**
 * Pulls `camera` towards `target` until the segment between them is clear of every obstacle box that
 * does not contain the target, keeping `margin` metres in front of the first surface hit.
 */
export function avoidObstacles(target: Vec3, camera: Vec3, obstacles: readonly Box3[], margin: number): Vec3 {
  const delta = sub(camera, target);
  const length = Math.hypot(...delta);
  if (length < 1e-9) return camera;
  const dir = scale(delta, 1 / length);
  let limit = length;
  for (const box of obstacles) {
    const grown: Box3 = { min: sub(box.min, [margin, margin, margin]), max: add(box.max, [margin, margin, margin]) };
    if (containsPoint(box, target)) continue; // the subject sits inside it (a tank's bounds): its walls can't be judged by a box
    const hit = rayBoxEntry(target, dir, grown);
    if (hit !== null && hit < limit) limit = hit;
  }
  return limit < length ? add(target, scale(dir, Math.max(limit, margin))) : camera;
}

/** Distance along a unit ray to where it enters the box, or null if it misses (slab method). */
export function rayBoxEntry(origin: Vec3, dir: Vec3, box: Box3): number | null {
  let tMin = 0, tMax = Infinity;
  for (let k = 0; k < 3; k++) {
    if (Math.abs(dir[k]) < 1e-12) {
      if (origin[k] < box.min[k] || origin[k] > box.max[k]) return null;
      continue;
    }
    let t0 = (box.min[k] - origin[k]) / dir[k], t1 = (box.max[k] - origin[k]) / dir[k];
    if (t0 > t1) [t0, t1] = [t1, t0];
    tMin = Math.max(tMin, t0);
    tMax = Math.min(tMax, t1);
    if (tMin > tMax) return null;
  }
  return tMin;
}

/** Is point inside box (inclusive)? */
export function containsPoint(box: Box3, p: Vec3): boolean {
  return p.every((v, k) => v >= box.min[k] && v <= box.max[k]);
}

/** Union of boxes; an empty list gives a unit box at the origin. */
export function unionBoxes(boxes: readonly Box3[]): Box3 {
  if (!boxes.length) return { min: [-0.5, -0.5, -0.5], max: [0.5, 0.5, 0.5] };
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const b of boxes) for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], b.min[k]); max[k] = Math.max(max[k], b.max[k]); }
  return { min, max };
}

/** A cube of half size r around c. */
export function boxAround(c: Vec3, r: number): Box3 {
  return { min: [c[0] - r, c[1] - r, c[2] - r], max: [c[0] + r, c[1] + r, c[2] + r] };
}

export function boxCenter(b: Box3): Vec3 {
  return [(b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2];
}

export function boxRadius(b: Box3): number {
  return Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]) / 2;
}

/**
 * The largest rectangle of the given aspect centred in a canvas (letterbox or pillarbox), in pixels,
 * plus the action-safe (90 %) and title-safe (80 %) areas inside it (SMPTE ST 2046-1 proportions).
 */
export function frameRect(canvasW: number, canvasH: number, aspect: number | null): { x: number; y: number; w: number; h: number } {
  if (!aspect) return { x: 0, y: 0, w: canvasW, h: canvasH };
  let w = canvasW, h = Math.round(canvasW / aspect);
  if (h > canvasH) { h = canvasH; w = Math.round(canvasH * aspect); }
  return { x: Math.floor((canvasW - w) / 2), y: Math.floor((canvasH - h) / 2), w, h };
}

export function safeAreas(rect: { x: number; y: number; w: number; h: number }): { action: typeof rect; title: typeof rect } {
  const inset = (f: number) => ({ x: rect.x + (rect.w * (1 - f)) / 2, y: rect.y + (rect.h * (1 - f)) / 2, w: rect.w * f, h: rect.h * f });
  return { action: inset(0.9), title: inset(0.8) };
}

function smoothstep(x: number): number { return x * x * (3 - 2 * x); }
function add(a: Vec3, b: Vec3): Vec3 { return [a[0] + b[0], a[1] + b[1], a[2] + b[2]]; }
function sub(a: Vec3, b: Vec3): Vec3 { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
function scale(a: Vec3, s: number): Vec3 { return [a[0] * s, a[1] * s, a[2] * s]; }
function dist(a: Vec3, b: Vec3): number { return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]); }
function rightOf(dir: Vec3): Vec3 {
  // Camera right = up × back (back = dir from target to camera), horizontal.
  const r: Vec3 = [dir[2], 0, -dir[0]];
  const n = Math.hypot(...r) || 1;
  return scale(r, 1 / n);
}
