/**
 * The WGSL fluid solver (runner.ts GpuMpm) as a Simulation's FluidStepper (sim/simulate.ts), so a
 * whole scene's liquids run on a GPUDevice while the rigid bodies, the emitters, the coupling and the
 * recording stay where they are: simulateSessionOn(rapier, spec, gpuFluidStepper(device, sources)).
 *
 * Per fixed step and liquid, in one submission:
 *   the coupling's moving solids, as MpmFluid.setMovingSolids left them  ─► GpuMpm.setMovingSolids
 *   the emitters' new particles (appended to the CPU solver)             ─► GpuMpm.appendParticles
 *   `substeps` substeps                                                   ─► GpuMpm.encode
 * then, with bodies to couple, their impulses read back into the CPU solver for the coupling. The
 * Simulation asks for readBack (particles and C into the CPU solver) only when something reads them:
 * a fluid frame, a snapshot (the pressure warm start too), a container weighing its liquid.
 *
 * The substep. The CPU solver picks each step's substep from its fastest particle (a pass over every
 * particle); on the GPU that would be a read-back per step, so the substep, a pipeline constant, is
 * fixed per liquid from a bound on its speed instead: free fall through the domain's height, plus the
 * fastest emitter, plus the fastest particle at the start (a tipped bucket's water), at the CPU's
 * Courant number, and never above the viscous limit. The bound covers what gravity can do inside the
 * domain; a body thrown into the liquid faster than that makes the liquid it pushes outrun it, as a
 * CPU run would not, and the header of simulate.ts says why GPU runs are not the reference.
 *
 * The CPU solver's arrays stay the staging copy: an emitter appends there, the new slots go up, and
 * readBack replaces them with the live particles. Particles that leave keep their GPU slot (runner.ts).
 */
import type { FluidStepper, FluidStepperFactory } from '../simulate.ts';
import type { SimulatedFluid } from '../fluid/scene.ts';
import type { MpmFluid } from '../fluid/mpm.ts';
import { GpuMpm } from './runner.ts';
import type { FluidShaderSources } from './shaders.ts';

/** One liquid on the GPU: its solver, its substeps per fixed step, the CPU particles already uploaded. */
interface GpuLiquid { gpu: GpuMpm; substeps: number; uploaded: number }

/** A FluidStepperFactory on `device` (which the caller owns and frees). `name` says what it runs on. */
export function gpuFluidStepper(device: GPUDevice, sources: FluidShaderSources, name: string): FluidStepperFactory {
  return (fluids, dtS) => new GpuFluidStepper(device, sources, fluids, dtS, name);
}

class GpuFluidStepper implements FluidStepper {
  private readonly liquids: GpuLiquid[] = [];

  constructor(private readonly device: GPUDevice, sources: FluidShaderSources, fluids: readonly SimulatedFluid[], dtS: number, readonly name: string) {
    try {
      for (const fluid of fluids) {
        const cpu = fluid.solver;
        const substeps = Math.max(1, Math.ceil(dtS / stableSubstepS(fluid)));
        const capacity = Math.max(cpu.count, fluid.stream?.maxParticles ?? 0, fluid.drops?.maxParticles ?? 0);
        const gpu = new GpuMpm(device, sources, cpu, { dtS: dtS / substeps, capacity, bodies: cpu.bodyCentres.length / 3 });
        this.liquids.push({ gpu, substeps, uploaded: cpu.count });
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  async solve(fluids: readonly SimulatedFluid[]): Promise<void> {
    const encoder = this.device.createCommandEncoder({ label: 'fluid step encoder' });
    fluids.forEach((fluid, i) => {
      const cpu = fluid.solver, liquid = this.liquids[i];
      // The CPU solver removed what a body covered at the start already (coupling.ts); later, push out.
      if (liquid.gpu.bodies > 0) liquid.gpu.setMovingSolids(cpu.bodyOf, cpu.solidVelocity, cpu.bodyCentres, false);
      liquid.gpu.appendParticles(cpu, liquid.uploaded);
      liquid.uploaded = cpu.count;
      liquid.gpu.encode(encoder, liquid.substeps);
      cpu.substeps += liquid.substeps;
    });
    this.device.queue.submit([encoder.finish()]);
    await Promise.all(fluids.map(async (fluid, i) => {
      if (this.liquids[i].gpu.bodies > 0) fluid.solver.bodyImpulses.set(await this.liquids[i].gpu.readBodyImpulses());
    }));
  }

  async readBack(fluids: readonly SimulatedFluid[], warmStart: boolean): Promise<void> {
    await Promise.all(fluids.map(async (fluid, i) => {
      const liquid = this.liquids[i];
      const [{ count, positions: x, velocities: v, affine }, pressure] = await Promise.all([liquid.gpu.readParticles(), warmStart ? liquid.gpu.readPressure() : null]);
      const cpu = fluid.solver;
      cpu.count = 0;
      for (let p = 0; p < count; p++) {
        cpu.forceParticle(x[p * 3], x[p * 3 + 1], x[p * 3 + 2], v[p * 3], v[p * 3 + 1], v[p * 3 + 2]);
        cpu.c.set(affine.subarray(p * 9, p * 9 + 9), p * 9);
      }
      if (pressure) cpu.pressure.set(pressure);
      liquid.uploaded = cpu.count;
    }));
  }

  dispose(): void {
    for (const liquid of this.liquids) liquid.gpu.dispose();
  }
}

/** The fixed substep for a liquid, s (see the header). */
function stableSubstepS(fluid: SimulatedFluid): number {
  const cpu: MpmFluid = fluid.solver;
  const [gx, gy, gz] = cpu.gravity;
  const fall = Math.sqrt(2 * Math.hypot(gx, gy, gz) * cpu.ny);
  const speed = (v: readonly number[] | undefined) => (v ? Math.hypot(v[0], v[1], v[2]) : 0);
  let fastest = 0;
  for (let p = 0; p < cpu.count; p++) fastest = Math.max(fastest, Math.hypot(cpu.vx[p], cpu.vy[p], cpu.vz[p]));
  const bound = fall + Math.max(speed(fluid.stream?.velocityGrid), speed(fluid.drops?.velocityGrid)) + fastest;
  return Math.min(cpu.config.cfl / bound, cpu.viscousDtS);
}
