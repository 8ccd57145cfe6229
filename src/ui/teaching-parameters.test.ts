import { describe, expect, it } from 'vitest';
import { validateSceneSpec } from '../scene/spec.ts';
import { teachingValues, withTeachingParameter } from './teaching-parameters.ts';

const spec = validateSceneSpec({
  version: 1, seed: 1,
  bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.1 }, material: 'rubber', massKg: 0.5, positionM: [0, 0.1, 0], linearVelocityMps: [3, 4, 0] }],
  environment: { ground: { material: 'wood' }, items: [{ id: 'ramp', name: 'ramp', kind: 'ramp', material: 'wood', angleDeg: 20, runM: 1, widthM: 0.5, positionM: [3, 0, 0] }] },
});

describe('teaching parameters', () => {
  it('reads the current values', () => {
    expect(teachingValues(spec, 'ball')).toMatchObject({ gravityMps2: 9.81, restitution: 0.8, friction: 0.8, massKg: 0.5, speedMps: 5 });
    expect(teachingValues(spec, 'ball').angleDeg).toBeCloseTo(53.13, 2);
  });

  it('sets launch speed and angle, keeping the heading', () => {
    const next = withTeachingParameter(withTeachingParameter(spec, 'ball', 'angleDeg', 30), 'ball', 'speedMps', 10);
    expect(next.bodies[0].linearVelocityMps[0]).toBeCloseTo(10 * Math.cos(Math.PI / 6), 9);
    expect(next.bodies[0].linearVelocityMps[1]).toBeCloseTo(5, 9);
    expect(spec.bodies[0].linearVelocityMps).toEqual([3, 4, 0]); // the original is untouched
  });

  it('friction sets the pair: the body and every static surface', () => {
    const next = withTeachingParameter(spec, 'ball', 'friction', 0.2);
    expect(next.bodies[0].friction).toBe(0.2);
    expect(next.environment.ground!.friction).toBe(0.2);
    expect(next.environment.items[0].friction).toBe(0.2);
  });

  it('scales gravity keeping its direction, and clamps to the slider range', () => {
    expect(withTeachingParameter(spec, 'ball', 'gravityMps2', 1.62).gravity[1]).toBeCloseTo(-1.62, 12);
    expect(withTeachingParameter(spec, 'ball', 'restitution', 3).bodies[0].restitution).toBe(1);
    expect(() => withTeachingParameter(spec, 'ball', 'massKg', NaN)).toThrow(/Mass must be a number/);
  });
});
