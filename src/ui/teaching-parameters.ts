/**
 * The teacher's sliders as pure edits of a SceneSpec: gravity, and the selected body's restitution,
 * friction, mass, launch speed and launch angle. Each returns a new spec (the old one is untouched), so
 * the controller can re-simulate at once and keep the previous scene if anything fails.
 *
 * Friction is a property of a pair, combined with the Min rule (scene/materials.ts), so the slider sets
 * the body and every static surface to the value: the pair then has exactly that coefficient.
 */
import type { SceneSpec } from '../scene/spec.ts';
import { MATERIALS } from '../scene/materials.ts';

export const TEACHING_PARAMETERS = {
  gravityMps2: { label: 'Gravity', unit: 'm/s²', min: 0, max: 25, step: 0.01 },
  restitution: { label: 'Restitution', unit: '', min: 0, max: 1, step: 0.01 },
  friction: { label: 'Friction', unit: '', min: 0, max: 1.5, step: 0.01 },
  massKg: { label: 'Mass', unit: 'kg', min: 0.001, max: 100, step: 0.001 },
  speedMps: { label: 'Launch speed', unit: 'm/s', min: 0, max: 50, step: 0.1 },
  angleDeg: { label: 'Launch angle', unit: '°', min: -90, max: 90, step: 1 },
} as const;

export type TeachingParameter = keyof typeof TEACHING_PARAMETERS;
export type TeachingValues = Record<TeachingParameter, number>;

const DEG = Math.PI / 180;

/** The slider values for a body of the spec. */
export function teachingValues(spec: SceneSpec, bodyId: string): TeachingValues {
  const body = spec.bodies.find((b) => b.id === bodyId) ?? spec.bodies[0];
  const [vx, vy, vz] = body.linearVelocityMps;
  const horizontal = Math.hypot(vx, vz);
  return {
    gravityMps2: Math.hypot(...spec.gravity),
    restitution: body.restitution ?? MATERIALS[body.material].restitution,
    friction: body.friction ?? MATERIALS[body.material].friction,
    massKg: body.massKg ?? NaN,
    speedMps: Math.hypot(vx, vy, vz),
    angleDeg: horizontal === 0 && vy === 0 ? 0 : Math.atan2(vy, horizontal) / DEG,
  };
}

/** A copy of the spec with one parameter changed; the value is clamped to the slider's range. */
export function withTeachingParameter(spec: SceneSpec, bodyId: string, parameter: TeachingParameter, rawValue: number): SceneSpec {
  const { min, max } = TEACHING_PARAMETERS[parameter];
  if (!Number.isFinite(rawValue)) throw new RangeError(`${TEACHING_PARAMETERS[parameter].label} must be a number.`);
  const value = Math.min(Math.max(rawValue, min), max);
  const next: SceneSpec = structuredClone(spec);
  const body = next.bodies.find((b) => b.id === bodyId);
  if (!body) throw new RangeError(`No body "${bodyId}" in the scene.`);
  switch (parameter) {
    case 'gravityMps2': {
      const g = Math.hypot(...next.gravity);
      const dir = g > 0 ? next.gravity.map((c) => c / g) : [0, -1, 0];
      next.gravity = [dir[0] * value, dir[1] * value, dir[2] * value];
      break;
    }
    case 'restitution': body.restitution = value; break;
    case 'friction':
      body.friction = value;
      if (next.environment.ground) next.environment.ground.friction = value;
      for (const item of next.environment.items) item.friction = value;
      break;
    case 'massKg': body.massKg = value; break;
    case 'speedMps':
    case 'angleDeg': {
      const current = teachingValues(spec, bodyId);
      const speed = parameter === 'speedMps' ? value : current.speedMps;
      const angle = (parameter === 'angleDeg' ? value : current.angleDeg) * DEG;
      const [vx, , vz] = body.linearVelocityMps;
      const h = Math.hypot(vx, vz);
      const heading = h > 0 ? [vx / h, vz / h] : [1, 0];
      body.linearVelocityMps = [speed * Math.cos(angle) * heading[0], speed * Math.sin(angle), speed * Math.cos(angle) * heading[1]];
      break;
    }
  }
  return next;
}
