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
 */
import type { SceneSpec } from '../scene/spec.ts';
import type { Rapier } from './rapier.ts';
import { branchFrom, simulateSession, type Progress, type SimSession } from './session.ts';
import type { WorldPatch } from './world.ts';

export interface SimulationRunner {
  /** The whole run of `spec` (sim/session.ts simulateSession). */
  session(spec: SceneSpec, onProgress?: Progress): Promise<SimSession>;
  /** `session` re-simulated from tS with `patch` (sim/session.ts branchFrom). */
  branch(session: SimSession, tS: number, patch: WorldPatch, onProgress?: Progress): Promise<SimSession>;
  /** Frees what the runner holds (a worker). Safe to call more than once. */
  dispose(): void;
}

/** A runner on the calling thread. It holds nothing: dispose() does nothing. */
export function localRunner(rapier: Rapier): SimulationRunner {
  return {
    session: async (spec, onProgress) => simulateSession(rapier, spec, onProgress ? { onProgress } : {}),
    branch: async (session, tS, patch, onProgress) => branchFrom(rapier, session, tS, patch, onProgress),
    dispose: () => {},
  };
}
