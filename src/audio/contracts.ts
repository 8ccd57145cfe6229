/**
 * What the audio stage consumes from the simulator beyond impacts: continuous contacts (rolling,
 * sliding; now in SimTimeline, filled by sim/contact-spans.ts) and fluid events (splash, pour, drip;
 * defined here until the fluid simulator fills them, tested with synthetic events). DOM-free.
 *
 * Continuous contact (one span per pair of colliders per continuous touch):
 *
 *   tStartS ─┬─ samples[0] ─ samples[1] ─ … ─ samples[n-1] ─┬─ tEndS
 *            │  (recorded at the timeline fps or faster;    │
 *            │   values are linearly interpolated between)  │
 *   sound starts (10 ms fade) ─────────────────────────────── sound stops (10 ms fade)
 *
 * - slipSpeedMps: speed of the contact points relative to each other, tangential (sliding, scraping).
 * - rollSpeedMps: speed at which the contact point travels over the surfaces (rolling without slip:
 *   |ω × r|); for pure rolling slipSpeedMps ≈ 0.
 * - normalForceN: normal force across the contact (≈ m·g for a resting ball).
 * A span begins when the pair has been touching for ≥ 2 steps with slip or roll speed above
 * 1 cm/s, and ends when they separate or both speeds stay below 1 cm/s for 2 steps.
 *
 * Fluid events (after K. van den Doel, "Physically-based models for liquid sounds", ACM TAP 2(4),
 * 2005: liquid sound is the sum of bubble resonances created when liquid hits a surface or itself):
 * - 'drip': one drop entering a liquid surface (one bubble), intensity ∝ drop radius (0..1 for 0..5 mm).
 * - 'splash': a body or a mass of liquid hitting a free surface; intensity 0..1 ∝ kinetic energy
 *   entering the surface (1 ≈ a 1 kg body at 3 m/s).
 * - 'pour': a stream landing on a surface for durationS; intensity 0..1 ∝ volume flow (1 ≈ 0.5 L/s).
 */

// Continuous contacts are part of SimTimeline now (the simulator fills them); re-exported here so the
// audio stage keeps one import for everything it consumes.
import type { ContactSpan } from '../sim/timeline.ts';
export type { ContactSpan, ContactSpanSample } from '../sim/timeline.ts';

export const FLUID_EVENT_KINDS = ['splash', 'pour', 'drip'] as const;
export type FluidEventKind = (typeof FLUID_EVENT_KINDS)[number];

/** A liquid sound source. */
export interface FluidEvent {
  /** Start time, seconds. */
  t: number;
  kind: FluidEventKind;
  /** 0..1, see the header for each kind's scale. */
  intensity: number;
  /** Where the liquid meets the surface, metres. */
  positionM: [number, number, number];
  /** The fluid's id in the SceneSpec (its `fluids[i].id`, or `fluid-<i>`). */
  fluidId: string;
  /** For 'pour': how long the stream lands, seconds. Ignored for the others. */
  durationS?: number;
  /** Optional id of the body or static the liquid hits (a 'splash' of a body into water). */
  hitId?: string;
}

/** SimTimeline plus the optional lists above (structural: any SimTimeline qualifies). */
export interface AudibleExtras {
  contactSpans?: ContactSpan[];
  fluidEvents?: FluidEvent[];
}

/** The listener: the current shot's camera. Right-handed, y up, metres. */
export interface ListenerPose {
  positionM: [number, number, number];
  /** Direction the camera looks (need not be unit length). */
  forward: [number, number, number];
  /** Camera up (need not be unit length or exactly orthogonal to forward). */
  up: [number, number, number];
}
