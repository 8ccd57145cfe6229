/**
 * The CPU reference fluid solver: an incompressible liquid on particles and a staggered grid, with the
 * particle–grid transfers of MLS-MPM / APIC and a pressure projection. The WGSL kernels in
 * shaders/fluid/ run the same passes (sim/gpu/runner.ts) and are checked against this file.
 *
 * Method. Particles carry position, velocity and the APIC affine matrix C (Jiang et al., "The Affine
 * Particle-In-Cell Method", SIGGRAPH 2015); the grid is a MAC grid (velocity components on cell faces,
 * pressure at cell centres; Harlow & Welch 1965). Transfers use quadratic B-splines, and the viscous
 * stress enters P2G as the MLS-MPM force (Hu et al., "A Moving Least Squares Material Point Method",
 * SIGGRAPH 2018). Incompressibility comes from a pressure projection (Chorin 1968; Bridson, "Fluid
 * Simulation for Computer Graphics", 2nd ed., ch. 5), as in MPM with a projection step (Stomakhin et
 * al., "Augmented MPM for phase-change and varied materials", SIGGRAPH 2014).
 *
 * Why not the weakly compressible MLS-MPM of WebGPU-Ocean (this solver's first version): its pressure
 * comes from a density read off the grid, and that reading is low wherever the kernel is cut off, at
 * the free surface and next to walls, so the top cell of liquid compresses until it reads rest density
 * (9 % of a 5-cell-deep tank's volume at 5 cm cells). A stiff equation of state turns each per cent of
 * reading error into ~10 kPa of pressure (hydrostatic pressure in a 25 cm tank is 2.5 kPa), so the
 * liquid never came to rest (dp/dz 30 % off). Tracking J (the deformation gradient's determinant)
 * instead fixes the surface but drifts: splashes come back expanded (+6 % in 10 s). A projection has
 * neither problem: the pressure at rest is exactly hydrostatic, and the substep is limited by the flow
 * speed, not by an artificial sound speed 10× faster than the flow.
 *
 * One substep of Δt, in grid units (lengths in cells, h = 1; every particle has mass 1; the rest density
 * is ρ₀ = particlesPerAxis³ particles per cell):
 *
 *   P2G        for each velocity component a, on its own face grid:
 *                m_f += w,  p_f += w (v_a + Σ_b A_ab (x_f − x_p)_b),  A = C − (4Δt/ρ₀) μ (C + Cᵀ)
 *              and at cell centres m_c += w; each particle is counted in its cell
 *   cells      fluid = holds a particle and is not solid, else air; ρ_c = m_c / (V_c ρ₀) with V_c the
 *              share of the centre's kernel outside solids (kernelVolumes: 1 in a lattice-filled region)
 *   faces      u_f = p_f / m_f + g_a Δt  (0 where m_f = 0); a face between a solid cell and a
 *              non-solid one (a wall face) takes the solid's velocity (0 for static geometry)
 *   projection Σ_nb (φ_nb − φ_i) = ∇·u_i − e_i/τ  on fluid cells (e_i: ρ_i − 1 beyond a 0.1 % band): fluid neighbours couple, solid
 *              ones carry no flux, an air neighbour is a ghost value with φ = 0 at the surface θ cells
 *              away (θ from the two cells' densities: interfaceFraction); red–black SOR, a fixed
 *              number of sweeps, warm-started; then u_f −= φ_R − φ_L (with the ghost value across a
 *              fluid–air face); p = ρ h² φ / Δt is the pressure in Pa
 *   extend     faces inside a solid just behind a wall face take the odd reflection of the face in
 *              front; for a viscous liquid (NO_SLIP_S) so do the tangential faces just behind a wall,
 *              about the solid's velocity (no slip); other faces not next to a fluid cell take the
 *              mean of their valid neighbours, two layers deep (the B-spline stencil reaches 1.5 cells)
 *   G2P        v_a = Σ w u_f,  C_ab = 4 Σ w u_f (x_f − x_p)_b,  x_p += v Δt
 *              (a particle never enters a solid cell: the axis that would is held back; with open
 *              sides, one that reaches the cells next to the x or z sides leaves the simulation)
 *
 * The density term e_i/τ is the grid form of the density correction of Kugelstadt et al.
 * ("Implicit density projection for volume conserving liquids", IEEE TVCG 2019): a divergence-free
 * grid does not stop particles bunching up below the grid scale, and without it a particle-in-cell
 * liquid loses volume (−5 % after a dam break in a closed tank). Over-dense cells always spread; an
 * under-dense cell is pulled together only when no cell of its 3×3×3 block is air (near the surface
 * the reading is low by construction).
 *
 * Δt ≤ cfl / v_max with v_max in cells/s (cfl = 0.1: a particle moves at most a fifth of its spacing
 * per substep; the volume error of a violent slosh grows with it), and the explicit viscous limit
 * Δt ≤ 0.15 h²ρ/μ.
 *
 * Determinism: plain float64 with only +, −, ×, ÷, sqrt and floor, in a fixed order, single threaded:
 * the same inputs give the same bits in every JavaScript engine (no Math.pow, no Math.random, no
 * clock). The GPU kernels use f32 and fixed-point atomics; gpu.test compares them with this solver
 * within a stated tolerance.
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
  /** Particles per cell along each axis when a volume is filled (2 → 8 per cell). */
  particlesPerAxis: number;
  /** Courant number for Δt ≤ cfl / v_max. */
  cfl: number;
  /** Red–black SOR sweeps per substep (default PRESSURE_SWEEPS). */
  pressureSweeps?: number;
  /**
   * The domain's sides (x and z) are open: a particle that reaches the layer of cells next to them
   * leaves the simulation (liquid running off across a floor), instead of piling up against them.
   */
  openSides?: boolean;
}

export const DEFAULT_CFL = 0.1;
/** Red–black SOR sweeps per substep; warm-started from the last substep's pressure. */
export const PRESSURE_SWEEPS = 60;
/** Over-relaxation factor of the pressure sweeps. */
export const SOR_OMEGA = 1.7;
/** Time constant of the density correction (how fast a density error is spread back), s. */
export const DENSITY_RELAX_S = 0.05;
/**
 * Density errors below this (relative) are left alone: it keeps the correction from acting on rounding
 * (the GPU's fixed-point sums read a lattice's density as 1 ± 1e-4) and costs at most 0.1 % of volume.
 */
export const DENSITY_BAND = 1e-3;
/**
 * Walls are no-slip for a liquid whose viscous boundary layer √(νt) outgrows a cell within this time
 * (ν NO_SLIP_S > h²: honey, syrup, oil at centimetre cells), and free-slip otherwise (water: its
 * boundary layer is far thinner than a cell, and a no-slip cell would be a layer of false drag). s.
 */
export const NO_SLIP_S = 1;
/** Layers of faces that G2P may read beyond the ones next to fluid cells. */
export const EXTEND_LAYERS = 2;

/** Smallest interface fraction θ the ghost-fluid surface condition uses (keeps 1/θ bounded). */
export const THETA_MIN = 0.1;

export const CELL_AIR = 0;
export const CELL_FLUID = 1;
export const CELL_SOLID = 2;
const INVALID = 255;
/** Face kinds: no solid side, exactly one (a wall face), both sides solid. */
const FACE_OPEN = 0, FACE_WALL = 1, FACE_SOLID = 2;

export class MpmFluid {
  readonly config: MpmConfig;
  readonly nx: number; readonly ny: number; readonly nz: number;
  /** Particle count. */
  count = 0;
  /** Particle state in grid units: positions (cells), velocities (cells/s), C (1/s, row a = ∇v_a). */
  px: Float64Array; py: Float64Array; pz: Float64Array;
  vx: Float64Array; vy: Float64Array; vz: Float64Array;
  c: Float64Array;
  /** Per cell: 1 when solid (static geometry, the domain shell, or a moving body this step). */
  readonly solid: Uint8Array;
  /** Per cell: velocity of the solid there (cells/s, xyz); 0 for static geometry. */
  readonly solidVelocity: Float64Array;
  /** Per cell: the moving body whose solid it is this step (setMovingSolids), or -1. */
  readonly bodyOf: Int16Array;
  /**
   * Impulse of the liquid on each moving body summed over the substeps since setMovingSolids: 6 per
   * body, linear (N·s) then angular about the body's centre (N·m·s).
   */
  bodyImpulses = new Float64Array(0);
  /** Per cell, from the last substep: CELL_AIR, CELL_FLUID or CELL_SOLID, and particles in it. */
  readonly cellType: Uint8Array;
  readonly cellCount: Int32Array;
  /** Per cell: B-spline mass at the cell centre (P2G), and the share of that kernel inside non-solid cells. */
  readonly cellMass: Float64Array;
  readonly kernelVolume: Float64Array;
  /** Per cell, from the last substep: density / ρ₀ at the centre, wall-renormalised (0 in solid cells). */
  readonly cellDensity: Float64Array;
  /** Per cell: pressure / Δt in grid units (φ/Δt, cells²/s²), kept to warm-start the next solve. */
  readonly pressure: Float64Array;
  /** Face grids, one per velocity component: dimensions, mass, momentum then velocity, validity. */
  readonly faceDims: [number, number, number][];
  readonly faceMass: Float64Array[];
  readonly faceVel: Float64Array[];
  readonly faceTag: Uint8Array[];
  readonly faceKind: Uint8Array[];
  /** Derived constants in grid units. */
  readonly restDensity: number;
  readonly viscosity: number;
  readonly gravity: Vec3;
  readonly pressureSweeps: number;
  /** Substeps taken so far. */
  substeps = 0;
  private readonly rhs: Float64Array;
  private readonly phi: Float64Array;
  private readonly diag: Float64Array;
  /** The fluid cells of each colour of the red–black sweep ((i + j + k) & 1), in k, j, i order. */
  private readonly sweepCells: [Int32Array, Int32Array];
  /** Viscous limit on Δt, s (Infinity without viscosity). */
  readonly viscousDtS: number;
  /** Walls hold the liquid's tangential velocity too (a viscous liquid; see NO_SLIP_S). */
  readonly noSlip: boolean;
  /** The static solid mask (without moving bodies). */
  private readonly staticSolid: Uint8Array;
  /** Centres of the moving bodies this step, grid units, 3 per body (setMovingSolids). */
  bodyCentres = new Float64Array(0);

  constructor(config: MpmConfig, solid?: Uint8Array) {
    this.config = config;
    const [nx, ny, nz] = config.gridSize;
    this.nx = nx; this.ny = ny; this.nz = nz;
    const cells = nx * ny * nz;
    this.solid = solid ?? new Uint8Array(cells);
    if (this.solid.length !== cells) throw new Error('solid mask size does not match the grid');
    markShell(this.solid, nx, ny, nz);
    this.staticSolid = Uint8Array.from(this.solid);
    this.bodyOf = new Int16Array(cells).fill(-1);
    this.solidVelocity = new Float64Array(cells * 3);
    this.cellType = new Uint8Array(cells);
    this.cellCount = new Int32Array(cells);
    this.pressure = new Float64Array(cells);
    this.cellMass = new Float64Array(cells);
    this.cellDensity = new Float64Array(cells);
    this.kernelVolume = kernelVolumes(this.solid, nx, ny, nz, config.particlesPerAxis);
    this.rhs = new Float64Array(cells);
    this.phi = new Float64Array(cells);
    this.diag = new Float64Array(cells);
    this.sweepCells = [new Int32Array(cells), new Int32Array(cells)];
    this.faceDims = [[nx + 1, ny, nz], [nx, ny + 1, nz], [nx, ny, nz + 1]];
    this.faceMass = this.faceDims.map(([a, b, d]) => new Float64Array(a * b * d));
    this.faceVel = this.faceDims.map(([a, b, d]) => new Float64Array(a * b * d));
    this.faceTag = this.faceDims.map(([a, b, d]) => new Uint8Array(a * b * d));
    this.faceKind = this.faceDims.map(([a, b, d]) => new Uint8Array(a * b * d));
    const h = config.cellM;
    this.restDensity = config.particlesPerAxis * config.particlesPerAxis * config.particlesPerAxis;
    const nuCells = config.viscosityPaS / config.densityKgM3 / (h * h);
    this.viscosity = nuCells * this.restDensity;
    this.viscousDtS = nuCells > 0 ? 0.15 / nuCells : Infinity;
    this.noSlip = nuCells * NO_SLIP_S > 1;
    this.gravity = [config.gravityMps2[0] / h, config.gravityMps2[1] / h, config.gravityMps2[2] / h];
    this.pressureSweeps = config.pressureSweeps ?? PRESSURE_SWEEPS;
    const cap = 1024;
    this.px = new Float64Array(cap); this.py = new Float64Array(cap); this.pz = new Float64Array(cap);
    this.vx = new Float64Array(cap); this.vy = new Float64Array(cap); this.vz = new Float64Array(cap);
    this.c = new Float64Array(cap * 9);
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
  }

  /**
   * Fills the world-space box [minM, maxM] with particles on the lattice of spacing h/particlesPerAxis
   * (sub-cell centres), skipping solid cells and, given `inside`, the lattice points (world space, m)
   * it rejects. Returns how many were added.
   */
  fillBox(minM: Vec3, maxM: Vec3, velocityMps: Vec3 = [0, 0, 0], inside?: (pointM: Vec3) => boolean): number {
    const n = this.config.particlesPerAxis, s = 1 / n, h = this.config.cellM, o = this.config.originM;
    const lo = [0, 1, 2].map((k) => Math.ceil(this.toGrid(minM[k], k as 0 | 1 | 2) * n - 0.5));
    const hi = [0, 1, 2].map((k) => Math.floor(this.toGrid(maxM[k], k as 0 | 1 | 2) * n - 0.5));
    let added = 0;
    for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) {
      const x = (i + 0.5) * s, y = (j + 0.5) * s, z = (k + 0.5) * s;
      if (inside && !inside([o[0] + x * h, o[1] + y * h, o[2] + z * h])) continue;
      if (this.addParticle(x, y, z, velocityMps[0] / h, velocityMps[1] / h, velocityMps[2] / h)) added++;
    }
    return added;
  }

  /**
   * Largest stable substep for a step of `dtS` from the current state, s: the Courant limit with the
   * fastest particle plus what gravity adds over the step, and the viscous limit.
   */
  stableDtS(dtS: number): number {
    let v2 = 0;
    for (let p = 0; p < this.count; p++) {
      const s = this.vx[p] * this.vx[p] + this.vy[p] * this.vy[p] + this.vz[p] * this.vz[p];
      if (s > v2) v2 = s;
    }
    const [gx, gy, gz] = this.gravity;
    const vmax = Math.sqrt(v2) + Math.sqrt(gx * gx + gy * gy + gz * gz) * dtS;
    return Math.min(vmax > 0 ? this.config.cfl / vmax : Infinity, this.viscousDtS);
  }

  /** Advances by dtS in equal substeps no longer than stableDtS(dtS). Returns the number of substeps. */
  step(dtS: number): number {
    const n = Math.max(1, Math.ceil(dtS / this.stableDtS(dtS) - 1e-9));
    const dt = dtS / n;
    for (let s = 0; s < n; s++) this.substep(dt);
    return n;
  }

  /** One substep of dt seconds (see the header). */
  substep(dt: number): void {
    this.particlesToGrid(dt);
    this.updateFaces(dt);
    this.project(dt);
    if (this.bodyImpulses.length > 0) this.accumulateBodyForces(dt);
    this.extendVelocities();
    this.gridToParticles(dt);
    if (this.config.openSides) this.drainSides();
    this.substeps++;
  }

  /**
   * Makes the cells of moving bodies solid for the coming step (two-way coupling, coupling.ts). `bodyOf`
   * gives each cell's body (or -1), `velocity` the solid's velocity at each body cell (cells/s, 3 per
   * cell), `centres` each body's centre (grid units, 3 per body; torques are taken about it). Cells
   * that were a body's and are not any more become liquid-free space again. Particles inside the new
   * body cells are removed when `removeInside` (a body placed in a liquid at the start displaces it)
   * and otherwise pushed out ahead of the body, taking the body's velocity there.
   * Clears bodyImpulses for the step.
   */
  setMovingSolids(bodyOf: Int16Array, velocity: Float64Array, centres: Float64Array, removeInside: boolean): void {
    const { nx, ny, nz, solid, staticSolid, solidVelocity } = this;
    let lo0 = nx, lo1 = ny, lo2 = nz, hi0 = -1, hi1 = -1, hi2 = -1;
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      const c = (z * ny + y) * nx + x;
      const was = this.bodyOf[c], now = staticSolid[c] === 1 ? -1 : bodyOf[c];
      if (was < 0 && now < 0) continue;
      if (x < lo0) lo0 = x; if (y < lo1) lo1 = y; if (z < lo2) lo2 = z;
      if (x > hi0) hi0 = x; if (y > hi1) hi1 = y; if (z > hi2) hi2 = z;
      this.bodyOf[c] = now;
      solid[c] = now >= 0 ? 1 : staticSolid[c];
      for (let k = 0; k < 3; k++) solidVelocity[c * 3 + k] = now >= 0 ? velocity[c * 3 + k] : 0;
    }
    if (hi0 >= 0) {
      const box = kernelVolumes(solid, nx, ny, nz, this.config.particlesPerAxis, [Math.max(1, lo0 - 1), Math.max(1, lo1 - 1), Math.max(1, lo2 - 1)], [Math.min(nx - 2, hi0 + 1), Math.min(ny - 2, hi1 + 1), Math.min(nz - 2, hi2 + 1)]);
      for (let z = Math.max(1, lo2 - 1); z <= Math.min(nz - 2, hi2 + 1); z++) for (let y = Math.max(1, lo1 - 1); y <= Math.min(ny - 2, hi1 + 1); y++) {
        for (let x = Math.max(1, lo0 - 1); x <= Math.min(nx - 2, hi0 + 1); x++) { const c = (z * ny + y) * nx + x; this.kernelVolume[c] = box[c]; }
      }
    }
    this.bodyCentres = Float64Array.from(centres);
    this.bodyImpulses = new Float64Array((centres.length / 3) * 6);
    let kept = 0;
    for (let p = 0; p < this.count; p++) {
      let x = this.px[p], y = this.py[p], z = this.pz[p];
      const b = this.bodyOf[this.cellIndex(x, y, z)];
      if (b >= 0) {
        if (removeInside) continue;
        // The body moved onto the particle: out ahead of it, along the solid's velocity there (so a
        // container's wall sweeping through its liquid leaves that liquid inside, not outside it), or
        // along the line from the body's centre when the solid there is at rest; a quarter cell at a
        // time, up to 4 cells. One with no free cell there stays put (held back in G2P) until the body
        // moves off it.
        const c0 = this.cellIndex(x, y, z) * 3;
        let dx = solidVelocity[c0], dy = solidVelocity[c0 + 1], dz = solidVelocity[c0 + 2];
        if (dx === 0 && dy === 0 && dz === 0) { dx = x - centres[b * 3]; dy = y - centres[b * 3 + 1]; dz = z - centres[b * 3 + 2]; }
        const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (len > 0) { dx /= len; dy /= len; dz /= len; } else { dx = 0; dy = 1; dz = 0; }
        // Only through this body's own cells: never across a wall or another body (out of a glass).
        for (let i = 0; i < 16 && this.isSolidAt(x, y, z) && this.bodyOf[this.cellIndex(x, y, z)] === b; i++) { x += 0.25 * dx; y += 0.25 * dy; z += 0.25 * dz; }
        if (!this.isSolidAt(x, y, z)) {
          const c = this.cellIndex(this.px[p], this.py[p], this.pz[p]);
          this.vx[p] = solidVelocity[c * 3]; this.vy[p] = solidVelocity[c * 3 + 1]; this.vz[p] = solidVelocity[c * 3 + 2];
          this.px[p] = x; this.py[p] = y; this.pz[p] = z;
        }
      }
      if (kept !== p) this.moveParticle(p, kept);
      kept++;
    }
    this.count = kept;
  }

  /**
   * Adds this substep's pressure force on each moving body: over every face between a body cell and a
   * liquid cell, p·h² along the face normal into the body, with p extrapolated from the liquid cell's
   * centre to the face (linearly through the next liquid cell out, or hydrostatically when there is
   * none), and its torque about the body's centre.
   *
   * A face between a body cell and another solid's cell (a container's wall, the floor, another body)
   * gets the hydrostatic pressure at its height, p₀ + ρ g·x, with p₀ the mean over the body's wetted
   * faces of their pressure less ρ g·x, when the body has at least as many wetted faces as such faces
   * on that side: the liquid between a body and a wall it overlaps a little on the grid is thinner
   * than a cell, but it still presses (without it an ice cube against a glass's wall lost the upward
   * push on the part of its bottom over the wall's cells, and sank). A side mostly against a solid
   * (a domino lying on the floor) gets none: there the liquid is a film the grid cannot resolve, and
   * p₀'s fluctuations over that whole side drove the explicit coupling unstable. Clamped at 0 (above
   * the surface).
   */
  private accumulateBodyForces(dt: number): void {
    const { nx, ny, nz, cellType, bodyOf, bodyImpulses, bodyCentres } = this;
    const h = this.config.cellM, rho = this.config.densityKgM3, area = h * h, g = this.config.gravityMps2;
    const strides = [1, nx, nx * ny], dims = [nx, ny, nz];
    const bodies = bodyCentres.length / 3;
    // Per body: Σ (p − ρ g·x) over its wetted faces and their count (x in metres from the grid's corner);
    // per body and side (axis a, side ±): its wetted faces and its faces against another solid.
    const p0 = new Float64Array(bodies), wetted = new Float64Array(bodies);
    const wetSide = new Int32Array(bodies * 6), drySide = new Int32Array(bodies * 6);
    const pos = [0, 0, 0];
    const facePressure = (c: number, a: number, side: number): number => {
      // The liquid cell c1 next to body cell c across its `side` face along axis a.
      const c1 = c + side * strides[a], q = pos[a] + side;
      const p1 = this.cellPressurePa(c1);
      const q2 = q + side, c2 = c1 + side * strides[a];
      // The face lies half a cell from c1's centre towards the body (−side).
      return q2 >= 0 && q2 < dims[a] && cellType[c2] === CELL_FLUID
        ? p1 + 0.5 * (p1 - this.cellPressurePa(c2))
        : p1 - side * 0.5 * rho * g[a] * h;
    };
    // g·x at the centre of the face on `side` along axis a of the cell at pos, m²/s².
    const gx = (a: number, side: number) => g[0] * (pos[0] + 0.5 + (a === 0 ? side * 0.5 : 0)) * h + g[1] * (pos[1] + 0.5 + (a === 1 ? side * 0.5 : 0)) * h + g[2] * (pos[2] + 0.5 + (a === 2 ? side * 0.5 : 0)) * h;
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1) for (let b = 0; b < bodies; b++) if (wetted[b] > 0) p0[b] /= wetted[b];
      for (let z = 1; z < nz - 1; z++) for (let y = 1; y < ny - 1; y++) for (let x = 1; x < nx - 1; x++) {
        const c = (z * ny + y) * nx + x, b = bodyOf[c];
        if (b < 0) continue;
        pos[0] = x; pos[1] = y; pos[2] = z;
        for (let a = 0; a < 3; a++) for (let side = -1; side <= 1; side += 2) {
          const q = pos[a] + side;
          if (q < 1 || q > dims[a] - 2) continue;
          const c1 = c + side * strides[a];
          let pFace: number;
          const sideIndex = b * 6 + a * 2 + (side + 1) / 2;
          if (cellType[c1] === CELL_FLUID) {
            pFace = facePressure(c, a, side);
            if (pass === 0) { p0[b] += pFace - rho * gx(a, side); wetted[b]++; wetSide[sideIndex]++; continue; }
          } else if (cellType[c1] === CELL_SOLID && bodyOf[c1] !== b) {
            if (pass === 0) { drySide[sideIndex]++; continue; }
            if (wetted[b] === 0 || wetSide[sideIndex] < drySide[sideIndex]) continue;
            pFace = Math.max(0, p0[b] + rho * gx(a, side));
          } else continue;
          // Force on the body: along −side (from the liquid cell into the body).
          const f = -side * pFace * area;
          const o = b * 6, fc = [0, 0, 0];
          fc[a] = f;
          bodyImpulses[o + a] += f * dt;
          // r from the body's centre to the face centre, m.
          const r = [(x + 0.5 - bodyCentres[b * 3]) * h, (y + 0.5 - bodyCentres[b * 3 + 1]) * h, (z + 0.5 - bodyCentres[b * 3 + 2]) * h];
          r[a] += side * 0.5 * h;
          bodyImpulses[o + 3] += (r[1] * fc[2] - r[2] * fc[1]) * dt;
          bodyImpulses[o + 4] += (r[2] * fc[0] - r[0] * fc[2]) * dt;
          bodyImpulses[o + 5] += (r[0] * fc[1] - r[1] * fc[0]) * dt;
        }
      }
    }
  }

  /** Index of face (i, j, k) of component a. */
  faceIndex(a: number, i: number, j: number, k: number): number {
    const d = this.faceDims[a];
    return (k * d[1] + j) * d[0] + i;
  }

  private particlesToGrid(dt: number): void {
    const { px, py, pz, vx, vy, vz, c, nx, ny, cellCount, cellMass } = this;
    const fm = this.faceMass, fv = this.faceVel, dims = this.faceDims;
    for (let a = 0; a < 3; a++) { fm[a].fill(0); fv[a].fill(0); }
    cellCount.fill(0);
    cellMass.fill(0);
    const f = (-4 * dt * this.viscosity) / this.restDensity; // −V_p · 4 · Δt · μ with V_p = 1/ρ₀
    const w = new Float64Array(18); // per axis b: centre weights [b*6 .. +3], face weights [b*6+3 .. +6]
    const base = new Int32Array(6); // per axis b: centre base [2b], face base [2b + 1]
    const dist0 = new Float64Array(6); // (node 0 position − particle position) per axis, centre / face
    const pos = [0, 0, 0];
    for (let p = 0; p < this.count; p++) {
      pos[0] = px[p]; pos[1] = py[p]; pos[2] = pz[p];
      for (let b = 0; b < 3; b++) stencil(pos[b], b, w, base, dist0);
      cellCount[(Math.floor(pz[p]) * ny + Math.floor(py[p])) * nx + Math.floor(px[p])]++;
      for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) {
        const wyz = w[6 + j] * w[12 + k];
        const idx = ((base[4] + k) * ny + base[2] + j) * nx + base[0];
        cellMass[idx] += w[0] * wyz; cellMass[idx + 1] += w[1] * wyz; cellMass[idx + 2] += w[2] * wyz;
      }
      const o = p * 9;
      const vel = [vx[p], vy[p], vz[p]];
      for (let a = 0; a < 3; a++) {
        // A_a· = C_a· + f (C + Cᵀ)_a·  (the affine momentum plus the MLS viscous force)
        const A0 = c[o + a * 3] + f * (c[o + a * 3] + c[o + a]);
        const A1 = c[o + a * 3 + 1] + f * (c[o + a * 3 + 1] + c[o + 3 + a]);
        const A2 = c[o + a * 3 + 2] + f * (c[o + a * 3 + 2] + c[o + 6 + a]);
        const va = vel[a];
        const [dx, dy] = dims[a];
        // Axis b uses the face stencil when b = a, the cell-centre stencil otherwise.
        const sx = a === 0 ? 3 : 0, sy = a === 1 ? 3 : 0, sz = a === 2 ? 3 : 0;
        const bx = base[a === 0 ? 1 : 0], by = base[a === 1 ? 3 : 2], bz = base[a === 2 ? 5 : 4];
        const ex = dist0[a === 0 ? 1 : 0], ey = dist0[a === 1 ? 3 : 2], ez = dist0[a === 2 ? 5 : 4];
        const mass = fm[a], mom = fv[a];
        for (let k = 0; k < 3; k++) {
          const wz = w[12 + sz + k], dz = ez + k;
          for (let j = 0; j < 3; j++) {
            const wyz = w[6 + sy + j] * wz, dy2 = ey + j;
            let idx = ((bz + k) * dy + by + j) * dx + bx;
            for (let i = 0; i < 3; i++, idx++) {
              const wt = w[sx + i] * wyz, dx2 = ex + i;
              mass[idx] += wt;
              mom[idx] += wt * (va + A0 * dx2 + A1 * dy2 + A2 * dz);
            }
          }
        }
      }
    }
  }

  /** Face velocities from momentum, gravity, cell types, and the solid boundary condition. */
  private updateFaces(dt: number): void {
    const { nx, ny, nz, solid, cellType, cellCount, solidVelocity } = this;
    const rho0 = this.restDensity, kv = this.kernelVolume, cm = this.cellMass, cd = this.cellDensity;
    for (let i = 0; i < cellType.length; i++) {
      cellType[i] = solid[i] === 1 ? CELL_SOLID : cellCount[i] > 0 ? CELL_FLUID : CELL_AIR;
      cd[i] = kv[i] > 0 ? cm[i] / (kv[i] * rho0) : 0;
    }
    const sxy = nx * ny, strides = [1, nx, sxy];
    for (let a = 0; a < 3; a++) {
      const [dx, dy, dz] = this.faceDims[a];
      const mass = this.faceMass[a], vel = this.faceVel[a], tag = this.faceTag[a], kind = this.faceKind[a];
      const g = this.gravity[a] * dt, st = strides[a];
      for (let k = 0; k < dz; k++) for (let j = 0; j < dy; j++) for (let i = 0; i < dx; i++) {
        const f = (k * dy + j) * dx + i;
        const q = a === 0 ? i : a === 1 ? j : k, n = a === 0 ? nx : a === 1 ? ny : nz;
        const hi = (k < nz && j < ny && i < nx && q < n) ? (k * ny + j) * nx + i : -1; // cell on the + side
        const lo = q > 0 ? (hi >= 0 ? hi - st : ((a === 2 ? k - 1 : k) * ny + (a === 1 ? j - 1 : j)) * nx + (a === 0 ? i - 1 : i)) : -1;
        const tl = lo < 0 ? CELL_SOLID : cellType[lo], th = hi < 0 ? CELL_SOLID : cellType[hi];
        const m = mass[f];
        let u = m > 0 ? vel[f] / m + g : 0;
        if ((tl === CELL_SOLID) !== (th === CELL_SOLID)) {
          // The liquid cannot cross the solid's face: the normal component is the solid's.
          const s = tl === CELL_SOLID ? lo : hi;
          u = s < 0 ? 0 : solidVelocity[s * 3 + a];
          tag[f] = 0; kind[f] = FACE_WALL;
        } else {
          tag[f] = tl === CELL_FLUID || th === CELL_FLUID ? 0 : INVALID;
          kind[f] = tl === CELL_SOLID ? FACE_SOLID : FACE_OPEN;
        }
        vel[f] = u;
      }
    }
  }

  /** The pressure solve (red–black SOR on fluid cells) and the velocity correction. */
  private project(dt: number): void {
    const { nx, ny, nz, cellType, rhs, phi, pressure } = this;
    const sxy = nx * ny;
    const [fu, fv, fw] = this.faceVel, density = this.cellDensity;
    const [du, dv] = [this.faceDims[0], this.faceDims[1]];
    const relax = 1 / DENSITY_RELAX_S, diag = this.diag;
    const offsets = [-1, 1, -nx, nx, -sxy, sxy];
    // Only fluid cells are swept: they are listed by colour in the order a full sweep would visit them.
    const [red, black] = this.sweepCells;
    let reds = 0, blacks = 0;
    // Divergence minus the density correction, and the warm start.
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const c = (k * ny + j) * nx + i;
      if (cellType[c] !== CELL_FLUID) { phi[c] = 0; rhs[c] = 0; continue; }
      const u0 = (k * du[1] + j) * du[0] + i, v0 = (k * dv[1] + j) * dv[0] + i;
      const div = fu[u0 + 1] - fu[u0] + fv[v0 + nx] - fv[v0] + fw[c + sxy] - fw[c];
      const excess = density[c] - 1;
      const error = excess > DENSITY_BAND ? excess - DENSITY_BAND : excess < -DENSITY_BAND && this.isDeep(c) ? excess + DENSITY_BAND : 0;
      rhs[c] = div - error * relax;
      phi[c] = pressure[c] * dt;
      // The diagonal: 1 per fluid neighbour, 1/θ per air neighbour (ghost fluid, p = 0 at the
      // interface θ cells away), nothing for a solid one (no flux).
      let n = 0;
      for (let q = 0; q < 6; q++) {
        const t = cellType[c + offsets[q]];
        if (t === CELL_FLUID) n++; else if (t === CELL_AIR) n += 1 / interfaceFraction(density[c], density[c + offsets[q]]);
      }
      diag[c] = n;
      if (n !== 0) { if (((i + j + k) & 1) === 0) red[reds++] = c; else black[blacks++] = c; }
    }
    const omega = SOR_OMEGA;
    for (let sweep = 0; sweep < this.pressureSweeps; sweep++) {
      for (let color = 0; color < 2; color++) {
        const list = color === 0 ? red : black, end = color === 0 ? reds : blacks;
        for (let e = 0; e < end; e++) {
          const c = list[e];
          let s = 0;
          for (let q = 0; q < 6; q++) if (cellType[c + offsets[q]] === CELL_FLUID) s += phi[c + offsets[q]];
          phi[c] = (1 - omega) * phi[c] + (omega * (s - rhs[c])) / diag[c];
        }
      }
    }
    for (let c = 0; c < phi.length; c++) pressure[c] = cellType[c] === CELL_FLUID ? phi[c] / dt : 0;
    // u −= φ_R − φ_L on faces between two non-solid cells with a fluid side.
    const strides = [1, nx, sxy];
    for (let a = 0; a < 3; a++) {
      const [dx, dy, dz] = this.faceDims[a];
      const vel = this.faceVel[a], st = strides[a];
      for (let k = a === 2 ? 1 : 0; k < (a === 2 ? dz - 1 : dz); k++) for (let j = a === 1 ? 1 : 0; j < (a === 1 ? dy - 1 : dy); j++) {
        for (let i = a === 0 ? 1 : 0; i < (a === 0 ? dx - 1 : dx); i++) {
          const hi = (k * ny + j) * nx + i, lo = hi - st;
          const tl = cellType[lo], th = cellType[hi];
          if (tl === CELL_SOLID || th === CELL_SOLID || (tl !== CELL_FLUID && th !== CELL_FLUID)) continue;
          // Across a fluid–air face the air side holds the ghost value φ (1 − 1/θ), so the jump is −φ/θ.
          const f = (k * dy + j) * dx + i;
          if (tl === CELL_AIR) vel[f] -= phi[hi] / interfaceFraction(density[hi], density[lo]);
          else if (th === CELL_AIR) vel[f] += phi[lo] / interfaceFraction(density[lo], density[hi]);
          else vel[f] -= phi[hi] - phi[lo];
        }
      }
    }
  }

  /** True when no cell of the 3×3×3 block round cell c is air: its density reading is complete. */
  private isDeep(c: number): boolean {
    const { nx, cellType } = this, sxy = nx * this.ny;
    for (let k = -1; k <= 1; k++) for (let j = -1; j <= 1; j++) {
      const r = c + j * nx + k * sxy;
      if (cellType[r - 1] === CELL_AIR || cellType[r] === CELL_AIR || cellType[r + 1] === CELL_AIR) return false;
    }
    return true;
  }

  /**
   * Velocities G2P may read beyond the faces next to fluid cells. A face inside a solid, one face
   * behind a wall face along its own axis, takes the odd reflection 2u_wall − u_front of the face in
   * front of the wall, so that the interpolated normal velocity vanishes on the wall itself (with a
   * plain copy, particles in the half cell next to a wall keep moving into it and pile up there). The
   * other faces not next to a fluid cell take the mean of their valid neighbours, EXTEND_LAYERS deep
   * (the B-spline stencil reaches 1.5 cells), then 0.
   */
  private extendVelocities(): void {
    for (let a = 0; a < 3; a++) {
      const [dx, dy, dz] = this.faceDims[a];
      const vel = this.faceVel[a], tag = this.faceTag[a], kind = this.faceKind[a], sxy = dx * dy;
      const st = a === 0 ? 1 : a === 1 ? dx : sxy, n = a === 0 ? dx : a === 1 ? dy : dz;
      for (let k = 0; k < dz; k++) for (let j = 0; j < dy; j++) for (let i = 0; i < dx; i++) {
        const f = (k * dy + j) * dx + i, q = a === 0 ? i : a === 1 ? j : k;
        if (kind[f] !== FACE_SOLID) continue;
        // (The faces read here are never written in this loop: a wall face, and the open face in front of it.)
        if (q + 2 < n && kind[f + st] === FACE_WALL && tag[f + 2 * st] === 0) {
          vel[f] = 2 * vel[f + st] - vel[f + 2 * st]; tag[f] = 0;
        } else if (q >= 2 && kind[f - st] === FACE_WALL && tag[f - 2 * st] === 0) {
          vel[f] = 2 * vel[f - st] - vel[f - 2 * st]; tag[f] = 0;
        } else if (this.noSlip) {
          // No slip: one face behind a wall across another axis b, the face takes 2u_solid − u_front
          // (averaged when there are several walls), so the tangential velocity on the wall is the solid's.
          let m = 0, sum = 0;
          for (let b = 0; b < 3; b++) {
            if (b === a) continue;
            const sb = b === 0 ? 1 : b === 1 ? dx : sxy, qb = b === 0 ? i : b === 1 ? j : k, nb = b === 0 ? dx : b === 1 ? dy : dz;
            if (qb + 1 < nb && kind[f + sb] === FACE_OPEN && tag[f + sb] === 0) { m++; sum -= vel[f + sb]; }
            if (qb >= 1 && kind[f - sb] === FACE_OPEN && tag[f - sb] === 0) { m++; sum -= vel[f - sb]; }
          }
          if (m > 0) { vel[f] = 2 * this.solidVelocityAtFace(a, i, j, k) + sum / m; tag[f] = 0; }
        }
      }
      for (let layer = 1; layer <= EXTEND_LAYERS; layer++) {
        for (let k = 0; k < dz; k++) for (let j = 0; j < dy; j++) for (let i = 0; i < dx; i++) {
          const f = (k * dy + j) * dx + i;
          if (tag[f] !== INVALID) continue;
          let m = 0, s = 0;
          if (i > 0 && tag[f - 1] < layer) { m++; s += vel[f - 1]; }
          if (i < dx - 1 && tag[f + 1] < layer) { m++; s += vel[f + 1]; }
          if (j > 0 && tag[f - dx] < layer) { m++; s += vel[f - dx]; }
          if (j < dy - 1 && tag[f + dx] < layer) { m++; s += vel[f + dx]; }
          if (k > 0 && tag[f - sxy] < layer) { m++; s += vel[f - sxy]; }
          if (k < dz - 1 && tag[f + sxy] < layer) { m++; s += vel[f + sxy]; }
          if (m > 0) { vel[f] = s / m; tag[f] = layer; } else if (layer === EXTEND_LAYERS) vel[f] = 0;
        }
      }
    }
  }

  /** Component a of the solid's velocity at face (i, j, k) of a solid (the mean of its cells in the grid), cells/s. */
  private solidVelocityAtFace(a: number, i: number, j: number, k: number): number {
    const { nx, ny, nz, solidVelocity } = this;
    let m = 0, sum = 0;
    if (i < nx && j < ny && k < nz) { m++; sum += solidVelocity[((k * ny + j) * nx + i) * 3 + a]; }
    const li = a === 0 ? i - 1 : i, lj = a === 1 ? j - 1 : j, lk = a === 2 ? k - 1 : k;
    if (li >= 0 && lj >= 0 && lk >= 0 && li < nx && lj < ny && lk < nz) { m++; sum += solidVelocity[((lk * ny + lj) * nx + li) * 3 + a]; }
    return m > 0 ? sum / m : 0;
  }

  private gridToParticles(dt: number): void {
    const { px, py, pz, vx, vy, vz, c } = this;
    const fv = this.faceVel, dims = this.faceDims;
    const w = new Float64Array(18), base = new Int32Array(6), dist0 = new Float64Array(6);
    const pos = [0, 0, 0], vel = [0, 0, 0];
    for (let p = 0; p < this.count; p++) {
      const fx = px[p], fy = py[p], fz = pz[p];
      pos[0] = fx; pos[1] = fy; pos[2] = fz;
      for (let b = 0; b < 3; b++) stencil(pos[b], b, w, base, dist0);
      const o = p * 9;
      for (let a = 0; a < 3; a++) {
        const [dx, dy] = dims[a];
        const sx = a === 0 ? 3 : 0, sy = a === 1 ? 3 : 0, sz = a === 2 ? 3 : 0;
        const bx = base[a === 0 ? 1 : 0], by = base[a === 1 ? 3 : 2], bz = base[a === 2 ? 5 : 4];
        const ex = dist0[a === 0 ? 1 : 0], ey = dist0[a === 1 ? 3 : 2], ez = dist0[a === 2 ? 5 : 4];
        const u = fv[a];
        let v = 0, b0 = 0, b1 = 0, b2 = 0;
        for (let k = 0; k < 3; k++) {
          const wz = w[12 + sz + k], dz = ez + k;
          for (let j = 0; j < 3; j++) {
            const wyz = w[6 + sy + j] * wz, dy2 = ey + j;
            let idx = ((bz + k) * dy + by + j) * dx + bx;
            for (let i = 0; i < 3; i++, idx++) {
              const wu = w[sx + i] * wyz * u[idx];
              v += wu; b0 += wu * (ex + i); b1 += wu * dy2; b2 += wu * dz;
            }
          }
        }
        vel[a] = v;
        c[o + a * 3] = 4 * b0; c[o + a * 3 + 1] = 4 * b1; c[o + a * 3 + 2] = 4 * b2;
      }
      let ux = vel[0], uy = vel[1], uz = vel[2];
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
  }

  /** Removes the particles in the layer of cells next to the open sides (MpmConfig.openSides), keeping the others' order. */
  private drainSides(): void {
    const { nx, nz } = this;
    this.removeParticles((p) => {
      const i = Math.floor(this.px[p]), k = Math.floor(this.pz[p]);
      return i <= 1 || i >= nx - 2 || k <= 1 || k >= nz - 2;
    });
  }

  /** Removes the particles `remove` picks (by index, before any is removed), keeping the others' order. Returns how many went. */
  removeParticles(remove: (p: number) => boolean): number {
    let kept = 0;
    const before = this.count;
    for (let p = 0; p < before; p++) {
      if (remove(p)) continue;
      if (kept !== p) this.moveParticle(p, kept);
      kept++;
    }
    this.count = kept;
    return before - kept;
  }

  /** Copies particle `from` into slot `to` (position, velocity, affine matrix), for compacting the arrays. */
  private moveParticle(from: number, to: number): void {
    this.px[to] = this.px[from]; this.py[to] = this.py[from]; this.pz[to] = this.pz[from];
    this.vx[to] = this.vx[from]; this.vy[to] = this.vy[from]; this.vz[to] = this.vz[from];
    this.c.copyWithin(to * 9, from * 9, from * 9 + 9);
  }

  /** Positions in metres, world space, interleaved xyz. */
  positionsM(out = new Float64Array(this.count * 3)): Float64Array {
    const h = this.config.cellM, [ox, oy, oz] = this.config.originM;
    for (let p = 0; p < this.count; p++) {
      out[p * 3] = ox + this.px[p] * h; out[p * 3 + 1] = oy + this.py[p] * h; out[p * 3 + 2] = oz + this.pz[p] * h;
    }
    return out;
  }

  /** Pressure of a cell from the last projection, Pa (0 outside the liquid). */
  cellPressurePa(cell: number): number {
    const h = this.config.cellM;
    return this.config.densityKgM3 * h * h * this.pressure[cell];
  }

  /** Kinetic energy of the liquid, J. */
  kineticJ(): number {
    const h = this.config.cellM, m = this.config.densityKgM3 * this.particleVolumeM3;
    let e = 0;
    for (let p = 0; p < this.count; p++) e += this.vx[p] * this.vx[p] + this.vy[p] * this.vy[p] + this.vz[p] * this.vz[p];
    return 0.5 * m * e * h * h;
  }

  private grow(): void {
    const cap = this.px.length * 2;
    const g = (a: Float64Array, n = cap) => { const b = new Float64Array(n); b.set(a); return b; };
    this.px = g(this.px); this.py = g(this.py); this.pz = g(this.pz);
    this.vx = g(this.vx); this.vy = g(this.vy); this.vz = g(this.vz);
    this.c = g(this.c, cap * 9);
  }
}

/**
 * Where the free surface crosses the segment from a fluid cell's centre to an air neighbour's centre,
 * as a fraction θ of the cell (Gibou et al., "A second-order-accurate symmetric discretization of the
 * Poisson equation on irregular domains", JCP 2002; Enright et al. 2003): the half-density crossing of
 * the two cells' density readings, interpolated linearly, clamped to [THETA_MIN, 1]. A flat surface on
 * a cell face gives θ = ½; the first-order rule (θ = 1) would put p = 0 half a cell above the liquid.
 */
function interfaceFraction(fluidDensity: number, airDensity: number): number {
  const theta = fluidDensity > airDensity ? (fluidDensity - 0.5) / (fluidDensity - airDensity) : 1;
  return theta < THETA_MIN ? THETA_MIN : theta > 1 ? 1 : theta;
}

/**
 * Quadratic B-spline stencils of a particle at coordinate x along axis b, for nodes at cell centres
 * (i + 0.5) and at cell faces (i): weights into w[b·6 .. b·6+2] (centre) and w[b·6+3 .. b·6+5] (face),
 * the first node's index into base[2b] / base[2b+1], and (first node − x) into dist0 likewise.
 */
function stencil(x: number, b: number, w: Float64Array, base: Int32Array, dist0: Float64Array): void {
  // Centre nodes: node i sits at i + 0.5; the first is the particle's cell − 1.
  const bc = Math.floor(x) - 1, dc = x - bc - 1.5; // offset from the middle node
  w[b * 6] = 0.5 * (0.5 - dc) * (0.5 - dc); w[b * 6 + 1] = 0.75 - dc * dc; w[b * 6 + 2] = 0.5 * (0.5 + dc) * (0.5 + dc);
  base[2 * b] = bc; dist0[2 * b] = bc + 0.5 - x;
  // Face nodes: node i sits at i; the first is round(x) − 1.
  const bf = Math.floor(x - 0.5), df = x - bf - 1;
  w[b * 6 + 3] = 0.5 * (0.5 - df) * (0.5 - df); w[b * 6 + 4] = 0.75 - df * df; w[b * 6 + 5] = 0.5 * (0.5 + df) * (0.5 + df);
  base[2 * b + 1] = bf; dist0[2 * b + 1] = bf - x;
}

/**
 * Per cell: Σ over the 27 cells round it that are not solid of the quadratic B-spline weights that a
 * full lattice of particlesPerAxis³ particles per cell would give the cell's centre, so that
 * mass / (kernelVolume · ρ₀) reads exactly 1 in a lattice-filled region next to walls too (the
 * kernel-renormalisation of semi-analytical wall boundaries: Kulasegaram et al. 2004, Ferrand et al.
 * 2013). Zero in solid cells; computed for the cells in [lo, hi] (default: all but the shell).
 */
export function kernelVolumes(solid: Uint8Array, nx: number, ny: number, nz: number, particlesPerAxis: number, lo: Vec3 = [1, 1, 1], hi: Vec3 = [nx - 2, ny - 2, nz - 2]): Float64Array {
  const out = new Float64Array(solid.length);
  // Share of one axis of the kernel that falls in the cell −1, 0, +1 from the centre, for the lattice.
  const a = [0, 0, 0], n = particlesPerAxis;
  for (let c = -1; c <= 1; c++) for (let s = 0; s < n; s++) {
    const u = Math.abs(c + (s + 0.5) / n - 0.5);
    a[c + 1] += (u < 0.5 ? 0.75 - u * u : u < 1.5 ? 0.5 * (1.5 - u) * (1.5 - u) : 0) / n;
  }
  const sxy = nx * ny;
  for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) {
    const idx = (z * ny + y) * nx + x;
    if (solid[idx] === 1) continue;
    let v = 0;
    for (let k = -1; k <= 1; k++) for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) {
      if (solid[idx + i + j * nx + k * sxy] === 0) v += a[i + 1] * a[j + 1] * a[k + 1];
    }
    out[idx] = v;
  }
  return out;
}

/** Marks the outermost layer of cells solid (the domain's walls, floor and lid). */
function markShell(solid: Uint8Array, nx: number, ny: number, nz: number): void {
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) solid[(z * ny + y) * nx + x] = 1;
  }
}
