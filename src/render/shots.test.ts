/**
 * Shot camera math: shot windows, framing from bounds, angle presets, moves, obstacle avoidance and
 * aspect rectangles, checked against geometry worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ShotSpec } from '../scene/spec.ts';
import { avoidObstacles, boxAround, frameRect, framingDistance, planShots, rayBoxEntry, safeAreas, shotAt, shotCamera, type Box3, type Vec3 } from './shots.ts';
import { lookAtViewMatrix, projectPoint } from './pass-math.ts';

const shot = (over: Partial<ShotSpec>): ShotSpec => ({ id: 's', durationS: 1, skipBeforeS: 0, framing: 'wide', angle: 'eye-level', move: 'static', playbackRate: 1, ...over });

describe('planShots', () => {
  it('derives windows from durations and skips, and prefers recorded cuts', () => {
    const spec = { durationS: 10, shots: [shot({ id: 'a', durationS: 2 }), shot({ id: 'b', durationS: 1, skipBeforeS: 3 })] };
    expect(planShots(spec).map((p) => [p.startS, p.endS])).toEqual([[0, 2], [5, 6]]);
    expect(planShots(spec, [{ shotId: 'b', t: 4 }])[1].startS).toBe(4);
    expect(shotAt(planShots(spec), 3).shot.id).toBe('b'); // skipped time shows the next shot
    expect(shotAt(planShots(spec), 9).shot.id).toBe('b');
  });
  it('gives one wide static shot when the spec has none', () => {
    const [only] = planShots({ durationS: 4, shots: [] });
    expect(only).toMatchObject({ startS: 0, endS: 4, shot: { framing: 'wide', move: 'static' } });
  });
});

describe('shotCamera', () => {
  const subject = boxAround([0, 1, 0], 0.1);
  const base = { progress: 0, frameBox: subject, currentBox: subject, aspect: 16 / 9, obstacles: [] as Box3[] };
  const radius = Math.hypot(0.2, 0.2, 0.2) / 2;

  it('frames tighter for tighter shot sizes, at the computed distance', () => {
    const distances = (['extreme-wide', 'wide', 'medium', 'close-up', 'extreme-close-up'] as const).map((framing) => {
      const pose = shotCamera({ ...base, shot: shot({ framing }) });
      return Math.hypot(...pose.positionM.map((v, k) => v - pose.targetM[k]));
    });
    for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeLessThan(distances[i - 1]);
    expect(distances[1]).toBeCloseTo(framingDistance(radius, 0.35, 40, 16 / 9), 9);
  });

  it('the subject fills the intended fraction of the frame height', () => {
    const pose = shotCamera({ ...base, shot: shot({ framing: 'close-up' }) });
    const camera = { viewMatrix: lookAtViewMatrix(pose.positionM, pose.targetM, pose.up), fovDeg: pose.fovDeg, aspect: 16 / 9 };
    const [, yc] = projectPoint(camera, 1600, 900, [0, 1, 0]);
    expect(yc).toBeCloseTo(450, 3); // centred
    const d = Math.hypot(...pose.positionM.map((v, k) => v - pose.targetM[k]));
    const angular = Math.asin(radius / d) / ((pose.fovDeg * Math.PI) / 360);
    expect(angular).toBeCloseTo(0.9, 6);
  });

  it('angles: overhead looks down, low angle looks up, side looks across the motion', () => {
    const over = shotCamera({ ...base, shot: shot({ angle: 'overhead' }) });
    expect(over.positionM[1] - over.targetM[1]).toBeGreaterThan(0.99 * Math.hypot(...over.positionM.map((v, k) => v - over.targetM[k])));
    const low = shotCamera({ ...base, shot: shot({ angle: 'low-angle' }) });
    expect(low.positionM[1]).toBeLessThan(low.targetM[1]);
    const side = shotCamera({ ...base, shot: shot({ angle: 'side' }), motionDir: [1, 0, 0] });
    const dir = side.positionM.map((v, k) => v - side.targetM[k]);
    expect(Math.abs(dir[0]) / Math.hypot(...dir)).toBeLessThan(1e-6); // perpendicular to +x motion
  });

  it('moves: dolly in gets closer, orbit turns, tracking follows the current box', () => {
    const d = (p: number, move: ShotSpec['move']) => {
      const pose = shotCamera({ ...base, progress: p, shot: shot({ move }) });
      return Math.hypot(...pose.positionM.map((v, k) => v - pose.targetM[k]));
    };
    expect(d(1, 'dolly-in')).toBeLessThan(d(0, 'dolly-in') * 0.6);
    expect(d(1, 'dolly-out')).toBeGreaterThan(d(0, 'dolly-out') * 1.9);
    const o0 = shotCamera({ ...base, progress: 0, shot: shot({ move: 'orbit' }) }).positionM;
    const o1 = shotCamera({ ...base, progress: 1, shot: shot({ move: 'orbit' }) }).positionM;
    expect(Math.hypot(o1[0] - o0[0], o1[2] - o0[2])).toBeGreaterThan(0.1);
    const moved = boxAround([3, 0.5, -1], 0.1);
    const track = shotCamera({ ...base, currentBox: moved, frameBox: moved, shot: shot({ move: 'tracking' }) });
    expect(track.targetM).toEqual([3, 0.5, -1]);
  });

  it('never leaves the camera inside or behind a wall', () => {
    const wall: Box3 = { min: [-5, 0, 0.5], max: [5, 3, 0.7] }; // between subject and the default camera side (+z)
    const pose = shotCamera({ ...base, obstacles: [wall], shot: shot({ framing: 'extreme-wide' }) });
    expect(pose.positionM[2]).toBeLessThan(0.5);
    expect(rayBoxEntry(pose.targetM, norm(pose.positionM.map((v, k) => v - pose.targetM[k]) as Vec3), wall) ?? Infinity)
      .toBeGreaterThan(Math.hypot(...pose.positionM.map((v, k) => v - pose.targetM[k])));
    // Below the ground slab: pushed up in front of it.
    const ground: Box3 = { min: [-20, -1, -20], max: [20, 0, 20] };
    expect(avoidObstacles([0, 0.2, 0], [0, -2, 2], [ground], 0.01)[1]).toBeGreaterThan(0);
  });
});

describe('aspect rectangles', () => {
  it('letterboxes 2.39:1 and pillarboxes 9:16 inside 16:9, with safe areas inside', () => {
    expect(frameRect(1920, 1080, 2.39)).toEqual({ x: 0, y: 138, w: 1920, h: 803 });
    expect(frameRect(1920, 1080, 9 / 16)).toEqual({ x: 656, y: 0, w: 608, h: 1080 });
    const { action, title } = safeAreas({ x: 0, y: 0, w: 100, h: 100 });
    const round = (r: typeof action) => Object.values(r).map((v) => Math.round(v * 1e6) / 1e6);
    expect(round(action)).toEqual([5, 5, 90, 90]);
    expect(round(title)).toEqual([10, 10, 80, 80]);
  });
});

function norm(v: Vec3): Vec3 { const n = Math.hypot(...v); return [v[0] / n, v[1] / n, v[2] / n]; }
