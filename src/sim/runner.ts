/**
 * Where a scene is simulated: the app controller asks a SimulationRunner for a session (a whole run
 * with its snapshots) or a branch of one, and gets it back as plain data.
 *
 *   localRunner(rapier)        on the calling thread (Node, the CLI, the embeddable element)
 *   sim/browser/worker-runner  in a module Web Worker, so the page stays responsive while the
 *                              coupled rigid-body and fluid run takes its seconds
 *
 * Both run the same code on the same deterministic Rapier build, so a session's timeline has the
 * same hash wherever it was made.
 *
 * Liquids run on the CPU solver (the reference, bit for bit everywhere) unless the run asks for the
 * GPU (`fluidSolver: 'webgpu'`) and the realm can open one (`openGpu`); a scene with no simulated
 * liquid, or a realm with no WebGPU, runs on the CPU, and the session says where its liquid ran
 * (SimSession.fluidSolver). A branch always re-simulates on the CPU.
 */
import type { SceneSpec } from '../scene/spec.ts';
import type { Rapier } from './rapier.ts';
import { branchFrom, simulateSession, simulateSessionOn, type Progress, type SimSession } from './session.ts';
import type { WorldPatch } from './world.ts';
import type { FluidStepperFactory } from './simulate.ts';
import { isSimulatedFluid } from './fluid/scene.ts';

/** Where a run's liquids are solved: the CPU reference, or the WGSL solver on the GPU. */
export type FluidSolverChoice = 'cpu' | 'webgpu';

export interface RunOptions {
  onProgress?: Progress;
  fluidSolver?: FluidSolverChoice;
}

/** Opens this realm's GPU fluid solver (sim/gpu/browser-stepper.ts); rejects when there is none. */
export type GpuOpener = () => Promise<FluidStepperFactory>;

/** A whole run of `spec` on this thread, its liquids where `options` asks and the realm allows (see the header). */
export async function runSession(rapier: Rapier, spec: SceneSpec, options: RunOptions, openGpu?: GpuOpener): Promise<SimSession> {
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  if (options.fluidSolver === 'webgpu' && openGpu && spec.fluids.some(isSimulatedFluid)) {
    const stepper = await openGpu().catch(() => null);
    if (stepper) return simulateSessionOn(rapier, spec, stepper, progress);
  }
  return simulateSession(rapier, spec, progress);
}

export interface SimulationRunner {
  /** The whole run of `spec` (runSession). */
  session(spec: SceneSpec, options?: RunOptions): Promise<SimSession>;
  /** `session` re-simulated from tS with `patch` (sim/session.ts branchFrom). */
  branch(session: SimSession, tS: number, patch: WorldPatch, onProgress?: Progress): Promise<SimSession>;
  /** Frees what the runner holds (a worker). Safe to call more than once. */
  dispose(): void;
}

/** A runner on the calling thread (with `openGpu`, it can run liquids on the GPU). It holds nothing: dispose() does nothing. */
export function localRunner(rapier: Rapier, openGpu?: GpuOpener): SimulationRunner {
  return {
    session: (spec, options = {}) => runSession(rapier, spec, options, openGpu),
    branch: async (session, tS, patch, onProgress) => branchFrom(rapier, session, tS, patch, onProgress),
    dispose: () => {},
  };
}
