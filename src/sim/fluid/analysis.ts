/**
 * Measurements of a liquid's particles for validation and the CLI: the dam-break surge front, the
 * volume of the liquid body in a closed box, and how far two runs' liquids are apart.
 */
import type { Vec3 } from '../../scene/geometry.ts';
import { decodeFluidFrame, type FluidFrame } from './frames.ts';

/**
 * Two runs of one scene's liquids, frame by frame (the CPU reference and the GPU solver): whether
 * every frame has the same liquid and particle count, and the largest distance between the liquids'
 * centres of mass over the frames, m (0 for frames with no particles).
 */
export function liquidRunsGap(reference: readonly FluidFrame[], other: readonly FluidFrame[]): { sameCounts: boolean; centreGapM: number } {
  const sameCounts = reference.length === other.length && reference.every((f, i) => f.fluidId === other[i].fluidId && f.count === other[i].count);
  let centreGapM = 0;
  for (let i = 0; i < Math.min(reference.length, other.length); i++) {
    if (reference[i].count === 0 || other[i].count === 0) continue;
    const a = centreOfMass(decodeFluidFrame(reference[i])), b = centreOfMass(decodeFluidFrame(other[i]));
    centreGapM = Math.max(centreGapM, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
  }
  return { sameCounts, centreGapM };
}

function centreOfMass(positionsM: Float32Array): Vec3 {
  const c: Vec3 = [0, 0, 0], n = positionsM.length / 3;
  for (let p = 0; p < n; p++) for (let k = 0; k < 3; k++) c[k] += positionsM[p * 3 + k] / n;
  return c;
}

/**
 * The surge front along +x, measured from `wallXM` (the back wall's inner face): the x below which
 * all but 0.1 % of the particles lie (so a lone splash droplet does not count as the front), m.
 */
export function surgeFront(positionsM: ArrayLike<number>, count: number, wallXM: number): number {
  if (count === 0) return 0;
  const xs = new Float64Array(count);
  for (let p = 0; p < count; p++) xs[p] = positionsM[p * 3];
  xs.sort();
  return xs[Math.min(count - 1, Math.floor(count * 0.999))] - wallXM;
}

/** Quadratic B-spline, support |u| < 1.5, unit integral. */
function bspline(u: number): number {
  const a = u < 0 ? -u : u;
  return a < 0.5 ? 0.75 - a * a : a < 1.5 ? 0.5 * (1.5 - a) * (1.5 - a) : 0;
}

/**
 * Volume of the liquid body inside the closed box [boxMinM, boxMaxM], m³: the region where the
 * particle number density, smoothed with a quadratic B-spline of width `smoothingM` (the fluid's cell)
 * and counting each particle's mirror images in the six walls (so the walls do not thin the liquid
 * next to them), is at least half the rest density `restPerM3` (particles per m³). Sampled on a grid
 * of smoothingM / 4. It uses only the particles' positions, not the solver's grid: compressed liquid
 * measures smaller, voids are not counted, and a lone droplet (below half density) does not count
 * either, so a violent splash reads slightly low while it is in the air.
 */
export function liquidBodyVolumeM3(positionsM: ArrayLike<number>, count: number, boxMinM: Vec3, boxMaxM: Vec3, smoothingM: number, restPerM3: number): number {
  const s = smoothingM / 4;
  const dims = [0, 1, 2].map((k) => Math.max(1, Math.round((boxMaxM[k] - boxMinM[k]) / s)));
  const field = new Float64Array(dims[0] * dims[1] * dims[2]);
  const lo = [0, 0, 0], hi = [0, 0, 0], wx = new Float64Array(dims[0]);
  const reach = 1.5 * smoothingM;
  const images: number[][] = [[], [], []];
  for (let p = 0; p < count; p++) {
    for (let k = 0; k < 3; k++) {
      const x = positionsM[p * 3 + k];
      images[k].length = 0;
      images[k].push(x);
      if (x - boxMinM[k] < reach) images[k].push(2 * boxMinM[k] - x);
      if (boxMaxM[k] - x < reach) images[k].push(2 * boxMaxM[k] - x);
    }
    for (const x of images[0]) for (const y of images[1]) for (const z of images[2]) {
      const c = [x, y, z];
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.max(0, Math.ceil((c[k] - reach - boxMinM[k]) / s - 0.5));
        hi[k] = Math.min(dims[k] - 1, Math.floor((c[k] + reach - boxMinM[k]) / s - 0.5));
      }
      for (let i = lo[0]; i <= hi[0]; i++) wx[i] = bspline((boxMinM[0] + (i + 0.5) * s - x) / smoothingM);
      for (let kk = lo[2]; kk <= hi[2]; kk++) {
        const wz = bspline((boxMinM[2] + (kk + 0.5) * s - z) / smoothingM);
        for (let j = lo[1]; j <= hi[1]; j++) {
          const wyz = bspline((boxMinM[1] + (j + 0.5) * s - y) / smoothingM) * wz;
          const row = (kk * dims[1] + j) * dims[0];
          for (let i = lo[0]; i <= hi[0]; i++) field[row + i] += wx[i] * wyz;
        }
      }
    }
  }
  const threshold = 0.5 * restPerM3 * smoothingM * smoothingM * smoothingM;
  let inside = 0;
  for (let i = 0; i < field.length; i++) if (field[i] >= threshold) inside++;
  return inside * s * s * s;
}
