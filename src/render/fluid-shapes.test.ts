/**
 * Splat shapes (fluid-shapes.ts) on particle layouts whose right answer is known: the bulk of a
 * liquid keeps its spheres, a sparse sheet becomes flat discs that reach their neighbours and lie in
 * one plane, a line of drops stretches along itself without turning into needles, and a lone drop
 * stays a sphere.
 */
import { describe, expect, it } from 'vitest';
import { splatShapes, symmetricEigen } from './fluid-shapes.ts';

const SPACING = 0.01;
const RADIUS = 0.0093; // the isotropic splat: 1.5 × the rest-volume sphere of a 1 cm cube

/** A deterministic jitter in [−1, 1) (a fixed linear congruential sequence). */
function jitter(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  };
}

function positions(points: number[][]): Float32Array {
  return Float32Array.from(points.flat());
}

/** Particle k's shape as a 3×3 matrix. */
function shapeOf(shapes: Float32Array, k: number): number[][] {
  const [xx, yy, zz, xy, xz, yz] = shapes.subarray(6 * k, 6 * k + 6);
  return [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]];
}

/** Length of the ellipsoid's semi-axis along unit vector u: |S·u|. */
function reachAlong(shapes: Float32Array, k: number, u: number[]): number {
  const s = shapeOf(shapes, k);
  return Math.hypot(...s.map((row) => row[0] * u[0] + row[1] * u[1] + row[2] * u[2]));
}

describe('symmetricEigen', () => {
  it('recovers the axes and variances of a rotated diagonal matrix', () => {
    // R = rotation by 30° about z; M = R · diag(9, 4, 1) · Rᵀ.
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const m = [9 * c * c + 4 * s * s, 9 * s * s + 4 * c * c, 1, (9 - 4) * c * s, 0, 0];
    const out = { values: new Float64Array(3), vectors: new Float64Array(9) };
    symmetricEigen(m, out);
    expect(Array.from(out.values)).toEqual([expect.closeTo(9, 10), expect.closeTo(4, 10), expect.closeTo(1, 10)]);
    expect(Math.abs(out.vectors[0] * c + out.vectors[1] * s)).toBeCloseTo(1, 10);
    expect(Math.abs(out.vectors[8])).toBeCloseTo(1, 10);
  });
});

describe('splatShapes', () => {
  it('keeps the bulk of a liquid as spheres of the isotropic radius', () => {
    const points: number[][] = [];
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) for (let k = 0; k < 9; k++) points.push([i * SPACING, j * SPACING, k * SPACING]);
    const { centers, shapes } = splatShapes(positions(points), 1, SPACING, RADIUS);
    const middle = points.findIndex(([x, y, z]) => x === 4 * SPACING && y === 4 * SPACING && z === 4 * SPACING);
    const s = shapeOf(shapes, middle);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(s[a][b]).toBeCloseTo(a === b ? RADIUS : 0, 6);
    expect(Array.from(centers.subarray(3 * middle, 3 * middle + 3))).toEqual(points[middle].map((v) => expect.closeTo(v, 7)));
  });

  it('draws a sparse sheet on the floor as flat discs that reach their neighbours, in one plane', () => {
    // Particles 2.5 spacings apart on a 13 × 13 square, each up to 3 mm off the plane y = 5 mm.
    const random = jitter(7), gap = 2.5 * SPACING;
    const points: number[][] = [];
    for (let i = 0; i < 13; i++) for (let k = 0; k < 13; k++) points.push([i * gap, 0.005 + 0.003 * random(), k * gap]);
    const { centers, shapes } = splatShapes(positions(points), 1, SPACING, RADIUS);
    const middle = 6 * 13 + 6;
    // In the plane the disc reaches past the midpoint to each neighbour (so neighbours overlap)...
    const inPlane = Math.min(reachAlong(shapes, middle, [1, 0, 0]), reachAlong(shapes, middle, [0, 0, 1]));
    expect(inPlane).toBeGreaterThan(0.6 * gap);
    // ...and across it, it is a few times thinner than that, and than the sphere.
    const across = reachAlong(shapes, middle, [0, 1, 0]);
    expect(across).toBeLessThan(inPlane / 3.5);
    expect(across).toBeLessThan(0.6 * RADIUS);
    // The centres are pulled onto the sheet's plane: the interior's scatter off it shrinks to under half.
    const interior = points.map((_, n) => n).filter((n) => Math.floor(n / 13) >= 2 && Math.floor(n / 13) <= 10 && n % 13 >= 2 && n % 13 <= 10);
    const spread = (ys: number[]) => Math.sqrt(ys.reduce((a, y) => a + (y - 0.005) ** 2, 0) / ys.length);
    const before = spread(interior.map((n) => points[n][1])), after = spread(interior.map((n) => centers[3 * n + 1]));
    expect(after).toBeLessThan(before / 2);
  });

  it('draws a line of drops as spheres stretched at most 2:1 along it, never as needles', () => {
    const gap = 1.2 * SPACING;
    const points = Array.from({ length: 15 }, (_, i) => [0, i * gap, 0]);
    const { shapes } = splatShapes(positions(points), 1, SPACING, RADIUS);
    const along = reachAlong(shapes, 7, [0, 1, 0]), across = reachAlong(shapes, 7, [1, 0, 0]);
    expect(along).toBeGreaterThan(1.5 * across);
    expect(along).toBeLessThanOrEqual(2 * across + 1e-9);
  });

  it('leaves a lone drop, and every particle of a strided draw, with a sphere where nothing is near', () => {
    const points = [[0, 0, 0], [1, 1, 1], [2, 0, 0]];
    const { shapes, centers } = splatShapes(positions(points), 1, SPACING, RADIUS);
    for (let k = 0; k < 3; k++) expect(Array.from(shapes.subarray(6 * k, 6 * k + 6))).toEqual([RADIUS, RADIUS, RADIUS, 0, 0, 0].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(centers)).toEqual(points.flat());
    // Every second particle drawn: two of the three.
    expect(splatShapes(positions(points), 2, SPACING, RADIUS).centers.length).toBe(6);
  });
});
