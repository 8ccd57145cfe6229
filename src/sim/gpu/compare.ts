/**
 * CPU reference vs GPU kernels: the same initial state (a dam-break column in a tank, built by
 * `comparisonFluid`), `substeps` substeps on each, particles read back and compared. Used by the Node
 * test (gpu.test.ts, the `webgpu` package on SwiftShader), the browser e2e test (e2e/fluids.spec.ts)
 * and bench/fluids.mts.
 *
 * Tolerance (stated, and asserted by the tests): after 20 substeps the largest particle position
 * difference stays below 1e-3 cells and the largest velocity difference below 1e-3 of the fastest
 * particle's speed + 1e-3 cells/s. The GPU sums in f32 and rounds each scattered term to 1e-5 (fixed
 * point); the CPU sums in f64; both do the same arithmetic in the same passes otherwise.
 */
import type { MpmFluid } from '../fluid/mpm.ts';
import { comparisonFluid } from '../fluid/fixtures.ts';
import { GpuMpm } from './runner.ts';
import type { FluidShaderSources } from './shaders.ts';

export { comparisonFluid };

export const COMPARE_TOLERANCE = { positionCells: 1e-3, velocityRel: 1e-3 } as const;
/** The comparison's substep, s (half the simulation's fixed step). */
export const COMPARE_DT_S = 1 / 480;

export interface Comparison {
  particles: number;
  substeps: number;
  maxPositionDiffCells: number;
  maxVelocityDiffCellsPerS: number;
  maxSpeedCellsPerS: number;
  pass: boolean;
}

/** Runs both solvers from the same state and compares them (see the header for the tolerance). */
export async function compareCpuGpu(device: GPUDevice, sources: FluidShaderSources, substeps = 20, cpu: MpmFluid = comparisonFluid()): Promise<Comparison> {
  const dt = COMPARE_DT_S;
  const gpu = new GpuMpm(device, sources, cpu, { dtS: dt });
  try {
    const encoder = device.createCommandEncoder({ label: 'fluid comparison encoder' });
    gpu.encode(encoder, substeps);
    device.queue.submit([encoder.finish()]);
    for (let s = 0; s < substeps; s++) cpu.substep(dt);
    const { positions, velocities } = await gpu.readParticles();
    let dx = 0, dv = 0, vmax = 0;
    const cp = [cpu.px, cpu.py, cpu.pz], cv = [cpu.vx, cpu.vy, cpu.vz];
    for (let p = 0; p < cpu.count; p++) {
      let speed = 0;
      for (let k = 0; k < 3; k++) {
        dx = Math.max(dx, Math.abs(positions[p * 3 + k] - cp[k][p]));
        dv = Math.max(dv, Math.abs(velocities[p * 3 + k] - cv[k][p]));
        speed += cv[k][p] ** 2;
      }
      vmax = Math.max(vmax, Math.sqrt(speed));
    }
    const pass = dx < COMPARE_TOLERANCE.positionCells && dv < COMPARE_TOLERANCE.velocityRel * vmax + 1e-3;
    return { particles: cpu.count, substeps, maxPositionDiffCells: dx, maxVelocityDiffCellsPerS: dv, maxSpeedCellsPerS: vmax, pass };
  } finally {
    gpu.dispose();
  }
}
