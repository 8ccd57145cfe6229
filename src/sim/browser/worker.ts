/**
 * The simulation's module Web Worker: it initialises Rapier (its WASM) once, then runs each request
 * (a session, or a branch of one: sim/session.ts) to completion, posting progress every
 * PROGRESS_EVERY_STEPS steps and then the session, its liquids on the worker's own WebGPU device when
 * the request asks (sim/runner.ts runSession). A CPU run holds the worker until it ends, so requests
 * are taken in the order they came; a GPU run awaits its device between steps. It runs exactly the
 * code a page or Node would (sim/runner.ts), so its timelines hash the same.
 */
import { loadRapier } from '../rapier.ts';
import { branchFrom } from '../session.ts';
import { runSession } from '../runner.ts';
import { browserGpuFluidStepper } from '../gpu/browser-stepper.ts';
import { sendError, type WorkerReply, type WorkerRequest } from './protocol.ts';

/** The worker's global scope, typed as much as this file uses (the DOM library types `self` as a window). */
const scope = self as unknown as { postMessage(reply: WorkerReply): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };

const rapier = loadRapier();

scope.onmessage = (event) => {
  const request = event.data;
  const onProgress = (stepsDone: number, stepsTotal: number) => scope.postMessage({ id: request.id, kind: 'progress', stepsDone, stepsTotal });
  rapier.then((r) => {
    return request.kind === 'session'
      ? runSession(r, request.spec, { onProgress, fluidSolver: request.fluidSolver }, browserGpuFluidStepper)
      : branchFrom(r, request.session, request.tS, request.patch, onProgress);
  }).then((session) => {
    scope.postMessage({ id: request.id, kind: 'done', session });
  }).catch((error: unknown) => scope.postMessage({ id: request.id, kind: 'error', error: sendError(error) }));
};
