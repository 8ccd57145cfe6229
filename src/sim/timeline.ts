/**
 * SimTimeline: what a simulation run produced, as plain serialisable data (DESIGN.md, data contracts).
 *
 * Frames are recorded at `fps` from a fixed physics step `dt`. Each frame holds every dynamic body's
 * centre position (m) and orientation quaternion [x, y, z, w], in the order of `bodies`.
 * Contacts are impacts: one event when two colliders start touching, with the normal impulse summed
 * over the impact (N·s) and the approach speed along the contact normal (m/s).
 */

export const SIM_TIMELINE_VERSION = 1;

export interface TimelineBody {
  id: string;
  name: string;
  kind: string;
  material: string;
  massKg: number;
}

export interface TimelineStatic {
  id: string;
  name: string;
  kind: string;
  material: string;
}

export interface TimelineFrame {
  /** Time in seconds. */
  t: number;
  /** One [x, y, z] per body, metres. */
  positions: [number, number, number][];
  /** One [x, y, z, w] unit quaternion per body. */
  quaternions: [number, number, number, number][];
}

export interface ContactEvent {
  /** Time of the step in which the two colliders started touching, seconds. */
  t: number;
  /** Body or static ids; `a` is always a dynamic body. */
  a: string;
  b: string;
  /** Total normal impulse over the impact window, N·s. */
  impulseNs: number;
  /** World-space contact point, metres. */
  pointM: [number, number, number];
  /** Closing speed along the contact normal just before the impact, m/s (≥ 0). */
  normalSpeedMps: number;
}

export interface ShotCut {
  /** The shot that starts at time t. */
  shotId: string;
  t: number;
}

export interface SimTimeline {
  version: typeof SIM_TIMELINE_VERSION;
  seed: number;
  /** Physics step, seconds. */
  dt: number;
  /** Recording rate, frames per second. */
  fps: number;
  durationS: number;
  bodies: TimelineBody[];
  statics: TimelineStatic[];
  frames: TimelineFrame[];
  contacts: ContactEvent[];
  /** Reserved for the fluids issue. */
  fluidFrames: never[];
  shotCuts: ShotCut[];
}
