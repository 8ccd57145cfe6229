/**
 * A SimulationRunner (sim/runner.ts) that runs the simulation in a module Web Worker (worker.ts), so
 * the page keeps drawing and answering while a scene simulates, and reports progress as it goes.
 * Vite bundles the worker from the `new Worker(new URL(...))` below.
 *
 * If the worker itself fails (it cannot be started, or its script or Rapier's WASM fails to load),
 * the jobs waiting on it and every later one go to `fallback` (the page's own thread); an error
 * thrown by a simulation is that job's error, as it would be on the page.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import type { RunOptions, SimulationRunner } from '../runner.ts';
import type { Progress, SimSession } from '../session.ts';
import type { WorldPatch } from '../world.ts';
import { receiveError, type WorkerReply, type WorkerRequest } from './protocol.ts';

/** A request before it has an id (Omit, distributed over the union). */
type Unsent = WorkerRequest extends infer R ? R extends WorkerRequest ? Omit<R, 'id'> : never : never;

type Job = { request: WorkerRequest; onProgress?: Progress | undefined; resolve(session: SimSession): void; reject(error: Error): void };

export function workerRunner(fallback: SimulationRunner): SimulationRunner {
  let worker: Worker | null = null;
  const jobs = new Map<number, Job>();
  let nextId = 1;

  /** Hands every waiting job (and later ones) to the fallback. */
  const giveUp = () => {
    worker?.terminate();
    worker = null;
    for (const job of jobs.values()) {
      const run = job.request.kind === 'session'
        ? fallback.session(job.request.spec, { onProgress: job.onProgress, fluidSolver: job.request.fluidSolver })
        : fallback.branch(job.request.session, job.request.tS, job.request.patch, job.onProgress);
      run.then(job.resolve, job.reject);
    }
    jobs.clear();
  };

  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'worlddraft-simulation' });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data, job = jobs.get(reply.id);
      if (!job) return;
      if (reply.kind === 'progress') { job.onProgress?.(reply.stepsDone, reply.stepsTotal); return; }
      jobs.delete(reply.id);
      if (reply.kind === 'done') job.resolve(reply.session);
      else job.reject(receiveError(reply.error));
    };
    worker.onerror = (event) => { event.preventDefault(); giveUp(); };
  } catch {
    worker = null;
  }

  const call = (request: Unsent, onProgress: Progress | undefined, local: () => Promise<SimSession>): Promise<SimSession> => {
    if (!worker) return local();
    return new Promise((resolve, reject) => {
      const full = { ...request, id: nextId++ } as WorkerRequest;
      jobs.set(full.id, { request: full, ...(onProgress ? { onProgress } : {}), resolve, reject });
      worker!.postMessage(full);
    });
  };

  return {
    session: (spec: SceneSpec, options: RunOptions = {}) =>
      call({ kind: 'session', spec, fluidSolver: options.fluidSolver ?? 'cpu' }, options.onProgress, () => fallback.session(spec, options)),
    branch: (session: SimSession, tS: number, patch: WorldPatch, onProgress?: Progress) =>
      call({ kind: 'branch', session, tS, patch }, onProgress, () => fallback.branch(session, tS, patch, onProgress)),
    dispose: () => {
      worker?.terminate();
      worker = null;
      for (const job of jobs.values()) job.reject(new Error('the simulation was stopped'));
      jobs.clear();
      fallback.dispose();
    },
  };
}
