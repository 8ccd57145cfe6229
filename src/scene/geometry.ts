/**
 * Geometry shared by the parser (to place things on surfaces), the simulation (colliders) and the
 * renderer (meshes): every body shape and every environment item is expanded here into primitives
 * (sphere, box, cylinder, capsule, cone, convex hull) with poses. What you see is exactly what collides.
 *
 * Containers are built from primitives: a cup is a disc base and a ring of wall slabs leaning out by
 * its taper, an open box is a base and four walls, a ring (a hoop's rim) is a loop of capsules. Each is
 * centred on its bounding box, so a body's `positionM` stays the centre of its shape.
 */
import type { EnvironmentItem, GroundSpec, Primitive, Shape } from './spec.ts';

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export type PartShape = Primitive | { type: 'convex'; pointsM: Vec3[] };

/** One primitive placed in its owner's frame (a body) or in the world (a static part). */
export interface Part {
  shape: PartShape;
  positionM: Vec3;
  quaternion: Quat;
}

/** One primitive of static geometry, in world space. */
export interface StaticPart extends Part {
  /** The environment item (or ground) this part belongs to. */
  ownerId: string;
}

const DEG = Math.PI / 180;
const IDENTITY: Quat = [0, 0, 0, 1];
/** The ground is a thick slab so that fast bodies cannot tunnel through it. */
export const GROUND_THICKNESS_M = 1;
export const TABLE_TOP_THICKNESS_M = 0.04;
const TABLE_LEG_SIZE_M = 0.05;

// ---- small vector and quaternion helpers -------------------------------------------------------

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

function axisAngle([x, y, z]: Vec3, angleRad: number): Quat {
  const s = Math.sin(angleRad / 2);
  return [x * s, y * s, z * s, Math.cos(angleRad / 2)];
}

/** a ∘ b: rotate by b, then by a. */
export function multiplyQuat(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a, [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export function rotateVec([x, y, z]: Vec3, [qx, qy, qz, qw]: Quat): Vec3 {
  // v + 2w(q×v) + 2 q×(q×v)
  const tx = 2 * (qy * z - qz * y), ty = 2 * (qz * x - qx * z), tz = 2 * (qx * y - qy * x);
  return [x + qw * tx + (qy * tz - qz * ty), y + qw * ty + (qz * tx - qx * tz), z + qw * tz + (qx * ty - qy * tx)];
}

function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** Places parts given in an owner's frame into a parent frame (position, rotation). */
function transformParts(parts: readonly Part[], positionM: Vec3, quaternion: Quat): Part[] {
  return parts.map((part) => ({
    shape: part.shape,
    positionM: add(positionM, rotateVec(part.positionM, quaternion)),
    quaternion: multiplyQuat(quaternion, part.quaternion),
  }));
}

// ---- body shapes ---------------------------------------------------------------------------------

/** The primitives of a body shape, in the body's frame. */
export function shapeParts(shape: Shape): Part[] {
  switch (shape.type) {
    case 'sphere':
    case 'box':
    case 'cylinder':
    case 'capsule':
    case 'cone':
      return [{ shape, positionM: [0, 0, 0], quaternion: IDENTITY }];
    case 'compound':
      return shape.parts.map((p) => ({ shape: p.shape, positionM: p.offsetM, quaternion: quaternionFromEulerDeg(p.rotationDeg) }));
    case 'cup':
      return cupParts(shape.radiusM, shape.bottomRadiusM ?? shape.radiusM, shape.heightM, shape.wallM, shape.segments);
    case 'open-box':
      return openBoxParts(shape.sizeM, shape.wallM);
    case 'ring':
      return ringParts(shape.radiusM, shape.tubeRadiusM, shape.segments);
  }
}

function cupParts(rimRadiusM: number, bottomRadiusM: number, heightM: number, wallM: number, segments: number): Part[] {
  const bottom = -heightM / 2;
  const parts: Part[] = [{ shape: { type: 'cylinder', radiusM: bottomRadiusM, heightM: wallM }, positionM: [0, bottom + wallM / 2, 0], quaternion: IDENTITY }];
  const lean = Math.atan2(rimRadiusM - bottomRadiusM, heightM);
  const slantM = Math.hypot(heightM, rimRadiusM - bottomRadiusM);
  const midRadiusM = (rimRadiusM + bottomRadiusM) / 2 - wallM / 2;
  // Slabs slightly wider than the chord so that neighbours overlap and nothing leaks between them.
  const chordM = 2 * (midRadiusM + wallM / 2) * Math.tan(Math.PI / segments) * 1.02;
  const tilt = axisAngle([0, 0, 1], -lean); // top leans outwards (+x before the yaw)
  for (let i = 0; i < segments; i++) {
    const yaw = (2 * Math.PI * i) / segments;
    parts.push({
      shape: { type: 'box', sizeM: [wallM, slantM, chordM] },
      positionM: [midRadiusM * Math.cos(yaw), 0, -midRadiusM * Math.sin(yaw)],
      quaternion: multiplyQuat(axisAngle([0, 1, 0], yaw), tilt),
    });
  }
  return parts;
}

function openBoxParts([sx, sy, sz]: Vec3, wallM: number): Part[] {
  const box = (size: Vec3, at: Vec3): Part => ({ shape: { type: 'box', sizeM: size }, positionM: at, quaternion: IDENTITY });
  const wallY = wallM / 2; // walls stand on the base
  const wallH = sy - wallM;
  return [
    box([sx, wallM, sz], [0, -sy / 2 + wallM / 2, 0]),
    box([wallM, wallH, sz], [sx / 2 - wallM / 2, wallY, 0]),
    box([wallM, wallH, sz], [-sx / 2 + wallM / 2, wallY, 0]),
    box([sx - 2 * wallM, wallH, wallM], [0, wallY, sz / 2 - wallM / 2]),
    box([sx - 2 * wallM, wallH, wallM], [0, wallY, -sz / 2 + wallM / 2]),
  ];
}

function ringParts(radiusM: number, tubeRadiusM: number, segments: number): Part[] {
  const parts: Part[] = [];
  const chordM = 2 * radiusM * Math.sin(Math.PI / segments);
  const lie = axisAngle([0, 0, 1], Math.PI / 2); // capsule axis from y to x
  for (let i = 0; i < segments; i++) {
    const mid = (2 * Math.PI * (i + 0.5)) / segments;
    const r = radiusM * Math.cos(Math.PI / segments);
    parts.push({
      shape: { type: 'capsule', radiusM: tubeRadiusM, heightM: chordM + 2 * tubeRadiusM },
      positionM: [r * Math.cos(mid), 0, -r * Math.sin(mid)],
      // The tangent at angle `mid` is the radial direction turned by 90° about y.
      quaternion: multiplyQuat(axisAngle([0, 1, 0], mid + Math.PI / 2), lie),
    });
  }
  return parts;
}

/** Radius of the sphere round a part's own origin that holds it, m (a hull's farthest point). */
export function partBoundingRadiusM(shape: PartShape): number {
  switch (shape.type) {
    case 'box': return Math.sqrt(shape.sizeM[0] * shape.sizeM[0] + shape.sizeM[1] * shape.sizeM[1] + shape.sizeM[2] * shape.sizeM[2]) / 2;
    case 'sphere': return shape.radiusM;
    case 'cylinder': case 'cone': case 'capsule': return Math.sqrt(shape.radiusM * shape.radiusM + (shape.heightM * shape.heightM) / 4);
    case 'convex': return Math.max(0, ...shape.pointsM.map((p) => Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2])));
  }
}

/** Volume of one part in m³ (static convex parts are never weighed and count 0). */
export function partVolumeM3(shape: PartShape): number {
  switch (shape.type) {
    case 'sphere': return (4 / 3) * Math.PI * shape.radiusM ** 3;
    case 'box': return shape.sizeM[0] * shape.sizeM[1] * shape.sizeM[2];
    case 'cylinder': return Math.PI * shape.radiusM ** 2 * shape.heightM;
    case 'capsule': {
      const r = shape.radiusM, straight = Math.max(shape.heightM - 2 * r, 0);
      return Math.PI * r * r * straight + (4 / 3) * Math.PI * r ** 3;
    }
    case 'cone': return (Math.PI * shape.radiusM ** 2 * shape.heightM) / 3;
    case 'convex': return 0; // static geometry only; never weighed
  }
}

/** Solid volume of a shape in m³ (a cup's walls and base, not what it holds). */
export function shapeVolumeM3(shape: Shape): number {
  return shapeParts(shape).reduce((sum, part) => sum + partVolumeM3(part.shape), 0);
}

/** Half extents of a primitive's own axis-aligned box. */
function primitiveHalfExtents(shape: PartShape): Vec3 {
  switch (shape.type) {
    case 'sphere': return [shape.radiusM, shape.radiusM, shape.radiusM];
    case 'box': return [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2];
    case 'cylinder':
    case 'capsule':
    case 'cone': return [shape.radiusM, shape.heightM / 2, shape.radiusM];
    case 'convex': {
      const m: Vec3 = [0, 0, 0];
      for (const p of shape.pointsM) for (let k = 0; k < 3; k++) m[k] = Math.max(m[k], Math.abs(p[k]));
      return m;
    }
  }
}

/** The axis-aligned bounds of parts (in their shared frame), as [min, max]. */
export function partsBounds(parts: readonly Part[]): [Vec3, Vec3] {
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const part of parts) {
    const h = primitiveHalfExtents(part.shape);
    // Corners of the part's box, rotated: a conservative bound for every primitive.
    for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) {
      const c = add(part.positionM, rotateVec([sx * h[0], sy * h[1], sz * h[2]], part.quaternion));
      for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k], c[k]); max[k] = Math.max(max[k], c[k]); }
    }
  }
  return [min, max];
}

/** Half extents of the shape's bounding box in its own frame. */
export function shapeHalfExtentsM(shape: Shape): Vec3 {
  if (shape.type !== 'compound') return primitiveOrCompositeHalfExtents(shape);
  const [min, max] = partsBounds(shapeParts(shape));
  return [Math.max(-min[0], max[0]), Math.max(-min[1], max[1]), Math.max(-min[2], max[2])];
}

function primitiveOrCompositeHalfExtents(shape: Exclude<Shape, { type: 'compound' }>): Vec3 {
  switch (shape.type) {
    case 'cup': return [shape.radiusM, shape.heightM / 2, shape.radiusM];
    case 'open-box': return [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2];
    case 'ring': return [shape.radiusM + shape.tubeRadiusM, shape.tubeRadiusM, shape.radiusM + shape.tubeRadiusM];
    default: return primitiveHalfExtents(shape);
  }
}

/** Half the shape's height along y when upright: how far its centre sits above what it rests on. */
export function restingHalfHeightM(shape: Shape): number {
  return shapeHalfExtentsM(shape)[1];
}

/** Radius of a sphere around the body's origin that holds the whole shape. */
export function boundingRadiusM(shape: Shape): number {
  return Math.hypot(...shapeHalfExtentsM(shape));
}

// ---- static environment -------------------------------------------------------------------------

export function groundParts(ground: GroundSpec): StaticPart[] {
  const half = ground.sizeM / 2;
  return [{
    ownerId: ground.id,
    shape: { type: 'box', sizeM: [2 * half, GROUND_THICKNESS_M, 2 * half] },
    positionM: [0, -GROUND_THICKNESS_M / 2, 0],
    quaternion: IDENTITY,
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

const boxAt = (sizeM: Vec3, positionM: Vec3): Part => ({ shape: { type: 'box', sizeM }, positionM, quaternion: IDENTITY });

/** An item's parts in its own frame (origin at positionM on the ground, before the yaw). */
function itemLocalParts(item: EnvironmentItem): Part[] {
  switch (item.kind) {
    case 'ramp':
      return [{ shape: { type: 'convex', pointsM: rampLocalPoints(item.angleDeg, item.runM, item.widthM) }, positionM: [0, 0, 0], quaternion: IDENTITY }];
    case 'wall':
      return [boxAt(item.sizeM, [0, item.sizeM[1] / 2, 0])];
    case 'box':
      return [boxAt(item.sizeM, [0, item.elevationM + item.sizeM[1] / 2, 0])];
    case 'table': {
      const [w, h, d] = item.sizeM;
      const legHeight = h - TABLE_TOP_THICKNESS_M;
      const lx = w / 2 - TABLE_LEG_SIZE_M, lz = d / 2 - TABLE_LEG_SIZE_M;
      return [
        boxAt([w, TABLE_TOP_THICKNESS_M, d], [0, h - TABLE_TOP_THICKNESS_M / 2, 0]),
        ...([[lx, lz], [-lx, lz], [lx, -lz], [-lx, -lz]] as const).map(([x, z]) =>
          boxAt([TABLE_LEG_SIZE_M, legHeight, TABLE_LEG_SIZE_M], [x, legHeight / 2, z])),
      ];
    }
    case 'stairs':
      return Array.from({ length: item.stepCount }, (_, i) =>
        boxAt([item.stepRunM, (i + 1) * item.stepRiseM, item.widthM], [-(i + 0.5) * item.stepRunM, ((i + 1) * item.stepRiseM) / 2, 0]));
    case 'hoop': {
      // FIBA: backboard 1.80 × 1.05 m, lower edge 0.29 m below the rim, rim's inner edge 0.15 m in front.
      const boardBottom = item.rimHeightM - 0.29;
      const rimX = 0.15 + item.rimRadiusM;
      return [
        boxAt([0.03, 1.05, 1.8], [0, boardBottom + 0.525, 0]),
        ...transformParts(ringParts(item.rimRadiusM, 0.009, 16), [rimX, item.rimHeightM, 0], IDENTITY),
        boxAt([0.15, 0.02, 0.05], [0.075, item.rimHeightM - 0.01, 0]), // the rim's bracket
        { shape: { type: 'cylinder', radiusM: 0.08, heightM: boardBottom + 0.5 }, positionM: [-1.2, (boardBottom + 0.5) / 2, 0], quaternion: IDENTITY },
        boxAt([1.2, 0.1, 0.1], [-0.6, boardBottom + 0.45, 0]),
      ];
    }
    case 'billiard-table': {
      const [w, h, d] = item.sizeM;
      const cushionW = 0.05, cushionH = 0.04;
      return [
        boxAt([w, h, d], [0, h / 2, 0]),
        boxAt([w + 2 * cushionW, cushionH, cushionW], [0, h + cushionH / 2, d / 2 + cushionW / 2]),
        boxAt([w + 2 * cushionW, cushionH, cushionW], [0, h + cushionH / 2, -d / 2 - cushionW / 2]),
        boxAt([cushionW, cushionH, d], [w / 2 + cushionW / 2, h + cushionH / 2, 0]),
        boxAt([cushionW, cushionH, d], [-w / 2 - cushionW / 2, h + cushionH / 2, 0]),
      ];
    }
    case 'tank':
      return transformParts(openBoxParts(item.sizeM, item.wallM), [0, item.sizeM[1] / 2, 0], IDENTITY);
  }
}

/** Splits an environment item into primitives, in world space. */
export function itemParts(item: EnvironmentItem): StaticPart[] {
  const yaw = quaternionFromEulerDeg([0, item.yawDeg, 0]);
  return transformParts(itemLocalParts(item), item.positionM, yaw).map((part) => ({ ...part, ownerId: item.id }));
}

/** The height of the surface an item offers to things placed on it. */
export function itemTopHeightM(item: EnvironmentItem): number {
  switch (item.kind) {
    case 'ramp': return item.positionM[1] + item.runM * Math.tan(item.angleDeg * DEG);
    case 'wall':
    case 'table':
    case 'billiard-table': return item.positionM[1] + item.sizeM[1];
    case 'box': return item.positionM[1] + item.elevationM + item.sizeM[1];
    case 'stairs': return item.positionM[1] + item.stepCount * item.stepRiseM;
    case 'hoop': return item.positionM[1] + item.rimHeightM;
    case 'tank': return item.positionM[1] + item.wallM; // its inner floor
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
  const yaw = quaternionFromEulerDeg([0, ramp.yawDeg, 0]);
  const downhillLocal: Vec3 = [Math.cos(a), -Math.sin(a), 0];
  const normalLocal: Vec3 = [Math.sin(a), Math.cos(a), 0];
  const local: Vec3 = [
    -ramp.runM + downhillLocal[0] * distanceFromTopM + normalLocal[0] * clearanceM,
    rise + downhillLocal[1] * distanceFromTopM + normalLocal[1] * clearanceM,
    0,
  ];
  return { pointM: add(ramp.positionM, rotateVec(local, yaw)), downhill: rotateVec(downhillLocal, yaw) };
}
