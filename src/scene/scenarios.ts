/**
 * Builders for the classic teaching set-ups that a prompt names as a whole rather than object by
 * object: a simple pendulum, Newton's cradle, a mass on a spring, and a basketball shot at a hoop
 * solved ballistically. The parser (parser.ts) reads the numbers out of the prompt and calls these;
 * they are pure functions of those numbers, so the physics validation suite (issue 4) can rely on
 * exactly where things start.
 *
 * Geometry follows SceneSpec conventions (y up, ground top at y = 0, a body's position is its centre).
 * Physics: simple pendulum period T = 2π√(L/g); spring–mass period T = 2π√(m/k) with static
 * stretch mg/k; projectile motion x = x0 + vx t, y = y0 + vy t − g t²/2 (any mechanics text, e.g.
 * Halliday, Resnick & Walker, "Fundamentals of Physics", ch. 4, 13, 15).
 */
import type { Vec3 } from './geometry.ts';
import type { JointSpec, Shape } from './spec.ts';

const DEG = Math.PI / 180;

/** A body the builders place; the parser adds ids, names and materials' overrides. */
export interface PlacedBody {
  positionM: Vec3;
  linearVelocityMps: Vec3;
}

/** Clearance between the lowest point of a hanging system and the floor, metres. */
export const HANGING_CLEARANCE_M = 0.3;

/**
 * A simple pendulum: the bob hangs `lengthM` (pivot to bob centre) from a fixed point, pulled
 * `amplitudeDeg` towards +x in the x–y plane and released from rest. The pivot is high enough that
 * the bob never reaches the floor. Pendulums after the first hang side by side along z.
 */
export function pendulums(count: number, lengthM: number, amplitudeDeg: number, bobRadiusM: number, spacingM: number): {
  pivotsM: Vec3[]; bobs: PlacedBody[];
} {
  const pivotY = lengthM + bobRadiusM + HANGING_CLEARANCE_M;
  const pivotsM: Vec3[] = [], bobs: PlacedBody[] = [];
  for (let i = 0; i < count; i++) {
    const z = (i - (count - 1) / 2) * spacingM;
    const pivot: Vec3 = [0, pivotY, z];
    pivotsM.push(pivot);
    bobs.push({ positionM: [lengthM * Math.sin(amplitudeDeg * DEG), pivotY - lengthM * Math.cos(amplitudeDeg * DEG), z], linearVelocityMps: [0, 0, 0] });
  }
  return { pivotsM, bobs };
}

/** One spherical joint per bob, from the world at its pivot. */
export function pendulumJoints(bobIds: readonly string[], pivotsM: readonly Vec3[]): JointSpec[] {
  return bobIds.map((id, i) => ({ id: `pivot-${i + 1}`, type: 'spherical', a: 'world', b: id, anchorM: pivotsM[i]! }));
}

/**
 * Newton's cradle: `count` equal balls in a row along x, each hanging `lengthM` below its own pivot,
 * neighbours 3 mm apart: Rapier's 2 mm contact margin would otherwise treat the row as one
 * simultaneous contact and share the impulse among all the balls instead of passing it along; the first `pulled` balls
 * (at −x) are pulled back `amplitudeDeg` and released together.
 */
export function newtonsCradle(count: number, radiusM: number, lengthM: number, amplitudeDeg: number, pulled = 1): {
  pivotsM: Vec3[]; balls: PlacedBody[];
} {
  const gap = 3e-3;
  const pitch = 2 * radiusM + gap;
  const pivotY = lengthM + radiusM + HANGING_CLEARANCE_M;
  const pivotsM: Vec3[] = [], balls: PlacedBody[] = [];
  for (let i = 0; i < count; i++) {
    const x = (i - (count - 1) / 2) * pitch;
    pivotsM.push([x, pivotY, 0]);
    const angle = i < pulled ? -amplitudeDeg * DEG : 0;
    balls.push({ positionM: [x + lengthM * Math.sin(angle), pivotY - lengthM * Math.cos(angle), 0], linearVelocityMps: [0, 0, 0] });
  }
  return { pivotsM, balls };
}

/**
 * A vertical spring–mass oscillator: the spring hangs from a fixed anchor, rest length
 * `restLengthM`; the mass (its centre on the spring's lower end) starts `displacementM` below its
 * equilibrium (rest length + mg/k) and at rest, so it oscillates with amplitude `displacementM`
 * about the equilibrium, period 2π√(m/k).
 */
export function hangingSpring(massKg: number, stiffnessNpm: number, restLengthM: number, displacementM: number, halfHeightM: number, g: number): {
  anchorM: Vec3; body: PlacedBody; staticStretchM: number;
} {
  const staticStretchM = (massKg * Math.abs(g)) / stiffnessNpm;
  const lowest = restLengthM + staticStretchM + 2 * displacementM;
  const anchorY = lowest + halfHeightM + HANGING_CLEARANCE_M;
  const startLength = restLengthM + staticStretchM + displacementM;
  return { anchorM: [0, anchorY, 0], body: { positionM: [0, anchorY - startLength, 0], linearVelocityMps: [0, 0, 0] }, staticStretchM };
}

export type HoopShotKind = 'miss-backboard' | 'score';

/**
 * A shot at a hoop item standing at `hoopPositionM` with yaw 0 (backboard face at x ≈ +0.015, rim
 * centre at x = 0.15 + rimRadius, rim height `rimHeightM`; geometry.ts). The ball starts `distanceM`
 * out along +x at release height `releaseHeightM` and flies for `flightS` to its target, solved
 * ballistically:
 * - 'miss-backboard': it strikes the backboard 0.35 m above the rim and 0.6 m to the side of it
 *   (it travels in the plane z = 0.6, so it cannot touch the rim on the way or on the rebound) and
 *   rebounds off it;
 * - 'score': it comes down through the centre of the rim.
 */
export function hoopShot(hoopPositionM: Vec3, rimHeightM: number, rimRadiusM: number, ballRadiusM: number, kind: HoopShotKind, g: number, distanceM = 4.6, releaseHeightM = 2.1): PlacedBody & { targetM: Vec3 } {
  const [hx, hy, hz] = hoopPositionM;
  const rimX = hx + 0.15 + rimRadiusM;
  const side = kind === 'miss-backboard' ? 0.6 : 0;
  const target: Vec3 = kind === 'miss-backboard'
    ? [hx + 0.015 + ballRadiusM, hy + rimHeightM + 0.35, hz + side]
    : [rimX, hy + rimHeightM, hz];
  const start: Vec3 = [rimX + distanceM, hy + releaseHeightM, hz + side];
  const gAbs = Math.abs(g) > 1e-6 ? Math.abs(g) : 9.81;
  // Flight time: long enough for a descending arc (apex before the target), like a real shot.
  const flightS = kind === 'score' ? 1.6 : 1.05;
  const vx = (target[0] - start[0]) / flightS;
  const vy = (target[1] - start[1] + 0.5 * gAbs * flightS * flightS) / flightS;
  const vz = (target[2] - start[2]) / flightS;
  return { positionM: start, linearVelocityMps: [vx, vy, vz], targetM: target };
}

/** The range of a projectile launched from height y0 above level ground: where y returns to 0. */
export function projectileRangeM(vx: number, vy: number, y0: number, g: number): number {
  const gAbs = Math.abs(g);
  if (gAbs < 1e-9) return Math.abs(vx) * 10; // no gravity: ten seconds of drift
  const t = (vy + Math.sqrt(vy * vy + 2 * gAbs * Math.max(0, y0))) / gAbs;
  return Math.abs(vx) * t;
}

/** A lab hanging mass: a steel (or given material) cylinder as tall as it is wide, of the given mass. */
export function massCylinder(massKg: number, densityKgM3: number): Shape {
  const volume = massKg / densityKgM3;
  const radiusM = Math.cbrt(volume / (2 * Math.PI));
  return { type: 'cylinder', radiusM, heightM: 2 * radiusM };
}

