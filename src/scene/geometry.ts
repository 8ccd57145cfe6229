/**
 * Geometry shared by the parser (to place things on surfaces), the simulation (colliders) and the
 * renderer (meshes): the environment's static parts, shape volumes, and Euler-to-quaternion.
 *
 * Keeping this in one DOM-free place means what you see is exactly what collides.
 */
import type { EnvironmentItem, GroundSpec, Shape } from './spec.ts';

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

/** One primitive of static geometry, in world space. */
export interface StaticPart {
  /** The environment item (or ground) this part belongs to. */
  ownerId: string;
  shape:
    | { type: 'box'; halfExtentsM: Vec3 }
    /** A convex hull; `pointsM` are in the part's local frame. */
    | { type: 'convex'; pointsM: Vec3[] };
  positionM: Vec3;
  quaternion: Quat;
}

const DEG = Math.PI / 180;
/** The ground is a thick slab so that fast bodies cannot tunnel through it. */
export const GROUND_THICKNESS_M = 1;
export const TABLE_TOP_THICKNESS_M = 0.04;
const TABLE_LEG_SIZE_M = 0.05;

/** Quaternion [x, y, z, w] for intrinsic XYZ Euler angles in degrees (three.js's default order). */
export function quaternionFromEulerDeg([xDeg, yDeg, zDeg]: Vec3): Quat {
  const c1 = Math.cos((xDeg * DEG) / 2), s1 = Math.sin((xDeg * DEG) / 2);
  const c2 = Math.cos((yDeg * DEG) / 2), s2 = Math.sin((yDeg * DEG) / 2);
  const c3 = Math.cos((zDeg * DEG) / 2), s3 = Math.sin((zDeg * DEG) / 2);
  return [
    s1 * c2 * c3 + c1 * s2 * s3,
    c1 * s2 * c3 - s1 * c2 * s3,
    c1 * c2 * s3 + s1 * s2 * c3,
    c1 * c2 * c3 - s1 * s2 * s3,
  ];
}

/** Rotates a vector about +y by yawDeg. */
function yawVector([x, y, z]: Vec3, yawDeg: number): Vec3 {
  const c = Math.cos(yawDeg * DEG), s = Math.sin(yawDeg * DEG);
  return [c * x + s * z, y, -s * x + c * z];
}

function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** Volume of a shape in m³. */
export function shapeVolumeM3(shape: Shape): number {
  switch (shape.type) {
    case 'sphere': return (4 / 3) * Math.PI * shape.radiusM ** 3;
    case 'box': return shape.sizeM[0] * shape.sizeM[1] * shape.sizeM[2];
    case 'cylinder': return Math.PI * shape.radiusM ** 2 * shape.heightM;
  }
}

/** Half the shape's height along y when upright: how far its centre sits above what it rests on. */
export function restingHalfHeightM(shape: Shape): number {
  switch (shape.type) {
    case 'sphere': return shape.radiusM;
    case 'box': return shape.sizeM[1] / 2;
    case 'cylinder': return shape.heightM / 2;
  }
}

export function groundParts(ground: GroundSpec): StaticPart[] {
  const half = ground.sizeM / 2;
  return [{
    ownerId: ground.id,
    shape: { type: 'box', halfExtentsM: [half, GROUND_THICKNESS_M / 2, half] },
    positionM: [0, -GROUND_THICKNESS_M / 2, 0],
    quaternion: [0, 0, 0, 1],
  }];
}

/** The ramp's wedge in its own frame: low edge along z at x = 0, rising towards −x. */
function rampLocalPoints(angleDeg: number, runM: number, widthM: number): Vec3[] {
  const rise = runM * Math.tan(angleDeg * DEG);
  const hw = widthM / 2;
  return [
    [0, 0, -hw], [0, 0, hw],
    [-runM, 0, -hw], [-runM, 0, hw],
    [-runM, rise, -hw], [-runM, rise, hw],
  ];
}

/** Splits an environment item into primitives, in world space. */
export function itemParts(item: EnvironmentItem): StaticPart[] {
  const quaternion = quaternionFromEulerDeg([0, item.yawDeg, 0]);
  const place = (local: Vec3) => add(item.positionM, yawVector(local, item.yawDeg));
  switch (item.kind) {
    case 'ramp':
      return [{
        ownerId: item.id,
        shape: { type: 'convex', pointsM: rampLocalPoints(item.angleDeg, item.runM, item.widthM) },
        positionM: [...item.positionM],
        quaternion,
      }];
    case 'wall': {
      const [sx, sy, sz] = item.sizeM;
      return [{ ownerId: item.id, shape: { type: 'box', halfExtentsM: [sx / 2, sy / 2, sz / 2] }, positionM: place([0, sy / 2, 0]), quaternion }];
    }
    case 'table': {
      const [w, h, d] = item.sizeM;
      const legHeight = h - TABLE_TOP_THICKNESS_M;
      const top: StaticPart = {
        ownerId: item.id,
        shape: { type: 'box', halfExtentsM: [w / 2, TABLE_TOP_THICKNESS_M / 2, d / 2] },
        positionM: place([0, h - TABLE_TOP_THICKNESS_M / 2, 0]),
        quaternion,
      };
      const lx = w / 2 - TABLE_LEG_SIZE_M, lz = d / 2 - TABLE_LEG_SIZE_M;
      const legs = ([[lx, lz], [-lx, lz], [lx, -lz], [-lx, -lz]] as const).map(([x, z]): StaticPart => ({
        ownerId: item.id,
        shape: { type: 'box', halfExtentsM: [TABLE_LEG_SIZE_M / 2, legHeight / 2, TABLE_LEG_SIZE_M / 2] },
        positionM: place([x, legHeight / 2, z]),
        quaternion,
      }));
      return [top, ...legs];
    }
  }
}

/** The height of the surface an item offers to things placed on it (its top). */
export function itemTopHeightM(item: EnvironmentItem): number {
  switch (item.kind) {
    case 'ramp': return item.positionM[1] + item.runM * Math.tan(item.angleDeg * DEG);
    case 'wall':
    case 'table': return item.positionM[1] + item.sizeM[1];
  }
}

/**
 * A point on a ramp's slope, `distanceFromTopM` down the slope from its high edge, lifted off the
 * surface by `clearanceM` along the slope's normal; also the unit downhill direction.
 */
export function rampSlopePoint(
  ramp: Extract<EnvironmentItem, { kind: 'ramp' }>,
  distanceFromTopM: number,
  clearanceM: number,
): { pointM: Vec3; downhill: Vec3 } {
  const a = ramp.angleDeg * DEG;
  const rise = ramp.runM * Math.tan(a);
  const downhillLocal: Vec3 = [Math.cos(a), -Math.sin(a), 0];
  const normalLocal: Vec3 = [Math.sin(a), Math.cos(a), 0];
  const local: Vec3 = [
    -ramp.runM + downhillLocal[0] * distanceFromTopM + normalLocal[0] * clearanceM,
    rise + downhillLocal[1] * distanceFromTopM + normalLocal[1] * clearanceM,
    0,
  ];
  return { pointM: add(ramp.positionM, yawVector(local, ramp.yawDeg)), downhill: yawVector(downhillLocal, ramp.yawDeg) };
}
