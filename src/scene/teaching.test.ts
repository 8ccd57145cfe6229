/**
 * The teaching phrasings of issue 4 ("Physics fidelity"): each prompt must produce exactly the
 * scene its analytic answer assumes. The physics validation suite builds its cases from these
 * prompts, so these tests pin the produced spec: positions, velocities, overrides, joints, gravity.
 * The basketball demo is also simulated, to check the ball really strikes the hoop and misses.
 */
import { describe, expect, it } from 'vitest';
import { loadRapier } from '../sim/rapier.ts';
import { simulate } from '../sim/simulate.ts';
import { restingHalfHeightM } from './geometry.ts';
import { parsePrompt } from './parser.ts';
import type { BodySpec, EnvironmentItem, SceneSpec } from './spec.ts';

const bottom = (b: BodySpec): number => b.positionM[1] - restingHalfHeightM(b.shape);
const radius = (b: BodySpec): number => (b.shape.type === 'sphere' ? b.shape.radiusM : NaN);
const DEG = Math.PI / 180;

function ramp(spec: SceneSpec): Extract<EnvironmentItem, { kind: 'ramp' }> {
  const r = spec.environment.items.find((i) => i.kind === 'ramp');
  if (!r || r.kind !== 'ramp') throw new Error('no ramp');
  return r;
}

/** Signed distance from a point to the ramp's slope plane (positive above it). */
function aboveSlope(spec: SceneSpec, p: readonly number[]): number {
  const r = ramp(spec);
  const a = r.angleDeg * DEG;
  // The slope passes through the low edge (positionM) with outward normal (sin a, cos a, 0).
  return (p[0]! - r.positionM[0]) * Math.sin(a) + (p[1]! - r.positionM[1]) * Math.cos(a);
}

describe('teaching phrasings', () => {
  it('a ball dropped from 2 m: one ball, its bottom 2 m above the floor', () => {
    const spec = parsePrompt('a ball dropped from 2 m');
    expect(spec.bodies).toHaveLength(1);
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(2, 9);
    expect(spec.bodies[0]!.linearVelocityMps).toEqual([0, 0, 0]);
    expect(spec.environment.ground).not.toBeNull();
    expect(spec.gravity).toEqual([0, -9.81, 0]);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('a ball dropped from 2 m onto concrete, restitution 0.7', () => {
    const spec = parsePrompt('a ball dropped from 2 m onto concrete, restitution 0.7');
    expect(spec.bodies[0]!.restitution).toBe(0.7);
    expect(spec.environment.ground?.material).toBe('concrete');
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(2, 9);
  });

  for (const [prompt, angle, mu] of [
    ['a block on a 30 degree incline with friction 0.2', 30, 0.2],
    ['a block slides down a 20 degree incline with friction 0.1', 20, 0.1],
  ] as const) {
    it(`${prompt}: a box at rest on the ramp, tilted to it, touching it, friction on both`, () => {
      const spec = parsePrompt(prompt);
      expect(spec.bodies).toHaveLength(1);
      const block = spec.bodies[0]!;
      const r = ramp(spec);
      expect(block.shape.type).toBe('box');
      expect(r.angleDeg).toBe(angle);
      expect(block.friction).toBe(mu);
      expect(r.friction).toBe(mu);
      expect(block.linearVelocityMps).toEqual([0, 0, 0]);
      expect(block.rotationDeg).toEqual([0, 0, -angle]);
      // Its centre is half its height above the slope: touching, not interpenetrating.
      expect(aboveSlope(spec, block.positionM)).toBeCloseTo(restingHalfHeightM(block.shape), 9);
    });
  }

  it('a solid sphere rolls down a 20 degree incline: a ball at rest on the slope that can roll without slipping', () => {
    const spec = parsePrompt('a solid sphere rolls down a 20 degree incline');
    const ball = spec.bodies[0]!;
    const r = ramp(spec);
    expect(ball.shape.type).toBe('sphere');
    expect(r.angleDeg).toBe(20);
    expect(ball.linearVelocityMps).toEqual([0, 0, 0]);
    expect(aboveSlope(spec, ball.positionM)).toBeCloseTo(radius(ball), 9);
    // Rolling without slipping needs μ ≥ (2/7) tan θ; pairs take the smaller friction.
    const mu = Math.min(ball.friction ?? 0.8, r.friction ?? 0.4);
    expect(mu).toBeGreaterThanOrEqual((2 / 7) * Math.tan(20 * DEG));
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  for (const [prompt, v, angle] of [
    ['a projectile launched at 20 m/s at 45 degrees', 20, 45],
    ['a ball thrown at 10 m/s at 30 degrees', 10, 30],
  ] as const) {
    it(`${prompt}: at ground level with (v cos θ, v sin θ, 0), on a ground larger than the range`, () => {
      const spec = parsePrompt(prompt);
      const ball = spec.bodies[0]!;
      expect(bottom(ball)).toBeCloseTo(0, 9);
      expect(ball.linearVelocityMps[0]).toBeCloseTo(v * Math.cos(angle * DEG), 9);
      expect(ball.linearVelocityMps[1]).toBeCloseTo(v * Math.sin(angle * DEG), 9);
      expect(ball.linearVelocityMps[2]).toBe(0);
      const range = (v * v * Math.sin(2 * angle * DEG)) / 9.81;
      expect(spec.environment.ground!.sizeM / 2).toBeGreaterThan(Math.abs(ball.positionM[0]) + range);
      expect(spec.airDrag.enabled).toBe(false);
      expect(spec.durationS).toBeGreaterThan((2 * v * Math.sin(angle * DEG)) / 9.81);
    });
  }

  it('"with air resistance" and "with air drag" switch air drag on; "without air resistance" keeps it off', () => {
    expect(parsePrompt('a projectile launched at 20 m/s at 45 degrees with air resistance').airDrag.enabled).toBe(true);
    expect(parsePrompt('a ball thrown at 10 m/s at 30 degrees with air drag').airDrag.enabled).toBe(true);
    expect(parsePrompt('a ball thrown at 10 m/s at 30 degrees without air resistance').airDrag.enabled).toBe(false);
  });

  it('a pendulum of length 1 m released from 10 degrees: a small steel bob on a spherical joint from the world', () => {
    const spec = parsePrompt('a pendulum of length 1 m released from 10 degrees');
    expect(spec.bodies).toHaveLength(1);
    const bob = spec.bodies[0]!;
    expect(bob.material).toBe('steel');
    expect(radius(bob)).toBeLessThanOrEqual(0.05);
    expect(spec.joints).toHaveLength(1);
    const joint = spec.joints[0]!;
    expect(joint).toMatchObject({ type: 'spherical', a: 'world', b: bob.id });
    if (joint.type !== 'spherical') throw new Error('not spherical');
    const [px, py, pz] = joint.anchorM;
    const dx = bob.positionM[0] - px, dy = bob.positionM[1] - py, dz = bob.positionM[2] - pz;
    expect(Math.hypot(dx, dy, dz)).toBeCloseTo(1, 9);
    expect(Math.atan2(dx, -dy) / DEG).toBeCloseTo(10, 9);
    expect(bob.linearVelocityMps).toEqual([0, 0, 0]);
    // At the bottom of its swing the bob still clears the floor.
    expect(py - 1 - radius(bob)).toBeGreaterThan(0.1);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  for (const [prompt, e] of [
    ['two balls collide elastically at 2 m/s', 1],
    ['two balls collide inelastically at 2 m/s', 0],
    ['two balls collide in a perfectly inelastic collision at 2 m/s', 0],
  ] as const) {
    it(`${prompt}: restitution ${e} on both, head-on along x, gravity off and frictionless`, () => {
      const spec = parsePrompt(prompt);
      expect(spec.bodies).toHaveLength(2);
      const [a, b] = spec.bodies as [BodySpec, BodySpec];
      expect(a.restitution).toBe(e);
      expect(b.restitution).toBe(e);
      expect(a.friction).toBe(0);
      expect(b.friction).toBe(0);
      expect(spec.gravity).toEqual([0, 0, 0]);
      expect(a.positionM[1]).toBe(b.positionM[1]);
      expect(a.positionM[2]).toBe(b.positionM[2]);
      expect(bottom(a)).toBeGreaterThan(0.1);
      expect(a.linearVelocityMps).toEqual([2, 0, 0]);
      expect(b.linearVelocityMps).toEqual([-2, 0, 0]);
      expect(a.positionM[0]).toBeLessThan(b.positionM[0]);
    });
  }

  it("Newton's cradle with 5 balls: equal steel balls on spherical joints, 3 mm apart, the first pulled back 30°", () => {
    const spec = parsePrompt("Newton's cradle with 5 balls");
    expect(spec.bodies).toHaveLength(5);
    expect(spec.joints).toHaveLength(5);
    const r = radius(spec.bodies[0]!);
    for (const [i, ball] of spec.bodies.entries()) {
      expect(ball.material).toBe('steel');
      expect(radius(ball)).toBe(r);
      expect(ball.restitution).toBe(1);
      const joint = spec.joints[i]!;
      expect(joint).toMatchObject({ type: 'spherical', a: 'world', b: ball.id });
    }
    // Balls 2..5 hang straight down, 3 mm apart: just outside Rapier's 2 mm contact margin, so each
    // collision passes the impulse on instead of sharing it along the row.
    for (let i = 1; i < 4; i++) {
      const gap = spec.bodies[i + 1]!.positionM[0] - spec.bodies[i]!.positionM[0] - 2 * r;
      expect(gap).toBeCloseTo(3e-3, 9);
    }
    const first = spec.bodies[0]!, joint = spec.joints[0]!;
    if (joint.type !== 'spherical') throw new Error('not spherical');
    const angle = Math.atan2(first.positionM[0] - joint.anchorM[0], joint.anchorM[1] - first.positionM[1]) / DEG;
    expect(angle).toBeCloseTo(-30, 6);
  });

  for (const [prompt, m, k] of [
    ['a 1 kg mass on a spring with k = 100 N/m', 1, 100],
    ['a 2 kg mass hangs on a spring with spring constant 50 N/m', 2, 50],
  ] as const) {
    it(`${prompt}: a spring joint from the world, the mass displaced from equilibrium`, () => {
      const spec = parsePrompt(prompt);
      expect(spec.bodies).toHaveLength(1);
      const body = spec.bodies[0]!;
      expect(body.massKg).toBe(m);
      expect(spec.joints).toHaveLength(1);
      const joint = spec.joints[0]!;
      if (joint.type !== 'spring') throw new Error('not a spring');
      expect(joint).toMatchObject({ a: 'world', b: body.id, stiffnessNpm: k, dampingNspm: 0 });
      const length = joint.anchorAM[1] - joint.anchorBM[1];
      const equilibrium = joint.restLengthM + (m * 9.81) / k;
      expect(Math.abs(length - equilibrium)).toBeGreaterThan(0.05);
      expect(bottom(body)).toBeGreaterThan(0.1 + (length - equilibrium)); // clears the floor at the bottom of its swing
      expect(spec.durationS).toBeGreaterThanOrEqual(2 * Math.PI * Math.sqrt(m / k));
    });
  }

  for (const [words, g] of [['on the Moon', 1.62], ['on Mars', 3.71], ['on Jupiter', 24.79], ['in zero gravity', 0], ['in space', 0]] as const) {
    it(`gravity preset: ${words}`, () => {
      const spec = parsePrompt(`a ball dropped from 2 m ${words}`);
      expect(spec.gravity[1]).toBeCloseTo(-g, 9);
      expect(spec.gravity[0]).toBe(0);
      expect(spec.interpretation?.unknown).toEqual([]);
    });
  }

  it('gravity presets combine with the other scenes', () => {
    expect(parsePrompt('a pendulum of length 1 m released from 10 degrees on the Moon').gravity).toEqual([0, -1.62, 0]);
    expect(parsePrompt('a projectile launched at 20 m/s at 45 degrees on Mars').gravity).toEqual([0, -3.71, 0]);
  });
});

describe('the default demo: a basketball misses the hoop and rebounds off the backboard', () => {
  it('builds a hoop and a basketball launched at it', () => {
    const spec = parsePrompt('a basketball misses the hoop and rebounds off the backboard');
    expect(spec.environment.items.map((i) => i.kind)).toContain('hoop');
    expect(spec.bodies).toHaveLength(1);
    expect(spec.bodies[0]!.kind).toBe('basketball');
    expect(spec.bodies[0]!.linearVelocityMps[0]).toBeLessThan(0);
    expect(spec.bodies[0]!.linearVelocityMps[1]).toBeGreaterThan(0);
    expect(spec.environment.setting).toBe('gym');
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('simulated: the ball strikes the backboard above the rim, misses the basket and rebounds', async () => {
    const spec = parsePrompt('a basketball misses the hoop and rebounds off the backboard');
    const hoop = spec.environment.items.find((i) => i.kind === 'hoop')!;
    if (hoop.kind !== 'hoop') throw new Error('no hoop');
    const timeline = simulate(await loadRapier(), spec);
    const hits = timeline.contacts.filter((c) => c.b === hoop.id || c.a === hoop.id);
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0]!;
    // The first hoop contact is on the backboard's face (x ≈ 0), above the rim.
    expect(Math.abs(first.pointM[0] - hoop.positionM[0])).toBeLessThan(0.05);
    expect(first.pointM[1]).toBeGreaterThan(hoop.rimHeightM);
    // It rebounds: moving back towards +x after the hit; it never passes down through the rim.
    const rimX = hoop.positionM[0] + 0.15 + hoop.rimRadiusM;
    const after = timeline.frames.filter((f) => f.t > first.t + 0.2);
    expect(after[0]!.positions[0]![0]).toBeGreaterThan(first.pointM[0] + 0.2);
    for (const frame of timeline.frames) {
      const [x, y, z] = frame.positions[0]!;
      const insideRim = Math.hypot(x - rimX, z - hoop.positionM[2]) < hoop.rimRadiusM;
      expect(insideRim && Math.abs(y - hoop.rimHeightM) < 0.05).toBe(false);
    }
  });
});
