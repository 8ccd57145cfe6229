/**
 * The CPU reference fluid solver: MLS-MPM (Hu et al., "A Moving Least Squares Material Point Method
 * with Displacement Discontinuity and Two-Way Rigid Body Coupling", SIGGRAPH 2018) for a weakly
 * compressible Newtonian liquid, with the same passes, kernel and equation of state as the WGSL
 * kernels in shaders/fluid/ (after matsuoka-601/WebGPU-Ocean and three.js's compute fluid example).
 *
 * Why MLS-MPM (and not position-based fluids or SPH): it needs no neighbour search. Every pass is a
 * fixed 3×3×3 stencil between a particle and the grid, so the GPU version is a handful of dense
 * dispatches (scatter with fixed-point atomics, gather without), which is what runs 100k–1M particles
 * in real time in WebGPU-Ocean. The grid also makes boundaries cheap and robust: containers built
 * from primitives become solid cells (boundary.ts), and the same grid is where rigid bodies exchange
 * momentum with the liquid (Hu et al. §5). APIC's affine matrix C keeps it low-dissipation.
 *
 * One substep, in grid units (lengths in cells, h = 1; time in seconds; every particle has mass 1,
 * so the rest density is ρ₀ = particlesPerAxis³ per cell):
 *
 *   clear     grid mass m_i and momentum p_i = 0
 *   P2G 1     m_i += w_ip,  p_i += w_ip (v_p + C_p (x_i − x_p))              quadratic B-spline w
 *   P2G 2     ρ_p = Σ_i w_ip m_i (a solid node adds a ghost ρ₀);  P = max(0, K((ρ_p/ρ₀)^7 − 1));  σ = −P I + μ (C_p + C_pᵀ)
 *             p_i += −(1/ρ_p) · 4 · σ · Δt · w_ip (x_i − x_p)                 (Tait EOS, MLS force)
 *   grid      v_i = p_i / m_i + g Δt, then solid cells remove the velocity into the solid
 *   G2P       v_p = Σ w_ip v_i,  C_p = 4 Σ w_ip v_i (x_i − x_p)ᵀ,  x_p += v_p Δt
 *             (a particle never enters a solid cell: the axis that would is held back)
 *
 * K = ρ₀ c² / 7 with the artificial sound speed c chosen ≈ 10× the fastest expected flow, so the
 * density varies by about 1 % (Monaghan 1994's weakly compressible choice); Δt obeys Δt ≤ cfl·h/c
 * and the explicit viscous limit Δt ≤ 0.15 h²ρ/μ. Tension is clamped to zero (no negative pressure),
 * which keeps free surfaces from clumping.
 *
 * Determinism: plain float64 with only +, −, ×, ÷, sqrt and floor, in a fixed order, single
 * threaded: the same inputs give the same bits in every JavaScript engine (no Math.pow, no
 * Math.random, no clock). The GPU kernels use f32 and fixed-point atomics; gpu.test/e2e compare them
 * with this solver within a stated tolerance.
 */
import type { Vec3 } from '../../scene/geometry.ts';

export interface MpmConfig {
  /** Cells along x, y, z (including the one-cell solid shell round the domain). */
  gridSize: [number, number, number];
  /** Cell edge, m. */
  cellM: number;
  /** World position of the grid's corner (cell 0's low corner), m. */
  originM: Vec3;
  gravityMps2: Vec3;
  /** Rest density of the liquid, kg/m³ (physical; the solver works in units of ρ₀). */
  densityKgM3: number;
  viscosityPaS: number;
  /** Artificial sound speed, m/s. */
  soundSpeedMps: number;
  /** Particles per cell along each axis when a volume is filled (2 → 8 per cell). */
  particlesPerAxis: number;
  /** Courant number for Δt ≤ cfl·h/c. */
  cfl: number;
}

export const DEFAULT_CFL = 0.3;
/** Tait exponent. */
const GAMMA = 7;

export class MpmFluid {
  readonly config: MpmConfig;
  readonly nx: number; readonly ny: number; readonly nz: number;
  /** Particle count. */
  count = 0;
  /** Particle state in grid units: positions (cells), velocities (cells/s), C (1/s, row-major 3×3). */
  px: Float64Array; py: Float64Array; pz: Float64Array;
  vx: Float64Array; vy: Float64Array; vz: Float64Array;
  c: Float64Array;
  /** Density from the last P2G 2, in particles per cell (ρ₀ = particlesPerAxis³). */
  density: Float64Array;
  /** Per cell: 1 when solid (static geometry or the domain shell). */
  readonly solid: Uint8Array;
  /** Per cell: unit normal out of the solid (zero inside thick solid and in fluid cells). */
  readonly normal: Float32Array;
  /** Grid mass and momentum (velocity after the grid update). */
  readonly gm: Float64Array; readonly gx: Float64Array; readonly gy: Float64Array; readonly gz: Float64Array;
  /** Derived constants in grid units. */
  readonly restDensity: number;
  readonly stiffness: number;
  readonly viscosity: number;
  readonly gravity: Vec3;
  /** Largest stable substep, s. */
  readonly maxDtS: number;
  /** Substeps taken so far. */
  substeps = 0;

  constructor(config: MpmConfig, solid?: Uint8Array) {
    this.config = config;
    [this.nx, this.ny, this.nz] = config.gridSize;
    const cells = this.nx * this.ny * this.nz;
    this.solid = solid ?? new Uint8Array(cells);
    if (this.solid.length !== cells) throw new Error('solid mask size does not match the grid');
    markShell(this.solid, this.nx, this.ny, this.nz);
    this.normal = solidNormals(this.solid, this.nx, this.ny, this.nz);
    this.gm = new Float64Array(cells); this.gx = new Float64Array(cells); this.gy = new Float64Array(cells); this.gz = new Float64Array(cells);
    const h = config.cellM;
    this.restDensity = config.particlesPerAxis ** 3;
    const cg = config.soundSpeedMps / h;
    this.stiffness = (this.restDensity * cg * cg) / GAMMA;
    const nuCells = config.viscosityPaS / config.densityKgM3 / (h * h);
    this.viscosity = nuCells * this.restDensity;
    this.gravity = [config.gravityMps2[0] / h, config.gravityMps2[1] / h, config.gravityMps2[2] / h];
    this.maxDtS = Math.min(config.cfl / cg, nuCells > 0 ? 0.15 / nuCells : Infinity);
    const cap = 1024;
    this.px = new Float64Array(cap); this.py = new Float64Array(cap); this.pz = new Float64Array(cap);
    this.vx = new Float64Array(cap); this.vy = new Float64Array(cap); this.vz = new Float64Array(cap);
    this.c = new Float64Array(cap * 9); this.density = new Float64Array(cap);
  }

  /** Rest volume of one particle, m³. */
  get particleVolumeM3(): number {
    return this.config.cellM ** 3 / this.restDensity;
  }

  /** World position (m) → grid coordinate (cells) along axis k. */
  toGrid(xM: number, k: 0 | 1 | 2): number {
    return (xM - this.config.originM[k]) / this.config.cellM;
  }

  cellIndex(x: number, y: number, z: number): number {
    return (Math.floor(z) * this.ny + Math.floor(y)) * this.nx + Math.floor(x);
  }

  isSolidAt(x: number, y: number, z: number): boolean {
    if (x < 0 || y < 0 || z < 0 || x >= this.nx || y >= this.ny || z >= this.nz) return true;
    return this.solid[this.cellIndex(x, y, z)] === 1;
  }

  /** Adds one particle at a grid position with a grid velocity (cells/s). Returns false in a solid cell. */
  addParticle(x: number, y: number, z: number, vx = 0, vy = 0, vz = 0): boolean {
    if (this.isSolidAt(x, y, z)) return false;
    this.forceParticle(x, y, z, vx, vy, vz);
    return true;
  }

  /** Appends a particle without the solid check (restoring a snapshot). */
  forceParticle(x: number, y: number, z: number, vx: number, vy: number, vz: number): void {
    if (this.count === this.px.length) this.grow();
    const i = this.count++;
    this.px[i] = x; this.py[i] = y; this.pz[i] = z;
    this.vx[i] = vx; this.vy[i] = vy; this.vz[i] = vz;
    this.c.fill(0, i * 9, i * 9 + 9);
    this.density[i] = this.restDensity;
  }

  /**
   * Fills the world-space box [minM, maxM] with particles on the lattice of spacing h/particlesPerAxis
   * (sub-cell centres), skipping solid cells. Returns how many were added.
   */
  fillBox(minM: Vec3, maxM: Vec3, velocityMps: Vec3 = [0, 0, 0]): number {
    const n = this.config.particlesPerAxis, s = 1 / n, h = this.config.cellM;
    const lo = [0, 1, 2].map((k) => Math.ceil(this.toGrid(minM[k], k as 0 | 1 | 2) * n - 0.5));
    const hi = [0, 1, 2].map((k) => Math.floor(this.toGrid(maxM[k], k as 0 | 1 | 2) * n - 0.5));
    let added = 0;
    for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) {
      if (this.addParticle((i + 0.5) * s, (j + 0.5) * s, (k + 0.5) * s, velocityMps[0] / h, velocityMps[1] / h, velocityMps[2] / h)) added++;
    }
    return added;
  }

  /** Advances by dtS in equal substeps no longer than maxDtS. Returns the number of substeps. */
  step(dtS: number): number {
    const n = Math.max(1, Math.ceil(dtS / this.maxDtS - 1e-9));
    const dt = dtS / n;
    for (let s = 0; s < n; s++) this.substep(dt);
    return n;
  }

  /** One MLS-MPM substep of dt seconds (see the header). */
  substep(dt: number): void {
    const { nx, ny, gm, gx, gy, gz, px, py, pz, vx, vy, vz, c, density } = this;
    const sxy = nx * ny;
    gm.fill(0); gx.fill(0); gy.fill(0); gz.fill(0);
    const w = new Float64Array(9);
    const count = this.count;

    // P2G 1: mass and APIC momentum.
    for (let p = 0; p < count; p++) {
      const fx = px[p], fy = py[p], fz = pz[p];
      weights(fx, fy, fz, w);
      const bx = Math.floor(fx) - 1, by = Math.floor(fy) - 1, bz = Math.floor(fz) - 1;
      const base = (bz * ny + by) * nx + bx;
      const o = p * 9;
      const c00 = c[o], c01 = c[o + 1], c02 = c[o + 2], c10 = c[o + 3], c11 = c[o + 4], c12 = c[o + 5], c20 = c[o + 6], c21 = c[o + 7], c22 = c[o + 8];
      const ux = vx[p], uy = vy[p], uz = vz[p];
      for (let k = 0; k < 3; k++) {
        const dz = bz + k + 0.5 - fz, wz = w[6 + k];
        for (let j = 0; j < 3; j++) {
          const dy = by + j + 0.5 - fy, wyz = w[3 + j] * wz;
          let idx = base + k * sxy + j * nx;
          for (let i = 0; i < 3; i++, idx++) {
            const dx = bx + i + 0.5 - fx, wt = w[i] * wyz;
            gm[idx] += wt;
            gx[idx] += wt * (ux + c00 * dx + c01 * dy + c02 * dz);
            gy[idx] += wt * (uy + c10 * dx + c11 * dy + c12 * dz);
            gz[idx] += wt * (uz + c20 * dx + c21 * dy + c22 * dz);
          }
        }
      }
    }

    // P2G 2: density from the grid, then the stress force.
    const rho0 = this.restDensity, kStiff = this.stiffness, mu = this.viscosity;
    const solid = this.solid;
    for (let p = 0; p < count; p++) {
      const fx = px[p], fy = py[p], fz = pz[p];
      weights(fx, fy, fz, w);
      const bx = Math.floor(fx) - 1, by = Math.floor(fy) - 1, bz = Math.floor(fz) - 1;
      const base = (bz * ny + by) * nx + bx;
      let rho = 0;
      for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) {
        const wyz = w[3 + j] * w[6 + k];
        const idx = base + k * sxy + j * nx;
        // A solid node counts as full of liquid plus what was scattered into it (a ghost mass of ρ₀):
        // without it, particles pressed flat against a wall's face read rest density and stay there.
        const m0 = gm[idx] + solid[idx] * rho0, m1 = gm[idx + 1] + solid[idx + 1] * rho0, m2 = gm[idx + 2] + solid[idx + 2] * rho0;
        rho += (m0 * w[0] + m1 * w[1] + m2 * w[2]) * wyz;
      }
      density[p] = rho;
      const r = rho / rho0, r2 = r * r;
      const pressure = Math.max(0, kStiff * (r2 * r2 * r2 * r - 1));
      const o = p * 9;
      const s00 = -pressure + mu * 2 * c[o], s11 = -pressure + mu * 2 * c[o + 4], s22 = -pressure + mu * 2 * c[o + 8];
      const s01 = mu * (c[o + 1] + c[o + 3]), s02 = mu * (c[o + 2] + c[o + 6]), s12 = mu * (c[o + 5] + c[o + 7]);
      const f = (-4 * dt) / rho; // −V_p · 4 · Δt with V_p = m_p/ρ_p = 1/ρ_p
      const a00 = f * s00, a11 = f * s11, a22 = f * s22, a01 = f * s01, a02 = f * s02, a12 = f * s12;
      for (let k = 0; k < 3; k++) {
        const dz = bz + k + 0.5 - fz, wz = w[6 + k];
        for (let j = 0; j < 3; j++) {
          const dy = by + j + 0.5 - fy, wyz = w[3 + j] * wz;
          let idx = base + k * sxy + j * nx;
          for (let i = 0; i < 3; i++, idx++) {
            const dx = bx + i + 0.5 - fx, wt = w[i] * wyz;
            gx[idx] += wt * (a00 * dx + a01 * dy + a02 * dz);
            gy[idx] += wt * (a01 * dx + a11 * dy + a12 * dz);
            gz[idx] += wt * (a02 * dx + a12 * dy + a22 * dz);
          }
        }
      }
    }

    // Grid update: velocity, gravity, solid boundaries (no flow into the solid; slip along it).
    const [gvx, gvy, gvz] = this.gravity;
    const normal = this.normal;
    for (let idx = 0; idx < gm.length; idx++) {
      const m = gm[idx];
      if (m <= 0) continue;
      let ux = gx[idx] / m + gvx * dt, uy = gy[idx] / m + gvy * dt, uz = gz[idx] / m + gvz * dt;
      if (solid[idx] === 1) {
        const n0 = normal[idx * 3], n1 = normal[idx * 3 + 1], n2 = normal[idx * 3 + 2];
        if (n0 === 0 && n1 === 0 && n2 === 0) { ux = 0; uy = 0; uz = 0; } else {
          const vn = ux * n0 + uy * n1 + uz * n2;
          if (vn < 0) { ux -= vn * n0; uy -= vn * n1; uz -= vn * n2; }
        }
      }
      gx[idx] = ux; gy[idx] = uy; gz[idx] = uz;
    }

    // G2P: velocity and affine matrix back to the particles, then advection.
    for (let p = 0; p < count; p++) {
      const fx = px[p], fy = py[p], fz = pz[p];
      weights(fx, fy, fz, w);
      const bx = Math.floor(fx) - 1, by = Math.floor(fy) - 1, bz = Math.floor(fz) - 1;
      const base = (bz * ny + by) * nx + bx;
      let ux = 0, uy = 0, uz = 0;
      let b00 = 0, b01 = 0, b02 = 0, b10 = 0, b11 = 0, b12 = 0, b20 = 0, b21 = 0, b22 = 0;
      for (let k = 0; k < 3; k++) {
        const dz = bz + k + 0.5 - fz, wz = w[6 + k];
        for (let j = 0; j < 3; j++) {
          const dy = by + j + 0.5 - fy, wyz = w[3 + j] * wz;
          let idx = base + k * sxy + j * nx;
          for (let i = 0; i < 3; i++, idx++) {
            const dx = bx + i + 0.5 - fx, wt = w[i] * wyz;
            const wx0 = wt * gx[idx], wy0 = wt * gy[idx], wz0 = wt * gz[idx];
            ux += wx0; uy += wy0; uz += wz0;
            b00 += wx0 * dx; b01 += wx0 * dy; b02 += wx0 * dz;
            b10 += wy0 * dx; b11 += wy0 * dy; b12 += wy0 * dz;
            b20 += wz0 * dx; b21 += wz0 * dy; b22 += wz0 * dz;
          }
        }
      }
      const o = p * 9;
      c[o] = 4 * b00; c[o + 1] = 4 * b01; c[o + 2] = 4 * b02;
      c[o + 3] = 4 * b10; c[o + 4] = 4 * b11; c[o + 5] = 4 * b12;
      c[o + 6] = 4 * b20; c[o + 7] = 4 * b21; c[o + 8] = 4 * b22;
      let x = fx + ux * dt, y = fy + uy * dt, z = fz + uz * dt;
      if (this.isSolidAt(x, y, z)) {
        // Hold back each axis that carries the particle into a solid cell, in x, y, z order; the
        // start cell is free, so this always ends in a free cell.
        if (this.isSolidAt(x, fy, fz)) { x = fx; ux = 0; }
        if (this.isSolidAt(x, y, fz)) { y = fy; uy = 0; }
        if (this.isSolidAt(x, y, z)) { z = fz; uz = 0; }
      }
      px[p] = x; py[p] = y; pz[p] = z;
      vx[p] = ux; vy[p] = uy; vz[p] = uz;
    }
    this.substeps++;
  }

  /** Positions in metres, world space, interleaved xyz. */
  positionsM(out = new Float64Array(this.count * 3)): Float64Array {
    const h = this.config.cellM, [ox, oy, oz] = this.config.originM;
    for (let p = 0; p < this.count; p++) {
      out[p * 3] = ox + this.px[p] * h; out[p * 3 + 1] = oy + this.py[p] * h; out[p * 3 + 2] = oz + this.pz[p] * h;
    }
    return out;
  }

  /** Particle pressure in Pa from the last substep's density (the Tait law in physical units). */
  pressurePa(p: number): number {
    const r = this.density[p] / this.restDensity, r2 = r * r;
    const c = this.config.soundSpeedMps;
    return Math.max(0, (this.config.densityKgM3 * c * c / GAMMA) * (r2 * r2 * r2 * r - 1));
  }

  /** Kinetic energy of the liquid, J. */
  kineticJ(): number {
    const h = this.config.cellM, m = this.config.densityKgM3 * this.particleVolumeM3;
    let e = 0;
    for (let p = 0; p < this.count; p++) e += this.vx[p] ** 2 + this.vy[p] ** 2 + this.vz[p] ** 2;
    return 0.5 * m * e * h * h;
  }

  private grow(): void {
    const cap = this.px.length * 2;
    const g = (a: Float64Array, n = cap) => { const b = new Float64Array(n); b.set(a); return b; };
    this.px = g(this.px); this.py = g(this.py); this.pz = g(this.pz);
    this.vx = g(this.vx); this.vy = g(this.vy); this.vz = g(this.vz);
    this.c = g(this.c, cap * 9); this.density = g(this.density);
  }
}

/**
 * Quadratic B-spline weights of the 3×3×3 nodes round a particle at grid position (x, y, z), written
 * into w (x weights, then y, then z). The first node is the particle's cell − 1 on each axis.
 * Nodes sit at cell centres i + 0.5 (as in WebGPU-Ocean).
 */
function weights(x: number, y: number, z: number, w: Float64Array): void {
  const cx = Math.floor(x), cy = Math.floor(y), cz = Math.floor(z);
  const dx = x - cx - 0.5, dy = y - cy - 0.5, dz = z - cz - 0.5;
  w[0] = 0.5 * (0.5 - dx) * (0.5 - dx); w[1] = 0.75 - dx * dx; w[2] = 0.5 * (0.5 + dx) * (0.5 + dx);
  w[3] = 0.5 * (0.5 - dy) * (0.5 - dy); w[4] = 0.75 - dy * dy; w[5] = 0.5 * (0.5 + dy) * (0.5 + dy);
  w[6] = 0.5 * (0.5 - dz) * (0.5 - dz); w[7] = 0.75 - dz * dz; w[8] = 0.5 * (0.5 + dz) * (0.5 + dz);
}

/** Marks the outermost layer of cells solid (the domain's walls, floor and lid). */
function markShell(solid: Uint8Array, nx: number, ny: number, nz: number): void {
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) solid[(z * ny + y) * nx + x] = 1;
  }
}

/**
 * Unit normals out of the solid at solid cells: the sum of the offsets to the non-solid cells among
 * the 26 neighbours, normalised. Zero deep inside a solid (no free neighbour).
 */
export function solidNormals(solid: Uint8Array, nx: number, ny: number, nz: number): Float32Array {
  const normal = new Float32Array(solid.length * 3);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const idx = (z * ny + y) * nx + x;
    if (solid[idx] !== 1) continue;
    let sx = 0, sy = 0, sz = 0;
    for (let k = -1; k <= 1; k++) for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) {
      const X = x + i, Y = y + j, Z = z + k;
      if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
      if (solid[(Z * ny + Y) * nx + X] === 0) { sx += i; sy += j; sz += k; }
    }
    const len = Math.sqrt(sx * sx + sy * sy + sz * sz);
    if (len > 0) { normal[idx * 3] = sx / len; normal[idx * 3 + 1] = sy / len; normal[idx * 3 + 2] = sz / len; }
  }
  return normal;
}
