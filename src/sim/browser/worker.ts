/**
 * The simulation's module Web Worker: it initialises Rapier (its WASM) once, then runs each request
 * (a session, or a branch of one: sim/session.ts) to completion, posting progress every
 * PROGRESS_EVERY_STEPS steps and then the session. Requests are taken one at a time, in the order
 * they came. It runs exactly the code a page or Node would (sim/runner.ts), so its timelines hash the same.
 */
import { loadRapier } from '../rapier.ts';
import { branchFrom, simulateSession } from '../session.ts';
import { sendError, type WorkerReply, type WorkerRequest } from './protocol.ts';

/** The worker's global scope, typed as much as this file uses (the DOM library types `self` as a window). */
const scope = self as unknown as { postMessage(reply: WorkerReply): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };

const rapier = loadRapier();

scope.onmessage = (event) => {
  const request = event.data;
  const onProgress = (stepsDone: number, stepsTotal: number) => scope.postMessage({ id: request.id, kind: 'progress', stepsDone, stepsTotal });
  rapier.then((r) => {
    const session = request.kind === 'session'
      ? simulateSession(r, request.spec, { onProgress })
      : branchFrom(r, request.session, request.tS, request.patch, onProgress);
    scope.postMessage({ id: request.id, kind: 'done', session });
  }).catch((error: unknown) => scope.postMessage({ id: request.id, kind: 'error', error: sendError(error) }));
};
