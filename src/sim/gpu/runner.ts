/**
 * GpuMpm: the WGSL fluid solver (shaders/fluid/*.wgsl) driven from TypeScript, in the browser
 * (navigator.gpu) or in Node (the `webgpu` npm package, Dawn). Same passes, units and boundary
 * conditions as the CPU reference (sim/fluid/mpm.ts: no-slip walls for a viscous liquid, open sides,
 * moving bodies); each substep is these dispatches:
 *
 *   clear_grid ─► p2g ─► classify_cells ─► update_faces ─► divergence ─► pressure_sor ×2×sweeps
 *   (faces, cells) (particles)  (cells)       (faces)         (cells)       (cells, red then black)
 *     ─► project_faces ─► body_forces ─► reflect_faces ─► extend_faces ×2 ─► g2p
 *        (faces)          (one group     (faces; no-slip   (faces, layers)   (particles; open
 *                          per body)      for viscous)                         sides drain)
 *
 * and push_out (particles) once before the first substep after each setMovingSolids.
 *
 * Conventions (WebGPU-Ocean, webgpu-samples): every GPU object has a label; constants are WGSL
 * `override`s set at pipeline creation (each pipeline gets only the ones its kernel declares; the SOR
 * colour and the extension layer make two pipelines of one kernel each); `encode(encoder)` records
 * passes and never submits; `dispose()` frees the buffers, once.
 *
 * Fixed point: P2G sums mass and momentum as i32 scaled by FIXED_POINT_MULTIPLIER (1e5 by default).
 * With 8 particles per cell a face's mass is ~8 (8e5) and its momentum stays below ~2000 cells/s·mass
 * (2e8) in desk-top scenes, well inside i32; the resolution is 1e-5 in those units.
 *
 * Particles that leave (open sides; inside a body placed on the liquid) keep their slot, marked not
 * alive, and every kernel skips them; readParticles returns the live ones in slot order, which is the
 * CPU solver's order (it compacts its arrays keeping the order). Slots are not reclaimed: a long run
 * that drains most of its liquid still dispatches a thread per slot.
 *
 * Moving bodies (two-way coupling, sim/fluid/coupling.ts). setMovingSolids takes what the CPU's does
 * (each cell's body and rigid velocity v + ω×r, and each body's centre), as the coupling layer
 * rasterises it on the CPU from Rapier's poses, and uploads it: the boundary buffer (w tells static
 * geometry from body k), the kernel volumes the change touches (recomputed with mpm.ts kernelVolumes,
 * the same function the CPU uses), each body's centre and its cells (a list sorted by body). Only the
 * z-slab of cells that a body left or entered is uploaded, so the upload per fixed step follows the
 * bodies, not the grid (the host still passes over every cell once, as the CPU's setMovingSolids
 * does). Uploading the CPU's rasterisation, rather than re-rasterising on the GPU, was chosen because
 * the poses, the part shapes (box, sphere, cylinder, cone, capsule, thickened to a cell) and the
 * volume ratio the coupling scales impulses by all live on the CPU already, and the rasterisation is
 * a few hundred to a few thousand cells per body: a GPU twin of boundary.ts's inside-tests would add
 * a second rasteriser to keep in step (and f32 inside-tests that disagree with the CPU's f64 ones on
 * cells whose centre lies on a body's surface), for a saving of one slab upload per fixed step.
 * body_forces sums each body's pressure force and torque per substep (a tree reduction per body, no
 * atomics); readBodyImpulses reads the sum since the last setMovingSolids back, in the CPU's
 * bodyImpulses layout, for the coupling to apply.
 */
import { DENSITY_BAND, DENSITY_RELAX_S, EXTEND_LAYERS, SOR_OMEGA, THETA_MIN, kernelVolumes, type MpmFluid } from '../fluid/mpm.ts';
import { BODY_LAYOUT, BOUNDARY_STRIDE, CELL_SCATTER_LAYOUT, CELL_STATE_LAYOUT, FACE_LAYOUT, PARAMS_LAYOUT, PARTICLE_LAYOUT } from './layout.ts';
import { FLUID_KERNELS, kernelModule, kernelOverrides, type FluidKernel, type FluidShaderSources } from './shaders.ts';

export const DEFAULT_FIXED_POINT_MULTIPLIER = 1e5;
const WORKGROUP = 64;
const MAX_GROUPS = 65535;
/** boundary.w for static geometry; a moving body k is BOUNDARY_BODY + k (shaders/common/fluid.wgsl). */
const BOUNDARY_STATIC = 1, BOUNDARY_BODY = 2;

export interface GpuMpmOptions {
  /** Substep, s (fixed for the pipelines' lifetime; it is an override). */
  dtS: number;
  fixedPointMultiplier?: number;
  /** Room for this many particles (default: the CPU solver's count). */
  capacity?: number;
  /** Room for this many moving bodies (setMovingSolids; default 0). */
  bodies?: number;
}

/** One pipeline: a kernel, the constants that differ between its uses, and how many workgroups it takes. */
interface Pass { kernel: FluidKernel; label: string; constants: Record<string, number>; over: 'particles' | 'cells' | 'faces' | 'grid' | 'bodies' }
interface Compiled { pass: Pass; pipeline: GPUComputePipeline; bindGroup: GPUBindGroup }

export class GpuMpm {
  /** Particle slots in use: the CPU solver's count at construction plus those appended (particles that leave keep theirs). */
  private slotCount: number;
  /** Particle slots the buffer has room for. */
  readonly capacity: number;
  readonly cellCount: number;
  readonly faceCount: number;
  private readonly buffers: Record<'particles' | 'faces' | 'cellScatter' | 'cells' | 'pressure' | 'boundary' | 'kernelVolume' | 'params' | 'bodies' | 'bodyCells' | 'bodyImpulses', GPUBuffer>;
  private readonly passes: Compiled[];
  private readonly pushOut: Compiled;
  private readonly sweeps: number;
  private readonly grid: [number, number, number];
  private readonly particlesPerAxis: number;
  private readonly maxBodies: number;
  /** Host copies of the boundary: the static mask, the solid mask, each cell's body, the packed buffer, the kernel volumes. */
  private readonly staticSolid: Uint8Array;
  private readonly solid: Uint8Array;
  private readonly bodyOf: Int16Array;
  private readonly boundary: Float32Array<ArrayBuffer>;
  private readonly kernelVolume: Float32Array<ArrayBuffer>;
  /** Bodies of the last setMovingSolids (body_forces runs when there are any). */
  private bodyCount = 0;
  /** push_out is recorded before the next substep. */
  private pushOutPending = false;
  private disposed = false;
  /** The substep, s (the pipelines' `dt`). */
  readonly dtS: number;

  /** Uploads the CPU solver's grid, boundary, pressure and particles; the GPU then runs on its own. */
  constructor(private readonly device: GPUDevice, sources: FluidShaderSources, cpu: MpmFluid, options: GpuMpmOptions) {
    const [nx, ny, nz] = [cpu.nx, cpu.ny, cpu.nz];
    this.grid = [nx, ny, nz];
    this.particlesPerAxis = cpu.config.particlesPerAxis;
    this.cellCount = nx * ny * nz;
    this.faceCount = (nx + 1) * ny * nz + nx * (ny + 1) * nz + nx * ny * (nz + 1);
    this.slotCount = cpu.count;
    this.sweeps = cpu.pressureSweeps;
    this.maxBodies = options.bodies ?? 0;
    this.solid = Uint8Array.from(cpu.solid);
    this.staticSolid = this.solid.map((s, c) => (cpu.bodyOf[c] >= 0 ? 0 : s));
    this.bodyOf = Int16Array.from(cpu.bodyOf);
    this.boundary = packBoundary(cpu);
    this.kernelVolume = new Float32Array(cpu.kernelVolume);
    const capacity = this.capacity = Math.max(1, options.capacity ?? cpu.count);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const make = (label: string, size: number, usage = storage) => device.createBuffer({ label, size: Math.max(16, size), usage });
    this.buffers = {
      particles: make('fluid particles', capacity * PARTICLE_LAYOUT.stride),
      faces: make('fluid grid faces', this.faceCount * FACE_LAYOUT.stride),
      cellScatter: make('fluid grid cell scatter', this.cellCount * CELL_SCATTER_LAYOUT.stride),
      cells: make('fluid grid cell state', this.cellCount * CELL_STATE_LAYOUT.stride),
      pressure: make('fluid grid pressure', this.cellCount * 4),
      boundary: make('fluid grid boundary', this.cellCount * BOUNDARY_STRIDE),
      kernelVolume: make('fluid grid kernel volume', this.cellCount * 4),
      params: make('fluid params', PARAMS_LAYOUT.stride, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      bodies: make('fluid moving bodies', Math.max(1, this.maxBodies) * BODY_LAYOUT.stride),
      bodyCells: make('fluid moving body cells', this.maxBodies > 0 ? this.cellCount * 4 : 0),
      bodyImpulses: make('fluid body impulses', this.maxBodies * 6 * 4),
    };
    const q = device.queue;
    q.writeBuffer(this.buffers.particles, 0, packParticles(cpu));
    q.writeBuffer(this.buffers.boundary, 0, this.boundary);
    q.writeBuffer(this.buffers.kernelVolume, 0, this.kernelVolume);
    // The GPU keeps φ = pressure · Δt (its Δt is fixed); the CPU keeps pressure = φ / Δt.
    q.writeBuffer(this.buffers.pressure, 0, new Float32Array(cpu.pressure.map((p) => p * options.dtS)));
    q.writeBuffer(this.buffers.params, 0, new Uint32Array([cpu.count, 0, 0, 0]));
    this.dtS = options.dtS;

    const shared: Record<string, number> = {
      grid_x: nx, grid_y: ny, grid_z: nz, cell_count: this.cellCount, face_count: this.faceCount,
      fixed_point_multiplier: options.fixedPointMultiplier ?? DEFAULT_FIXED_POINT_MULTIPLIER,
      dt: options.dtS, viscosity: cpu.viscosity, rest_density: cpu.restDensity,
      gravity_x: cpu.gravity[0], gravity_y: cpu.gravity[1], gravity_z: cpu.gravity[2],
      density_relax: 1 / DENSITY_RELAX_S, density_band: DENSITY_BAND, theta_min: THETA_MIN, omega: SOR_OMEGA, last_layer: EXTEND_LAYERS,
      no_slip: cpu.noSlip ? 1 : 0, open_sides: cpu.config.openSides ? 1 : 0,
      cell_m: cpu.config.cellM, density_kg_m3: cpu.config.densityKgM3,
      workgroup_size: WORKGROUP,
    };
    const b = this.buffers;
    const bindings: Record<FluidKernel, GPUBuffer[]> = {
      clear_grid: [b.faces, b.cellScatter],
      p2g: [b.particles, b.faces, b.cellScatter, b.params],
      classify_cells: [b.cellScatter, b.cells, b.boundary, b.kernelVolume],
      update_faces: [b.faces, b.cells, b.boundary],
      divergence: [b.faces, b.cells, b.pressure],
      pressure_sor: [b.cells, b.pressure],
      project_faces: [b.faces, b.cells, b.pressure],
      body_forces: [b.cells, b.pressure, b.boundary, b.bodies, b.bodyCells, b.bodyImpulses],
      reflect_faces: [b.faces, b.boundary],
      extend_faces: [b.faces],
      g2p: [b.particles, b.faces, b.params, b.boundary],
      push_out: [b.particles, b.boundary, b.bodies, b.params],
    };
    const plan: Pass[] = [
      { kernel: 'clear_grid', label: 'clear_grid', constants: {}, over: 'grid' },
      { kernel: 'p2g', label: 'p2g', constants: {}, over: 'particles' },
      { kernel: 'classify_cells', label: 'classify_cells', constants: {}, over: 'cells' },
      { kernel: 'update_faces', label: 'update_faces', constants: {}, over: 'faces' },
      { kernel: 'divergence', label: 'divergence', constants: {}, over: 'cells' },
      { kernel: 'pressure_sor', label: 'pressure_sor red', constants: { color: 0 }, over: 'cells' },
      { kernel: 'pressure_sor', label: 'pressure_sor black', constants: { color: 1 }, over: 'cells' },
      { kernel: 'project_faces', label: 'project_faces', constants: {}, over: 'faces' },
      { kernel: 'body_forces', label: 'body_forces', constants: {}, over: 'bodies' },
      { kernel: 'reflect_faces', label: 'reflect_faces', constants: {}, over: 'faces' },
      ...Array.from({ length: EXTEND_LAYERS }, (_, i): Pass => ({ kernel: 'extend_faces', label: `extend_faces ${i + 1}`, constants: { layer: i + 1 }, over: 'faces' })),
      { kernel: 'g2p', label: 'g2p', constants: {}, over: 'particles' },
    ];
    const modules = new Map<FluidKernel, GPUShaderModule>();
    for (const k of FLUID_KERNELS) modules.set(k, device.createShaderModule({ label: `fluid ${k} module`, code: kernelModule(sources, k) }));
    const compile = (pass: Pass): Compiled => {
      const names = kernelOverrides(sources.kernels[pass.kernel]);
      const constants = { ...shared, ...pass.constants };
      const pipeline = device.createComputePipeline({
        label: `fluid ${pass.label} pipeline`,
        layout: 'auto',
        compute: { module: modules.get(pass.kernel)!, entryPoint: 'main', constants: Object.fromEntries(names.map((n) => [n, constants[n]])) },
      });
      const bindGroup = device.createBindGroup({
        label: `fluid ${pass.label} bind group`,
        layout: pipeline.getBindGroupLayout(0),
        entries: bindings[pass.kernel].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      return { pass, pipeline, bindGroup };
    };
    this.passes = plan.map(compile);
    this.pushOut = compile({ kernel: 'push_out', label: 'push_out', constants: {}, over: 'particles' });
  }

  /**
   * Records `substeps` substeps into the encoder (one compute pass per dispatch), preceded by the
   * push-out of a setMovingSolids not yet recorded; never submits. Submit it before the next
   * setMovingSolids: that one's uploads go on the queue at once.
   */
  encode(encoder: GPUCommandEncoder, substeps = 1): void {
    this.assertLive();
    const threads = { particles: this.slots, cells: this.cellCount, faces: this.faceCount, grid: Math.max(this.cellCount, this.faceCount) };
    const run = (p: Compiled) => {
      const groups = p.pass.over === 'bodies' ? this.bodyCount : Math.ceil(threads[p.pass.over] / WORKGROUP);
      if (groups > MAX_GROUPS) throw new Error(`fluid ${p.pass.label}: ${groups} workgroups exceed one dispatch's ${MAX_GROUPS}`);
      if (groups === 0) return;
      const pass = encoder.beginComputePass({ label: `fluid ${p.pass.label} pass` });
      pass.setPipeline(p.pipeline);
      pass.setBindGroup(0, p.bindGroup);
      pass.dispatchWorkgroups(groups);
      pass.end();
    };
    if (this.pushOutPending) { run(this.pushOut); this.pushOutPending = false; }
    for (let s = 0; s < substeps; s++) {
      for (const p of this.passes) {
        if (p.pass.kernel !== 'pressure_sor') run(p);
        else if (p.pass.constants.color === 0) {
          // Both colours, `sweeps` times, in place of the two plan entries.
          const [red, black] = this.passes.filter((x) => x.pass.kernel === 'pressure_sor');
          for (let i = 0; i < this.sweeps; i++) { run(red); run(black); }
        }
      }
    }
  }

  /**
   * The moving bodies for the coming fixed step, as MpmFluid.setMovingSolids takes them (coupling.ts
   * prepare): `bodyOf` each cell's body or -1, `velocity` the solid's velocity at each body cell
   * (cells/s, 3 per cell), `centres` each body's centre (grid units, 3 per body). Uploads the cells
   * that change, the bodies and their cells, clears the body impulses, and has the next encode push
   * out (or, with `removeInside`, remove) the particles in the new body cells. See the header.
   */
  setMovingSolids(bodyOf: Int16Array, velocity: Float64Array, centres: Float64Array, removeInside: boolean): void {
    this.assertLive();
    const bodies = centres.length / 3;
    if (bodies > this.maxBodies) throw new RangeError(`GpuMpm.setMovingSolids: ${bodies} bodies, room for ${this.maxBodies} (GpuMpmOptions.bodies)`);
    const [nx, ny, nz] = this.grid, sxy = nx * ny;
    const lo = [nx, ny, nz], hi = [-1, -1, -1];
    const counts = new Uint32Array(bodies), listed: number[] = [];
    for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      const c = z * sxy + y * nx + x;
      const was = this.bodyOf[c], now = this.staticSolid[c] === 1 ? -1 : bodyOf[c];
      if (now >= 0) { counts[now]++; listed.push(c); }
      if (was < 0 && now < 0) continue;
      const at = [x, y, z];
      for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], at[k]); hi[k] = Math.max(hi[k], at[k]); }
      this.bodyOf[c] = now;
      this.solid[c] = now >= 0 ? 1 : this.staticSolid[c];
      for (let k = 0; k < 3; k++) this.boundary[c * 4 + k] = now >= 0 ? velocity[c * 3 + k] : 0;
      this.boundary[c * 4 + 3] = now >= 0 ? BOUNDARY_BODY + now : this.staticSolid[c] * BOUNDARY_STATIC;
    }
    const q = this.device.queue;
    if (hi[0] >= 0) {
      // The kernel volumes round the cells that changed (as the CPU recomputes them), and the z-slab
      // holding those cells uploaded.
      const from = lo.map((v) => Math.max(1, v - 1)) as [number, number, number];
      const to = hi.map((v, k) => Math.min(this.grid[k] - 2, v + 1)) as [number, number, number];
      const box = kernelVolumes(this.solid, nx, ny, nz, this.particlesPerAxis, from, to);
      for (let z = from[2]; z <= to[2]; z++) for (let y = from[1]; y <= to[1]; y++) for (let x = from[0]; x <= to[0]; x++) {
        const c = z * sxy + y * nx + x;
        this.kernelVolume[c] = box[c];
      }
      const first = Math.min(lo[2], from[2]) * sxy, end = (Math.max(hi[2], to[2]) + 1) * sxy;
      q.writeBuffer(this.buffers.boundary, first * BOUNDARY_STRIDE, this.boundary, first * 4, (end - first) * 4);
      q.writeBuffer(this.buffers.kernelVolume, first * 4, this.kernelVolume, first, end - first);
    }
    // Each body's cells, in cell order, one body after another.
    const starts = new Uint32Array(bodies);
    for (let i = 1; i < bodies; i++) starts[i] = starts[i - 1] + counts[i - 1];
    const cells = new Uint32Array(Math.max(1, listed.length)), next = Uint32Array.from(starts);
    for (const c of listed) cells[next[this.bodyOf[c]]++] = c;
    const record = new ArrayBuffer(Math.max(1, bodies) * BODY_LAYOUT.stride);
    const f32 = new Float32Array(record), u32 = new Uint32Array(record), stride = BODY_LAYOUT.stride / 4;
    for (let i = 0; i < bodies; i++) {
      for (let k = 0; k < 3; k++) f32[i * stride + BODY_LAYOUT.centre / 4 + k] = centres[i * 3 + k];
      u32[i * stride + BODY_LAYOUT.first_cell / 4] = starts[i];
      u32[i * stride + BODY_LAYOUT.cell_count / 4] = counts[i];
    }
    if (bodies > 0) {
      q.writeBuffer(this.buffers.bodies, 0, record);
      q.writeBuffer(this.buffers.bodyCells, 0, cells);
      q.writeBuffer(this.buffers.bodyImpulses, 0, new Float32Array(bodies * 6));
    }
    q.writeBuffer(this.buffers.params, PARAMS_LAYOUT.remove_inside, new Uint32Array([removeInside ? 1 : 0]));
    this.bodyCount = bodies;
    this.pushOutPending = true;
  }

  /** Moving bodies it has room for (GpuMpmOptions.bodies). */
  get bodies(): number {
    return this.maxBodies;
  }

  /** Particle slots in use (p2g and g2p run a thread per slot). */
  get slots(): number {
    return this.slotCount;
  }

  /**
   * Appends the CPU solver's particles from index `from` on (an emitter's new ones) in the slots after
   * the last, alive, with the CPU's velocity and C. Throws past `capacity`.
   */
  appendParticles(cpu: MpmFluid, from: number): void {
    this.assertLive();
    const added = cpu.count - from;
    if (added <= 0) return;
    if (this.slotCount + added > this.capacity) throw new RangeError(`GpuMpm.appendParticles: ${this.slotCount + added} particles, room for ${this.capacity} (GpuMpmOptions.capacity)`);
    this.device.queue.writeBuffer(this.buffers.particles, this.slotCount * PARTICLE_LAYOUT.stride, packParticles(cpu, from));
    this.slotCount += added;
    this.device.queue.writeBuffer(this.buffers.params, PARAMS_LAYOUT.particle_count, new Uint32Array([this.slotCount]));
  }

  /**
   * The liquid's impulse on each moving body summed over the substeps since the last setMovingSolids,
   * read back: 6 per body, linear (N·s) then angular about the body's centre (N·m·s), as MpmFluid.bodyImpulses.
   */
  async readBodyImpulses(): Promise<Float64Array> {
    return Float64Array.from(new Float32Array(await this.readBuffer(this.buffers.bodyImpulses, this.bodyCount * 6 * 4, 'body impulses')));
  }

  /**
   * Copies the live particles back, in the CPU's order: positions (cells) and velocities (cells/s),
   * each interleaved, and C (the CPU's row-major 9 per particle).
   */
  async readParticles(): Promise<{ count: number; positions: Float32Array; velocities: Float32Array; affine: Float32Array }> {
    const raw = await this.readBuffer(this.buffers.particles, this.slots * PARTICLE_LAYOUT.stride, 'particles');
    const f = new Float32Array(raw), alive = new Uint32Array(raw), stride = PARTICLE_LAYOUT.stride / 4;
    const live: number[] = [];
    for (let p = 0; p < this.slots; p++) if (alive[p * stride + PARTICLE_LAYOUT.alive / 4] !== 0) live.push(p);
    const positions = new Float32Array(live.length * 3), velocities = new Float32Array(live.length * 3), affine = new Float32Array(live.length * 9);
    live.forEach((p, i) => {
      for (let k = 0; k < 3; k++) {
        positions[i * 3 + k] = f[p * stride + PARTICLE_LAYOUT.position / 4 + k];
        velocities[i * 3 + k] = f[p * stride + PARTICLE_LAYOUT.v / 4 + k];
      }
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) affine[i * 9 + a * 3 + b] = f[p * stride + PARTICLE_LAYOUT.C / 4 + a * 4 + b];
    });
    return { count: live.length, positions, velocities, affine };
  }

  /** The pressure per cell, read back in the CPU's units (pressure / Δt: the CPU's warm start). */
  async readPressure(): Promise<Float64Array> {
    const phi = new Float32Array(await this.readBuffer(this.buffers.pressure, this.cellCount * 4, 'pressure'));
    return Float64Array.from(phi, (p) => p / this.dtS);
  }

  /** Frees the GPU buffers; safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of Object.values(this.buffers)) b.destroy();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Submits a copy of the first `size` bytes of a buffer and maps it. */
  private async readBuffer(buffer: GPUBuffer, size: number, what: string): Promise<ArrayBuffer> {
    this.assertLive();
    const bytes = Math.max(4, size);
    const staging = this.device.createBuffer({ label: `fluid ${what} read-back`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder({ label: `fluid ${what} read-back encoder` });
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = staging.getMappedRange().slice(0, size);
    staging.unmap();
    staging.destroy();
    return out;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('GpuMpm used after dispose()');
  }
}

/** The CPU solver's particles from index `from` on in the GPU layout, all alive (C: row a of the CPU's row-major ∇v is WGSL column a). */
export function packParticles(cpu: MpmFluid, from = 0): Float32Array<ArrayBuffer> {
  const stride = PARTICLE_LAYOUT.stride / 4;
  const buffer = new ArrayBuffer(Math.max(1, cpu.count - from) * PARTICLE_LAYOUT.stride);
  const out = new Float32Array(buffer), alive = new Uint32Array(buffer);
  for (let p = from; p < cpu.count; p++) {
    const o = (p - from) * stride;
    out[o] = cpu.px[p]; out[o + 1] = cpu.py[p]; out[o + 2] = cpu.pz[p];
    alive[o + PARTICLE_LAYOUT.alive / 4] = 1;
    out[o + PARTICLE_LAYOUT.v / 4] = cpu.vx[p]; out[o + PARTICLE_LAYOUT.v / 4 + 1] = cpu.vy[p]; out[o + PARTICLE_LAYOUT.v / 4 + 2] = cpu.vz[p];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) out[o + PARTICLE_LAYOUT.C / 4 + a * 4 + b] = cpu.c[p * 9 + a * 3 + b];
  }
  return out;
}

/** Per cell: the solid's velocity (cells/s) and what is there (0 free, 1 static solid, 2 + k moving body k), as vec4f. */
export function packBoundary(cpu: MpmFluid): Float32Array<ArrayBuffer> {
  const out = new Float32Array(cpu.solid.length * 4);
  for (let i = 0; i < cpu.solid.length; i++) {
    out[i * 4] = cpu.solidVelocity[i * 3]; out[i * 4 + 1] = cpu.solidVelocity[i * 3 + 1]; out[i * 4 + 2] = cpu.solidVelocity[i * 3 + 2];
    out[i * 4 + 3] = cpu.bodyOf[i] >= 0 ? BOUNDARY_BODY + cpu.bodyOf[i] : cpu.solid[i] * BOUNDARY_STATIC;
  }
  return out;
}
