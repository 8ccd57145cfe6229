/**
 * GpuMpm: the WGSL MLS-MPM solver (shaders/fluid/*.wgsl) driven from TypeScript, in the browser
 * (navigator.gpu) or in Node (the `webgpu` npm package, Dawn). Same passes and units as the CPU
 * reference (sim/fluid/mpm.ts); each substep is five dispatches:
 *
 *   clear_grid ─► p2g_1 ─► p2g_2 ─► update_grid ─► g2p
 *   (cells)      (particles, fixed-point atomics)   (cells)   (particles)
 *
 * Conventions (WebGPU-Ocean, webgpu-samples): every GPU object has a label; constants are WGSL
 * `override`s set at pipeline creation (each pipeline gets only the ones its kernel declares);
 * `encode(encoder)` records passes and never submits; `dispose()` frees the buffers, once.
 *
 * Fixed point: P2G sums mass and momentum as i32 scaled by FIXED_POINT_MULTIPLIER (1e5 by default).
 * With 8 particles per cell, mass per node is ~8 (8e5) and momentum stays below ~2000 cells/s·mass
 * (2e8) in desk-top scenes, well inside i32; the resolution is 1e-5 in those units.
 */
import type { MpmFluid } from '../fluid/mpm.ts';
import { BOUNDARY_STRIDE, CELL_LAYOUT, PARAMS_LAYOUT, PARTICLE_LAYOUT } from './layout.ts';
import { FLUID_KERNELS, kernelModule, kernelOverrides, type FluidKernel, type FluidShaderSources } from './shaders.ts';

export const DEFAULT_FIXED_POINT_MULTIPLIER = 1e5;
const WORKGROUP = 64;

export interface GpuMpmOptions {
  /** Substep, s (fixed for the pipelines' lifetime; it is an override). */
  dtS: number;
  fixedPointMultiplier?: number;
  /** Room for this many particles (default: the CPU solver's count). */
  capacity?: number;
}

export class GpuMpm {
  readonly particleCount: number;
  readonly cellCount: number;
  private readonly particles: GPUBuffer;
  private readonly cells: GPUBuffer;
  private readonly boundary: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly pipelines: Record<FluidKernel, GPUComputePipeline>;
  private readonly bindGroups: Record<FluidKernel, GPUBindGroup>;
  private disposed = false;

  /** Uploads the CPU solver's grid, boundary and particles; the GPU then runs on its own. */
  constructor(private readonly device: GPUDevice, sources: FluidShaderSources, cpu: MpmFluid, options: GpuMpmOptions) {
    const [nx, ny, nz] = [cpu.nx, cpu.ny, cpu.nz];
    this.cellCount = nx * ny * nz;
    this.particleCount = cpu.count;
    const capacity = Math.max(1, options.capacity ?? cpu.count);
    this.particles = device.createBuffer({ label: 'fluid particles', size: capacity * PARTICLE_LAYOUT.stride, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.cells = device.createBuffer({ label: 'fluid grid cells', size: this.cellCount * CELL_LAYOUT.stride, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.boundary = device.createBuffer({ label: 'fluid grid boundary', size: this.cellCount * BOUNDARY_STRIDE, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.params = device.createBuffer({ label: 'fluid params', size: PARAMS_LAYOUT.stride, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(this.particles, 0, packParticles(cpu));
    device.queue.writeBuffer(this.boundary, 0, packBoundary(cpu));
    device.queue.writeBuffer(this.params, 0, new Uint32Array([cpu.count, 0, 0, 0]));

    const constants: Record<string, number> = {
      grid_x: nx, grid_y: ny, grid_z: nz, cell_count: this.cellCount,
      fixed_point_multiplier: options.fixedPointMultiplier ?? DEFAULT_FIXED_POINT_MULTIPLIER,
      rest_density: cpu.restDensity, stiffness: cpu.stiffness, dynamic_viscosity: cpu.viscosity,
      dt: options.dtS, gravity_x: cpu.gravity[0], gravity_y: cpu.gravity[1], gravity_z: cpu.gravity[2],
      workgroup_size: WORKGROUP,
    };
    const buffers: Record<FluidKernel, GPUBuffer[]> = {
      clear_grid: [this.cells],
      p2g_1: [this.particles, this.cells, this.params],
      p2g_2: [this.particles, this.cells, this.params, this.boundary],
      update_grid: [this.cells, this.boundary],
      g2p: [this.particles, this.cells, this.params, this.boundary],
    };
    this.pipelines = {} as Record<FluidKernel, GPUComputePipeline>;
    this.bindGroups = {} as Record<FluidKernel, GPUBindGroup>;
    for (const kernel of FLUID_KERNELS) {
      const module = device.createShaderModule({ label: `fluid ${kernel} module`, code: kernelModule(sources, kernel) });
      const names = kernelOverrides(sources.kernels[kernel]);
      const pipeline = device.createComputePipeline({
        label: `fluid ${kernel} pipeline`,
        layout: 'auto',
        compute: { module, entryPoint: 'main', constants: Object.fromEntries(names.map((n) => [n, constants[n]])) },
      });
      this.pipelines[kernel] = pipeline;
      this.bindGroups[kernel] = device.createBindGroup({
        label: `fluid ${kernel} bind group`,
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers[kernel].map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    }
  }

  /** Records `substeps` substeps into the encoder (one compute pass per dispatch); never submits. */
  encode(encoder: GPUCommandEncoder, substeps = 1): void {
    this.assertLive();
    const particleGroups = Math.ceil(this.particleCount / WORKGROUP);
    const cellGroups = Math.ceil(this.cellCount / WORKGROUP);
    for (let s = 0; s < substeps; s++) {
      for (const kernel of FLUID_KERNELS) {
        const pass = encoder.beginComputePass({ label: `fluid ${kernel} pass` });
        pass.setPipeline(this.pipelines[kernel]);
        pass.setBindGroup(0, this.bindGroups[kernel]);
        pass.dispatchWorkgroups(kernel === 'clear_grid' || kernel === 'update_grid' ? cellGroups : particleGroups);
        pass.end();
      }
    }
  }

  /** Copies the particles back: positions (cells), velocities (cells/s) and densities, each interleaved. */
  async readParticles(): Promise<{ positions: Float32Array; velocities: Float32Array; densities: Float32Array }> {
    this.assertLive();
    const size = this.particleCount * PARTICLE_LAYOUT.stride;
    const staging = this.device.createBuffer({ label: 'fluid particles read-back', size: Math.max(4, size), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder({ label: 'fluid read-back encoder' });
    encoder.copyBufferToBuffer(this.particles, 0, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const f = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    const n = this.particleCount, stride = PARTICLE_LAYOUT.stride / 4;
    const positions = new Float32Array(n * 3), velocities = new Float32Array(n * 3), densities = new Float32Array(n);
    for (let p = 0; p < n; p++) {
      for (let k = 0; k < 3; k++) {
        positions[p * 3 + k] = f[p * stride + PARTICLE_LAYOUT.position / 4 + k];
        velocities[p * 3 + k] = f[p * stride + PARTICLE_LAYOUT.v / 4 + k];
      }
      densities[p] = f[p * stride + PARTICLE_LAYOUT.density / 4];
    }
    return { positions, velocities, densities };
  }

  /** Frees the GPU buffers; safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of [this.particles, this.cells, this.boundary, this.params]) b.destroy();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('GpuMpm used after dispose()');
  }
}

/** The CPU solver's particles in the GPU layout (C goes from row-major to WGSL's column-major). */
export function packParticles(cpu: MpmFluid): Float32Array<ArrayBuffer> {
  const stride = PARTICLE_LAYOUT.stride / 4;
  const out = new Float32Array(Math.max(1, cpu.count) * stride);
  for (let p = 0; p < cpu.count; p++) {
    const o = p * stride;
    out[o] = cpu.px[p]; out[o + 1] = cpu.py[p]; out[o + 2] = cpu.pz[p];
    out[o + PARTICLE_LAYOUT.density / 4] = cpu.density[p];
    out[o + 4] = cpu.vx[p]; out[o + 5] = cpu.vy[p]; out[o + 6] = cpu.vz[p];
    for (let col = 0; col < 3; col++) for (let row = 0; row < 3; row++) out[o + PARTICLE_LAYOUT.C / 4 + col * 4 + row] = cpu.c[p * 9 + row * 3 + col];
  }
  return out;
}

/** Per cell: the solid normal and flag, as vec4f. */
export function packBoundary(cpu: MpmFluid): Float32Array<ArrayBuffer> {
  const out = new Float32Array(cpu.solid.length * 4);
  for (let i = 0; i < cpu.solid.length; i++) {
    out[i * 4] = cpu.normal[i * 3]; out[i * 4 + 1] = cpu.normal[i * 3 + 1]; out[i * 4 + 2] = cpu.normal[i * 3 + 2];
    out[i * 4 + 3] = cpu.solid[i];
  }
  return out;
}
