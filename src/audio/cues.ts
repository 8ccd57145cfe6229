/**
 * Audio cue extraction: SimTimeline contacts → AudioCue[] (DESIGN.md, pipeline: audio/).
 *
 * Pure and DOM-free: runs in Node for the CLI and unit tests, and in the browser before the Tone.js
 * engine (engine.ts) plays the cues. Same timeline + options → the same cues, in the same order.
 *
 * Why a separate step: the simulation reports every impact it sees, including solver chatter of a
 * few mN·s while bodies settle. Deciding *which* impacts are audible, *how loud* and *at what pitch*
 * is a pure function of physical numbers, so it lives here, tested without an AudioContext, and the
 * engine only schedules what it is given.
 *
 *   contacts ──► audible? (impulse ≥ AUDIBLE_IMPULSE_NS)
 *            ──► gainDb  = 20·log10(impulse / REFERENCE_IMPULSE_NS), clamped to [MIN_GAIN_DB, 0]
 *            ──► pitchHz = from the Hertz contact time of the pair (below)
 *            ──► density guard: ≤ MAX_CUES_PER_WINDOW per WINDOW_S bin, loudest kept
 *            ──► sorted by t
 *
 * Pitch. Two bodies meeting with closing speed v stay in contact for the Hertz time
 *     τ = 2.87 · (m*² / (R* · E*² · v))^(1/5)
 * (H. Hertz 1882; K. L. Johnson, "Contact Mechanics", 1985, §11.4), with the effective mass
 * m* = m_a·m_b/(m_a+m_b), radius 1/R* = 1/R_a + 1/R_b and modulus 1/E* = 1/E_a + 1/E_b (Poisson
 * terms (1−ν²) ≈ 0.9 are dropped). The spectrum of the impact force extends to about f_c = 1/τ, which
 * is why a steel marble clicks and a rubber ball thuds; impact-sound synthesis uses exactly this
 * (F. Avanzini, D. Rocchesso, "Modeling collision sounds: non-linear contact force", DAFx 2001).
 * f_c spans ~100 Hz (rubber ball) to ~20 kHz (steel marble), too wide for a synthesised pitched
 * body, so the played pitch compresses it:
 *     pitchHz = PITCH_REFERENCE_HZ · (f_c / CONTACT_REFERENCE_HZ)^PITCH_COMPRESSION, clamped.
 * Consequences: heavier/bigger → lower (f_c ∝ m^(−1/3) for a solid ball), stiffer → higher
 * (f_c ∝ E*^(2/5): steel, glass above wood, far above rubber), harder hits slightly brighter (v^(1/5)).
 * A body's radius is that of a solid sphere of its mass and material density (its "equivalent
 * radius"); a static surface is a flat (R → ∞), immovable (m → ∞) half-space of its material.
 */
import type { ContactEvent, SimTimeline } from '../sim/timeline.ts';
import { MATERIALS, type Material } from '../scene/materials.ts';

export interface AudioCue {
  /** Time of the impact, seconds (timeline time). */
  t: number;
  /** The two bodies (or body and static) that met: [a, b] as in the ContactEvent. */
  sourceIds: [string, string];
  /** Their materials, in the same order. */
  materials: [string, string];
  /** Normal impulse of the impact, N·s. */
  impulseNs: number;
  /** Loudness relative to a full-scale hit, dB, in [MIN_GAIN_DB, 0]. */
  gainDb: number;
  /** Pitch of the sounding body, Hz, in [MIN_PITCH_HZ, MAX_PITCH_HZ]. */
  pitchHz: number;
  kind: 'impact';
  /** World-space contact point, metres. */
  positionM: [number, number, number];
}

/** Impacts below this impulse are silent (solver chatter while bodies settle). N·s. */
export const AUDIBLE_IMPULSE_NS = 0.02;
/**
 * Impulse that plays at 0 dB. A basketball (0.62 kg) dropped from 2 m hits at 6.3 m/s and, with
 * e ≈ 0.75, takes m·v·(1+e) ≈ 6.8 N·s from the floor, so the first bounce plays at ≈ 0 dB.
 */
export const REFERENCE_IMPULSE_NS = 6;
/** Quietest gain a cue is given, dB (≈ AUDIBLE_IMPULSE_NS·1.2 relative to the reference). */
export const MIN_GAIN_DB = -48;
/** Loudest gain, dB: bigger impulses than the reference all play at full scale. */
export const MAX_GAIN_DB = 0;

/** The density guard: at most this many cues per window (the loudest are kept). */
export const MAX_CUES_PER_WINDOW = 24;
/** Window length of the density guard, seconds; windows are fixed bins [k·W, (k+1)·W). */
export const WINDOW_S = 0.05;

/** Hertz contact-time prefactor (Johnson 1985, eq. 11.24 for spheres). */
export const HERTZ_PREFACTOR = 2.87;
/** Contact frequency that maps to PITCH_REFERENCE_HZ, Hz. */
export const CONTACT_REFERENCE_HZ = 1000;
/** Played pitch of an impact whose contact frequency is CONTACT_REFERENCE_HZ, Hz. */
export const PITCH_REFERENCE_HZ = 220;
/** Exponent that compresses contact frequency into a playable pitch range (0.5: 4× f_c → 2× pitch). */
export const PITCH_COMPRESSION = 0.5;
export const MIN_PITCH_HZ = 40;
export const MAX_PITCH_HZ = 2000;
/** Closing speeds below this are taken as this, so τ stays finite for resting contacts. m/s. */
export const MIN_CLOSING_SPEED_MPS = 0.1;
/** Material assumed for a body or static whose material name is not in the table. */
export const FALLBACK_MATERIAL = 'wood';

export interface CueOptions {
  audibleImpulseNs?: number;
  referenceImpulseNs?: number;
  maxCuesPerWindow?: number;
  windowS?: number;
}

interface Party {
  material: string;
  /** kg; Infinity for a static. */
  massKg: number;
  /** Equivalent radius, m; Infinity for a static (flat). */
  radiusM: number;
  /** Young's modulus, Pa. */
  modulusPa: number;
}

function materialOf(name: string): Material {
  const table = MATERIALS as Record<string, Material>;
  return table[name] ?? table[FALLBACK_MATERIAL]!;
}

/** Radius of a solid sphere of this mass and density, metres. */
export function equivalentRadiusM(massKg: number, densityKgM3: number): number {
  return Math.cbrt((3 * massKg) / (4 * Math.PI * densityKgM3));
}

/** 1/τ of the Hertz impact between two parties, Hz. */
export function hertzContactHz(
  a: { massKg: number; radiusM: number; modulusPa: number },
  b: { massKg: number; radiusM: number; modulusPa: number },
  closingSpeedMps: number,
): number {
  const massKg = isFinite(b.massKg) ? (a.massKg * b.massKg) / (a.massKg + b.massKg) : a.massKg;
  const radiusM = 1 / (1 / a.radiusM + 1 / b.radiusM);
  const modulusPa = 1 / (1 / a.modulusPa + 1 / b.modulusPa);
  const v = Math.max(closingSpeedMps, MIN_CLOSING_SPEED_MPS);
  const tau = HERTZ_PREFACTOR * Math.pow((massKg * massKg) / (radiusM * modulusPa * modulusPa * v), 1 / 5);
  return 1 / tau;
}

/** Played pitch for a contact frequency (see header). */
export function pitchFromContactHz(contactHz: number): number {
  const p = PITCH_REFERENCE_HZ * Math.pow(contactHz / CONTACT_REFERENCE_HZ, PITCH_COMPRESSION);
  return Math.min(MAX_PITCH_HZ, Math.max(MIN_PITCH_HZ, p));
}

/** gainDb for an impulse (see header). */
export function gainDbFromImpulse(impulseNs: number, referenceImpulseNs = REFERENCE_IMPULSE_NS): number {
  const db = 20 * Math.log10(impulseNs / referenceImpulseNs);
  return Math.min(MAX_GAIN_DB, Math.max(MIN_GAIN_DB, db));
}

function partiesOf(timeline: SimTimeline): Map<string, Party> {
  const parties = new Map<string, Party>();
  for (const s of timeline.statics) {
    const m = materialOf(s.material);
    parties.set(s.id, { material: s.material, massKg: Infinity, radiusM: Infinity, modulusPa: m.youngsModulusGPa * 1e9 });
  }
  for (const body of timeline.bodies) {
    const m = materialOf(body.material);
    parties.set(body.id, {
      material: body.material,
      massKg: body.massKg,
      radiusM: equivalentRadiusM(body.massKg, m.densityKgM3),
      modulusPa: m.youngsModulusGPa * 1e9,
    });
  }
  return parties;
}

/** An id that is in neither list: a rigid, immovable, flat surface of the fallback material. */
function unknownParty(): Party {
  const m = materialOf(FALLBACK_MATERIAL);
  return { material: FALLBACK_MATERIAL, massKg: Infinity, radiusM: Infinity, modulusPa: m.youngsModulusGPa * 1e9 };
}

function cueOf(c: ContactEvent, parties: Map<string, Party>, referenceImpulseNs: number): AudioCue {
  const a = parties.get(c.a) ?? unknownParty();
  const b = parties.get(c.b) ?? unknownParty();
  // `a` is always dynamic per the timeline contract; if it is not, swap so the formula sees a finite mass.
  const [first, second] = isFinite(a.massKg) ? [a, b] : [b, a];
  const contactHz = isFinite(first.massKg) ? hertzContactHz(first, second, c.normalSpeedMps) : CONTACT_REFERENCE_HZ;
  return {
    t: c.t,
    sourceIds: [c.a, c.b],
    materials: [a.material, b.material],
    impulseNs: c.impulseNs,
    gainDb: gainDbFromImpulse(c.impulseNs, referenceImpulseNs),
    pitchHz: pitchFromContactHz(contactHz),
    kind: 'impact',
    positionM: [c.pointM[0], c.pointM[1], c.pointM[2]],
  };
}

/**
 * The audible impacts of a timeline, sorted by time (ties: louder first, then contact order).
 */
export function extractCues(timeline: SimTimeline, options: CueOptions = {}): AudioCue[] {
  const audible = options.audibleImpulseNs ?? AUDIBLE_IMPULSE_NS;
  const reference = options.referenceImpulseNs ?? REFERENCE_IMPULSE_NS;
  const maxPerWindow = options.maxCuesPerWindow ?? MAX_CUES_PER_WINDOW;
  const windowS = options.windowS ?? WINDOW_S;
  const parties = partiesOf(timeline);

  const indexed = timeline.contacts
    .filter((c) => Number.isFinite(c.impulseNs) && Number.isFinite(c.t) && c.impulseNs >= audible)
    .map((c, i) => ({ cue: cueOf(c, parties, reference), i }));

  // Density guard: group by fixed window, keep the loudest maxPerWindow of each.
  const bins = new Map<number, { cue: AudioCue; i: number }[]>();
  for (const entry of indexed) {
    const k = Math.floor(entry.cue.t / windowS);
    const bin = bins.get(k);
    if (bin) bin.push(entry);
    else bins.set(k, [entry]);
  }
  const kept: { cue: AudioCue; i: number }[] = [];
  for (const bin of bins.values()) {
    if (bin.length > maxPerWindow) {
      bin.sort((x, y) => y.cue.impulseNs - x.cue.impulseNs || x.i - y.i);
      bin.length = maxPerWindow;
    }
    kept.push(...bin);
  }

  kept.sort((x, y) => x.cue.t - y.cue.t || y.cue.impulseNs - x.cue.impulseNs || x.i - y.i);
  return kept.map((e) => e.cue);
}
