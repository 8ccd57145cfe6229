/**
 * CPU reference vs GPU kernels: the same initial state (sim/fluid/fixtures.ts: by default the
 * dam-break column of `comparisonFluid`), the same substeps on each, particles (and, with moving
 * bodies, the per-body impulses of every fixed step) read back and compared. COMPARISON_CASES are the
 * four states the tests compare, one per boundary condition of mpm.ts. Used by the Node test
 * (gpu.test.ts, the `webgpu` package on SwiftShader), the browser check (browser-check.ts, run by
 * e2e/fluids.spec.ts in headless Chromium on SwiftShader) and bench/fluids.mts.
 *
 * A run is `steps` fixed steps of `substepsPerStep` substeps of COMPARE_DT_S. With `bodiesAt`, each
 * fixed step starts with setMovingSolids on both solvers from the same inputs (the first one removes
 * the liquid inside the bodies, as coupling.ts does when it places them), and ends with both
 * solvers' impulses compared.
 *
 * Tolerances (stated here, asserted by the tests; the GPU sums in f32 and rounds each scattered term
 * to 1e-5 (fixed point), the CPU sums in f64; both do the same arithmetic in the same passes otherwise):
 * - particles: both end with the same number alive, and pair by pair in order (both keep their
 *   order when particles leave, so this also says the same particles left) the largest position
 *   difference is below COMPARE_TOLERANCE.positionCells and the largest velocity difference below
 *   velocityRel × the fastest particle's speed + 1e-3 cells/s;
 * - impulses: per body and fixed step, |J_gpu − J_cpu| ≤ impulseRel · max(|J_cpu|, J₀) for the linear
 *   impulse and ≤ impulseRel · max(|L_cpu|, J₀ h) for the angular one, J₀ = ρ |g| h³ Δt_step (the
 *   impulse of one cell's depth of hydrostatic pressure on one face over the step): relative to the
 *   impulse itself, with a floor for components near zero.
 */
import type { MpmFluid } from '../fluid/mpm.ts';
import { comparisonFluid, coupledTank, openSidesFluid, type MovingSolids } from '../fluid/fixtures.ts';
import { GpuMpm } from './runner.ts';
import type { FluidShaderSources } from './shaders.ts';

export const COMPARE_TOLERANCE = { positionCells: 1e-3, velocityRel: 1e-3, impulseRel: 1e-3 } as const;
/** The comparison's substep, s (half the simulation's fixed step). */
export const COMPARE_DT_S = 1 / 480;

export interface CompareOptions {
  /** Fixed steps (default 1). */
  steps?: number;
  /** Substeps per fixed step (default 20). */
  substepsPerStep?: number;
  /** The moving solids at fixed step k (setMovingSolids on both solvers before it). */
  bodiesAt?: (step: number) => MovingSolids;
}

/** A state to compare from, and how to run it. */
export interface ComparisonCase { cpu: MpmFluid; options?: CompareOptions }

/** The compared states, one per boundary condition of mpm.ts (each call builds a fresh one). */
export const COMPARISON_CASES = {
  /** A dam-break column of water: free-slip walls. */
  water: (): ComparisonCase => ({ cpu: comparisonFluid() }),
  /** The same column of honey: no-slip walls. */
  honey: (): ComparisonCase => ({ cpu: comparisonFluid(0.05, 0.3, 'honey') }),
  /** A column with open sides: particles leave (60 substeps, so that some do). */
  openSides: (): ComparisonCase => ({ cpu: openSidesFluid(), options: { substepsPerStep: 60 } }),
  /** A box pushed through the liquid and a spinning ball: push-out, removal, force and torque (10 fixed steps). */
  movingBodies: (): ComparisonCase => {
    const tank = coupledTank();
    return { cpu: tank.fluid, options: { steps: 10, substepsPerStep: 2, bodiesAt: (k) => tank.bodiesAt(k / 240) } };
  },
} as const;

export interface Comparison {
  /** Particles alive at the start and at the end on the CPU, and at the end on the GPU. */
  particlesStart: number;
  particles: number;
  gpuParticles: number;
  substeps: number;
  maxPositionDiffCells: number;
  maxVelocityDiffCellsPerS: number;
  maxSpeedCellsPerS: number;
  /** Largest impulse difference over bodies and steps, as a fraction of its tolerance's scale (see the header); 0 without bodies. */
  maxImpulseDiffRel: number;
  /** Largest linear impulse on a body in one step on the CPU, N·s (0 without bodies). */
  maxImpulseNs: number;
  pass: boolean;
}

/** Runs both solvers from the same state and compares them (see the header for the tolerances). */
export async function compareCpuGpu(device: GPUDevice, sources: FluidShaderSources, cpu: MpmFluid = comparisonFluid(), options: CompareOptions = {}): Promise<Comparison> {
  const { steps = 1, substepsPerStep = 20, bodiesAt } = options;
  const dt = COMPARE_DT_S, particlesStart = cpu.count;
  const bodies = bodiesAt ? bodiesAt(0).centres.length / 3 : 0;
  const gpu = new GpuMpm(device, sources, cpu, { dtS: dt, bodies });
  const h = cpu.config.cellM, g = cpu.config.gravityMps2;
  const j0 = cpu.config.densityKgM3 * Math.hypot(g[0], g[1], g[2]) * h * h * h * dt * substepsPerStep;
  let impulseDiff = 0, impulseMax = 0;
  try {
    for (let step = 0; step < steps; step++) {
      if (bodiesAt) {
        const m = bodiesAt(step);
        cpu.setMovingSolids(m.bodyOf, m.velocity, m.centres, step === 0);
        gpu.setMovingSolids(m.bodyOf, m.velocity, m.centres, step === 0);
      }
      const encoder = device.createCommandEncoder({ label: 'fluid comparison encoder' });
      gpu.encode(encoder, substepsPerStep);
      device.queue.submit([encoder.finish()]);
      for (let s = 0; s < substepsPerStep; s++) cpu.substep(dt);
      if (bodies === 0) continue;
      const j = await gpu.readBodyImpulses(), c = cpu.bodyImpulses;
      for (let b = 0; b < bodies; b++) {
        const o = b * 6;
        const norm = (a: ArrayLike<number>, k: number) => Math.hypot(a[k], a[k + 1], a[k + 2]);
        const diff = (k: number) => Math.hypot(j[k] - c[k], j[k + 1] - c[k + 1], j[k + 2] - c[k + 2]);
        impulseDiff = Math.max(impulseDiff, diff(o) / Math.max(norm(c, o), j0), diff(o + 3) / Math.max(norm(c, o + 3), j0 * h));
        impulseMax = Math.max(impulseMax, norm(c, o));
      }
    }
    const { count, positions, velocities } = await gpu.readParticles();
    let dx = 0, dv = 0, vmax = 0;
    const cp = [cpu.px, cpu.py, cpu.pz], cv = [cpu.vx, cpu.vy, cpu.vz];
    for (let p = 0; p < Math.min(count, cpu.count); p++) {
      let speed = 0;
      for (let k = 0; k < 3; k++) {
        dx = Math.max(dx, Math.abs(positions[p * 3 + k] - cp[k][p]));
        dv = Math.max(dv, Math.abs(velocities[p * 3 + k] - cv[k][p]));
        speed += cv[k][p] ** 2;
      }
      vmax = Math.max(vmax, Math.sqrt(speed));
    }
    const t = COMPARE_TOLERANCE;
    const pass = count === cpu.count && dx < t.positionCells && dv < t.velocityRel * vmax + 1e-3 && impulseDiff <= t.impulseRel;
    return {
      particlesStart, particles: cpu.count, gpuParticles: count, substeps: steps * substepsPerStep,
      maxPositionDiffCells: dx, maxVelocityDiffCellsPerS: dv, maxSpeedCellsPerS: vmax,
      maxImpulseDiffRel: impulseDiff, maxImpulseNs: impulseMax, pass,
    };
  } finally {
    gpu.dispose();
  }
}
