/**
 * SceneSpec v1: the versioned, serialisable description of a scene that every later stage reads.
 *
 * It is a zod schema, so the same definition gives the TypeScript types, runtime validation with
 * path-precise errors (see `validateSceneSpec`), and a JSON Schema (`sceneSpecJsonSchema`).
 *
 * Conventions (they are stated again in the README):
 * - SI units, named in the field (`massKg`, `positionM`, `linearVelocityMps`, `angularVelocityRadps`).
 * - Right-handed, y up, the ground's top surface at y = 0. Rotations are XYZ Euler angles in degrees
 *   (`rotationDeg`), applied as intrinsic X, then Y, then Z, the three.js default order.
 * - A body's `positionM` is the centre of its shape.
 * - Objects are strict: an unknown field is an error, never silently ignored.
 */
import { z } from 'zod';
import { MATERIAL_NAMES } from './materials.ts';

export const SCENE_SPEC_VERSION = 1;

/** Anything larger than this (metres, m/s, kg…) is absurd for a desk-top physics scene. */
const LIMIT = 1e4;

const finite = (what: string, min = -LIMIT, max = LIMIT) =>
  z.number({ error: `${what} must be a finite number` })
    .min(min, `${what} must be between ${min} and ${max}`)
    .max(max, `${what} must be between ${min} and ${max}`);
const positive = (what: string, max = LIMIT) =>
  z.number({ error: `${what} must be a finite number` })
    .gt(0, `${what} must be greater than 0`)
    .max(max, `${what} must be at most ${max}`);
const vec3 = (what: string, min = -LIMIT, max = LIMIT) =>
  z.tuple([finite(what, min, max), finite(what, min, max), finite(what, min, max)]);
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'an id is 1–64 lower-case letters, digits, "-" or "_"');

export const MaterialNameSchema = z.enum(MATERIAL_NAMES);

export const ShapeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sphere'), radiusM: positive('radiusM', 100) }),
  z.strictObject({ type: z.literal('box'), sizeM: z.tuple([positive('sizeM', 100), positive('sizeM', 100), positive('sizeM', 100)]) }),
  z.strictObject({ type: z.literal('cylinder'), radiusM: positive('radiusM', 100), heightM: positive('heightM', 100) }),
]);

export const BodySchema = z.strictObject({
  id,
  /** Human-readable name, e.g. "tennis ball 2". */
  name: z.string().min(1).max(120),
  /** Catalog kind, e.g. "basketball"; the renderer uses it for appearance. */
  kind: z.string().min(1).max(64),
  shape: ShapeSchema,
  material: MaterialNameSchema,
  /** Mass in kg; when omitted it is the material density times the shape volume. */
  massKg: positive('massKg', 1e5).optional(),
  /** Overrides the material's restitution (against a rigid surface), 0..1. */
  restitution: z.number().min(0).max(1).optional(),
  /** Overrides the material's friction coefficient, 0..5. */
  friction: z.number().min(0).max(5).optional(),
  positionM: vec3('positionM'),
  rotationDeg: vec3('rotationDeg', -360, 360).default([0, 0, 0]),
  linearVelocityMps: vec3('linearVelocityMps', -1000, 1000).default([0, 0, 0]),
  angularVelocityRadps: vec3('angularVelocityRadps', -1000, 1000).default([0, 0, 0]),
});

const itemBase = {
  id,
  name: z.string().min(1).max(120),
  material: MaterialNameSchema,
  restitution: z.number().min(0).max(1).optional(),
  friction: z.number().min(0).max(5).optional(),
  /** Where the item stands: the centre of its footprint on the ground (y is its base height). */
  positionM: vec3('positionM'),
  /** Rotation about the vertical axis, degrees. */
  yawDeg: finite('yawDeg', -360, 360).default(0),
};

/** Static environment pieces. Their collision parts come from scene/geometry.ts, shared by sim and render. */
export const EnvironmentItemSchema = z.discriminatedUnion('kind', [
  /** A wedge whose slope rises towards −x (in its own frame) from its low edge at positionM. */
  z.strictObject({ ...itemBase, kind: z.literal('ramp'), angleDeg: finite('angleDeg', 1, 80), runM: positive('runM', 100), widthM: positive('widthM', 100) }),
  /** A table: a top slab on four legs; sizeM is [width x, height y, depth z]. */
  z.strictObject({ ...itemBase, kind: z.literal('table'), sizeM: z.tuple([positive('sizeM', 20), positive('sizeM', 5), positive('sizeM', 20)]) }),
  /** A box-shaped wall or block standing on positionM; sizeM is [x, y, z]. */
  z.strictObject({ ...itemBase, kind: z.literal('wall'), sizeM: z.tuple([positive('sizeM', 100), positive('sizeM', 100), positive('sizeM', 100)]) }),
]);

export const GroundSchema = z.strictObject({
  id: id.default('floor'),
  name: z.string().min(1).max(120).default('floor'),
  material: MaterialNameSchema,
  restitution: z.number().min(0).max(1).optional(),
  friction: z.number().min(0).max(5).optional(),
  /** Extent of the ground square, metres per side. */
  sizeM: positive('sizeM', 1000).default(40),
});

export const EnvironmentSchema = z.strictObject({
  /** The floor, top surface at y = 0; null for none (a body then falls forever). */
  ground: GroundSchema.nullable(),
  items: z.array(EnvironmentItemSchema).max(256).default([]),
});

export const CameraSchema = z.discriminatedUnion('mode', [
  /** Frame the scene automatically from the bodies' bounding box over the whole timeline. */
  z.strictObject({ mode: z.literal('auto') }),
  z.strictObject({ mode: z.literal('fixed'), positionM: vec3('positionM'), targetM: vec3('targetM'), fovDeg: finite('fovDeg', 5, 150).default(45) }),
]);

export const ShotSchema = z.strictObject({
  id,
  durationS: positive('durationS', 600),
});

export const InterpretationSchema = z.strictObject({
  prompt: z.string(),
  /** Each span maps prompt characters [start, end) to what they became. */
  spans: z.array(z.strictObject({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    text: z.string(),
    role: z.enum(['object', 'count', 'material', 'action', 'number', 'surface', 'relation', 'modifier', 'grammar']),
    field: z.string().optional(),
  })),
  /** Words the parser did not use, in prompt order. */
  unknown: z.array(z.string()),
  /** Defaults the parser filled in, in plain words ("no height given: 1 m"). */
  assumptions: z.array(z.string()),
});

export const SceneSpecSchema = z.strictObject({
  version: z.literal(SCENE_SPEC_VERSION, { error: `version must be ${SCENE_SPEC_VERSION}` }),
  /** Seed of every random choice made for this scene (scene/random.ts). */
  seed: z.number().int().min(0).max(0xffffffff),
  /** Gravity vector in m/s². */
  gravity: vec3('gravity', -1000, 1000).default([0, -9.81, 0]),
  durationS: positive('durationS', 600).default(4),
  /** Fixed physics step, Rapier substeps per step (for accuracy), and recording rate. */
  timestep: z.strictObject({
    dtS: positive('dtS', 0.1).default(1 / 240),
    substeps: z.number().int().min(1).max(16).default(4),
    fps: z.number().int().min(1).max(240).default(60),
  }).default({ dtS: 1 / 240, substeps: 4, fps: 60 }),
  bodies: z.array(BodySchema).min(1, 'a scene needs at least one body').max(2000),
  /** Reserved for the fluids issue; v1 holds none. */
  fluids: z.array(z.unknown()).max(0, 'fluids are not simulated yet in SceneSpec v1').default([]),
  environment: EnvironmentSchema,
  camera: CameraSchema.default({ mode: 'auto' }),
  shots: z.array(ShotSchema).max(64).default([]),
  style: z.enum(['standard']).default('standard'),
  interpretation: InterpretationSchema.optional(),
});

export type Shape = z.infer<typeof ShapeSchema>;
export type BodySpec = z.infer<typeof BodySchema>;
export type EnvironmentItem = z.infer<typeof EnvironmentItemSchema>;
export type GroundSpec = z.infer<typeof GroundSchema>;
export type CameraSpec = z.infer<typeof CameraSchema>;
export type Interpretation = z.infer<typeof InterpretationSchema>;
/** A validated spec, every default filled in. */
export type SceneSpec = z.infer<typeof SceneSpecSchema>;
/** What a person or tool may write: defaults may be left out. */
export type SceneSpecInput = z.input<typeof SceneSpecSchema>;

/** A spec that failed validation. `issues` holds one "path: problem" line per problem. */
export class SceneSpecError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid scene spec: ${issues.join('; ')}`);
    this.name = 'SceneSpecError';
  }
}

/** Formats a zod path as JSON-ish text: bodies[0].shape.radiusM */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Validates untrusted input; throws SceneSpecError with path-precise messages. */
export function validateSceneSpec(input: unknown): SceneSpec {
  const result = SceneSpecSchema.safeParse(input);
  if (result.success) return result.data;
  throw new SceneSpecError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
}

/** Parses JSON text and validates it; a JSON syntax error is reported as a SceneSpecError too. */
export function parseSceneSpecJson(text: string): SceneSpec {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SceneSpecError([`(root): not valid JSON (${(error as Error).message})`]);
  }
  return validateSceneSpec(data);
}

/** The JSON Schema of SceneSpec v1, for editors and other tools. */
export function sceneSpecJsonSchema(): object {
  return z.toJSONSchema(SceneSpecSchema, { io: 'input', unrepresentable: 'any' });
}
