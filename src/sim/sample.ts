/**
 * Samples a SimTimeline at any time: positions are interpolated linearly between the two recorded
 * frames around t, orientations by normalised quaternion lerp along the shorter arc. Frames are
 * 1/fps apart, so nlerp is indistinguishable from slerp here and needs no trigonometry.
 */
import type { SimTimeline } from './timeline.ts';

export interface Pose {
  positions: [number, number, number][];
  quaternions: [number, number, number, number][];
}

/** Clamps t into the timeline and returns every body's interpolated pose. */
export function samplePose(timeline: SimTimeline, tS: number): Pose {
  const { frames } = timeline;
  const last = frames.length - 1;
  const x = Math.min(Math.max(tS * timeline.fps, 0), last);
  const i0 = Math.floor(x);
  const i1 = Math.min(i0 + 1, last);
  const alpha = x - i0;
  const a = frames[i0], b = frames[i1];
  const positions = a.positions.map((p, k): [number, number, number] => {
    const q = b.positions[k];
    return [p[0] + (q[0] - p[0]) * alpha, p[1] + (q[1] - p[1]) * alpha, p[2] + (q[2] - p[2]) * alpha];
  });
  const quaternions = a.quaternions.map((p, k): [number, number, number, number] => {
    const q = b.quaternions[k];
    const dot = p[0] * q[0] + p[1] * q[1] + p[2] * q[2] + p[3] * q[3];
    const s = dot < 0 ? -1 : 1;
    const r: [number, number, number, number] = [
      p[0] + (s * q[0] - p[0]) * alpha, p[1] + (s * q[1] - p[1]) * alpha,
      p[2] + (s * q[2] - p[2]) * alpha, p[3] + (s * q[3] - p[3]) * alpha,
    ];
    const n = Math.hypot(r[0], r[1], r[2], r[3]);
    return [r[0] / n, r[1] / n, r[2] / n, r[3] / n];
  });
  return { positions, quaternions };
}

/** Duration covered by the recorded frames, seconds. */
export function timelineEndS(timeline: SimTimeline): number {
  return (timeline.frames.length - 1) / timeline.fps;
}
