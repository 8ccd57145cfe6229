/**
 * Space and voice budget: where a cue sits in the stereo field and how loud it arrives, and which
 * cues get a voice when too many overlap. Pure and DOM-free (the Tone graph in engine.ts applies
 * the numbers), so both are unit-tested in Node.
 *
 * Spatialisation: the listener is the shot's camera (contracts.ts ListenerPose). For a source at p,
 *   d = p − listener, right = normalise(forward × up),
 *   pan  = clamp(d̂ · right, −1, 1)                  (equal-power panning is the StereoPannerNode's)
 *   gain = min(1, REFERENCE_DISTANCE_M / |d|), floored at MIN_DISTANCE_GAIN (inverse-distance law,
 *          the Web Audio PannerNode's "inverse" model with rolloff 1), × BEHIND_GAIN behind the camera.
 * No listener: pan 0, gain 1.
 *
 * Voice budget: at most MAX_VOICES cues sound at once. Cues are taken in time order; when a new cue
 * would exceed the budget, the quietest sounding voice is stolen (stopped with a short fade) if it
 * is quieter than the newcomer, otherwise the newcomer is dropped. "Loudness" is the cue's gain
 * after distance.
 */
import type { AudioCue } from './cues.ts';
import type { ListenerPose } from './contracts.ts';

export const REFERENCE_DISTANCE_M = 3;
export const MIN_DISTANCE_GAIN = 0.05;
export const BEHIND_GAIN = 0.7;
export const MAX_VOICES = 32;

export interface Placement {
  /** −1 (left) … 1 (right). */
  pan: number;
  /** Linear gain, 0..1. */
  gain: number;
}

type Vec3 = [number, number, number];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);

export function spatialize(positionM: Vec3, listener: ListenerPose | null | undefined): Placement {
  if (!listener) return { pan: 0, gain: 1 };
  const d = sub(positionM, listener.positionM);
  const dist = norm(d);
  const right = cross(listener.forward, listener.up);
  const rn = norm(right);
  const fn = norm(listener.forward);
  if (!(dist > 1e-6) || !(rn > 1e-9) || !(fn > 1e-9)) return { pan: 0, gain: 1 };
  const pan = Math.max(-1, Math.min(1, dot(d, right) / (dist * rn)));
  let gain = Math.max(MIN_DISTANCE_GAIN, Math.min(1, REFERENCE_DISTANCE_M / dist));
  if (dot(d, listener.forward) < 0) gain *= BEHIND_GAIN;
  return { pan, gain };
}

export interface PlannedVoice {
  cue: AudioCue;
  /** Index of the cue in the input list. */
  index: number;
  placement: Placement;
  /** When it stops early because a louder cue stole its voice (timeline s); null: plays out. */
  stopAtS: number | null;
}

/**
 * The voice budget, online: admit(start, end, level) says whether a new sound gets a voice and, if
 * one had to be stolen, which. The caller attaches its voice handle with `set`.
 */
export class VoiceBudget<T> {
  private active: { item: T | null; endS: number; level: number }[] = [];
  constructor(readonly maxVoices = MAX_VOICES) {}

  admit(startS: number, endS: number, level: number): { stolen: T | null; set(item: T): void } | null {
    this.active = this.active.filter((a) => a.endS > startS);
    let stolen: T | null = null;
    if (this.active.length >= this.maxVoices) {
      let q = 0;
      for (let k = 1; k < this.active.length; k++) if (this.active[k]!.level < this.active[q]!.level) q = k;
      if (this.active[q]!.level >= level) return null;
      stolen = this.active[q]!.item;
      this.active.splice(q, 1);
    }
    const entry: { item: T | null; endS: number; level: number } = { item: null, endS, level };
    this.active.push(entry);
    return { stolen, set: (item: T) => { entry.item = item; } };
  }

  /** Voices sounding at the last admit. */
  get size(): number {
    return this.active.length;
  }
}

/**
 * Which cues play and until when (see header). `lengthS(cue)` is how long a cue sounds.
 * Returns the played cues in time order.
 */
export function planVoices(
  cues: readonly AudioCue[],
  lengthS: (cue: AudioCue) => number,
  listener: ListenerPose | null | undefined,
  maxVoices = MAX_VOICES,
): PlannedVoice[] {
  const order = cues.map((cue, index) => ({ cue, index })).sort((x, y) => x.cue.t - y.cue.t || x.index - y.index);
  const budget = new VoiceBudget<PlannedVoice>(maxVoices);
  const played: PlannedVoice[] = [];
  for (const { cue, index } of order) {
    const placement = spatialize(cue.positionM, listener);
    const level = Math.pow(10, cue.gainDb / 20) * placement.gain;
    const admitted = budget.admit(cue.t, cue.t + lengthS(cue), level);
    if (!admitted) continue;
    if (admitted.stolen) admitted.stolen.stopAtS = cue.t;
    const voice: PlannedVoice = { cue, index, placement, stopAtS: null };
    admitted.set(voice);
    played.push(voice);
  }
  return played;
}
