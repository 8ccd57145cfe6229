/**
 * Teaching measurements derived from a SimTimeline: per-body series of height, speed and energies, the
 * readouts a teacher asks for (position, velocity, maximum height, range), the analytic free-flight
 * curve to draw over the simulated one, and CSV of the plotted quantities.
 *
 * Velocities and energies are the simulator's own per-frame values (KE = ½mv² + ½ωᵀIω, PE = −m g·r);
 * height is the centre's height along −gravity above y = 0.
 */
import type { SimTimeline, TimelineFrame } from './timeline.ts';

export interface BodySeries {
  bodyId: string;
  t: number[];
  heightM: number[];
  speedMps: number[];
  kineticJ: number[];
  potentialJ: number[];
  totalJ: number[];
  positionsM: [number, number, number][];
  velocitiesMps: [number, number, number][];
}

export function bodySeries(timeline: SimTimeline, bodyIndex: number, gravity: readonly [number, number, number]): BodySeries {
  const { frames } = timeline;
  const g = Math.hypot(...gravity);
  const up: [number, number, number] = g > 0 ? [-gravity[0] / g, -gravity[1] / g, -gravity[2] / g] : [0, 1, 0];
  const measured = (frame: TimelineFrame) => {
    if (!frame.velocitiesMps || !frame.kineticJ || !frame.potentialJ) throw new Error('This timeline has no velocities or energies; simulate the scene again.');
    return { v: frame.velocitiesMps[bodyIndex], ke: frame.kineticJ[bodyIndex], pe: frame.potentialJ[bodyIndex] };
  };
  const values = frames.map(measured);
  const positionsM = frames.map((f) => f.positions[bodyIndex]);
  const kineticJ = values.map((m) => m.ke);
  const potentialJ = values.map((m) => m.pe);
  return {
    bodyId: timeline.bodies[bodyIndex].id,
    t: frames.map((f) => f.t),
    heightM: positionsM.map((p) => p[0] * up[0] + p[1] * up[1] + p[2] * up[2]),
    speedMps: values.map((m) => Math.hypot(...m.v)),
    kineticJ, potentialJ,
    totalJ: kineticJ.map((k, i) => k + potentialJ[i]),
    positionsM,
    velocitiesMps: values.map((m) => m.v),
  };
}

export interface Readouts {
  timeS: number;
  positionM: [number, number, number];
  velocityMps: [number, number, number];
  speedMps: number;
  /** Highest centre height reached so far, m. */
  maxHeightM: number;
  /** Horizontal distance from the start so far, m. */
  rangeM: number;
}

/** Readouts at frame `frameIndex` (clamped). */
export function readoutsAt(series: BodySeries, frameIndex: number): Readouts {
  const i = Math.min(Math.max(Math.round(frameIndex), 0), series.t.length - 1);
  const start = series.positionsM[0], p = series.positionsM[i];
  let maxHeightM = -Infinity;
  for (let k = 0; k <= i; k++) maxHeightM = Math.max(maxHeightM, series.heightM[k]);
  return {
    timeS: series.t[i],
    positionM: p,
    velocityMps: series.velocitiesMps[i],
    speedMps: series.speedMps[i],
    maxHeightM,
    rangeM: Math.hypot(p[0] - start[0], p[2] - start[2]),
  };
}

/**
 * The analytic free-flight height h(t) = h₀ + v₀ₕ t − ½ g t² from the body's start, up to its first
 * contact (after which the analytic curve no longer applies); null past that.
 */
export function analyticFlightHeight(timeline: SimTimeline, series: BodySeries, gravity: readonly [number, number, number]): (number | null)[] {
  const g = Math.hypot(...gravity);
  const firstContact = firstImpactS(timeline, series.bodyId);
  const h0 = series.heightM[0];
  const up = g > 0 ? [-gravity[0] / g, -gravity[1] / g, -gravity[2] / g] : [0, 1, 0];
  const v0 = series.velocitiesMps[0];
  const vUp = v0[0] * up[0] + v0[1] * up[1] + v0[2] * up[2];
  return series.t.map((t) => (t <= firstContact ? h0 + vUp * t - 0.5 * g * t * t : null));
}

/** A contact closing slower than this is a body settling or resting, not an impact. */
const MIN_IMPACT_SPEED_MPS = 0.1;

/** Time of the body's first real impact (not the touch of something resting), or Infinity. */
export function firstImpactS(timeline: SimTimeline, bodyId: string): number {
  return timeline.contacts.find((c) => (c.a === bodyId || c.b === bodyId) && c.normalSpeedMps > MIN_IMPACT_SPEED_MPS)?.t ?? Infinity;
}

/** CSV (header + one row per frame) of the plotted quantities, SI units. */
export function seriesCsv(series: BodySeries): string {
  const rows = ['t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,height_m,speed_mps,kinetic_j,potential_j,total_j'];
  series.t.forEach((t, i) => {
    const p = series.positionsM[i], v = series.velocitiesMps[i];
    rows.push([t, ...p, ...v, series.heightM[i], series.speedMps[i], series.kineticJ[i], series.potentialJ[i], series.totalJ[i]]
      .map((x) => Number(x.toPrecision(9))).join(','));
  });
  return `${rows.join('\n')}\n`;
}
