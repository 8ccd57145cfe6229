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

const size3 = (what: string, max = 100) => z.tuple([positive(what, max), positive(what, max), positive(what, max)]);

/** Solid primitives. A capsule's and a cone's heightM is tip to tip; every primitive is centred on its origin, axis along y. */
export const PrimitiveSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sphere'), radiusM: positive('radiusM', 100) }),
  z.strictObject({ type: z.literal('box'), sizeM: size3('sizeM') }),
  z.strictObject({ type: z.literal('cylinder'), radiusM: positive('radiusM', 100), heightM: positive('heightM', 100) }),
  z.strictObject({ type: z.literal('capsule'), radiusM: positive('radiusM', 100), heightM: positive('heightM', 200) }),
  z.strictObject({ type: z.literal('cone'), radiusM: positive('radiusM', 100), heightM: positive('heightM', 100) }),
]);

/**
 * A body's shape: a primitive, or one of the composite shapes that scene/geometry.ts expands into
 * primitives (the same expansion feeds the colliders and the meshes):
 * - compound: primitives at offsets in the body's frame;
 * - cup: a hollow round container open at the top (cups, glasses, bowls, buckets), `radiusM` at the rim,
 *   `bottomRadiusM` at the base (tapered when smaller), walls and base `wallM` thick;
 * - open-box: a hollow box open at the top (tanks, trays, baskets, crates without lids);
 * - ring: a torus in the x–z plane (hoops, rims), `tubeRadiusM` thick.
 * cup, open-box and ring are centred on their bounding box, so `positionM` stays the centre of the
 * shape; a compound's parts sit at their offsets from the body's origin.
 */
export const ShapeSchema = z.discriminatedUnion('type', [
  ...PrimitiveSchema.options,
  z.strictObject({
    type: z.literal('compound'),
    parts: z.array(z.strictObject({
      shape: PrimitiveSchema,
      offsetM: vec3('offsetM', -100, 100).default([0, 0, 0]),
      rotationDeg: vec3('rotationDeg', -360, 360).default([0, 0, 0]),
    })).min(1).max(64),
  }),
  z.strictObject({
    type: z.literal('cup'),
    radiusM: positive('radiusM', 20),
    bottomRadiusM: positive('bottomRadiusM', 20).optional(),
    heightM: positive('heightM', 20),
    wallM: positive('wallM', 1),
    segments: z.number().int().min(6).max(48).default(16),
  }),
  z.strictObject({ type: z.literal('open-box'), sizeM: size3('sizeM', 50), wallM: positive('wallM', 1) }),
  z.strictObject({ type: z.literal('ring'), radiusM: positive('radiusM', 20), tubeRadiusM: positive('tubeRadiusM', 1), segments: z.number().int().min(6).max(48).default(16) }),
]);

export const BodySchema = z.strictObject({
  id,
  /** Human-readable name, e.g. "tennis ball 2". */
  name: z.string().min(1).max(120),
  /** Catalog kind, e.g. "basketball"; the renderer uses it for appearance. */
  kind: z.string().min(1).max(64),
  shape: ShapeSchema,
  material: MaterialNameSchema,
  /** Mass in kg; when omitted it is the material density times the shape's solid volume. */
  massKg: positive('massKg', 1e5).optional(),
  /** Overrides the material's restitution (against a rigid surface), 0..1. */
  restitution: z.number().min(0).max(1).optional(),
  /** Overrides the material's friction coefficient, 0..5. */
  friction: z.number().min(0).max(5).optional(),
  /** Quadratic drag coefficient C_d (used when airDrag is enabled); default from the shape (sphere 0.47, box 1.05). */
  dragCoefficient: z.number().min(0).max(5).optional(),
  /** A fixed body does not move (a pendulum's pivot, a shelf bracket); it still collides. */
  fixed: z.boolean().default(false),
  positionM: vec3('positionM'),
  rotationDeg: vec3('rotationDeg', -360, 360).default([0, 0, 0]),
  linearVelocityMps: vec3('linearVelocityMps', -1000, 1000).default([0, 0, 0]),
  angularVelocityRadps: vec3('angularVelocityRadps', -1000, 1000).default([0, 0, 0]),
  /**
   * A scripted body (a hand tilting a jug): from its own pose at t = 0 it moves through these poses,
   * linearly in position and in rotation (normalised quaternion interpolation), and holds the last;
   * it pushes what it meets and nothing pushes it back (Rapier's kinematic body). Times increase.
   */
  path: z.array(z.strictObject({ tS: positive('path.tS', 600), positionM: vec3('path.positionM'), rotationDeg: vec3('path.rotationDeg', -360, 360) }))
    .min(1).max(256)
    .refine((poses) => poses.every((p, i) => i === 0 || p.tS > poses[i - 1].tS), 'path times must increase from one pose to the next')
    .optional(),
}).refine((body) => !(body.fixed && body.path), { message: 'a fixed body cannot follow a path; remove one of them', path: ['path'] });

/** `world` as a joint end means the fixed world frame. */
const jointEnd = z.union([id, z.literal('world')]);

/**
 * Joints between bodies (or a body and the world). Anchors and axes are given in world coordinates
 * at t = 0; the simulation converts them to each body's frame.
 */
export const JointSchema = z.discriminatedUnion('type', [
  /** Rotation about one axis through anchorM (doors, rigid pendulums in a plane). */
  z.strictObject({ id, type: z.literal('hinge'), a: jointEnd, b: id, anchorM: vec3('anchorM'), axis: vec3('axis', -1, 1), limitsDeg: z.tuple([finite('limitsDeg', -360, 360), finite('limitsDeg', -360, 360)]).optional() }),
  /** Free rotation about anchorM (a bob on a rigid massless rod). */
  z.strictObject({ id, type: z.literal('spherical'), a: jointEnd, b: id, anchorM: vec3('anchorM') }),
  /** The two keep their relative pose at t = 0. */
  z.strictObject({ id, type: z.literal('fixed'), a: jointEnd, b: id }),
  /** A massless rope: at most lengthM between the anchors, slack when closer. */
  z.strictObject({ id, type: z.literal('rope'), a: jointEnd, b: id, anchorAM: vec3('anchorAM'), anchorBM: vec3('anchorBM'), lengthM: positive('lengthM', 100) }),
  /** A linear spring-damper between the anchors. */
  z.strictObject({ id, type: z.literal('spring'), a: jointEnd, b: id, anchorAM: vec3('anchorAM'), anchorBM: vec3('anchorBM'), restLengthM: finite('restLengthM', 0, 100), stiffnessNpm: positive('stiffnessNpm', 1e7), dampingNspm: finite('dampingNspm', 0, 1e6).default(0) }),
]);

/** Things that happen to a body at a moment: a kick, a push, a strike. */
export const ActionSchema = z.discriminatedUnion('type', [
  /** An instantaneous impulse (N·s), applied at pointM (world) or at the centre of mass. */
  z.strictObject({ type: z.literal('impulse'), atS: finite('atS', 0, 600), bodyId: id, impulseNs: vec3('impulseNs', -1e5, 1e5), pointM: vec3('pointM').optional() }),
  /** Sets the body's velocity at that moment (a launch, a throw at a given time). */
  z.strictObject({ type: z.literal('velocity'), atS: finite('atS', 0, 600), bodyId: id, linearVelocityMps: vec3('linearVelocityMps', -1000, 1000), angularVelocityRadps: vec3('angularVelocityRadps', -1000, 1000).optional() }),
]);

export const LIQUIDS = ['water', 'juice', 'milk', 'honey', 'oil', 'syrup', 'whiskey', 'wine', 'coffee'] as const;

/**
 * A liquid in the scene, as the prompt described it, and how it enters the simulation: a block or a
 * filled container at rest, a stream, or drops (see `boxM` below).
 */
export const FluidSchema = z.strictObject({
  id,
  name: z.string().min(1).max(120),
  liquid: z.enum(LIQUIDS),
  action: z.enum(['pour', 'fill', 'spill', 'splash', 'drip', 'flood', 'pool', 'rest']),
  volumeL: positive('volumeL', 1e5),
  /** Body or item the liquid comes from (a jug, a tap) or sits in at the start (a glass, a tank). */
  sourceId: id.optional(),
  /** Body or item the liquid goes into. */
  targetId: id.optional(),
  /**
   * Simulation (the fluids issue). A fluid with `boxM`, `fillFraction`, `stream` or `drops` is
   * simulated (sim/fluid/); one with none stays recorded only. `boxM`: a block of liquid at rest at
   * t = 0, world corners, m.
   */
  boxM: z.strictObject({ minM: vec3('boxM.minM'), maxM: vec3('boxM.maxM') }).optional(),
  /**
   * The liquid starts at rest inside its container (`sourceId`, else `targetId`: a cup or open-box
   * body, or a tank item), filled to this fraction of the inside height, measured along the
   * container's own up axis.
   */
  fillFraction: finite('fillFraction', 0.01, 1).optional(),
  /** A stream (a tap, a pour): liquid enters through a disc of radiusM at originM, moving at velocityMps, from startS until volumeL has entered (or stopS). */
  stream: z.strictObject({
    originM: vec3('stream.originM'),
    velocityMps: vec3('stream.velocityMps', -100, 100),
    radiusM: positive('stream.radiusM', 1),
    startS: finite('stream.startS', 0, 600).default(0),
    stopS: finite('stream.stopS', 0, 600).optional(),
  }).optional(),
  /**
   * Drops (a drip): a sphere of liquid of radiusM appears at originM, moving at velocityMps, every
   * everyS from startS until volumeL has entered (or stopS).
   */
  drops: z.strictObject({
    originM: vec3('drops.originM'),
    radiusM: positive('drops.radiusM', 1),
    everyS: positive('drops.everyS', 600),
    velocityMps: vec3('drops.velocityMps', -100, 100).default([0, 0, 0]),
    startS: finite('drops.startS', 0, 600).default(0),
    stopS: finite('drops.stopS', 0, 600).optional(),
  }).optional(),
  /** The region the solver covers, m; default: round the liquid and its container, with headroom. */
  domainM: z.strictObject({ minM: vec3('domainM.minM'), maxM: vec3('domainM.maxM') }).optional(),
  /**
   * The domain's sides (x and z) are open: liquid that reaches them leaves the simulation (a spill
   * running off across a floor) instead of piling up against them. Default: closed.
   */
  openSides: z.boolean().optional(),
  /** Grid cell edge, m; default: the domain's longest side / 40. */
  cellM: positive('cellM', 1).optional(),
  /** Dynamic viscosity override, Pa·s; default: the liquid's preset (scene/liquids.ts). */
  viscosityPaS: finite('viscosityPaS', 0, 1000).optional(),
});

export const SHOT_FRAMINGS = ['extreme-wide', 'wide', 'medium', 'close-up', 'extreme-close-up'] as const;
export const SHOT_ANGLES = ['eye-level', 'overhead', 'low-angle', 'high-angle', 'side'] as const;
export const SHOT_MOVES = ['static', 'pan', 'tilt', 'dolly-in', 'dolly-out', 'orbit', 'tracking'] as const;
export const STYLES = ['standard', 'photoreal', 'cinematic', 'anime', 'clay', 'sketch'] as const;

/**
 * One shot. Shots run one after another on one world: shot k starts when shot k−1 ends plus its own
 * `skipBeforeS` ("cut to 10 seconds later"); the world keeps running through the skipped time.
 */
export const ShotSchema = z.strictObject({
  id,
  durationS: positive('durationS', 600),
  skipBeforeS: finite('skipBeforeS', 0, 600).default(0),
  framing: z.enum(SHOT_FRAMINGS).default('wide'),
  angle: z.enum(SHOT_ANGLES).default('eye-level'),
  move: z.enum(SHOT_MOVES).default('static'),
  /** The body the camera frames or follows; default: all bodies. */
  subjectId: id.optional(),
  /** Playback rate within the shot: 1 is real time, 0.25 is four times slower. */
  playbackRate: finite('playbackRate', 0.01, 4).default(1),
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
/** Static environment pieces. Their collision parts come from scene/geometry.ts, shared by sim and render. */
export const EnvironmentItemSchema = z.discriminatedUnion('kind', [
  /** A wedge whose slope rises towards −x (in its own frame) from its low edge at positionM. */
  z.strictObject({ ...itemBase, kind: z.literal('ramp'), angleDeg: finite('angleDeg', 1, 80), runM: positive('runM', 100), widthM: positive('widthM', 100) }),
  /** A table: a top slab on four legs; sizeM is [width x, height y, depth z]. */
  z.strictObject({ ...itemBase, kind: z.literal('table'), sizeM: size3('sizeM', 20) }),
  /** A box-shaped wall or block standing on positionM; sizeM is [x, y, z]. */
  z.strictObject({ ...itemBase, kind: z.literal('wall'), sizeM: size3('sizeM') }),
  /** A box raised elevationM above positionM (a shelf, a counter top, a plinth). */
  z.strictObject({ ...itemBase, kind: z.literal('box'), sizeM: size3('sizeM'), elevationM: finite('elevationM', 0, 100).default(0) }),
  /** Steps climbing towards −x from positionM. */
  z.strictObject({ ...itemBase, kind: z.literal('stairs'), stepCount: z.number().int().min(1).max(100), stepRiseM: positive('stepRiseM', 2), stepRunM: positive('stepRunM', 5), widthM: positive('widthM', 50) }),
  /** A basketball hoop: a pole and backboard behind the rim; the rim's centre is rimHeightM above positionM, towards +x. */
  z.strictObject({ ...itemBase, kind: z.literal('hoop'), rimHeightM: positive('rimHeightM', 10).default(3.05), rimRadiusM: positive('rimRadiusM', 2).default(0.2286) }),
  /** A billiard table: a bed sizeM ([x, height, z]) with cushions round its edge. */
  z.strictObject({ ...itemBase, kind: z.literal('billiard-table'), sizeM: size3('sizeM', 20) }),
  /** An open-topped tank or pool: a floor and four walls, wallM thick, sizeM outside. */
  z.strictObject({ ...itemBase, kind: z.literal('tank'), sizeM: size3('sizeM', 100), wallM: positive('wallM', 2).default(0.02) }),
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

export const SETTINGS = ['room', 'gym', 'kitchen', 'outdoor', 'underwater', 'studio'] as const;

export const EnvironmentSchema = z.strictObject({
  /** Where the scene takes place: sets the sound's ambience and the render's backdrop. */
  setting: z.enum(SETTINGS).default('room'),
  /** The floor, top surface at y = 0; null for none (a body then falls forever). */
  ground: GroundSchema.nullable(),
  items: z.array(EnvironmentItemSchema).max(256).default([]),
});

export const CameraSchema = z.discriminatedUnion('mode', [
  /** Frame the scene automatically from the bodies' bounding box over the whole timeline. */
  z.strictObject({ mode: z.literal('auto') }),
  z.strictObject({ mode: z.literal('fixed'), positionM: vec3('positionM'), targetM: vec3('targetM'), fovDeg: finite('fovDeg', 5, 150).default(45) }),
]);



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
    substeps: z.number().int().min(1).max(16).default(8),
    fps: z.number().int().min(1).max(240).default(60),
  }).default({ dtS: 1 / 240, substeps: 8, fps: 60 }),
  bodies: z.array(BodySchema).min(1, 'a scene needs at least one body').max(2000),
  joints: z.array(JointSchema).max(2000).default([]),
  actions: z.array(ActionSchema).max(2000).default([]),
  /** Quadratic air drag, F = ½ ρ C_d A v², off unless asked for. */
  airDrag: z.strictObject({
    enabled: z.boolean().default(false),
    airDensityKgM3: finite('airDensityKgM3', 0, 100).default(1.225),
  }).default({ enabled: false, airDensityKgM3: 1.225 }),
  fluids: z.array(FluidSchema).max(16).default([]),
  environment: EnvironmentSchema,
  camera: CameraSchema.default({ mode: 'auto' }),
  /** Shots in order; none means one wide shot of the whole duration. */
  shots: z.array(ShotSchema).max(64).default([]),
  style: z.enum(STYLES).default('standard'),
  interpretation: InterpretationSchema.optional(),
});

export type Primitive = z.infer<typeof PrimitiveSchema>;
export type Shape = z.infer<typeof ShapeSchema>;
export type JointSpec = z.infer<typeof JointSchema>;
export type ActionSpec = z.infer<typeof ActionSchema>;
export type FluidSpec = z.infer<typeof FluidSchema>;
export type ShotSpec = z.infer<typeof ShotSchema>;
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
