/**
 * Sessions: one world across shots, snapshots at the cuts, and "branch from any moment".
 *
 * A SimSession is a finished run kept in memory with world snapshots (Rapier's World.takeSnapshot
 * bytes plus our own state; see world.ts) at every shot cut and every `snapshotEveryS` seconds.
 * Snapshots are plain bytes in JavaScript memory, not in WASM, so a session owns nothing to free,
 * and they never appear in the timeline JSON.
 *
 *   simulateSession(spec) ──► timeline + snapshots  ─┬─► resumeAt(t)        a live Simulation at t
 *                                                    └─► branchFrom(t, patch) ──► a new session
 *
 * branchFrom restores the nearest snapshot at or before t, re-simulates to exactly t (the step
 * nearest t), applies the patch (a slider: gravity, restitution, friction, mass, velocity, air
 * drag), and simulates to the end. Frames and contacts before t are shared with the original, which
 * is left intact. With an empty patch the branch's timeline is the original's, hash for hash:
 * Rapier's snapshots restore bit for bit and every step after is the same computation.
 *
 * A session is plain data (structured-cloneable), so a run can be made in a Web Worker and handed to
 * the page, and back (sim/runner.ts).
 */
import type { SceneSpec } from '../scene/spec.ts';
import type { Rapier } from './rapier.ts';
import type { WorldPatch } from './world.ts';
import type { SimTimeline } from './timeline.ts';
import { plannedSteps, runDurationS, shotCuts, Simulation, type FluidStepper, type FluidStepperFactory, type GuardLimits, type SimulateOptions, type SimulationSnapshot } from './simulate.ts';

export interface SessionOptions extends SimulateOptions {
  /** Also snapshot every this many seconds (besides the shot cuts), so branching re-simulates little. Default 1 s; 0 for cuts only. */
  snapshotEveryS?: number;
  guard?: Partial<GuardLimits>;
  /** Called every PROGRESS_EVERY_STEPS fixed steps and at the end with the steps taken and the steps of the whole run. */
  onProgress?: Progress;
}

export type Progress = (stepsDone: number, stepsTotal: number) => void;

/** How often a run reports its progress, in fixed steps (0.25 s at 240 Hz). */
export const PROGRESS_EVERY_STEPS = 60;

/**
 * Steps `simulation` to `endStep`, reporting progress along the way. Stepping in pieces is the same
 * computation as one runToStep (each step depends only on the state before it).
 */
function runWithProgress(simulation: Simulation, endStep: number, onProgress: Progress | undefined): void {
  if (!onProgress) { simulation.runToStep(endStep); return; }
  while (simulation.stepsTaken < endStep && !simulation.halted) {
    simulation.runToStep(Math.min(endStep, simulation.stepsTaken + PROGRESS_EVERY_STEPS));
    onProgress(simulation.stepsTaken, endStep);
  }
}

/** How a session's run is set up: its length, its snapshot steps and its guard. */
interface SessionPlan { durationS: number; fps: number; endStep: number; snapshotSteps: number[]; guard: Partial<GuardLimits> }

/** The simulation a session runs, planned. */
function startSession(rapier: Rapier, spec: SceneSpec, plan: SessionPlan, options: SessionOptions): Simulation {
  return new Simulation(rapier, spec, plan.fps, { ...plan, ...(options.fluidEvery === undefined ? {} : { fluidEvery: options.fluidEvery }) });
}

function planSession(spec: SceneSpec, options: SessionOptions): SessionPlan {
  const durationS = runDurationS(spec, options);
  const fps = options.fps ?? spec.timestep.fps;
  const endStep = plannedSteps(durationS, fps, spec.timestep.dtS);
  return { durationS, fps, endStep, snapshotSteps: snapshotStepsOf(spec, durationS, endStep, options.snapshotEveryS ?? 1), guard: options.guard ?? {} };
}

export interface SimSession {
  readonly spec: SceneSpec;
  readonly fps: number;
  readonly durationS: number;
  readonly timeline: SimTimeline;
  /** Snapshots in step order; the first is at t = 0. */
  readonly snapshots: readonly SimulationSnapshot[];
  /** The steps at which snapshots are taken (shot cuts and the regular interval). */
  readonly snapshotSteps: readonly number[];
  /** How many fixed steps a full run takes. */
  readonly endStep: number;
  readonly guard: Partial<GuardLimits>;
  /** For a branch: where it left its parent, and the change made there. Null for an original run. */
  readonly branch: { fromT: number; patch: WorldPatch } | null;
  /** Where the liquids were solved when not on the CPU (FluidStepper.name); absent for the CPU reference. */
  readonly fluidSolver?: string;
}

/** Steps at which a session takes snapshots: t = 0, each shot cut, and every snapshotEveryS. */
function snapshotStepsOf(spec: SceneSpec, durationS: number, endStep: number, everyS: number): number[] {
  const dt = spec.timestep.dtS;
  const steps = new Set<number>([0]);
  for (const cut of shotCuts(spec, durationS)) steps.add(Math.round(cut.t / dt));
  if (everyS > 0) {
    const every = Math.max(1, Math.round(everyS / dt));
    for (let s = every; s <= endStep; s += every) steps.add(s);
  }
  return [...steps].filter((s) => s <= endStep).sort((a, b) => a - b);
}

/** Simulates the whole spec, keeping snapshots. Frees every WASM resource before returning. */
export function simulateSession(rapier: Rapier, spec: SceneSpec, options: SessionOptions = {}): SimSession {
  const plan = planSession(spec, options);
  const simulation = startSession(rapier, spec, plan, options);
  try {
    runWithProgress(simulation, plan.endStep, options.onProgress);
    return { spec, ...plan, timeline: simulation.timeline(plan.durationS), snapshots: simulation.snapshots, branch: null };
  } finally {
    simulation.dispose();
  }
}

/**
 * simulateSession with the liquids solved by the steppers `stepperFor` makes (sim/gpu/stepper.ts);
 * the session names the solver. A branch of it re-simulates on the CPU from its snapshots.
 */
export async function simulateSessionOn(rapier: Rapier, spec: SceneSpec, stepperFor: FluidStepperFactory, options: SessionOptions = {}): Promise<SimSession> {
  const plan = planSession(spec, options);
  const simulation = startSession(rapier, spec, plan, options);
  let stepper: FluidStepper | null = null;
  try {
    stepper = stepperFor(simulation.liquids, simulation.dt);
    while (simulation.stepsTaken < plan.endStep && !simulation.halted) {
      await simulation.runToStepOn(Math.min(plan.endStep, simulation.stepsTaken + PROGRESS_EVERY_STEPS), stepper);
      options.onProgress?.(simulation.stepsTaken, plan.endStep);
    }
    return { spec, ...plan, timeline: simulation.timeline(plan.durationS), snapshots: simulation.snapshots, branch: null, fluidSolver: stepper.name };
  } finally {
    stepper?.dispose();
    simulation.dispose();
  }
}

/** The fixed step nearest tS, within the run. */
export function stepAt(session: SimSession, tS: number): number {
  return Math.min(Math.max(Math.round(tS / session.spec.timestep.dtS), 0), session.endStep);
}

/** The latest snapshot at or before `step`. */
export function snapshotAtOrBefore(session: SimSession, step: number): SimulationSnapshot {
  let found = session.snapshots[0];
  for (const snapshot of session.snapshots) if (snapshot.step <= step) found = snapshot;
  return found;
}

/**
 * A live Simulation positioned at the step nearest tS (restored from the nearest snapshot, then
 * stepped), with the session's frames and contacts up to there. The caller owns it: dispose() it.
 */
export function resumeAt(rapier: Rapier, session: SimSession, tS: number): Simulation {
  const step = stepAt(session, tS);
  const snapshot = snapshotAtOrBefore(session, step);
  const simulation = new Simulation(rapier, session.spec, session.fps, {
    snapshotSteps: session.snapshotSteps, guard: session.guard,
    restoreFrom: { snapshot, frames: session.timeline.frames, contacts: session.timeline.contacts },
  });
  try {
    simulation.snapshots.push(...session.snapshots.filter((s) => s.step <= snapshot.step));
    simulation.runToStep(step);
    return simulation;
  } catch (error) {
    simulation.dispose();
    throw error;
  }
}

/** The snapshot at the start of a shot: jumping to a shot restores it instantly. */
export function shotSnapshot(session: SimSession, shotId: string): SimulationSnapshot | undefined {
  const cut = session.timeline.shotCuts.find((c) => c.shotId === shotId);
  if (!cut) return undefined;
  const step = stepAt(session, cut.t);
  return session.snapshots.find((s) => s.step === step);
}

/**
 * "What if, from here?": re-simulates from the step nearest tS with `patch` applied there, leaving
 * `session` intact. Frames up to and including tS are the original's (the change acts after them).
 * Throws a RangeError naming a bad patch field.
 */
export function branchFrom(rapier: Rapier, session: SimSession, tS: number, patch: WorldPatch, onProgress?: Progress): SimSession {
  const simulation = resumeAt(rapier, session, tS);
  try {
    const fromT = simulation.timeS;
    simulation.applyPatch(patch);
    // The state after the change starts this branch's own snapshots.
    simulation.snapshots.splice(simulation.snapshots.findIndex((s) => s.step >= simulation.stepsTaken) >>> 0);
    simulation.takeSnapshot();
    runWithProgress(simulation, session.endStep, onProgress);
    const { fluidSolver, ...parent } = session;
    return {
      ...parent,
      timeline: simulation.timeline(session.durationS),
      snapshots: simulation.snapshots,
      branch: { fromT, patch },
      // The branch itself runs on the CPU.
      ...(fluidSolver ? { fluidSolver: `${fluidSolver} to t = ${fromT} s, then the CPU` } : {}),
    };
  } finally {
    simulation.dispose();
  }
}
