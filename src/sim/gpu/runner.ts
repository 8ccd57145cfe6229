/**
 * GpuMpm: the WGSL fluid solver (shaders/fluid/*.wgsl) driven from TypeScript, in the browser
 * (navigator.gpu) or in Node (the `webgpu` npm package, Dawn). Same passes and units as the CPU
 * reference (sim/fluid/mpm.ts); each substep is these dispatches:
 *
 *   clear_grid ─► p2g ─► classify_cells ─► update_faces ─► divergence ─► pressure_sor ×2×sweeps
 *   (faces, cells) (particles)  (cells)       (faces)         (cells)       (cells, red then black)
 *     ─► project_faces ─► reflect_faces ─► extend_faces ×2 ─► g2p
 *        (faces)          (faces)          (faces, layers)    (particles)
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
 * Moving bodies are not coupled on the GPU yet: the boundary buffer carries a velocity per solid cell
 * (update_faces uses it), but nothing re-rasterises bodies or sums their fluid forces here; the CPU
 * solver does that (sim/fluid/coupling.ts).
 */
import { DENSITY_BAND, DENSITY_RELAX_S, EXTEND_LAYERS, SOR_OMEGA, THETA_MIN, type MpmFluid } from '../fluid/mpm.ts';
import { BOUNDARY_STRIDE, CELL_SCATTER_LAYOUT, CELL_STATE_LAYOUT, FACE_LAYOUT, PARAMS_LAYOUT, PARTICLE_LAYOUT } from './layout.ts';
import { FLUID_KERNELS, kernelModule, kernelOverrides, type FluidKernel, type FluidShaderSources } from './shaders.ts';

export const DEFAULT_FIXED_POINT_MULTIPLIER = 1e5;
const WORKGROUP = 64;
const MAX_GROUPS = 65535;

export interface GpuMpmOptions {
  /** Substep, s (fixed for the pipelines' lifetime; it is an override). */
  dtS: number;
  fixedPointMultiplier?: number;
  /** Room for this many particles (default: the CPU solver's count). */
  capacity?: number;
}

/** One pipeline of the substep: a kernel and the constants that differ between its uses. */
interface Pass { kernel: FluidKernel; label: string; constants: Record<string, number>; over: 'particles' | 'cells' | 'faces' | 'grid' }

export class GpuMpm {
  readonly particleCount: number;
  readonly cellCount: number;
  readonly faceCount: number;
  private readonly buffers: Record<'particles' | 'faces' | 'cellScatter' | 'cells' | 'pressure' | 'boundary' | 'kernelVolume' | 'params', GPUBuffer>;
  private readonly passes: { pass: Pass; pipeline: GPUComputePipeline; bindGroup: GPUBindGroup }[];
  private readonly sweeps: number;
  private disposed = false;

  /** Uploads the CPU solver's grid, boundary, pressure and particles; the GPU then runs on its own. */
  constructor(private readonly device: GPUDevice, sources: FluidShaderSources, cpu: MpmFluid, options: GpuMpmOptions) {
    const [nx, ny, nz] = [cpu.nx, cpu.ny, cpu.nz];
    this.cellCount = nx * ny * nz;
    this.faceCount = (nx + 1) * ny * nz + nx * (ny + 1) * nz + nx * ny * (nz + 1);
    this.particleCount = cpu.count;
    this.sweeps = cpu.pressureSweeps;
    const capacity = Math.max(1, options.capacity ?? cpu.count);
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
    };
    const q = device.queue;
    q.writeBuffer(this.buffers.particles, 0, packParticles(cpu));
    q.writeBuffer(this.buffers.boundary, 0, packBoundary(cpu));
    q.writeBuffer(this.buffers.kernelVolume, 0, new Float32Array(cpu.kernelVolume));
    // The GPU keeps φ = pressure · Δt (its Δt is fixed); the CPU keeps pressure = φ / Δt.
    q.writeBuffer(this.buffers.pressure, 0, new Float32Array(cpu.pressure.map((p) => p * options.dtS)));
    q.writeBuffer(this.buffers.params, 0, new Uint32Array([cpu.count, 0, 0, 0]));

    const shared: Record<string, number> = {
      grid_x: nx, grid_y: ny, grid_z: nz, cell_count: this.cellCount, face_count: this.faceCount,
      fixed_point_multiplier: options.fixedPointMultiplier ?? DEFAULT_FIXED_POINT_MULTIPLIER,
      dt: options.dtS, viscosity: cpu.viscosity, rest_density: cpu.restDensity,
      gravity_x: cpu.gravity[0], gravity_y: cpu.gravity[1], gravity_z: cpu.gravity[2],
      density_relax: 1 / DENSITY_RELAX_S, density_band: DENSITY_BAND, theta_min: THETA_MIN, omega: SOR_OMEGA, last_layer: EXTEND_LAYERS,
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
      reflect_faces: [b.faces],
      extend_faces: [b.faces],
      g2p: [b.particles, b.faces, b.params, b.boundary],
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
      { kernel: 'reflect_faces', label: 'reflect_faces', constants: {}, over: 'faces' },
      ...Array.from({ length: EXTEND_LAYERS }, (_, i): Pass => ({ kernel: 'extend_faces', label: `extend_faces ${i + 1}`, constants: { layer: i + 1 }, over: 'faces' })),
      { kernel: 'g2p', label: 'g2p', constants: {}, over: 'particles' },
    ];
    const modules = new Map<FluidKernel, GPUShaderModule>();
    for (const k of FLUID_KERNELS) modules.set(k, device.createShaderModule({ label: `fluid ${k} module`, code: kernelModule(sources, k) }));
    this.passes = plan.map((pass) => {
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
    });
  }

  /** Records `substeps` substeps into the encoder (one compute pass per dispatch); never submits. */
  encode(encoder: GPUCommandEncoder, substeps = 1): void {
    this.assertLive();
    const threads = { particles: this.particleCount, cells: this.cellCount, faces: this.faceCount, grid: Math.max(this.cellCount, this.faceCount) };
    const run = (p: GpuMpm['passes'][number]) => {
      const groups = Math.ceil(threads[p.pass.over] / WORKGROUP);
      if (groups > MAX_GROUPS) throw new Error(`fluid ${p.pass.label}: ${groups} workgroups exceed one dispatch's ${MAX_GROUPS}`);
      const pass = encoder.beginComputePass({ label: `fluid ${p.pass.label} pass` });
      pass.setPipeline(p.pipeline);
      pass.setBindGroup(0, p.bindGroup);
      pass.dispatchWorkgroups(Math.max(1, groups));
      pass.end();
    };
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

  /** Copies the particles back: positions (cells) and velocities (cells/s), each interleaved. */
  async readParticles(): Promise<{ positions: Float32Array; velocities: Float32Array }> {
    this.assertLive();
    const size = this.particleCount * PARTICLE_LAYOUT.stride;
    const staging = this.device.createBuffer({ label: 'fluid particles read-back', size: Math.max(4, size), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder({ label: 'fluid read-back encoder' });
    encoder.copyBufferToBuffer(this.buffers.particles, 0, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const f = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    const n = this.particleCount, stride = PARTICLE_LAYOUT.stride / 4;
    const positions = new Float32Array(n * 3), velocities = new Float32Array(n * 3);
    for (let p = 0; p < n; p++) {
      for (let k = 0; k < 3; k++) {
        positions[p * 3 + k] = f[p * stride + PARTICLE_LAYOUT.position / 4 + k];
        velocities[p * 3 + k] = f[p * stride + PARTICLE_LAYOUT.v / 4 + k];
      }
    }
    return { positions, velocities };
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

  private assertLive(): void {
    if (this.disposed) throw new Error('GpuMpm used after dispose()');
  }
}

/** The CPU solver's particles in the GPU layout (C: row a of the CPU's row-major ∇v is WGSL column a). */
export function packParticles(cpu: MpmFluid): Float32Array<ArrayBuffer> {
  const stride = PARTICLE_LAYOUT.stride / 4;
  const out = new Float32Array(Math.max(1, cpu.count) * stride);
  for (let p = 0; p < cpu.count; p++) {
    const o = p * stride;
    out[o] = cpu.px[p]; out[o + 1] = cpu.py[p]; out[o + 2] = cpu.pz[p];
    out[o + PARTICLE_LAYOUT.v / 4] = cpu.vx[p]; out[o + PARTICLE_LAYOUT.v / 4 + 1] = cpu.vy[p]; out[o + PARTICLE_LAYOUT.v / 4 + 2] = cpu.vz[p];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) out[o + PARTICLE_LAYOUT.C / 4 + a * 4 + b] = cpu.c[p * 9 + a * 3 + b];
  }
  return out;
}

/** Per cell: the solid's velocity (cells/s) and the solid flag, as vec4f. */
export function packBoundary(cpu: MpmFluid): Float32Array<ArrayBuffer> {
  const out = new Float32Array(cpu.solid.length * 4);
  for (let i = 0; i < cpu.solid.length; i++) {
    out[i * 4] = cpu.solidVelocity[i * 3]; out[i * 4 + 1] = cpu.solidVelocity[i * 3 + 1]; out[i * 4 + 2] = cpu.solidVelocity[i * 3 + 2];
    out[i * 4 + 3] = cpu.solid[i];
  }
  return out;
}
