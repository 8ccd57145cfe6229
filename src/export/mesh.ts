/**
 * Triangle meshes for the geometry primitives (scene/geometry.ts), for file formats such as glTF.
 *
 * Written here because the export formats must run in Node without three.js (DESIGN.md boundaries),
 * and no small, maintained package tessellates these primitives. Conventions match three.js's own
 * geometries so exported files look like the viewport: y is each primitive's axis, counter-clockwise
 * front faces, unit outward normals. Convex hulls (ramps) are built by brute force, which is exact and
 * fast for the handful of points a static part has.
 */
import type { PartShape, Vec3 } from '../scene/geometry.ts';

export interface TriangleMesh {
  positions: number[];
  normals: number[];
  indices: number[];
}

const SEGMENTS = 24;

function builder() {
  const mesh: TriangleMesh = { positions: [], normals: [], indices: [] };
  const vertex = (p: Vec3, n: Vec3): number => {
    mesh.positions.push(...p);
    mesh.normals.push(...n);
    return mesh.positions.length / 3 - 1;
  };
  return { mesh, vertex };
}

/** A surface of revolution about y from a profile of (radius, y, normalRadial, normalY) points. */
function lathe(profile: [number, number, number, number][]): TriangleMesh {
  const { mesh, vertex } = builder();
  const rings = profile.map(([r, y, nr, ny]) => Array.from({ length: SEGMENTS + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / SEGMENTS;
    const c = Math.cos(a), s = Math.sin(a);
    return vertex([r * s, y, r * c], [nr * s, ny, nr * c]);
  }));
  for (let k = 0; k < rings.length - 1; k++) {
    for (let i = 0; i < SEGMENTS; i++) {
      const a = rings[k][i], b = rings[k][i + 1], c = rings[k + 1][i], d = rings[k + 1][i + 1];
      mesh.indices.push(a, c, b, b, c, d);
    }
  }
  return mesh;
}

/** Profile from the top pole to the bottom pole of a sphere-capped shape, `straight` long between caps. */
function capsuleProfile(radius: number, straight: number): [number, number, number, number][] {
  const profile: [number, number, number, number][] = [];
  const quarter = SEGMENTS / 4;
  for (let i = 0; i <= quarter; i++) {
    const phi = (Math.PI / 2) * (i / quarter);
    profile.push([radius * Math.sin(phi), straight / 2 + radius * Math.cos(phi), Math.sin(phi), Math.cos(phi)]);
  }
  for (let i = 0; i <= quarter; i++) {
    const phi = Math.PI / 2 + (Math.PI / 2) * (i / quarter);
    profile.push([radius * Math.sin(phi), -straight / 2 + radius * Math.cos(phi), Math.sin(phi), Math.cos(phi)]);
  }
  return profile;
}

function merge(...meshes: TriangleMesh[]): TriangleMesh {
  const out: TriangleMesh = { positions: [], normals: [], indices: [] };
  for (const m of meshes) {
    const offset = out.positions.length / 3;
    out.positions.push(...m.positions);
    out.normals.push(...m.normals);
    out.indices.push(...m.indices.map((i) => i + offset));
  }
  return out;
}

/** A flat disc at height y facing up (+1) or down (−1). */
function disc(radius: number, y: number, facing: 1 | -1): TriangleMesh {
  const { mesh, vertex } = builder();
  const centre = vertex([0, y, 0], [0, facing, 0]);
  const rim = Array.from({ length: SEGMENTS + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / SEGMENTS;
    return vertex([radius * Math.sin(a), y, radius * Math.cos(a)], [0, facing, 0]);
  });
  for (let i = 0; i < SEGMENTS; i++) {
    if (facing > 0) mesh.indices.push(centre, rim[i], rim[i + 1]);
    else mesh.indices.push(centre, rim[i + 1], rim[i]);
  }
  return mesh;
}

function box([sx, sy, sz]: Vec3): TriangleMesh {
  const { mesh, vertex } = builder();
  const h: Vec3 = [sx / 2, sy / 2, sz / 2];
  // For each axis and sign: a face whose normal is ±axis, wound counter-clockwise seen from outside.
  for (let axis = 0; axis < 3; axis++) {
    for (const sign of [1, -1]) {
      const u = (axis + 1) % 3, v = (axis + 2) % 3;
      const n: Vec3 = [0, 0, 0];
      n[axis] = sign;
      const corner = (a: number, b: number): Vec3 => {
        const p: Vec3 = [0, 0, 0];
        p[axis] = sign * h[axis];
        p[u] = a * h[u];
        p[v] = b * h[v];
        return p;
      };
      const i0 = vertex(corner(-1, -1), n), i1 = vertex(corner(1, -1), n), i2 = vertex(corner(1, 1), n), i3 = vertex(corner(-1, 1), n);
      if (sign > 0) mesh.indices.push(i0, i1, i2, i0, i2, i3);
      else mesh.indices.push(i0, i2, i1, i0, i3, i2);
    }
  }
  return mesh;
}

function sub(a: Vec3, b: Vec3): Vec3 { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
function cross(a: Vec3, b: Vec3): Vec3 { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/**
 * The convex hull of a few points. Every plane through three points with all the others behind it is a
 * face; the points on it are sorted by angle round their centroid and fanned into triangles.
 */
function convexHull(points: Vec3[]): TriangleMesh {
  const { mesh, vertex } = builder();
  const eps = 1e-9;
  const faces = new Set<string>();
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      for (let k = j + 1; k < points.length; k++) {
        let n = cross(sub(points[j], points[i]), sub(points[k], points[i]));
        const length = Math.hypot(...n);
        if (length < eps) continue; // collinear
        n = [n[0] / length, n[1] / length, n[2] / length];
        const sides = points.map((p) => dot(n, sub(p, points[i])));
        if (sides.some((d) => d > eps)) n = [-n[0], -n[1], -n[2]];
        if (sides.some((d) => d > eps) && sides.some((d) => d < -eps)) continue; // not a face
        const onPlane = points.map((_, index) => index).filter((index) => Math.abs(sides[index]) <= eps);
        const key = onPlane.join(',');
        if (faces.has(key)) continue;
        faces.add(key);
        const centroid = onPlane.reduce<Vec3>((c, index) => [c[0] + points[index][0] / onPlane.length, c[1] + points[index][1] / onPlane.length, c[2] + points[index][2] / onPlane.length], [0, 0, 0]);
        const u = sub(points[onPlane[0]], centroid);
        const v = cross(n, u);
        const ordered = [...onPlane].sort((a, b) => {
          const da = sub(points[a], centroid), db = sub(points[b], centroid);
          return Math.atan2(dot(da, v), dot(da, u)) - Math.atan2(dot(db, v), dot(db, u));
        });
        const ids = ordered.map((index) => vertex(points[index], n));
        for (let t = 1; t < ids.length - 1; t++) mesh.indices.push(ids[0], ids[t], ids[t + 1]);
      }
    }
  }
  return mesh;
}

/** A triangle mesh of one primitive, centred on its origin with its axis along y. */
export function primitiveMesh(shape: PartShape): TriangleMesh {
  switch (shape.type) {
    case 'sphere': return lathe(capsuleProfile(shape.radiusM, 0));
    case 'capsule': return lathe(capsuleProfile(shape.radiusM, Math.max(shape.heightM - 2 * shape.radiusM, 0)));
    case 'box': return box(shape.sizeM);
    case 'cylinder': {
      const r = shape.radiusM, h = shape.heightM / 2;
      return merge(lathe([[r, h, 1, 0], [r, -h, 1, 0]]), disc(r, h, 1), disc(r, -h, -1));
    }
    case 'cone': {
      const r = shape.radiusM, h = shape.heightM / 2;
      const slope = Math.hypot(r, 2 * h);
      return merge(lathe([[0, h, (2 * h) / slope, r / slope], [r, -h, (2 * h) / slope, r / slope]]), disc(r, -h, -1));
    }
    case 'convex': return convexHull(shape.pointsM);
  }
}
