/**
 * Simulation runners (sim/runner.ts) and what the Web Worker path relies on: a session is plain data,
 * so a copy made by structured clone (what postMessage does) branches to the same timeline, bit for
 * bit; progress is reported as the run goes; errors cross as name, message and issues. The worker
 * itself runs in Chromium: e2e/determinism.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/parser.ts';
import { SceneSpecError, validateSceneSpec } from '../scene/spec.ts';
import { loadRapier } from './rapier.ts';
import { localRunner } from './runner.ts';
import { simulate } from './simulate.ts';
import { timelineHash } from './hash.ts';
import { PROGRESS_EVERY_STEPS } from './session.ts';
import { receiveError, sendError } from './browser/protocol.ts';

/** The structured clone postMessage makes (a global in Node and browsers; not in this folder's ES2022 typings). */
const structuredClone = (globalThis as unknown as { structuredClone<T>(value: T): T }).structuredClone;

/** The dam break flooding dominoes, cut to 0.5 s: liquid and bodies coupled. */
const floodSpec = () => validateSceneSpec({ ...parsePrompt('a dam breaks and the water floods a row of dominoes'), durationS: 0.5 });

describe('simulation runners', () => {
  it('a session of a fluid scene has simulate()\'s timeline hash, reports its progress, and a structured-cloned copy branches bit for bit', async () => {
    const rapier = await loadRapier();
    // Asked for the GPU, a runner whose realm cannot open one runs the CPU reference.
    const runner = localRunner(rapier, () => Promise.reject(new Error('this realm offers no WebGPU adapter')));
    const spec = floodSpec();
    const progress: [number, number][] = [];
    const session = await runner.session(spec, { onProgress: (done, total) => progress.push([done, total]), fluidSolver: 'webgpu' });
    expect(session.fluidSolver).toBeUndefined();
    expect(timelineHash(session.timeline)).toBe(timelineHash(simulate(rapier, spec)));
    expect(progress.length).toBe(Math.ceil(session.endStep / PROGRESS_EVERY_STEPS));
    expect(progress.at(-1)).toEqual([session.endStep, session.endStep]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
    // What a worker receives and sends back; an empty change from any moment reproduces the run.
    const copy = structuredClone(session);
    const branch = await runner.branch(copy, 0.3, {});
    expect(timelineHash(branch.timeline)).toBe(timelineHash(session.timeline));
    runner.dispose();
  }, 120_000);

  it('errors cross the worker boundary with their name, message and a spec\'s issues', () => {
    const spec = receiveError(sendError(new SceneSpecError(['bodies[0].massKg: must be greater than 0'])));
    expect(spec).toBeInstanceOf(SceneSpecError);
    expect((spec as SceneSpecError).issues).toEqual(['bodies[0].massKg: must be greater than 0']);
    const range = receiveError(sendError(new RangeError('patch.gravity: must be finite')));
    expect(range).toBeInstanceOf(RangeError);
    expect(range.message).toBe('patch.gravity: must be finite');
  });
});
