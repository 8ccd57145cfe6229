/**
 * The shape of each liquid particle's splat: an ellipsoid stretched along the liquid round it, so that
 * thin sheets (a spill spreading over the floor, the front of a surge) draw as continuous liquid rather
 * than a scatter of beads. Pure math (no three.js, no DOM), so it is unit-tested in Node
 * (fluid-shapes.test.ts); render/fluid-view.ts feeds it the drawn particles of each recorded fluid
 * frame and the surface path (render/fluid-surface.ts) splats the ellipsoids.
 *
 * Method: the anisotropic kernels of Yu & Turk ("Reconstructing Surfaces of Particle-Based Fluids
 * Using Anisotropic Kernels", ACM TOG 2013), adapted from an SPH density kernel to a splat shape:
 * - a weighted covariance of the neighbours within `h` (weight 1 − (r/h)³, the paper's) and its
 *   principal axes (Jacobi rotations: a 3×3 symmetric eigenproblem per particle, where a general
 *   matrix library would cost more in allocation than the arithmetic itself);
 * - the axes' lengths follow the square roots of the variances, the shortest at most `MAX_ANISOTROPY`
 *   times shorter than the longest (the paper's k_r, on lengths) and the middle one at most
 *   `MAX_ELONGATION` times (needles along a puddle's rim looked like cracks), at the volume of the
 *   isotropic splat, so the bulk keeps its look;
 * - unlike the paper's kernel, a splat also has to cover its share of a sheet: n neighbours within
 *   radius R of a sheet leave each about πR²/(n + 1) of it, so the splat's largest axis is at least
 *   `COVER` times that disc's radius, R/√(n + 1), and the other axes in proportion to their spread. A
 *   sheet whose particles have drifted apart (a spill thinning over the floor) still draws as one
 *   piece of liquid, while the bulk, where n is large, keeps its spheres. The radius is h, or 3h where
 *   fewer than `MIN_NEIGHBOURS` lie within h; with fewer within 3h too (spray, a drop, the rim of a
 *   puddle, where a few neighbours give no reliable shape: the paper's N_ε), the particle stays a sphere;
 * - the paper's Laplacian smoothing of the centres is applied only across sheets (along the axis of
 *   least variance, and only where that axis has collapsed), which flattens a sheet's particle jitter
 *   without pulling a bulk liquid's free surface inwards;
 * - cost: a particle deep in the bulk (its grid cell and the 26 round it all at least `BULK_CELL_FILL`
 *   full) is a sphere without a neighbour search; the rest cost well under a microsecond each
 *   (bench/fluids.mts prints the figure).
 *
 * Output per particle: its (possibly flattened) centre and the symmetric matrix S that maps the unit
 * sphere onto its ellipsoid, as six numbers (xx, yy, zz, xy, xz, yz). S is a plain matrix with no sign
 * ambiguity, so shapes of two recorded frames can be interpolated component by component.
 */

/** Neighbourhood radius, in drawn particle spacings. */
const NEIGHBOURHOOD_SPACINGS = 2;
/** Fewer neighbours than this within `FAR_NEIGHBOURHOOD` h: spray, a rim or a drop, drawn as a sphere (their few neighbours give no reliable shape). */
const MIN_NEIGHBOURS = 5;
/** The wider neighbourhood searched where h holds too few, in multiples of h. */
const FAR_NEIGHBOURHOOD = 3;
/** Neighbours over which a particle's shape goes from the sphere to its full anisotropy. */
const ANISOTROPY_RAMP = 5;
/** Largest ratio of the longest axis's length to the shortest's (a sheet's thickness)... */
const MAX_ANISOTROPY = 4;
/** ...and to the middle one's: a neighbourhood drawn out along a line makes at most a 2:1 ellipsoid, never a needle. */
const MAX_ELONGATION = 2;
/** A splat's largest axis covers at least this times the radius of its share of a sheet (header)... */
const COVER = 1.3;
/** ...and no axis exceeds this many isotropic radii. */
const MAX_GROW = 4;
/** Share of the way a sheet's particle moves onto its neighbours' mean plane (the paper's λ). */
const FLATTEN = 0.9;
/** Smallest/largest variance below which a neighbourhood is a sheet (flattening fully on), and above which it is not at all. */
const SHEET_FULL = 0.08, SHEET_NONE = 0.25;
/** Share of the bulk's particles per cell above which a cell counts as full (a particle whose 27 cells are all full is interior). */
const BULK_CELL_FILL = 0.4;
/** Cells of the neighbour grid, at most (a sparse spray over a large domain would otherwise want too many). */
const MAX_GRID_CELLS = 1 << 21;

export interface SplatShapes {
  /** count × xyz: the centres to draw, metres. */
  centers: Float32Array;
  /** count × (xx, yy, zz, xy, xz, yz): the symmetric matrix mapping the unit sphere onto the splat. */
  shapes: Float32Array;
}

/**
 * Splat shapes for every `stride`-th particle of `positions` (xyz, metres).
 * @param spacingM the drawn particles' rest spacing (a particle's volume is spacing³)
 * @param radiusM the isotropic splat's radius: bulk liquid keeps it
 */
export function splatShapes(positions: Float32Array, stride: number, spacingM: number, radiusM: number): SplatShapes {
  const { centers, shapes } = sphereSplats(positions, stride, radiusM);
  const count = centers.length / 3;
  if (count === 0) return { centers, shapes };
  const p = centers.slice();
  const h = NEIGHBOURHOOD_SPACINGS * spacingM;
  const grid = new NeighbourGrid(p, count, h);
  const moments = new Float64Array(10), covariance = new Float64Array(6), axes = new Float64Array(3);
  const eigen = { values: new Float64Array(3), vectors: new Float64Array(9) };
  const minVariance = 1 / MAX_ANISOTROPY ** 2;
  // A cell of the grid (side ≥ h) holds (h / spacing)³ = 8 particles in the bulk.
  const dense = Math.ceil(BULK_CELL_FILL * (h / spacingM) ** 3);
  for (let i = 0; i < count; i++) {
    if (grid.cellSide === h && grid.interior(p, i, dense)) continue;
    let radius = h;
    let n = grid.gather(p, i, radius, moments);
    if (n < MIN_NEIGHBOURS) { radius = FAR_NEIGHBOURHOOD * h; n = grid.gather(p, i, radius, moments); }
    if (n < MIN_NEIGHBOURS) continue;
    // Covariance of the offsets from particle i, about their weighted mean.
    const w = moments[0], ax = moments[1] / w, ay = moments[2] / w, az = moments[3] / w;
    covariance[0] = moments[4] / w - ax * ax; covariance[1] = moments[5] / w - ay * ay; covariance[2] = moments[6] / w - az * az;
    covariance[3] = moments[7] / w - ax * ay; covariance[4] = moments[8] / w - ax * az; covariance[5] = moments[9] / w - ay * az;
    symmetricEigen(covariance, eigen);
    const l1 = eigen.values[0], l3 = eigen.values[2]; // descending
    if (!(l1 > 0)) continue;
    // Each axis's spread relative to the longest's (clamped), then its length.
    axes[0] = 1;
    axes[1] = Math.sqrt(Math.max(eigen.values[1] / l1, 1 / MAX_ELONGATION ** 2));
    axes[2] = Math.sqrt(Math.max(l3 / l1, minVariance));
    const mean = Math.cbrt(axes[1] * axes[2]);
    const ramp = Math.min(1, (n - MIN_NEIGHBOURS + 1) / ANISOTROPY_RAMP);
    const cover = (COVER * radius) / Math.sqrt(n + 1);
    for (let k = 0; k < 3; k++) {
      const stretched = Math.min(MAX_GROW * radiusM, Math.max((radiusM * axes[k]) / mean, cover * axes[k]));
      axes[k] = radiusM + ramp * (stretched - radiusM);
    }
    const v = eigen.vectors;
    writeShape(shapes, i, axes, v);
    // Flatten across a sheet: move along its normal (the least-variance axis) onto the neighbours' mean.
    const sheet = smoothstep(SHEET_NONE, SHEET_FULL, l3 / l1) * ramp;
    if (sheet > 0) {
      const along = (ax * v[6] + ay * v[7] + az * v[8]) * FLATTEN * sheet;
      centers[3 * i] += along * v[6];
      centers[3 * i + 1] += along * v[7];
      centers[3 * i + 2] += along * v[8];
    }
  }
  return { centers, shapes };
}

/** Every `stride`-th particle of `positions` as a sphere of `radiusM` (the shapes of the bulk, and of liquids too large to shape). */
export function sphereSplats(positions: Float32Array, stride: number, radiusM: number): SplatShapes {
  const count = Math.ceil(positions.length / 3 / stride);
  const centers = new Float32Array(count * 3), shapes = new Float32Array(count * 6);
  for (let k = 0; k < count; k++) {
    centers.set(positions.subarray(3 * k * stride, 3 * k * stride + 3), 3 * k);
    shapes[6 * k] = shapes[6 * k + 1] = shapes[6 * k + 2] = radiusM;
  }
  return { centers, shapes };
}

/** S = Σ a_k e_k e_kᵀ, from the axes' lengths and unit vectors (rows of `v`). */
function writeShape(shapes: Float32Array, i: number, a: Float64Array, v: Float64Array): void {
  const o = 6 * i;
  shapes.fill(0, o, o + 6);
  for (let k = 0; k < 3; k++) {
    const x = v[3 * k], y = v[3 * k + 1], z = v[3 * k + 2];
    shapes[o] += a[k] * x * x; shapes[o + 1] += a[k] * y * y; shapes[o + 2] += a[k] * z * z;
    shapes[o + 3] += a[k] * x * y; shapes[o + 4] += a[k] * x * z; shapes[o + 5] += a[k] * y * z;
  }
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/**
 * Eigenvalues (descending) and unit eigenvectors (rows of `vectors`, in the same order) of the
 * symmetric matrix (xx, yy, zz, xy, xz, yz), by cyclic Jacobi rotations.
 */
export function symmetricEigen(m: ArrayLike<number>, out: { values: Float64Array; vectors: Float64Array }): void {
  const a = JACOBI_MATRIX, v = JACOBI_VECTORS; // row-major 3×3; the columns of v are eigenvectors
  a[0] = m[0]; a[1] = m[3]; a[2] = m[4];
  a[3] = m[3]; a[4] = m[1]; a[5] = m[5];
  a[6] = m[4]; a[7] = m[5]; a[8] = m[2];
  v.fill(0);
  v[0] = v[4] = v[8] = 1;
  const scale = Math.abs(m[0]) + Math.abs(m[1]) + Math.abs(m[2]);
  for (let sweep = 0; sweep < 12; sweep++) {
    const off = Math.abs(a[1]) + Math.abs(a[2]) + Math.abs(a[5]);
    if (off === 0 || off <= 1e-14 * scale) break;
    for (let pair = 0; pair < 3; pair++) {
      const p = pair === 2 ? 1 : 0, q = pair === 0 ? 1 : 2;
      const apq = a[3 * p + q];
      if (apq === 0) continue;
      const theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < 3; k++) { // A ← A·J
        const akp = a[3 * k + p], akq = a[3 * k + q];
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) { // A ← Jᵀ·A
        const apk = a[3 * p + k], aqk = a[3 * q + k];
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) { // V ← V·J
        const vkp = v[3 * k + p], vkq = v[3 * k + q];
        v[3 * k + p] = c * vkp - s * vkq;
        v[3 * k + q] = s * vkp + c * vkq;
      }
    }
  }
  // Order the diagonal descending (three elements: a fixed sorting network).
  let i0 = 0, i1 = 1, i2 = 2;
  if (a[4 * i1] > a[4 * i0]) [i0, i1] = [i1, i0];
  if (a[4 * i2] > a[4 * i1]) [i1, i2] = [i2, i1];
  if (a[4 * i1] > a[4 * i0]) [i0, i1] = [i1, i0];
  const order = [i0, i1, i2];
  for (let row = 0; row < 3; row++) {
    const col = order[row];
    out.values[row] = a[4 * col];
    for (let k = 0; k < 3; k++) out.vectors[3 * row + k] = v[3 * k + col];
  }
}
const JACOBI_MATRIX = new Float64Array(9), JACOBI_VECTORS = new Float64Array(9);

/** A uniform grid over the particles (counting sort by cell), for fixed-radius neighbour queries. */
class NeighbourGrid {
  private readonly min: [number, number, number];
  private readonly dims: [number, number, number];
  private readonly cell: number;
  get cellSide(): number { return this.cell; }
  private readonly start: Int32Array;
  /** Particle indices in cell order, and their positions in the same order (for memory locality). */
  private readonly sorted: Int32Array;
  private readonly sortedPositions: Float32Array;

  constructor(p: Float32Array, count: number, h: number) {
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < count; i++) for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], p[3 * i + a]);
      hi[a] = Math.max(hi[a], p[3 * i + a]);
    }
    const extent = hi.map((v, a) => v - lo[a]);
    this.cell = Math.max(h, Math.cbrt(((extent[0] + h) * (extent[1] + h) * (extent[2] + h)) / MAX_GRID_CELLS));
    this.min = lo as [number, number, number];
    this.dims = extent.map((e) => Math.floor(e / this.cell) + 1) as [number, number, number];
    const cells = this.dims[0] * this.dims[1] * this.dims[2];
    const cellOf = new Int32Array(count);
    this.start = new Int32Array(cells + 1);
    for (let i = 0; i < count; i++) {
      cellOf[i] = this.cellIndex(this.coord(p, i, 0), this.coord(p, i, 1), this.coord(p, i, 2));
      this.start[cellOf[i] + 1]++;
    }
    for (let c = 0; c < cells; c++) this.start[c + 1] += this.start[c];
    const fill = this.start.slice(0, cells);
    this.sorted = new Int32Array(count);
    for (let i = 0; i < count; i++) this.sorted[fill[cellOf[i]]++] = i;
    this.sortedPositions = new Float32Array(count * 3);
    this.sorted.forEach((i, s) => this.sortedPositions.set(p.subarray(3 * i, 3 * i + 3), 3 * s));
  }

  /**
   * The weighted moments of particle i's neighbours within `radius` (itself included), as offsets from
   * it, into `out`: Σw, Σw·d (3), Σw·d⊗d (xx, yy, zz, xy, xz, yz). Returns the number of neighbours
   * (itself excluded).
   */
  gather(p: Float32Array, i: number, radius: number, out: Float64Array): number {
    const x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
    const r2 = radius * radius, inverseRadius = 1 / radius, reach = Math.ceil(radius / this.cell);
    const q = this.sortedPositions, start = this.start, [nx, ny, nz] = this.dims;
    const cx = this.coord(p, i, 0), cy = this.coord(p, i, 1), cz = this.coord(p, i, 2);
    const x0 = Math.max(0, cx - reach), x1 = Math.min(nx - 1, cx + reach);
    const y0 = Math.max(0, cy - reach), y1 = Math.min(ny - 1, cy + reach);
    const z0 = Math.max(0, cz - reach), z1 = Math.min(nz - 1, cz + reach);
    let n = 0, w0 = 1, mx = 0, my = 0, mz = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
    for (let gz = z0; gz <= z1; gz++) {
      for (let gy = y0; gy <= y1; gy++) {
        const row = nx * (gy + ny * gz);
        const to = start[row + x1 + 1];
        for (let s = start[row + x0]; s < to; s++) {
          const dx = q[3 * s] - x, dy = q[3 * s + 1] - y, dz = q[3 * s + 2] - z;
          const d2 = dx * dx + dy * dy + dz * dz;
          // d2 = 0 is particle i itself (or one exactly on top of it, which adds nothing to the shape).
          if (d2 >= r2 || d2 === 0) continue;
          const r = Math.sqrt(d2) * inverseRadius;
          const w = 1 - r * r * r;
          n++;
          w0 += w;
          mx += w * dx; my += w * dy; mz += w * dz;
          xx += w * dx * dx; yy += w * dy * dy; zz += w * dz * dz;
          xy += w * dx * dy; xz += w * dx * dz; yz += w * dy * dz;
        }
      }
    }
    out[0] = w0; out[1] = mx; out[2] = my; out[3] = mz;
    out[4] = xx; out[5] = yy; out[6] = zz; out[7] = xy; out[8] = xz; out[9] = yz;
    return n;
  }

  /**
   * Whether particle i lies deep in the bulk: its cell and the 26 round it all exist and hold at least
   * `dense` particles each, so its neighbourhood within one cell is full on every side.
   */
  interior(p: Float32Array, i: number, dense: number): boolean {
    const cx = this.coord(p, i, 0), cy = this.coord(p, i, 1), cz = this.coord(p, i, 2);
    if (cx < 1 || cy < 1 || cz < 1 || cx >= this.dims[0] - 1 || cy >= this.dims[1] - 1 || cz >= this.dims[2] - 1) return false;
    for (let gz = cz - 1; gz <= cz + 1; gz++) for (let gy = cy - 1; gy <= cy + 1; gy++) for (let gx = cx - 1; gx <= cx + 1; gx++) {
      const c = this.cellIndex(gx, gy, gz);
      if (this.start[c + 1] - this.start[c] < dense) return false;
    }
    return true;
  }

  private coord(p: Float32Array, i: number, axis: number): number {
    return Math.min(this.dims[axis] - 1, Math.floor((p[3 * i + axis] - this.min[axis]) / this.cell));
  }

  private cellIndex(x: number, y: number, z: number): number {
    return x + this.dims[0] * (y + this.dims[1] * z);
  }
}
