/**
 * Static geometry → the fluid grid's solid cells. The parts come from scene/geometry.ts (the same
 * primitives Rapier collides with: the ground slab, tanks, open boxes and cups, walls, tables), so
 * what holds the liquid is what you see.
 *
 * A cell is solid when the part, grown by just under half a cell, contains the cell's centre: for an
 * axis-aligned box that is exactly "the part overlaps the cell", so a 2 cm tank wall on a 5 cm grid
 * still becomes a wall one or two cells thick and nothing leaks through it. The liquid's walls
 * therefore sit on cell faces, up to half a cell inside the true surface. Convex hulls (ramps) are
 * not rasterised yet.
 */
import { partBoundingRadiusM, rotateVec, type Part, type Quat, type Vec3 } from '../../scene/geometry.ts';

export interface GridFrame {
  gridSize: [number, number, number];
  cellM: number;
  originM: Vec3;
}

const conjugate = ([x, y, z, w]: Quat): Quat => [-x, -y, -z, w];

/** True when the world point lies inside the part grown by `growM`. */
export function insideGrownPart(part: Part, pointM: Vec3, growM: number): boolean {
  const l = rotateVec([pointM[0] - part.positionM[0], pointM[1] - part.positionM[1], pointM[2] - part.positionM[2]], conjugate(part.quaternion));
  const s = part.shape;
  switch (s.type) {
    case 'box':
      return Math.abs(l[0]) < s.sizeM[0] / 2 + growM && Math.abs(l[1]) < s.sizeM[1] / 2 + growM && Math.abs(l[2]) < s.sizeM[2] / 2 + growM;
    case 'sphere':
      return l[0] * l[0] + l[1] * l[1] + l[2] * l[2] < (s.radiusM + growM) ** 2;
    case 'cylinder':
    case 'cone':
      return Math.abs(l[1]) < s.heightM / 2 + growM && l[0] * l[0] + l[2] * l[2] < (s.radiusM + growM) ** 2;
    case 'capsule': {
      const half = Math.max(0, s.heightM / 2 - s.radiusM);
      const y = Math.max(-half, Math.min(half, l[1]));
      return l[0] * l[0] + (l[1] - y) ** 2 + l[2] * l[2] < (s.radiusM + growM) ** 2;
    }
    case 'convex':
      return false;
  }
}

/** Rasterises parts into a solid mask (1 = solid), one byte per cell, x fastest. */
export function rasterizeSolids(frame: GridFrame, parts: readonly Part[]): Uint8Array {
  const [nx, ny, nz] = frame.gridSize, h = frame.cellM, [ox, oy, oz] = frame.originM;
  const solid = new Uint8Array(nx * ny * nz);
  const grow = 0.499 * h;
  for (const part of parts) {
    // Only the cells under the part's bounding sphere need the test.
    const r = partBoundingRadiusM(part.shape) + h;
    const lo = [0, 1, 2].map((k) => Math.max(0, Math.floor((part.positionM[k] - r - frame.originM[k]) / h)));
    const hi = [0, 1, 2].map((k) => Math.min(frame.gridSize[k] - 1, Math.floor((part.positionM[k] + r - frame.originM[k]) / h)));
    for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) {
      const idx = (z * ny + y) * nx + x;
      if (solid[idx]) continue;
      if (insideGrownPart(part, [ox + (x + 0.5) * h, oy + (y + 0.5) * h, oz + (z + 0.5) * h], grow)) solid[idx] = 1;
    }
  }
  return solid;
}
