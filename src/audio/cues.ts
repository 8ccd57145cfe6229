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
 *
 * v2 additions (issue 6):
 * - Each cue carries what modal synthesis (modal.ts) needs: the real Hertz contact frequency
 *   (`contactHz`, the excitation bandwidth), each party's modal fundamental (`modesHz`, from its size
 *   and material wave speed, after K. van den Doel & D. K. Pai, "The sounds of physical shapes",
 *   Presence 7(4), 1998), a `brightness` that rises with impulse, and `count` (contacts merged).
 * - Grouping: contacts of the same pair within GROUP_S merge into one cue (impulses add): the solver
 *   splits one landing of a box into one event per corner.
 * - Density: in a window of n > CROWD_FREE cues each is lowered by 10·log10(n / CROWD_FREE) dB, so a
 *   pile of dominoes sums like a crowd (power), not like n clicks at full scale; the window cap then
 *   keeps the loudest.
 * - Continuous contacts (contactSpans → 'roll' / 'slide' cues with a `track`) and fluid events
 *   (fluidEvents → 'splash' / 'pour' / 'drip'), against the contracts in contracts.ts.
 */
import type { ContactEvent, SimTimeline } from '../sim/timeline.ts';
import { MATERIALS, type Material } from '../scene/materials.ts';
import type { AudibleExtras, ContactSpan, FluidEvent } from './contracts.ts';

export const CUE_KINDS = ['impact', 'roll', 'slide', 'splash', 'pour', 'drip'] as const;
export type CueKind = (typeof CUE_KINDS)[number];

/** One point of a continuous cue's level/speed track. */
export interface CueTrackPoint {
  /** Time, seconds (timeline time). */
  t: number;
  /** Level at this time, dB re full scale of this kind, ≤ 0 (−∞ is written as MIN_GAIN_DB − 24). */
  gainDb: number;
  /** The speed that drives the sound (roll or slip speed), m/s. */
  speedMps: number;
}

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
  kind: CueKind;
  /** World-space contact point, metres. */
  positionM: [number, number, number];
  /** 0..1: how bright the excitation is (rises with impulse; intensity for liquids). */
  brightness: number;
  /** Excitation bandwidth, Hz: 1/τ of the Hertz contact (impacts); a speed-derived cutoff otherwise. */
  contactHz: number;
  /** Modal fundamental of each party, Hz (same order as sourceIds); 0 where a party does not ring. */
  modesHz: [number, number];
  /** How strongly each party rings, 0..1 (a static surface SURFACE_WEIGHT; of two bodies, the lighter more). */
  weights: [number, number];
  /** Seconds the excitation lasts: 0 for impacts and drips, the span or pour length otherwise. */
  durationS: number;
  /** Contacts (or events) merged into this cue. */
  count: number;
  /** Continuous cues only: level and speed over time, sorted by t. */
  track?: CueTrackPoint[];
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

/** Contacts of the same pair closer than this merge into one cue, seconds. */
export const GROUP_S = 0.008;
/** Up to this many cues per window play at their own gain; more are lowered (see header). */
export const CROWD_FREE = 4;

/**
 * Modal fundamental from size: f = MODE_SHAPE · c / (2R), c = √(E/ρ) the material's wave speed,
 * compressed into a playable range like the contact pitch:
 *     modeHz = MODE_REFERENCE_HZ · (f / MODE_RAW_REFERENCE_HZ)^MODE_COMPRESSION, clamped.
 * Real small steel balls ring far above hearing (hundreds of kHz); compression keeps the order
 * (smaller, stiffer, lighter → higher) while staying audible.
 */
export const MODE_SHAPE = 1;
export const MODE_REFERENCE_HZ = 300;
export const MODE_RAW_REFERENCE_HZ = 3000;
export const MODE_COMPRESSION = 0.4;
export const MIN_MODE_HZ = 50;
export const MAX_MODE_HZ = 5000;
/** A static surface rings this strongly relative to the body that hits it. */
export const SURFACE_WEIGHT = 0.5;
/** A static surface rings like a body of this equivalent radius (a floor, a table top), m. */
export const SURFACE_SIZE_M = 0.5;

/** Continuous contacts: speeds below this are silent, m/s. */
export const CONTINUOUS_MIN_SPEED_MPS = 0.02;
/** Rolling at this speed with REFERENCE_FORCE_N plays at 0 dB (before the ROLL_LEVEL_DB trim). */
export const REFERENCE_ROLL_SPEED_MPS = 3;
/** Sliding at this speed with REFERENCE_FORCE_N and friction 1 plays at 0 dB (before the trim). */
export const REFERENCE_SLIP_SPEED_MPS = 3;
export const REFERENCE_FORCE_N = 20;
/** Rolling and sliding sit below impacts in the mix, dB. */
export const ROLL_LEVEL_DB = -14;
export const SLIDE_LEVEL_DB = -4;
/** A surface's rolling "roughness" gain: soft/rough surfaces rumble more. Unknown: 1. */
export const ROUGHNESS: Readonly<Record<string, number>> = {
  concrete: 1.4, stone: 1.3, brick: 1.5, sand: 1.6, grass: 0.6, carpet: 0.35, felt: 0.3, foam: 0.2, cloth: 0.3,
  wood: 1, ice: 0.5, glass: 0.6, steel: 0.8, ceramic: 0.8,
};
/** Liquids: intensity 1 plays at this level, dB. */
export const FLUID_LEVEL_DB: Readonly<Record<FluidEvent['kind'], number>> = { splash: 0, pour: -10, drip: -12 };

export interface CueOptions {
  audibleImpulseNs?: number;
  referenceImpulseNs?: number;
  maxCuesPerWindow?: number;
  windowS?: number;
  /** Merge same-pair impacts closer than this, seconds (0 disables). Default GROUP_S. */
  groupS?: number;
}

interface Party {
  material: string;
  /** Modal fundamental, Hz (see modeHzOf). */
  modeHz: number;
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
    parties.set(s.id, { material: s.material, modeHz: modeHzOf(m, SURFACE_SIZE_M), massKg: Infinity, radiusM: Infinity, modulusPa: m.youngsModulusGPa * 1e9 });
  }
  for (const body of timeline.bodies) {
    const m = materialOf(body.material);
    const radiusM = equivalentRadiusM(body.massKg, m.densityKgM3);
    parties.set(body.id, {
      material: body.material,
      modeHz: modeHzOf(m, radiusM),
      massKg: body.massKg,
      radiusM,
      modulusPa: m.youngsModulusGPa * 1e9,
    });
  }
  return parties;
}

/** An id that is in neither list: a rigid, immovable, flat surface of the fallback material. */
function unknownParty(): Party {
  const m = materialOf(FALLBACK_MATERIAL);
  return { material: FALLBACK_MATERIAL, modeHz: modeHzOf(m, SURFACE_SIZE_M), massKg: Infinity, radiusM: Infinity, modulusPa: m.youngsModulusGPa * 1e9 };
}

/** Modal fundamental of a body of this material and equivalent radius, Hz (see MODE_* above). */
export function modeHzOf(material: Material, radiusM: number): number {
  const waveSpeedMps = Math.sqrt((material.youngsModulusGPa * 1e9) / material.densityKgM3);
  const raw = (MODE_SHAPE * waveSpeedMps) / (2 * Math.max(radiusM, 1e-4));
  const f = MODE_REFERENCE_HZ * Math.pow(raw / MODE_RAW_REFERENCE_HZ, MODE_COMPRESSION);
  return Math.min(MAX_MODE_HZ, Math.max(MIN_MODE_HZ, f));
}

/** Brightness 0..1 of an impact from its gain: the quietest cue is dull (0), a full-scale one bright (1). */
export function brightnessFromGainDb(gainDb: number): number {
  return Math.min(1, Math.max(0, (gainDb - MIN_GAIN_DB) / (MAX_GAIN_DB - MIN_GAIN_DB)));
}

function cueOf(c: ContactEvent, parties: Map<string, Party>, referenceImpulseNs: number): AudioCue {
  const a = parties.get(c.a) ?? unknownParty();
  const b = parties.get(c.b) ?? unknownParty();
  // `a` is always dynamic per the timeline contract; if it is not, swap so the formula sees a finite mass.
  const [first, second] = isFinite(a.massKg) ? [a, b] : [b, a];
  const contactHz = isFinite(first.massKg) ? hertzContactHz(first, second, c.normalSpeedMps) : CONTACT_REFERENCE_HZ;
  const gainDb = gainDbFromImpulse(c.impulseNs, referenceImpulseNs);
  return {
    t: c.t,
    sourceIds: [c.a, c.b],
    materials: [a.material, b.material],
    impulseNs: c.impulseNs,
    gainDb,
    pitchHz: pitchFromContactHz(contactHz),
    kind: 'impact',
    positionM: [c.pointM[0], c.pointM[1], c.pointM[2]],
    brightness: brightnessFromGainDb(gainDb),
    contactHz,
    modesHz: [a.modeHz, b.modeHz],
    weights: weightsOf(a, b),
    durationS: 0,
    count: 1,
  };
}

/** How strongly each party rings: the lighter of two bodies moves (and rings) more; a surface rings less. */
function weightsOf(a: Party, b: Party): [number, number] {
  if (!isFinite(a.massKg) && !isFinite(b.massKg)) return [1, 1];
  if (!isFinite(b.massKg)) return [1, SURFACE_WEIGHT];
  if (!isFinite(a.massKg)) return [SURFACE_WEIGHT, 1];
  const wa = Math.sqrt(b.massKg / (a.massKg + b.massKg));
  const wb = Math.sqrt(a.massKg / (a.massKg + b.massKg));
  const top = Math.max(wa, wb);
  return [wa / top, wb / top];
}

/** Merges same-pair impacts closer than groupS (input sorted by t): impulses add, the first time stays. */
function groupImpacts(entries: { cue: AudioCue; i: number }[], groupS: number, referenceImpulseNs: number): { cue: AudioCue; i: number }[] {
  if (!(groupS > 0)) return entries;
  const out: { cue: AudioCue; i: number }[] = [];
  const open = new Map<string, { cue: AudioCue; i: number }>();
  for (const e of entries) {
    const key = `${e.cue.sourceIds[0]}\u0000${e.cue.sourceIds[1]}`;
    const prev = open.get(key);
    if (prev && e.cue.t - prev.cue.t < groupS) {
      const c = prev.cue;
      const impulseNs = c.impulseNs + e.cue.impulseNs;
      c.impulseNs = impulseNs;
      c.gainDb = gainDbFromImpulse(impulseNs, referenceImpulseNs);
      c.brightness = brightnessFromGainDb(c.gainDb);
      c.contactHz = Math.max(c.contactHz, e.cue.contactHz);
      c.pitchHz = Math.max(c.pitchHz, e.cue.pitchHz);
      c.count += e.cue.count;
      continue;
    }
    open.set(key, e);
    out.push(e);
  }
  return out;
}

/**
 * Every cue of a timeline, sorted by time (ties: louder first, then contact order): its audible
 * impacts (grouped, density-guarded) plus, where the timeline carries them, its rolling and sliding
 * spans and its fluid events. Same timeline + options → the same list (the app and `worlddraft audio
 * --cues` both call this).
 */
export function extractCues(timeline: SimTimeline & AudibleExtras, options: CueOptions = {}): AudioCue[] {
  const impacts = extractImpactCues(timeline, options);
  const spans = timeline.contactSpans ?? [];
  const fluids = timeline.fluidEvents ?? [];
  if (spans.length === 0 && fluids.length === 0) return impacts;
  const all = [...impacts, ...extractContinuousCues(timeline, spans), ...extractFluidCues(fluids)];
  return all
    .map((cue, i) => ({ cue, i }))
    .sort((x, y) => x.cue.t - y.cue.t || y.cue.gainDb - x.cue.gainDb || x.i - y.i)
    .map((e) => e.cue);
}

/** Level below which a track point is silent, dB. */
export const SILENT_DB = MIN_GAIN_DB - 24;
/** Surface wavelength of the roughness that rolling excites, m: rumble cutoff = speed / this. */
export const ROUGHNESS_WAVELENGTH_M = 0.004;

function levelDb(amplitude: number, trimDb: number): number {
  if (!(amplitude > 0)) return SILENT_DB;
  return Math.min(MAX_GAIN_DB, Math.max(SILENT_DB, trimDb + 20 * Math.log10(amplitude)));
}

/**
 * Rolling and sliding cues of continuous contacts (contract: contracts.ts ContactSpan). A span gives a
 * 'roll' cue when it ever rolls faster than CONTINUOUS_MIN_SPEED_MPS, and a 'slide' cue when it ever
 * slips faster; each cue's track follows the span's samples, silent below that speed, so the sound
 * starts and stops with the contact. Rolling level ∝ roughness · v · √(F/F_ref) (FoleyAutomatic:
 * K. van den Doel, P. G. Kry, D. K. Pai, SIGGRAPH 2001, §4: the surface profile read at speed v);
 * sliding level ∝ μ · v · √(F/F_ref) (frictional power, compressed).
 */
export function extractContinuousCues(timeline: SimTimeline, spans: readonly ContactSpan[]): AudioCue[] {
  const parties = partiesOf(timeline);
  const cues: AudioCue[] = [];
  for (const span of spans) {
    if (!(span.tEndS > span.tStartS) || span.samples.length === 0) continue;
    const a = parties.get(span.a) ?? unknownParty();
    const b = parties.get(span.b) ?? unknownParty();
    const roughness = ROUGHNESS[b.material] ?? 1;
    const friction = Math.min(materialOf(a.material).friction, materialOf(b.material).friction);
    const samples = span.samples.filter((x) => x.t >= span.tStartS && x.t <= span.tEndS).sort((x, y) => x.t - y.t);
    if (samples.length === 0) continue;
    const force = (x: { normalForceN: number }) => Math.sqrt(Math.max(0, x.normalForceN) / REFERENCE_FORCE_N);
    const make = (kind: 'roll' | 'slide'): AudioCue | null => {
      const speedOf = (x: ContactSpan['samples'][number]) => Math.max(0, kind === 'roll' ? x.rollSpeedMps : x.slipSpeedMps);
      const track = samples.map((x) => {
        const v = speedOf(x);
        if (v < CONTINUOUS_MIN_SPEED_MPS) return { t: x.t, gainDb: SILENT_DB, speedMps: v };
        const amp = kind === 'roll'
          ? roughness * (v / REFERENCE_ROLL_SPEED_MPS) * force(x)
          : friction * (v / REFERENCE_SLIP_SPEED_MPS) * force(x);
        return { t: x.t, gainDb: levelDb(amp, kind === 'roll' ? ROLL_LEVEL_DB : SLIDE_LEVEL_DB), speedMps: v };
      });
      const loudest = Math.max(...track.map((p) => p.gainDb));
      if (loudest <= SILENT_DB) return null;
      const maxSpeed = Math.max(...track.map((p) => p.speedMps));
      return {
        t: span.tStartS,
        sourceIds: [span.a, span.b],
        materials: [a.material, b.material],
        impulseNs: 0,
        gainDb: loudest,
        pitchHz: Math.min(MAX_PITCH_HZ, Math.max(MIN_PITCH_HZ, a.modeHz)),
        kind,
        positionM: [span.pointM[0], span.pointM[1], span.pointM[2]],
        brightness: Math.min(1, maxSpeed / (kind === 'roll' ? REFERENCE_ROLL_SPEED_MPS : REFERENCE_SLIP_SPEED_MPS)),
        contactHz: kind === 'roll' ? maxSpeed / ROUGHNESS_WAVELENGTH_M : 400 + 1500 * maxSpeed,
        modesHz: [a.modeHz, b.modeHz],
        weights: weightsOf(a, b),
        durationS: span.tEndS - span.tStartS,
        count: 1,
        track,
      };
    };
    for (const kind of ['roll', 'slide'] as const) {
      const cue = make(kind);
      if (cue) cues.push(cue);
    }
  }
  return cues;
}

/** Fluid events below this intensity are silent. */
export const AUDIBLE_FLUID_INTENSITY = 0.005;
/** A bubble of radius r (m) rings at MINNAERT_HZ_M / r Hz (Minnaert 1933; van den Doel 2005, eq. 1). */
export const MINNAERT_HZ_M = 3.26;

/** The characteristic bubble radius of a fluid event, m: bigger drops and splashes → bigger bubbles. */
export function bubbleRadiusM(kind: FluidEvent['kind'], intensity: number): number {
  const i = Math.min(1, Math.max(0, intensity));
  if (kind === 'drip') return 0.0012 + 0.0028 * i;
  if (kind === 'pour') return 0.002 + 0.004 * i;
  return 0.002 + 0.006 * i;
}

/**
 * Liquid cues of fluid events (contract: contracts.ts FluidEvent): level from intensity, pitch from
 * the Minnaert frequency of the event's characteristic bubble (van den Doel 2005).
 */
export function extractFluidCues(events: readonly FluidEvent[]): AudioCue[] {
  const cues: AudioCue[] = [];
  for (const e of events) {
    if (!(Number.isFinite(e.t) && e.t >= 0 && e.intensity >= AUDIBLE_FLUID_INTENSITY)) continue;
    const intensity = Math.min(1, e.intensity);
    const bubbleHz = MINNAERT_HZ_M / bubbleRadiusM(e.kind, intensity);
    cues.push({
      t: e.t,
      sourceIds: [e.fluidId, e.hitId ?? e.fluidId],
      materials: ['liquid', 'liquid'],
      impulseNs: 0,
      gainDb: levelDb(intensity, FLUID_LEVEL_DB[e.kind]),
      pitchHz: Math.min(MAX_PITCH_HZ, Math.max(MIN_PITCH_HZ, bubbleHz)),
      kind: e.kind,
      positionM: [e.positionM[0], e.positionM[1], e.positionM[2]],
      brightness: intensity,
      contactHz: bubbleHz,
      modesHz: [0, 0],
      weights: [1, 0],
      durationS: e.kind === 'pour' ? Math.max(0.05, e.durationS ?? 1) : 0,
      count: 1,
    });
  }
  return cues;
}

/** The audible impacts of a timeline (grouped, density-guarded), sorted by time. */
export function extractImpactCues(timeline: SimTimeline, options: CueOptions = {}): AudioCue[] {
  const audible = options.audibleImpulseNs ?? AUDIBLE_IMPULSE_NS;
  const reference = options.referenceImpulseNs ?? REFERENCE_IMPULSE_NS;
  const maxPerWindow = options.maxCuesPerWindow ?? MAX_CUES_PER_WINDOW;
  const windowS = options.windowS ?? WINDOW_S;
  const parties = partiesOf(timeline);

  const groupS = options.groupS ?? GROUP_S;

  // Group before the audibility test: three corners at 0.015 N·s each are one audible landing.
  const all = timeline.contacts
    .filter((c) => Number.isFinite(c.impulseNs) && Number.isFinite(c.t) && c.impulseNs > 0)
    .map((c, i) => ({ cue: cueOf(c, parties, reference), i }))
    .sort((x, y) => x.cue.t - y.cue.t || x.i - y.i);
  const indexed = groupImpacts(all, groupS, reference).filter((e) => e.cue.impulseNs >= audible);

  // Density guard: group by fixed window, lower crowded windows, keep the loudest maxPerWindow of each.
  const bins = new Map<number, { cue: AudioCue; i: number }[]>();
  for (const entry of indexed) {
    const k = Math.floor(entry.cue.t / windowS);
    const bin = bins.get(k);
    if (bin) bin.push(entry);
    else bins.set(k, [entry]);
  }
  const kept: { cue: AudioCue; i: number }[] = [];
  for (const bin of bins.values()) {
    if (bin.length > CROWD_FREE) {
      const trimDb = 10 * Math.log10(bin.length / CROWD_FREE);
      for (const e of bin) {
        e.cue.gainDb = Math.max(MIN_GAIN_DB, e.cue.gainDb - trimDb);
      }
    }
    if (bin.length > maxPerWindow) {
      bin.sort((x, y) => y.cue.impulseNs - x.cue.impulseNs || x.i - y.i);
      bin.length = maxPerWindow;
    }
    kept.push(...bin);
  }

  kept.sort((x, y) => x.cue.t - y.cue.t || y.cue.impulseNs - x.cue.impulseNs || x.i - y.i);
  return kept.map((e) => e.cue);
}
