/**
 * Conditioning-pass math on the CPU: exact optical flow with occlusion masks, point tracks, Canny
 * edges, depth encodings and visualisations, ADE20K semantic colours. Pure (no three.js, no DOM), so it
 * is unit-tested in Node (pass-math.test.ts); the GPU only supplies exact per-pixel depth, normals and
 * instance ids (scene-view.ts renders them with override node materials).
 *
 * Flow is exact, not estimated: each pixel's surface point is unprojected with the frame-t camera and
 * its metric depth, carried by its own body's rigid motion from t to t+1 (statics stay still) and
 * projected with the frame-(t+1) camera. A pixel is `occluded` when its point is off-screen or hidden
 * at t+1 (the id buffer at t+1 shows another surface or a nearer depth there); a pixel of frame t+1 is
 * `disoccluded` when the same test run backwards finds no visible source in frame t (the convention of
 * the MPI-Sintel benchmark, Butler et al. 2012).
 *
 * Canny edges follow Canny (1986): Gaussian smoothing (σ = 1.4, 5×5), Sobel gradients, non-maximum
 * suppression along the quantised gradient direction, double threshold and hysteresis.
 *
 * Depth is linear view-space distance along the camera axis (metres); the 16-bit form is unsigned
 * millimetres (0 = no surface; 65.535 m maximum), the TUM RGB-D / Kinect convention scaled to 1 mm.
 *
 * Buffers are row-major with row 0 at the TOP of the image; pixel (x, y)'s centre is (x + 0.5, y + 0.5).
 */
import type { Vec3 } from './shots.ts';

export type Quat = [number, number, number, number];

/** A perspective camera as plain numbers: world→view matrix (column-major, like three.js) and lens. */
export interface PassCamera {
  /** 16 numbers, column-major: the world→view transform. */
  viewMatrix: number[];
  fovDeg: number;
  aspect: number;
}

/** The per-pixel data the GPU gives for one frame. */
export interface GeometryFrame {
  width: number;
  height: number;
  /** Linear depth in metres; 0 where no surface. */
  depth: Float32Array;
  /** Instance id per pixel: 0 background, 1..N bodies, then statics. */
  ids: Uint16Array;
  camera: PassCamera;
  /** Rigid pose of each instance id at this frame (missing ids are static). */
  poses: Map<number, { position: Vec3; quaternion: Quat }>;
}

// ---- small linear algebra ------------------------------------------------------------------------

export function rotate(v: Vec3, q: Quat): Vec3 {
  const [x, y, z] = v, [qx, qy, qz, qw] = q;
  const ix = qw * x + qy * z - qz * y, iy = qw * y + qz * x - qx * z, iz = qw * z + qx * y - qy * x, iw = -qx * x - qy * y - qz * z;
  return [ix * qw + iw * -qx + iy * -qz - iz * -qy, iy * qw + iw * -qy + iz * -qx - ix * -qz, iz * qw + iw * -qz + ix * -qy - iy * -qx];
}

export function conjugate(q: Quat): Quat { return [-q[0], -q[1], -q[2], q[3]]; }

function applyMatrix(m: number[], p: Vec3): Vec3 {
  return [m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12], m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13], m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14]];
}

/** Inverse of a rigid (rotation + translation) column-major matrix. */
export function invertRigid(m: number[]): number[] {
  const r = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  const t = [m[12], m[13], m[14]];
  // R^T and -R^T t
  return [
    r[0], r[3], r[6], 0,
    r[1], r[4], r[7], 0,
    r[2], r[5], r[8], 0,
    -(r[0] * t[0] + r[1] * t[1] + r[2] * t[2]), -(r[3] * t[0] + r[4] * t[1] + r[5] * t[2]), -(r[6] * t[0] + r[7] * t[1] + r[8] * t[2]), 1,
  ];
}

/** A world→view matrix for a camera at `eye` looking at `target` with `up` (three.js lookAt). */
export function lookAtViewMatrix(eye: Vec3, target: Vec3, up: Vec3 = [0, 1, 0]): number[] {
  const z = normalize([eye[0] - target[0], eye[1] - target[1], eye[2] - target[2]]);
  const x = normalize(cross(up, z));
  const y = cross(z, x);
  const world = [x[0], x[1], x[2], 0, y[0], y[1], y[2], 0, z[0], z[1], z[2], 0, eye[0], eye[1], eye[2], 1];
  return invertRigid(world);
}

function cross(a: Vec3, b: Vec3): Vec3 { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
function normalize(a: Vec3): Vec3 { const n = Math.hypot(...a) || 1; return [a[0] / n, a[1] / n, a[2] / n]; }

/** World point → [pixel x, pixel y, linear depth]; depth ≤ 0 means behind the camera. */
export function projectPoint(camera: PassCamera, width: number, height: number, p: Vec3): [number, number, number] {
  const v = applyMatrix(camera.viewMatrix, p);
  const d = -v[2];
  const tanY = Math.tan((camera.fovDeg * Math.PI) / 360), tanX = tanY * camera.aspect;
  const nx = v[0] / (d * tanX), ny = v[1] / (d * tanY);
  return [((nx + 1) / 2) * width, ((1 - ny) / 2) * height, d];
}

/** Pixel centre (x, y) at linear depth d → world point. */
export function unprojectPixel(camera: PassCamera, width: number, height: number, x: number, y: number, d: number): Vec3 {
  const tanY = Math.tan((camera.fovDeg * Math.PI) / 360), tanX = tanY * camera.aspect;
  const nx = ((x + 0.5) / width) * 2 - 1, ny = 1 - ((y + 0.5) / height) * 2;
  return applyMatrix(invertRigid(camera.viewMatrix), [nx * d * tanX, ny * d * tanY, -d]);
}

/** Moves a world point attached to instance `id` from its pose in `from` to its pose in `to`. */
function carry(p: Vec3, id: number, from: GeometryFrame, to: GeometryFrame): Vec3 {
  const a = from.poses.get(id), b = to.poses.get(id);
  if (!a || !b) return p;
  const local = rotate([p[0] - a.position[0], p[1] - a.position[1], p[2] - a.position[2]], conjugate(a.quaternion));
  const w = rotate(local, b.quaternion);
  return [w[0] + b.position[0], w[1] + b.position[1], w[2] + b.position[2]];
}

/** Relative depth tolerance of the visibility tests. */
const DEPTH_TOLERANCE = 0.02;

/** Is world point p (on instance id) visible in frame f? */
function visibleIn(f: GeometryFrame, p: Vec3, id: number): { x: number; y: number; visible: boolean } {
  const [x, y, d] = projectPoint(f.camera, f.width, f.height, p);
  const ix = Math.floor(x), iy = Math.floor(y);
  if (d <= 0 || ix < 0 || iy < 0 || ix >= f.width || iy >= f.height) return { x, y, visible: false };
  const k = iy * f.width + ix;
  const seen = f.depth[k];
  const visible = f.ids[k] === id && seen > 0 && Math.abs(seen - d) <= DEPTH_TOLERANCE * d + 0.002;
  return { x, y, visible };
}

export interface FlowResult {
  width: number;
  height: number;
  /** Forward flow (dx, dy) per pixel, pixels per frame; 0 where no surface. */
  flow: Float32Array;
  /** 1 where frame t shows a surface (flow defined). */
  valid: Uint8Array;
  /** 1 where the frame-t point is hidden or off-screen at t+1. */
  occluded: Uint8Array;
  /** 1 where a frame-(t+1) pixel has no visible source in frame t. */
  disoccluded: Uint8Array;
}

/** Exact forward optical flow from frame a (t) to frame b (t+1). */
export function computeFlow(a: GeometryFrame, b: GeometryFrame): FlowResult {
  const { width, height } = a;
  const n = width * height;
  const flow = new Float32Array(2 * n), valid = new Uint8Array(n), occluded = new Uint8Array(n), disoccluded = new Uint8Array(n);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const k = y * width + x;
    const d = a.depth[k];
    if (!(d > 0)) continue;
    valid[k] = 1;
    const id = a.ids[k];
    const p = unprojectPixel(a.camera, width, height, x, y, d);
    const q = carry(p, id, a, b);
    const seen = visibleIn(b, q, id);
    flow[2 * k] = seen.x - (x + 0.5);
    flow[2 * k + 1] = seen.y - (y + 0.5);
    if (!seen.visible) occluded[k] = 1;
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const k = y * width + x;
    const d = b.depth[k];
    if (!(d > 0)) continue;
    const id = b.ids[k];
    const p = unprojectPixel(b.camera, width, height, x, y, d);
    if (!visibleIn(a, carry(p, id, b, a), id).visible) disoccluded[k] = 1;
  }
  return { width, height, flow, valid, occluded, disoccluded };
}

/**
 * Point tracks: `localPoints[i]` on instance `ids[i]` (body frame), through `frames`.
 * Returns tracks N×T×2 (pixels, row-major by point then frame) and visibility N×T (1 visible).
 */
export function computeTracks(localPoints: readonly Vec3[], ids: readonly number[], frames: readonly GeometryFrame[]): { tracks: Float32Array; visible: Uint8Array; n: number; t: number } {
  const n = localPoints.length, t = frames.length;
  const tracks = new Float32Array(n * t * 2), visible = new Uint8Array(n * t);
  localPoints.forEach((local, i) => {
    frames.forEach((f, j) => {
      const pose = f.poses.get(ids[i]);
      const w = pose ? rotate(local, pose.quaternion) : local;
      const p: Vec3 = pose ? [w[0] + pose.position[0], w[1] + pose.position[1], w[2] + pose.position[2]] : w;
      const seen = visibleIn(f, p, ids[i]);
      tracks[(i * t + j) * 2] = seen.x;
      tracks[(i * t + j) * 2 + 1] = seen.y;
      visible[i * t + j] = seen.visible ? 1 : 0;
    });
  });
  return { tracks, visible, n, t };
}

/** Deterministic points on a sphere of radius r (Fibonacci lattice, González 2010). */
export function fibonacciSphere(count: number, r: number): Vec3[] {
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: count }, (_, i) => {
    const y = 1 - ((i + 0.5) / count) * 2;
    const s = Math.sqrt(1 - y * y);
    return [Math.cos(i * golden) * s * r, y * r, Math.sin(i * golden) * s * r] as Vec3;
  });
}

/** Deterministic points on a box's faces (a grid on each face), half extents h. */
export function boxSurfacePoints(perFace: number, h: Vec3): Vec3[] {
  const m = Math.max(1, Math.round(Math.sqrt(perFace)));
  const out: Vec3[] = [];
  for (let axis = 0; axis < 3; axis++) for (const sign of [-1, 1]) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    const u = ((i + 0.5) / m) * 2 - 1, v = ((j + 0.5) / m) * 2 - 1;
    const p: Vec3 = [0, 0, 0];
    p[axis] = sign * h[axis];
    p[(axis + 1) % 3] = u * h[(axis + 1) % 3];
    p[(axis + 2) % 3] = v * h[(axis + 2) % 3];
    out.push(p);
  }
  return out;
}

// ---- depth -----------------------------------------------------------------------------------------

/** Metric depth (m) → unsigned 16-bit millimetres, 0 where no surface, clamped at 65.535 m. */
export function depthToUint16Mm(depth: Float32Array): Uint16Array {
  const out = new Uint16Array(depth.length);
  for (let i = 0; i < depth.length; i++) out[i] = depth[i] > 0 ? Math.min(Math.round(depth[i] * 1000), 65535) : 0;
  return out;
}

/** Nearest and farthest surface depth over a clip's frames (the per-clip normalisation range). */
export function depthRange(frames: readonly Float32Array[]): [number, number] {
  let near = Infinity, far = 0;
  for (const f of frames) for (let i = 0; i < f.length; i++) if (f[i] > 0) { near = Math.min(near, f[i]); far = Math.max(far, f[i]); }
  return Number.isFinite(near) ? [near, far] : [0, 1];
}

/** Depth visualisation: near is bright (255), far dark, background black; normalised to `range`. */
export function depthVisual(depth: Float32Array, range: [number, number]): Uint8ClampedArray {
  const [near, far] = range;
  const span = Math.max(far - near, 1e-6);
  const out = new Uint8ClampedArray(depth.length * 4);
  for (let i = 0; i < depth.length; i++) {
    const v = depth[i] > 0 ? Math.round(255 * (1 - (depth[i] - near) / span) * 0.9 + 25) : 0;
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = v;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Normals (xyz per pixel, unit) → RGB with the usual (n + 1) / 2 mapping; background mid-grey-blue. */
export function normalVisual(normals: Float32Array): Uint8ClampedArray {
  const n = normals.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const x = normals[3 * i], y = normals[3 * i + 1], z = normals[3 * i + 2];
    const empty = x === 0 && y === 0 && z === 0;
    out[4 * i] = empty ? 128 : (x + 1) * 127.5;
    out[4 * i + 1] = empty ? 128 : (y + 1) * 127.5;
    out[4 * i + 2] = empty ? 255 : (z + 1) * 127.5;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Flow visualisation: hue = direction, saturation = magnitude / maxPx (Baker et al. 2011 colour wheel idea). */
export function flowVisual(flow: Float32Array, valid: Uint8Array, maxPx = 0): Uint8ClampedArray {
  const n = valid.length;
  let max = maxPx;
  if (!max) for (let i = 0; i < n; i++) max = Math.max(max, Math.hypot(flow[2 * i], flow[2 * i + 1]));
  max = Math.max(max, 1e-3);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i + 3] = 255;
    if (!valid[i]) continue;
    const fx = flow[2 * i], fy = flow[2 * i + 1];
    const s = Math.min(Math.hypot(fx, fy) / max, 1);
    const h = (Math.atan2(-fy, -fx) / Math.PI + 1) * 3; // 0..6
    const c = s, xk = c * (1 - Math.abs((h % 2) - 1));
    const [r, g, b] = h < 1 ? [c, xk, 0] : h < 2 ? [xk, c, 0] : h < 3 ? [0, c, xk] : h < 4 ? [0, xk, c] : h < 5 ? [xk, 0, c] : [c, 0, xk];
    out[4 * i] = 255 * (1 - s + r);
    out[4 * i + 1] = 255 * (1 - s + g);
    out[4 * i + 2] = 255 * (1 - s + b);
  }
  return out;
}

// ---- semantic ----------------------------------------------------------------------------------------

/**
 * The ADE20K classes WorldDraft's objects map to, with their palette colours: only the entries used.
 * Names, 0-based indices and RGB are those of the ADE20K SceneParsing 150-class table in mmsegmentation,
 * mmseg/datasets/ade.py (ADE20KDataset.METAINFO `classes` and `palette`; open-mmlab/mmsegmentation,
 * checked against commit 088894b), which ControlNet's segmentation annotator (lllyasviel/ControlNet,
 * annotator/uniformer) also uses. Index 108 is named "plaything" there (the ADE20K list says
 * "plaything, toy").
 */
export const ADE20K: Record<string, { index: number; rgb: [number, number, number] }> = {
  wall: { index: 0, rgb: [120, 120, 120] },
  sky: { index: 2, rgb: [6, 230, 230] },
  floor: { index: 3, rgb: [80, 50, 50] },
  table: { index: 15, rgb: [255, 6, 82] },
  water: { index: 21, rgb: [61, 230, 250] },
  shelf: { index: 24, rgb: [255, 7, 71] },
  base: { index: 40, rgb: [255, 122, 8] },
  box: { index: 41, rgb: [0, 255, 20] },
  stairs: { index: 53, rgb: [255, 224, 0] },
  'pool table': { index: 56, rgb: [255, 71, 0] },
  pole: { index: 93, rgb: [51, 0, 255] },
  bottle: { index: 98, rgb: [0, 255, 10] },
  plaything: { index: 108, rgb: [255, 0, 31] },
  ball: { index: 119, rgb: [255, 0, 163] },
  tank: { index: 122, rgb: [0, 255, 235] },
  pot: { index: 125, rgb: [245, 0, 255] },
  glass: { index: 147, rgb: [25, 194, 194] },
};

/** The ADE20K class of a body kind or environment item kind. */
export function semanticClass(kind: string, isStatic: boolean): keyof typeof ADE20K {
  const k = kind.toLowerCase();
  if (isStatic) {
    if (k === 'floor' || k === 'ground') return 'floor';
    if (k === 'billiard-table') return 'pool table';
    if (k === 'table') return 'table';
    if (k === 'stairs') return 'stairs';
    if (k === 'hoop') return 'pole';
    if (k === 'tank') return 'tank';
    if (k === 'box') return 'shelf';
    if (k === 'ramp') return 'base';
    return 'wall';
  }
  if (k.includes('ball') || k === 'marble' || k === 'sphere') return 'ball';
  if (k.includes('bottle')) return 'bottle';
  if (k.includes('glass') || k.includes('cup') || k.includes('mug')) return 'glass';
  if (k.includes('pot') || k.includes('bowl')) return 'pot';
  if (k === 'domino') return 'plaything';
  return 'box';
}

/** Instance ids → RGBA semantic image; background gets `backgroundClass` (wall indoors, sky outdoors). */
export function semanticImage(ids: Uint16Array, classOfId: ReadonlyMap<number, keyof typeof ADE20K>, backgroundClass: keyof typeof ADE20K): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ids.length * 4);
  for (let i = 0; i < ids.length; i++) {
    const rgb = ADE20K[ids[i] ? (classOfId.get(ids[i]) ?? 'wall') : backgroundClass].rgb;
    out[4 * i] = rgb[0]; out[4 * i + 1] = rgb[1]; out[4 * i + 2] = rgb[2]; out[4 * i + 3] = 255;
  }
  return out;
}

/** Instance ids → distinct colours (golden-angle hues), background black. */
export function idVisual(ids: Uint16Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ids.length * 4);
  for (let i = 0; i < ids.length; i++) {
    out[4 * i + 3] = 255;
    if (!ids[i]) continue;
    const h = (ids[i] * 137.508) % 360 / 60;
    const x = 1 - Math.abs((h % 2) - 1);
    const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
    out[4 * i] = 40 + r * 215; out[4 * i + 1] = 40 + g * 215; out[4 * i + 2] = 40 + b * 215;
  }
  return out;
}

// ---- Canny (1986) --------------------------------------------------------------------------------------

/**
 * Canny edges of an RGBA image (row 0 at top). Thresholds are fractions of the largest gradient
 * magnitude (high) and of the high threshold (low). Returns 255 on edges, 0 elsewhere.
 */
export function canny(rgba: ArrayLike<number>, width: number, height: number, highFraction = 0.2, lowRatio = 0.4): Uint8Array {
  const n = width * height;
  const gray = new Float32Array(n);
  for (let i = 0; i < n; i++) gray[i] = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
  // Gaussian 5×5, σ = 1.4 (the kernel in Canny's usual presentation), separable.
  const g1 = [2, 4, 5, 4, 2].map((v) => v / 17);
  const tmp = new Float32Array(n), smooth = new Float32Array(n);
  const at = (a: Float32Array, x: number, y: number) => a[Math.min(Math.max(y, 0), height - 1) * width + Math.min(Math.max(x, 0), width - 1)];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let s = 0;
    for (let k = -2; k <= 2; k++) s += g1[k + 2] * at(gray, x + k, y);
    tmp[y * width + x] = s;
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let s = 0;
    for (let k = -2; k <= 2; k++) s += g1[k + 2] * at(tmp, x, y + k);
    smooth[y * width + x] = s;
  }
  const mag = new Float32Array(n), dir = new Uint8Array(n);
  let max = 0;
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) {
    const gx = at(smooth, x + 1, y - 1) + 2 * at(smooth, x + 1, y) + at(smooth, x + 1, y + 1) - at(smooth, x - 1, y - 1) - 2 * at(smooth, x - 1, y) - at(smooth, x - 1, y + 1);
    const gy = at(smooth, x - 1, y + 1) + 2 * at(smooth, x, y + 1) + at(smooth, x + 1, y + 1) - at(smooth, x - 1, y - 1) - 2 * at(smooth, x, y - 1) - at(smooth, x + 1, y - 1);
    const m = Math.hypot(gx, gy);
    mag[y * width + x] = m;
    max = Math.max(max, m);
    const angle = ((Math.atan2(gy, gx) * 180) / Math.PI + 180) % 180;
    dir[y * width + x] = angle < 22.5 || angle >= 157.5 ? 0 : angle < 67.5 ? 1 : angle < 112.5 ? 2 : 3;
  }
  const offsets = [[1, 0], [1, 1], [0, 1], [-1, 1]];
  const thin = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) {
    const k = y * width + x;
    const [dx, dy] = offsets[dir[k]];
    if (mag[k] >= mag[k + dy * width + dx] && mag[k] > mag[k - dy * width - dx]) thin[k] = mag[k];
  }
  const high = Math.max(max * highFraction, 1e-6), low = high * lowRatio;
  const out = new Uint8Array(n);
  const stack: number[] = [];
  for (let k = 0; k < n; k++) if (thin[k] >= high && !out[k]) { out[k] = 255; stack.push(k); }
  while (stack.length) {
    const k = stack.pop()!;
    const x = k % width, y = (k - x) / width;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
      const j = yy * width + xx;
      if (!out[j] && thin[j] >= low) { out[j] = 255; stack.push(j); }
    }
  }
  return out;
}
