/**
 * Physics against analytic answers: bounce apexes, impact impulses and speeds, momentum in a head-on
 * collision, CCD against a thin wall, and the frame clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSceneSpec, type SceneSpecInput } from '../scene/spec.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate } from './simulate.ts';
import type { SimTimeline } from './timeline.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

const G = 9.81;

function ballSpec(overrides: Partial<SceneSpecInput> & { restitution: number; heightM: number; radiusM?: number }): SceneSpecInput {
  const radiusM = overrides.radiusM ?? 0.1;
  return {
    version: 1, seed: 1, durationS: overrides.durationS ?? 6,
    bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM }, material: 'rubber', massKg: 0.5, restitution: overrides.restitution, positionM: [0, overrides.heightM + radiusM, 0] }],
    environment: { ground: { material: 'wood' } },
  };
}

/** Heights of the lowest point at each local maximum after the first contact. */
function apexHeights(timeline: SimTimeline, radiusM: number): number[] {
  const ys = timeline.frames.map((f) => f.positions[0][1] - radiusM);
  const apexes: number[] = [];
  for (let i = 1; i < ys.length - 1; i++) if (ys[i] > ys[i - 1] && ys[i] >= ys[i + 1] && ys[i] > 0.005) apexes.push(ys[i]);
  return apexes;
}

describe('bouncing ball', () => {
  it('a ball with e = 0.8 dropped from 2 m reaches its first five apexes within 2% of 2·e^(2n)', () => {
    const timeline = simulate(rapier, validateSceneSpec(ballSpec({ restitution: 0.8, heightM: 2 })), { fps: 240 });
    const apexes = apexHeights(timeline, 0.1).slice(0, 5);
    expect(apexes).toHaveLength(5);
    apexes.forEach((apex, i) => {
      const expected = 2 * 0.8 ** (2 * (i + 1));
      expect(Math.abs(apex / expected - 1), `apex ${i + 1}: ${apex} vs ${expected}`).toBeLessThan(0.02);
    });
  });

  it('records each impact at the free-fall time with the textbook impulse and speed', () => {
    const h = 2, e = 0.8, m = 0.5;
    const timeline = simulate(rapier, validateSceneSpec(ballSpec({ restitution: e, heightM: h })));
    const first = timeline.contacts[0];
    const v = Math.sqrt(2 * G * h);
    expect(first).toMatchObject({ a: 'ball', b: 'floor' });
    expect(Math.abs(first.t - Math.sqrt((2 * h) / G))).toBeLessThan(0.005);
    expect(first.normalSpeedMps / v).toBeCloseTo(1, 2);
    expect(Math.abs(first.impulseNs / (m * (1 + e) * v) - 1)).toBeLessThan(0.02);
    expect(first.pointM[1]).toBeCloseTo(0, 2);
    // Later impacts are weaker, each by about e.
    expect(timeline.contacts[1].impulseNs / first.impulseNs).toBeCloseTo(e, 1);
  });

  it('a soft surface limits the bounce (Min combine rule)', () => {
    const spec = validateSceneSpec({ ...ballSpec({ restitution: 0.8, heightM: 1 }), environment: { ground: { material: 'carpet' } } });
    const apex = apexHeights(simulate(rapier, spec, { fps: 240 }), 0.1)[0];
    expect(Math.abs(apex / (1 * 0.4 ** 2) - 1)).toBeLessThan(0.05);
  });
});

describe('collisions', () => {
  it('a head-on collision conserves momentum within 1%', () => {
    const spec = validateSceneSpec({
      version: 1, seed: 1, durationS: 1, gravity: [0, 0, 0],
      bodies: [
        { id: 'a', name: 'a', kind: 'billiard-ball', shape: { type: 'sphere', radiusM: 0.028575 }, material: 'phenolic', massKg: 0.17, positionM: [-0.3, 0.5, 0], linearVelocityMps: [2, 0, 0] },
        { id: 'b', name: 'b', kind: 'bowling-ball', shape: { type: 'sphere', radiusM: 0.108 }, material: 'urethane', massKg: 7.26, positionM: [0.3, 0.5, 0], linearVelocityMps: [-0.5, 0, 0] },
      ],
      environment: { ground: null },
    });
    const timeline = simulate(rapier, spec);
    expect(timeline.contacts.length).toBeGreaterThan(0);
    const momentum = (frameIndex: number, dtS: number) => {
      const f0 = timeline.frames[frameIndex - 1], f1 = timeline.frames[frameIndex];
      return [0.17, 7.26].reduce((sum, m, k) => sum + (m * (f1.positions[k][0] - f0.positions[k][0])) / dtS, 0);
    };
    const dt = 1 / timeline.fps;
    const before = momentum(1, dt);
    const after = momentum(timeline.frames.length - 1, dt);
    expect(Math.abs(before / (0.17 * 2 - 7.26 * 0.5) - 1)).toBeLessThan(0.001);
    expect(Math.abs(after / before - 1)).toBeLessThan(0.01);
    // The light ball really bounced back.
    const last = timeline.frames.at(-1)!, prev = timeline.frames.at(-2)!;
    expect(last.positions[0][0] - prev.positions[0][0]).toBeLessThan(0);
  });

  it('CCD stops a 100 m/s ball at a 1 cm wall', () => {
    const spec = validateSceneSpec({
      version: 1, seed: 1, durationS: 0.5, gravity: [0, 0, 0],
      bodies: [{ id: 'bullet', name: 'bullet', kind: 'marble', shape: { type: 'sphere', radiusM: 0.008 }, material: 'steel', positionM: [-1, 0.5, 0], linearVelocityMps: [100, 0, 0] }],
      environment: { ground: null, items: [{ id: 'wall', name: 'wall', kind: 'wall', material: 'wood', sizeM: [0.01, 1, 1], positionM: [0, 0, 0] }] },
    });
    const timeline = simulate(rapier, spec);
    for (const frame of timeline.frames) expect(frame.positions[0][0]).toBeLessThan(0);
    expect(timeline.contacts.some((c) => c.b === 'wall')).toBe(true);
  });
});

describe('timeline', () => {
  it('records duration × fps + 1 frames, 1/fps apart, with unit quaternions', () => {
    const timeline = simulate(rapier, validateSceneSpec(ballSpec({ restitution: 0.5, heightM: 1, durationS: 2 })), { fps: 30 });
    expect(timeline.frames).toHaveLength(61);
    timeline.frames.forEach((frame, k) => {
      expect(frame.t).toBeCloseTo(k / 30, 9);
      expect(Math.hypot(...frame.quaternions[0])).toBeCloseTo(1, 6);
    });
    expect(timeline.bodies[0]).toMatchObject({ id: 'ball', massKg: 0.5 });
    expect(timeline.statics[0]).toMatchObject({ id: 'floor', kind: 'ground' });
    expect(timeline.shotCuts).toEqual([{ shotId: 'shot-1', t: 0, endT: 2, skippedS: 0 }]);
  });

  it('a mass left out is the material density times the volume', () => {
    const spec = validateSceneSpec({ ...ballSpec({ restitution: 0.5, heightM: 1, durationS: 0.1 }) });
    delete spec.bodies[0].massKg;
    const timeline = simulate(rapier, spec);
    expect(timeline.bodies[0].massKg).toBeCloseTo(1150 * (4 / 3) * Math.PI * 0.1 ** 3, 3);
  });
});
