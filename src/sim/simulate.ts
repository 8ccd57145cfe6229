/**
 * Runs a SceneSpec through the physics world and records a SimTimeline.
 *
 * Time handling follows PhET's simulation conventions: the simulation advances only through
 * `step(elapsedS)`, which feeds an accumulator and takes whole fixed steps of `dt`; nothing here reads
 * a clock. Frames are recorded at the step nearest each frame time k / fps, so with the default
 * dt = 1/240 s and 60 fps every 4th step is a frame.
 */
import type { SceneSpec } from '../scene/spec.ts';
import type { Rapier } from './rapier.ts';
import { PhysicsWorld } from './world.ts';
import { SIM_TIMELINE_VERSION, type ContactEvent, type ShotCut, type SimTimeline, type TimelineFrame } from './timeline.ts';

export interface SimulateOptions {
  /** Overrides spec.durationS. */
  durationS?: number;
  /** Overrides spec.timestep.fps. */
  fps?: number;
}

export class Simulation {
  readonly frames: TimelineFrame[] = [];
  readonly contacts: ContactEvent[] = [];
  private readonly world: PhysicsWorld;
  private accumulatorS = 0;
  private nextFrame = 0;

  constructor(rapier: Rapier, private readonly spec: SceneSpec, readonly fps: number) {
    this.world = new PhysicsWorld(rapier, spec);
    this.recordFrameIfDue();
  }

  get dt(): number {
    return this.world.dt;
  }

  get timeS(): number {
    return this.world.timeS;
  }

  /** Advances by `elapsedS` in whole fixed steps; the remainder waits in the accumulator. */
  step(elapsedS: number): void {
    this.accumulatorS += elapsedS;
    // A tiny tolerance keeps 1/fps from losing a step to rounding (4 × 1/240 is not exactly 1/60).
    while (this.accumulatorS >= this.dt - 1e-12) {
      this.accumulatorS -= this.dt;
      this.world.stepFixed(this.contacts);
      this.recordFrameIfDue();
    }
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
      fluidFrames: [],
      shotCuts: shotCuts(this.spec, durationS),
    };
  }

  dispose(): void {
    this.world.dispose();
  }

  /** Records every frame due at the current step (more than one only when dt > 1/fps). */
  private recordFrameIfDue(): void {
    while (Math.round(this.nextFrame / this.fps / this.dt) <= this.world.stepsTaken) {
      const frame: TimelineFrame = { t: this.world.timeS, positions: [], quaternions: [] };
      this.world.readTransforms(frame.positions, frame.quaternions);
      this.frames.push(frame);
      this.nextFrame++;
    }
  }
}

/** Shot cuts: each shot starts where the previous one ended; no shots means one shot for the whole run. */
function shotCuts(spec: SceneSpec, durationS: number): ShotCut[] {
  if (spec.shots.length === 0) return [{ shotId: 'shot-1', t: 0 }];
  const cuts: ShotCut[] = [];
  let t = 0;
  for (const shot of spec.shots) {
    if (t >= durationS) break;
    cuts.push({ shotId: shot.id, t });
    t += shot.durationS;
  }
  return cuts;
}

/** Simulates the whole spec and returns its timeline. Frees every WASM resource before returning. */
export function simulate(rapier: Rapier, spec: SceneSpec, options: SimulateOptions = {}): SimTimeline {
  const durationS = options.durationS ?? spec.durationS;
  const fps = options.fps ?? spec.timestep.fps;
  const simulation = new Simulation(rapier, spec, fps);
  try {
    const frameCount = Math.floor(durationS * fps + 1e-9);
    for (let k = 0; k < frameCount; k++) simulation.step(1 / fps);
    return simulation.timeline(durationS);
  } finally {
    simulation.dispose();
  }
}
