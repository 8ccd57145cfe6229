/**
 * SimTimeline: what a simulation run produced, as plain serialisable data (DESIGN.md, data contracts).
 *
 * Frames are recorded at `fps` from a fixed physics step `dt`. Each frame holds every dynamic body's
 * centre position (m) and orientation quaternion [x, y, z, w], in the order of `bodies`.
 * Contacts are impacts: one event when two colliders start touching, with the normal impulse summed
 * over the impact (N·s) and the approach speed along the contact normal (m/s).
 *
 * Measurement fields (added in issue 4; optional in the types so older producers and test fixtures
 * still type-check, always written by sim/simulate.ts): per frame, each body's linear velocity
 * (m/s), kinetic energy ½mv² + ½ωᵀIω and gravitational potential energy −m g·r (J, zero at y = 0),
 * and, in scenes with joints, each joint's world-space anchors and stored spring energy. Derived
 * values are rounded to fixed decimals (1 µm/s, 1 nJ, 1 µm) with IEEE-exact operations, so the JSON
 * stays small and the same in every engine; positions and quaternions are written unrounded.
 * `halted` says when and why the explosion guard stopped a run; `shotCuts` carry their end times.
 */

import type { FluidFrame } from './fluid/frames.ts';
import type { TimelineFluid } from './fluid/scene.ts';

export type { FluidFrame, TimelineFluid };

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
  /** One linear velocity [vx, vy, vz] per body, m/s. */
  velocitiesMps?: [number, number, number][];
  /** Kinetic energy per body, ½mv² + ½ωᵀIω, J. */
  kineticJ?: number[];
  /** Gravitational potential energy per body, −m g·r (m g y under gravity along −y), J. */
  potentialJ?: number[];
  /** Per joint (in `joints` order): world-space anchors [on a, on b], m. Absent when the scene has no joints. */
  jointAnchorsM?: [[number, number, number], [number, number, number]][];
  /** Per joint: stored elastic energy, ½k(ℓ − ℓ₀)² for springs, 0 otherwise, J. Absent when no joints. */
  jointPotentialJ?: number[];
}

export interface TimelineJoint {
  id: string;
  type: 'hinge' | 'spherical' | 'fixed' | 'rope' | 'spring';
  /** Body id or 'world'. */
  a: string;
  b: string;
}

/** Why and where the explosion guard stopped a run. Frames end before `step`. */
export interface TimelineHalt {
  reason: 'non-finite' | 'energy' | 'bounds' | 'solver';
  /** The body that showed it ('' when the physics engine itself failed). */
  bodyId: string;
  /** The fixed step at which it was detected, and its time, seconds. */
  step: number;
  t: number;
  /** One sentence for people, naming the body and the step. */
  message: string;
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

/** One sample of a continuous contact. */
export interface ContactSpanSample {
  /** Time, seconds (timeline time). */
  t: number;
  /** Tangential speed of the contact points relative to each other, m/s (≥ 0). */
  slipSpeedMps: number;
  /** Speed at which the contact point moves over the surfaces, m/s (≥ 0). */
  rollSpeedMps: number;
  /** Normal force across the contact, N (≥ 0). */
  normalForceN: number;
  /** Contact point, metres (optional: when absent the span's pointM is used). */
  pointM?: [number, number, number];
}

/** A continuous contact between two colliders. */
export interface ContactSpan {
  /** Body or static ids; `a` is always a dynamic body. */
  a: string;
  b: string;
  tStartS: number;
  tEndS: number;
  /** Representative contact point, metres (e.g. at tStartS). */
  pointM: [number, number, number];
  /** Sorted by t, within [tStartS, tEndS]. */
  samples: ContactSpanSample[];
}

export interface ShotCut {
  /** The shot that starts at time t. */
  shotId: string;
  t: number;
  /** When the shot ends, seconds (world time). The next shot starts at endT plus its skippedS. */
  endT?: number;
  /** World time skipped before this shot ("cut to 10 seconds later"), seconds. */
  skippedS?: number;
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
  /** Simulated liquids' particle positions, quantised (sim/fluid/frames.ts), every `fluidEvery`-th frame. */
  fluidFrames: FluidFrame[];
  /** The simulated liquids (absent when none is simulated). */
  fluids?: TimelineFluid[];
  shotCuts: ShotCut[];
  /** Gravity the run started with, m/s². */
  gravity?: [number, number, number];
  /** Joints, in the order of each frame's joint arrays. */
  joints?: TimelineJoint[];
  /** Set when the explosion guard stopped the run; null when it ran to the end. */
  halted?: TimelineHalt | null;
  /** Rolling and sliding contacts, sampled at every frame (sim/contact-spans.ts). */
  contactSpans?: ContactSpan[];
}
