/**
 * The simulation features behind the teaching cases: joints, timed actions, air drag, fixed bodies,
 * and composite shapes (a ball dropped into a cup stays in it). Each is checked against physics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSceneSpec, type SceneSpecInput } from '../scene/spec.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate } from './simulate.ts';
import type { SimTimeline } from './timeline.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

const G = 9.81;
const bob = (id: string, positionM: [number, number, number], extra: object = {}) => ({
  id, name: id, kind: 'ball', shape: { type: 'sphere' as const, radiusM: 0.02 }, material: 'steel' as const, massKg: 1, positionM, ...extra,
});

function run(spec: SceneSpecInput, fps = 240): SimTimeline {
  return simulate(rapier, validateSceneSpec(spec), { fps });
}

/** Times at which coordinate `axis` of body 0 crosses `level` going upwards. */
function upwardCrossings(timeline: SimTimeline, axis: number, level: number): number[] {
  const times: number[] = [];
  for (let i = 1; i < timeline.frames.length; i++) {
    const a = timeline.frames[i - 1].positions[0][axis] - level, b = timeline.frames[i].positions[0][axis] - level;
    if (a < 0 && b >= 0) times.push(timeline.frames[i - 1].t + (timeline.frames[i].t - timeline.frames[i - 1].t) * (-a / (b - a)));
  }
  return times;
}

describe('joints', () => {
  it('a pendulum on a spherical joint swings with period 2π√(L/g) at small amplitude', () => {
    const L = 1, angle = 5 * Math.PI / 180;
    const timeline = run({
      version: 1, seed: 1, durationS: 6, environment: { ground: null },
      bodies: [bob('bob', [L * Math.sin(angle), 2 - L * Math.cos(angle), 0])],
      joints: [{ id: 'rod', type: 'spherical', a: 'world', b: 'bob', anchorM: [0, 2, 0] }],
    });
    const crossings = upwardCrossings(timeline, 0, 0);
    const period = (crossings.at(-1)! - crossings[0]) / (crossings.length - 1);
    // Small-angle period corrected for 5° amplitude (1 + θ²/16).
    const expected = 2 * Math.PI * Math.sqrt(L / G) * (1 + angle ** 2 / 16);
    expect(Math.abs(period / expected - 1)).toBeLessThan(0.01);
    // The rod keeps its length.
    for (const f of timeline.frames) expect(Math.hypot(f.positions[0][0], f.positions[0][1] - 2, f.positions[0][2])).toBeCloseTo(L, 3);
  });

  it('a mass on a spring oscillates with period 2π√(m/k)', () => {
    const m = 1, k = 100;
    const timeline = run({
      version: 1, seed: 1, durationS: 4, gravity: [0, 0, 0], environment: { ground: null },
      bodies: [bob('mass', [0.6, 1, 0], { massKg: m })],
      joints: [{ id: 'spring', type: 'spring', a: 'world', b: 'mass', anchorAM: [0, 1, 0], anchorBM: [0.6, 1, 0], restLengthM: 0.5, stiffnessNpm: k }],
    });
    const crossings = upwardCrossings(timeline, 0, 0.5);
    const period = (crossings.at(-1)! - crossings[0]) / (crossings.length - 1);
    expect(Math.abs(period / (2 * Math.PI * Math.sqrt(m / k)) - 1)).toBeLessThan(0.01);
  });

  it('a rope holds a hanging mass at its length and goes slack when pushed up', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 2, environment: { ground: null },
      bodies: [bob('mass', [0, 1, 0], { linearVelocityMps: [0, 2, 0] })],
      joints: [{ id: 'rope', type: 'rope', a: 'world', b: 'mass', anchorAM: [0, 2, 0], anchorBM: [0, 1, 0], lengthM: 1 }],
    });
    const ys = timeline.frames.map((f) => f.positions[0][1]);
    expect(Math.max(...ys)).toBeGreaterThan(1.15); // slack: it rose freely
    expect(Math.min(...ys)).toBeGreaterThan(0.99 - 0.01); // taut: never below the rope's length
  });
});

describe('actions', () => {
  it('an impulse at a time changes the velocity by J/m from then on', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 1, gravity: [0, 0, 0], environment: { ground: null },
      bodies: [bob('puck', [0, 1, 0], { massKg: 2 })],
      actions: [{ type: 'impulse', atS: 0.5, bodyId: 'puck', impulseNs: [3, 0, 0] }],
    });
    const at = (t: number) => timeline.frames[Math.round(t * 240)].positions[0][0];
    expect(at(0.45)).toBe(0);
    expect((at(0.9) - at(0.6)) / 0.3).toBeCloseTo(1.5, 3); // Rapier is single precision
  });
});

describe('air drag', () => {
  it('a falling ball approaches its terminal velocity √(2mg / ρ C_d A)', () => {
    const r = 0.1, m = 0.05, cd = 0.47, rho = 1.225;
    const timeline = run({
      version: 1, seed: 1, durationS: 8, environment: { ground: null }, airDrag: { enabled: true },
      // Near the origin: single-precision positions far away would blur the small per-substep steps.
      bodies: [{ id: 'balloon', name: 'balloon', kind: 'ball', shape: { type: 'sphere', radiusM: r }, material: 'rubber', massKg: m, positionM: [0, 30, 0] }],
    }, 60);
    const n = timeline.frames.length;
    const speed = (timeline.frames[n - 2].positions[0][1] - timeline.frames[n - 1].positions[0][1]) * 60;
    const terminal = Math.sqrt((2 * m * G) / (rho * cd * Math.PI * r * r));
    expect(Math.abs(speed / terminal - 1)).toBeLessThan(0.01);
  });

  it('is off unless asked for', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 1, environment: { ground: null },
      bodies: [{ id: 'b', name: 'b', kind: 'ball', shape: { type: 'sphere', radiusM: 0.1 }, material: 'rubber', massKg: 0.05, positionM: [0, 100, 0] }],
    }, 60);
    expect(100 - timeline.frames.at(-1)!.positions[0][1]).toBeCloseTo(0.5 * G, 1);
  });
});

describe('shapes and fixed bodies', () => {
  it('a marble dropped into a cup stays inside it', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 2, environment: { ground: { material: 'wood' } },
      bodies: [
        { id: 'cup', name: 'cup', kind: 'cup', shape: { type: 'cup', radiusM: 0.045, bottomRadiusM: 0.035, heightM: 0.1, wallM: 0.004 }, material: 'glass', massKg: 0.3, positionM: [0, 0.05, 0] },
        { id: 'marble', name: 'marble', kind: 'marble', shape: { type: 'sphere', radiusM: 0.008 }, material: 'glass', positionM: [0.01, 0.4, 0] },
      ],
    }, 60);
    const last = timeline.frames.at(-1)!;
    const [cx, cy, cz] = last.positions[0], [mx, my, mz] = last.positions[1];
    expect(Math.hypot(mx - cx, mz - cz)).toBeLessThan(0.04);
    expect(my - cy).toBeLessThan(0.05);
    expect(my).toBeGreaterThan(0); // on the cup's base, not through it
  });

  it('a fixed body stays where it is and still collides', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 1, environment: { ground: null },
      bodies: [
        { id: 'post', name: 'post', kind: 'cube', shape: { type: 'box', sizeM: [0.5, 0.1, 0.5] }, material: 'wood', fixed: true, positionM: [0, 0, 0] },
        bob('ball', [0, 0.5, 0]),
      ],
    }, 60);
    expect(timeline.frames.at(-1)!.positions[0]).toEqual([0, 0, 0]);
    expect(timeline.frames.at(-1)!.positions[1][1]).toBeGreaterThan(0.05);
    expect(timeline.contacts.some((c) => c.b === 'post' || c.a === 'post')).toBe(true);
  });

  it('a scripted body follows its path, turning the short way, holds its last pose, and pushes what is in its way', () => {
    const timeline = run({
      version: 1, seed: 1, durationS: 1.5, gravity: [0, -G, 0],
      bodies: [
        { id: 'paddle', name: 'paddle', kind: 'box', shape: { type: 'box', sizeM: [0.05, 0.2, 0.2] }, material: 'wood', positionM: [-0.5, 0.1, 0],
          path: [{ tS: 0.5, positionM: [0, 0.1, 0], rotationDeg: [0, 0, 0] }, { tS: 1, positionM: [0.5, 0.1, 0], rotationDeg: [0, 270, 0] }] },
        { id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.05 }, material: 'rubber', positionM: [0.2, 0.05, 0] },
      ],
      environment: { ground: { material: 'wood' } },
    }, 60);
    const at = (t: number) => timeline.frames[Math.round(t * 60)]!;
    // Linear in position between poses, at the poses on time.
    expect(at(0.25).positions[0]![0]).toBeCloseTo(-0.25, 3);
    expect(at(0.5).positions[0]![0]).toBeCloseTo(0, 3);
    expect(at(1.5).positions[0]).toEqual(at(1).positions[0]);
    // 270° about y is −90°: the short way round, a quarter turn, half of it by 0.75 s.
    const [, qy, , qw] = at(0.75).quaternions[0]!;
    expect(Math.abs(2 * Math.atan2(qy, qw) * 180 / Math.PI)).toBeCloseTo(45, 0);
    // Nothing pushes it back, and it pushed the ball on along +x.
    expect(at(1.5).positions[1]![0]).toBeGreaterThan(0.55);
    expect(timeline.contacts.some((c) => [c.a, c.b].includes('paddle') && [c.a, c.b].includes('ball'))).toBe(true);
  });
});
