/**
 * The messages between the page (worker-runner.ts) and the simulation worker (worker.ts). Everything
 * in them is plain data, copied by structured clone; an error travels as its name, message and (for
 * an invalid spec) its issues, and is rebuilt on the page's side.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import { SceneSpecError } from '../../scene/spec.ts';
import type { SimSession } from '../session.ts';
import type { WorldPatch } from '../world.ts';
import type { FluidSolverChoice } from '../runner.ts';

export type WorkerRequest =
  | { id: number; kind: 'session'; spec: SceneSpec; fluidSolver: FluidSolverChoice }
  | { id: number; kind: 'branch'; session: SimSession; tS: number; patch: WorldPatch };

export type WorkerReply =
  | { id: number; kind: 'progress'; stepsDone: number; stepsTotal: number }
  | { id: number; kind: 'done'; session: SimSession }
  | { id: number; kind: 'error'; error: SentError };

export interface SentError {
  name: string;
  message: string;
  /** A SceneSpecError's path-precise issues. */
  issues?: string[];
}

export function sendError(error: unknown): SentError {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, ...(error instanceof SceneSpecError ? { issues: error.issues } : {}) };
}

export function receiveError(sent: SentError): Error {
  if (sent.issues) return new SceneSpecError(sent.issues);
  const error = sent.name === 'RangeError' ? new RangeError(sent.message) : new Error(sent.message);
  error.name = sent.name;
  return error;
}
