/**
 * Runs a SceneSpec through the physics world and records a SimTimeline.
 *
 * Time handling follows PhET's simulation conventions: the simulation advances only through
 * `step(elapsedS)`, which feeds an accumulator and takes whole fixed steps of `dt`; nothing here reads
 * a clock. Frames are recorded at the step nearest each frame time k / fps, so with the default
 * dt = 1/240 s and 60 fps every 4th step is a frame. Each frame carries every body's pose, linear
 * velocity and kinetic and potential energy, and every joint's world-space anchors.
 *
 * Shots run one after another on one world: shot k starts where shot k−1 ended plus its own
 * `skipBeforeS`, and the world keeps running through skipped time (frames are recorded there too;
 * players jump over it). `shotCuts` give each shot's start and end. With shots, the run lasts at
 * least until the last shot ends.
 *
 * Explosion guard: at every recorded frame the simulation checks each body for a non-finite pose or
 * velocity, a position beyond `boundM` (10 km), and the total mechanical energy (kinetic +
 * gravitational + spring) for a rise far above its start plus the work done by timed actions
 * (more than `energyFactor` times the scene's energy scale). The first failure stops the run: the
 * frames before that step are kept and `halted` names the body, the step and the reason in one
 * sentence. A failure inside Rapier itself (a WASM trap) halts the same way, with reason 'solver'.
 *
 * Snapshots (see session.ts): when asked, the simulation takes a full world snapshot at chosen
 * steps (shot cuts, and every `snapshotEveryS`), before the frame of that step is recorded, so a
 * restored simulation records that frame itself and continues bit for bit.
 *
 * Liquids (sim/fluid/): each fixed step, the liquids' impulse on the dynamic bodies from the last
 * step is applied, Rapier steps, the bodies become moving solids of the fluid grids at their new
 * poses, the liquids step, and their pressure on the bodies is summed for the next step (the two-way
 * coupling of fluid/coupling.ts). The pending impulses are part of the snapshot.
 *
 * The liquids' solve runs on the CPU (MpmFluid.step) in step()/runToStep(), or through a FluidStepper
 * (sim/gpu/stepper.ts: the WGSL solver on a GPUDevice) in runToStepOn(), which is asynchronous: the
 * emitters, the coupling, the recording and the snapshots stay here, on the CPU solvers' state, which
 * the stepper copies back whenever one of them reads it (a fluid frame, a snapshot, a container
 * weighing its liquid). A GPU run is not bit-exact with the CPU's (f32 and fixed-point sums against
 * f64) and not across GPUs; the CPU run is the reference every engine reproduces bit for bit.
 */
import type { SceneSpec } from '../scene/spec.ts';
import type { Vec3 } from '../scene/geometry.ts';
import type { Rapier } from './rapier.ts';
import { PhysicsWorld, type WorldPatch, type WorldSnapshot } from './world.ts';
import { SIM_TIMELINE_VERSION, type ContactEvent, type ShotCut, type SimTimeline, type TimelineFrame, type TimelineHalt } from './timeline.ts';
import { buildFluids, type FluidSnapshot, type SimulatedFluid } from './fluid/scene.ts';
import { FluidCoupling } from './fluid/coupling.ts';
import type { MpmFluid } from './fluid/mpm.ts';
import type { FluidFrame } from './fluid/frames.ts';

export interface SimulateOptions {
  /** Overrides spec.durationS (and the shots' own total). */
  durationS?: number;
  /** Overrides spec.timestep.fps. */
  fps?: number;
  /** Fluid frames are recorded at every n-th frame (default 2; 0 records none). */
  fluidEvery?: number;
}

/** Steps the liquids' solve somewhere else than MpmFluid.step (see the header). */
export interface FluidStepper {
  /** What it runs on, for the timeline (e.g. "webgpu: nvidia"). */
  readonly name: string;
  /**
   * The solve of one fixed step (the factory's dtS): the emitters have added their particles to the CPU solvers
   * and the coupling has set the moving solids there (MpmFluid.setMovingSolids); afterwards each
   * CPU solver's bodyImpulses holds the step's impulses on the bodies.
   */
  solve(fluids: readonly SimulatedFluid[]): Promise<void>;
  /** Copies the liquids' particles back into the CPU solvers; with `warmStart`, their pressure too (a snapshot keeps it). */
  readBack(fluids: readonly SimulatedFluid[], warmStart: boolean): Promise<void>;
  /** Frees what it holds on its device; safe to call more than once. */
  dispose(): void;
}

/** Makes a FluidStepper for a simulation's liquids at its fixed step. */
export type FluidStepperFactory = (fluids: readonly SimulatedFluid[], dtS: number) => FluidStepper;

export interface GuardLimits {
  /** A body farther than this from the origin (any axis) stops the run, m. */
  boundM: number;
  /** Energy may rise above its start plus the actions' work by at most this many times the scene's energy scale. */
  energyFactor: number;
}

export const DEFAULT_GUARD: GuardLimits = { boundM: 1e4, energyFactor: 10 };

export interface SimulationOptions {
  /** Steps (fixed-step counts) at which to take snapshots; none by default. */
  snapshotSteps?: Iterable<number>;
  guard?: Partial<GuardLimits>;
  /** Start from this snapshot (of a run of the same spec and fps) instead of t = 0; see restore(). */
  restoreFrom?: { snapshot: SimulationSnapshot; frames: readonly TimelineFrame[]; contacts: readonly ContactEvent[]; fluidFrames?: readonly FluidFrame[] };
  /** Fluid frames are recorded at every n-th frame (default 2; 0 records none). */
  fluidEvery?: number;
}

/** A moment of a Simulation, restorable bit for bit. Plain data (bytes and numbers). */
export interface SimulationSnapshot {
  /** Fixed steps taken, and the time, seconds. */
  step: number;
  t: number;
  world: WorldSnapshot;
  /** Frames and contacts recorded before this moment (they are kept on restore). */
  frameCount: number;
  contactCount: number;
  nextFrame: number;
  energyStartJ: number | null;
  energyScaleJ: number;
  workOffsetJ: number;
  /** Simulated liquids' state and the fluid frames recorded before this moment (absent without liquids). */
  fluids?: FluidSnapshot[];
  fluidFrameCount?: number;
  /** The fluid coupling's state (fluid/coupling.ts): the liquids' impulses waiting for the next step, then each container's held liquid. */
  fluidImpulses?: number[];
}

/** Rounds to a fixed number of decimals with IEEE-exact operations: the same digits in every engine. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;
const round6v = (v: Vec3): [number, number, number] => [round6(v[0]), round6(v[1]), round6(v[2])];

export class Simulation {
  readonly frames: TimelineFrame[] = [];
  readonly contacts: ContactEvent[] = [];
  readonly snapshots: SimulationSnapshot[] = [];
  readonly fluidFrames: FluidFrame[] = [];
  /** Simulated liquids (sim/fluid/), stepped after the rigid bodies in each fixed step. */
  private readonly fluids: SimulatedFluid[];
  /** The liquids' two-way coupling with the dynamic bodies (null without liquids or bodies to couple). */
  private readonly coupling: FluidCoupling | null;
  private readonly fluidEvery: number;
  /** Set when the explosion guard stopped the run. */
  halted: TimelineHalt | null = null;
  private readonly world: PhysicsWorld;
  private readonly guard: GuardLimits;
  private readonly snapshotSteps: Set<number>;
  private readonly hasJoints: boolean;
  private accumulatorS = 0;
  private nextFrame = 0;
  /** Total mechanical energy at the first frame (or after the last patch), J. */
  private energyStartJ: number | null = null;
  private energyScaleJ = 1;
  /** Action work already counted in energyStartJ (work done before the last rebaseline), J. */
  private workOffsetJ = 0;

  constructor(rapier: Rapier, private readonly spec: SceneSpec, readonly fps: number, options: SimulationOptions = {}) {
    this.world = new PhysicsWorld(rapier, spec);
    this.guard = { ...DEFAULT_GUARD, ...options.guard };
    this.snapshotSteps = new Set(options.snapshotSteps ?? []);
    this.hasJoints = spec.joints.length > 0;
    this.fluids = buildFluids(spec);
    const coupling = this.fluids.length ? new FluidCoupling(spec, this.fluids, this.world) : null;
    this.coupling = coupling?.active ? coupling : null;
    this.fluidEvery = options.fluidEvery ?? 2;
    if (options.restoreFrom) {
      const { snapshot, frames, contacts, fluidFrames } = options.restoreFrom;
      try {
        this.restore(snapshot, frames, contacts, fluidFrames);
      } catch (error) {
        this.world.dispose();
        throw error;
      }
      return;
    }
    if (this.snapshotSteps.has(0)) this.takeSnapshot();
    this.recordFrameIfDue();
  }

  get dt(): number {
    return this.world.dt;
  }

  /** The simulated liquids' solvers, in spec order (for measurements; read only). */
  get fluidSolvers(): readonly MpmFluid[] {
    return this.fluids.map((f) => f.solver);
  }

  /** Every body's position now, m. */
  bodyPositionsM(): Vec3[] {
    const positions: Vec3[] = [], quaternions: [number, number, number, number][] = [];
    this.world.readTransforms(positions, quaternions);
    return positions;
  }

  /** The upward force of body `index`'s contacts in the last substep, N (what a scale under it reads). */
  verticalContactForceN(index: number): number {
    return this.world.verticalContactForceN(index);
  }

  get timeS(): number {
    return this.world.timeS;
  }

  /** Whole fixed steps taken so far. */
  get stepsTaken(): number {
    return this.world.stepsTaken;
  }

  /** Advances by `elapsedS` in whole fixed steps; the remainder waits in the accumulator. Does nothing once halted. */
  step(elapsedS: number): void {
    this.accumulatorS += elapsedS;
    // A tiny tolerance keeps 1/fps from losing a step to rounding (4 × 1/240 is not exactly 1/60).
    while (this.accumulatorS >= this.dt - 1e-12) {
      this.accumulatorS -= this.dt;
      if (!this.stepOnce()) return;
    }
  }

  /** Takes fixed steps until `step` steps have been taken (or the guard halts the run). */
  runToStep(step: number): void {
    while (this.world.stepsTaken < step && this.stepOnce()) { /* stepping */ }
  }

  /** runToStep with the liquids solved by `stepper` (see the header). */
  async runToStepOn(step: number, stepper: FluidStepper): Promise<void> {
    while (this.world.stepsTaken < step && !this.halted) {
      try {
        const t = this.beginStep();
        for (const fluid of this.fluids) fluid.emit(this.dt, t);
        await stepper.solve(this.fluids);
        const snapshotDue = this.snapshotSteps.has(this.world.stepsTaken);
        if (this.coupling?.weighsLiquid || snapshotDue || this.fluidFrameDue()) await stepper.readBack(this.fluids, snapshotDue);
        this.coupling?.collect();
      } catch (error) {
        this.halt('solver', '', `the liquid solver failed (${(error as Error).message})`);
        return;
      }
      if (!this.endStep()) return;
    }
  }

  /** A new simulation's liquids, for a FluidStepperFactory. */
  get liquids(): readonly SimulatedFluid[] {
    return this.fluids;
  }

  /** Applies a parameter change from now on, and re-bases the energy guard (a change may add or remove energy). */
  applyPatch(patch: WorldPatch): void {
    this.world.applyPatch(patch);
    this.energyStartJ = null;
  }

  /** Captures this moment (see SimulationSnapshot). */
  takeSnapshot(): SimulationSnapshot {
    const snapshot: SimulationSnapshot = {
      step: this.world.stepsTaken,
      t: this.world.timeS,
      world: this.world.snapshot(),
      frameCount: this.frames.length,
      contactCount: this.contacts.length,
      nextFrame: this.nextFrame,
      energyStartJ: this.energyStartJ,
      energyScaleJ: this.energyScaleJ,
      workOffsetJ: this.workOffsetJ,
      ...(this.fluids.length ? { fluids: this.fluids.map((f) => f.snapshot()), fluidFrameCount: this.fluidFrames.length } : {}),
      ...(this.coupling ? { fluidImpulses: this.coupling.snapshot() } : {}),
    };
    const at = this.snapshots.findIndex((s) => s.step >= snapshot.step);
    if (at < 0) this.snapshots.push(snapshot);
    else this.snapshots.splice(at, this.snapshots[at].step === snapshot.step ? 1 : 0, snapshot);
    return snapshot;
  }

  /**
   * Puts this simulation back to `snapshot`, taken by a Simulation of the same spec and fps. The
   * frames and contacts recorded before it are taken from `frames` and `contacts` (that run's).
   */
  restore(snapshot: SimulationSnapshot, frames: readonly TimelineFrame[], contacts: readonly ContactEvent[], fluidFrames: readonly FluidFrame[] = []): void {
    this.world.restore(snapshot.world);
    snapshot.fluids?.forEach((f, i) => this.fluids[i]?.restore(f));
    if (snapshot.fluidImpulses) this.coupling?.restore(snapshot.fluidImpulses);
    this.fluidFrames.length = 0;
    this.fluidFrames.push(...fluidFrames.slice(0, snapshot.fluidFrameCount ?? 0));
    this.frames.length = 0;
    this.frames.push(...frames.slice(0, snapshot.frameCount));
    this.contacts.length = 0;
    this.contacts.push(...contacts.slice(0, snapshot.contactCount));
    this.nextFrame = snapshot.nextFrame;
    this.energyStartJ = snapshot.energyStartJ;
    this.energyScaleJ = snapshot.energyScaleJ;
    this.workOffsetJ = snapshot.workOffsetJ;
    this.accumulatorS = 0;
    this.halted = null;
    // The snapshot was taken before its step's frame was recorded: record it now, from the restored state.
    this.recordFrameIfDue();
  }

  /** Builds the timeline recorded so far. */
  timeline(durationS: number): SimTimeline {
    const massesKg = this.world.massesKg;
    return {
      version: SIM_TIMELINE_VERSION,
      seed: this.spec.seed,
      dt: this.dt,
      fps: this.fps,
      durationS,
      bodies: this.spec.bodies.map((b, i) => ({ id: b.id, name: b.name, kind: b.kind, material: b.material, massKg: massesKg[i] })),
      statics: [
        ...(this.spec.environment.ground ? [{ id: this.spec.environment.ground.id, name: this.spec.environment.ground.name, kind: 'ground', material: this.spec.environment.ground.material }] : []),
        ...this.spec.environment.items.map((item) => ({ id: item.id, name: item.name, kind: item.kind, material: item.material })),
      ],
      frames: this.frames,
      contacts: this.contacts,
      fluidFrames: this.fluidFrames,
      ...(this.fluids.length ? { fluids: this.fluids.map((f) => f.info) } : {}),
      shotCuts: shotCuts(this.spec, durationS),
      gravity: [...this.spec.gravity],
      joints: this.world.joints,
      halted: this.halted,
      contactSpans: this.world.contactSpans(),
    };
  }

  /** Frees the WASM world. Safe to call more than once. */
  dispose(): void {
    this.world.dispose();
  }

  /** One fixed step, then a snapshot and a frame when due. Returns false when the run is (or was) halted. */
  private stepOnce(): boolean {
    if (this.halted) return false;
    try {
      const t = this.beginStep();
      for (const fluid of this.fluids) fluid.step(this.dt, t);
      this.coupling?.collect();
    } catch (error) {
      this.halt('solver', '', `the physics engine failed (${(error as Error).message})`);
      return false;
    }
    return this.endStep();
  }

  /** The rigid half of a fixed step: the liquids' impulses applied, Rapier stepped, the bodies set as moving solids. Returns the step's start time. */
  private beginStep(): number {
    const t = this.world.timeS;
    this.coupling?.apply(this.world);
    this.world.stepFixed(this.contacts);
    this.coupling?.prepare(this.world);
    return t;
  }

  /** After a fixed step: the snapshot and the frames due. Returns false when the run is halted. */
  private endStep(): boolean {
    if (this.snapshotSteps.has(this.world.stepsTaken)) this.takeSnapshot();
    this.recordFrameIfDue();
    return this.halted === null;
  }

  /** Whether the frames due at the current step include a fluid frame (recordFrameIfDue). */
  private fluidFrameDue(): boolean {
    if (!this.fluids.length || this.fluidEvery <= 0) return false;
    for (let n = this.nextFrame; Math.round(n / this.fps / this.dt) <= this.world.stepsTaken; n++) if (n % this.fluidEvery === 0) return true;
    return false;
  }

  /** Records every frame due at the current step (more than one only when dt > 1/fps). */
  private recordFrameIfDue(): void {
    while (Math.round(this.nextFrame / this.fps / this.dt) <= this.world.stepsTaken) {
      const frame: TimelineFrame = { t: this.world.timeS, positions: [], quaternions: [] };
      this.world.readTransforms(frame.positions, frame.quaternions);
      const measures = this.world.measureBodies(frame.positions, frame.quaternions);
      const anchors = this.hasJoints ? this.world.jointAnchorsM() : [];
      const jointEnergies = this.hasJoints ? this.world.jointPotentialJ(anchors) : [];
      if (!this.checkGuard(frame, measures, jointEnergies)) return;
      frame.velocitiesMps = measures.map((m) => round6v(m.velocityMps));
      frame.kineticJ = measures.map((m) => round9(m.kineticJ));
      frame.potentialJ = measures.map((m) => round9(m.potentialJ));
      if (this.hasJoints) {
        frame.jointAnchorsM = anchors.map(([a, b]) => [round6v(a), round6v(b)]);
        frame.jointPotentialJ = jointEnergies.map(round9);
      }
      this.world.sampleContactSpans(frame.t);
      this.frames.push(frame);
      if (this.fluids.length && this.fluidEvery > 0 && this.nextFrame % this.fluidEvery === 0) {
        for (const fluid of this.fluids) this.fluidFrames.push(fluid.frame(frame.t));
      }
      this.nextFrame++;
    }
  }

  /** The explosion guard. Returns false (and halts) when the frame must not be kept. */
  private checkGuard(frame: TimelineFrame, measures: ReturnType<PhysicsWorld['measureBodies']>, jointEnergies: number[]): boolean {
    const ids = this.spec.bodies;
    for (let i = 0; i < measures.length; i++) {
      const p = frame.positions[i], q = frame.quaternions[i], m = measures[i];
      if (![...p, ...q, ...m.velocityMps, m.kineticJ].every(Number.isFinite)) {
        this.halt('non-finite', ids[i].id, `${ids[i].name}'s motion became non-finite (NaN or infinite)`);
        return false;
      }
      if (Math.max(Math.abs(p[0]), Math.abs(p[1]), Math.abs(p[2])) > this.guard.boundM) {
        this.halt('bounds', ids[i].id, `${ids[i].name} flew beyond ${formatDistance(this.guard.boundM)} from the origin`);
        return false;
      }
    }
    let kinetic = 0, potential = 0, magnitude = 0;
    for (const m of measures) { kinetic += m.kineticJ; potential += m.potentialJ; magnitude += m.kineticJ + Math.abs(m.potentialJ); }
    const elastic = jointEnergies.reduce((sum, e) => sum + e, 0);
    const totalJ = kinetic + potential + elastic;
    if (this.energyStartJ === null) {
      this.energyStartJ = totalJ;
      this.energyScaleJ = Math.max(1, magnitude + elastic);
      this.workOffsetJ = this.world.actionWorkJ;
      return true;
    }
    const workJ = this.world.actionWorkJ - this.workOffsetJ;
    const allowedJ = this.energyStartJ + workJ + this.guard.energyFactor * (this.energyScaleJ + Math.abs(workJ));
    if (totalJ > allowedJ) {
      let worst = 0;
      measures.forEach((m, i) => { if (m.kineticJ > measures[worst].kineticJ) worst = i; });
      this.halt('energy', ids[worst].id, `the energy of ${ids[worst].name} blew up (total ${formatEnergy(totalJ)} against ${formatEnergy(this.energyStartJ + workJ)} put in), a numerical instability`);
      return false;
    }
    return true;
  }

  private halt(reason: TimelineHalt['reason'], bodyId: string, what: string): void {
    const step = this.world.stepsTaken, t = this.world.timeS;
    this.halted = {
      reason, bodyId, step, t,
      message: `The simulation stopped at step ${step} (t = ${t.toFixed(3)} s) because ${what}; everything before that step is kept.`,
    };
  }
}

function formatDistance(m: number): string {
  return m >= 1000 ? `${m / 1000} km` : `${m} m`;
}

function formatEnergy(j: number): string {
  return Math.abs(j) >= 1e4 ? `${j.toExponential(2)} J` : `${j.toFixed(2)} J`;
}

/** Where the shots end: the sum of their durations and skipped times, s (0 without shots). */
export function shotsEndS(spec: SceneSpec): number {
  return spec.shots.reduce((t, shot) => t + shot.skipBeforeS + shot.durationS, 0);
}

/** The run's length: the option, else the spec's duration, stretched to the end of the last shot. */
export function runDurationS(spec: SceneSpec, options: SimulateOptions = {}): number {
  return options.durationS ?? Math.max(spec.durationS, shotsEndS(spec));
}

/**
 * Shot cuts: shot k starts where shot k−1 ended plus its skipBeforeS; no shots means one shot for
 * the whole run. Shots that would start at or after the end of the run are left out; the last one
 * is cut short at the end of the run.
 */
export function shotCuts(spec: SceneSpec, durationS: number): ShotCut[] {
  if (spec.shots.length === 0) return [{ shotId: 'shot-1', t: 0, endT: durationS, skippedS: 0 }];
  const cuts: ShotCut[] = [];
  let t = 0;
  for (const shot of spec.shots) {
    const start = t + shot.skipBeforeS;
    if (start >= durationS) break;
    cuts.push({ shotId: shot.id, t: start, endT: Math.min(start + shot.durationS, durationS), skippedS: shot.skipBeforeS });
    t = start + shot.durationS;
  }
  return cuts;
}

/** How many fixed steps `simulate` takes for a run of durationS at fps (the accumulator's own arithmetic). */
export function plannedSteps(durationS: number, fps: number, dt: number): number {
  const frameCount = Math.floor(durationS * fps + 1e-9);
  let accumulatorS = 0, steps = 0;
  for (let k = 0; k < frameCount; k++) {
    accumulatorS += 1 / fps;
    while (accumulatorS >= dt - 1e-12) { accumulatorS -= dt; steps++; }
  }
  return steps;
}

/** Simulates the whole spec and returns its timeline. Frees every WASM resource before returning. */
export function simulate(rapier: Rapier, spec: SceneSpec, options: SimulateOptions = {}): SimTimeline {
  const durationS = runDurationS(spec, options);
  const fps = options.fps ?? spec.timestep.fps;
  const simulation = new Simulation(rapier, spec, fps, options.fluidEvery === undefined ? {} : { fluidEvery: options.fluidEvery });
  try {
    simulation.runToStep(plannedSteps(durationS, fps, spec.timestep.dtS));
    return simulation.timeline(durationS);
  } finally {
    simulation.dispose();
  }
}
