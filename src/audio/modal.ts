/**
 * Sample synthesis for every cue kind: modal impacts, rolling, sliding, liquids. Pure and DOM-free:
 * a cue in, a Float32Array out, deterministic (seeded noise, no Math.random), so Node tests can
 * inspect spectra without an AudioContext and the Tone graph (engine.ts) only plays the buffers.
 *
 * Impacts — modal synthesis (K. van den Doel, D. K. Pai, "The sounds of physical shapes", Presence
 * 7(4), 1998; K. van den Doel, P. G. Kry, D. K. Pai, "FoleyAutomatic", SIGGRAPH 2001):
 *   y(t) = Σ_k  w · a_k · H(f_k) · e^(−α_k t) · sin(2π f_k t)   +   noise transient
 * - f_k = ratio_k · f_0, f_0 = the party's modal fundamental from size and wave speed (cues.ts modeHzOf);
 *   ratios per material: steel/iron/aluminium and glass inharmonic (free-bar/plate-like), wood and
 *   plastic few low partials, rubber and cardboard nearly none.
 * - α_k = π f_k tan φ + α_0: the internal-friction damping law (van den Doel & Pai 1998; R. L.
 *   Klatzky, D. K. Pai, E. P. Krotkov, "Perception of material from contact sounds", Presence 9(4),
 *   2000): tan φ is the material's signature — steel ~3e-4 rings for seconds, wood ~0.015 knocks.
 * - H(f) = 1 / (1 + (f / f_e)²): the Hertz contact's force spectrum (Avanzini & Rocchesso, DAFx 2001)
 *   with f_e = contactHz · (0.5 + brightness): long, soft contacts (rubber) excite only the lowest
 *   mode → thud; short, hard ones (steel) excite all → ring; harder hits are brighter.
 * - The contact itself: white noise, two-pole low-passed at 2·f_e, lasting ~1.5 contact times.
 * Each party (body, and the surface or the other body) contributes its modes with its weight.
 *
 * Rolling (FoleyAutomatic §4): white noise read "at the rolling speed" — low-passed at v / λ — is a
 * rumble; it also drives the body's lowest modes, heavily damped. Sliding: band-passed noise whose
 * centre rises with slip speed, plus the body's modes excited by it (a scrape).
 *
 * Liquids (K. van den Doel, "Physically-based models for liquid sounds", ACM TAP 2(4), 2005): each
 * bubble of radius r is a damped sine at the Minnaert frequency f_0 = 3.26 / r (Hz, r in m) with
 * damping d = 0.13 f_0 + 0.0072 f_0^1.5 and a rising pitch f(t) = f_0 (1 + ξ d t), ξ = 0.1. A drip is
 * one bubble; a splash is a noise burst plus a cloud of bubbles (power-law radii); a pour is a Poisson
 * stream of bubbles over a low noise churn.
 *
 * Every buffer is scaled so its peak is PEAK[kind] · 10^(gainDb/20): level follows the cue exactly.
 */
import type { AudioCue } from './cues.ts';
import { ROUGHNESS_WAVELENGTH_M, SILENT_DB } from './cues.ts';

export interface ModalMaterial {
  /** Partial frequencies relative to the fundamental. */
  ratios: readonly number[];
  /** Relative amplitude of each partial. */
  gains: readonly number[];
  /** Internal friction tan φ. */
  tanPhi: number;
  /** Frequency-independent damping α_0, 1/s (radiation, support). */
  alpha0: number;
  /** Level of the contact noise relative to the modes. */
  noise: number;
}

/** Per material; anything missing falls back by stiffness (modalMaterial). */
export const MODAL_MATERIALS: Readonly<Record<string, ModalMaterial>> = {
  steel: { ratios: [1, 2.756, 5.404, 8.933, 13.344, 18.64], gains: [1, 0.8, 0.6, 0.45, 0.3, 0.2], tanPhi: 2.5e-4, alpha0: 1.2, noise: 0.3 },
  iron: { ratios: [1, 2.756, 5.404, 8.933, 13.344], gains: [1, 0.7, 0.5, 0.3, 0.2], tanPhi: 6e-4, alpha0: 2, noise: 0.3 },
  aluminium: { ratios: [1, 2.756, 5.404, 8.933, 13.344], gains: [1, 0.75, 0.55, 0.35, 0.2], tanPhi: 4e-4, alpha0: 1.5, noise: 0.3 },
  glass: { ratios: [1, 2.32, 4.25, 6.63, 9.38], gains: [1, 0.8, 0.6, 0.4, 0.25], tanPhi: 6e-4, alpha0: 6, noise: 0.25 },
  ceramic: { ratios: [1, 2.1, 3.9, 5.6, 7.8], gains: [1, 0.8, 0.55, 0.35, 0.2], tanPhi: 2.5e-3, alpha0: 6, noise: 0.25 },
  wood: { ratios: [1, 2.57, 4.9, 7.3], gains: [1, 0.5, 0.25, 0.12], tanPhi: 0.015, alpha0: 10, noise: 0.3 },
  plastic: { ratios: [1, 2.4, 4.4], gains: [1, 0.5, 0.25], tanPhi: 0.02, alpha0: 12, noise: 0.3 },
  phenolic: { ratios: [1, 2.3, 4.1], gains: [1, 0.6, 0.3], tanPhi: 3e-3, alpha0: 8, noise: 0.2 },
  concrete: { ratios: [1, 2.2, 3.7], gains: [1, 0.4, 0.15], tanPhi: 0.04, alpha0: 20, noise: 0.35 },
  stone: { ratios: [1, 2.2, 3.7], gains: [1, 0.45, 0.2], tanPhi: 0.03, alpha0: 15, noise: 0.3 },
  brick: { ratios: [1, 2.2, 3.7], gains: [1, 0.4, 0.15], tanPhi: 0.04, alpha0: 20, noise: 0.35 },
  rubber: { ratios: [1, 1.59, 2.14], gains: [1, 0.3, 0.1], tanPhi: 0.08, alpha0: 25, noise: 0.12 },
  cardboard: { ratios: [1, 1.9, 3.1], gains: [1, 0.35, 0.15], tanPhi: 0.1, alpha0: 30, noise: 0.6 },
};

/** Table entry, or a stand-in chosen by Young's modulus (GPa) when the material is not listed. */
export function modalMaterial(name: string, youngsModulusGPa = 1): ModalMaterial {
  const m = MODAL_MATERIALS[name];
  if (m) return m;
  if (youngsModulusGPa >= 40) return MODAL_MATERIALS.ceramic!;
  if (youngsModulusGPa >= 3) return MODAL_MATERIALS.wood!;
  if (youngsModulusGPa >= 0.5) return MODAL_MATERIALS.plastic!;
  return MODAL_MATERIALS.rubber!;
}

/** Peak of a cue's buffer at 0 dB, per kind. */
export const PEAK: Readonly<Record<AudioCue['kind'], number>> = {
  impact: 0.3, roll: 0.3, slide: 0.3, splash: 0.3, pour: 0.25, drip: 0.25,
};
/** The longest an impact may ring, seconds (steel would otherwise ring for ~5 s). */
export const MAX_RING_S = 2.5;
/** Edge fades of continuous sounds, seconds. */
export const EDGE_FADE_S = 0.01;

/** mulberry32: a small, fast, seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable seed for a cue (its time, kind and sources). */
export function seedOf(cue: Pick<AudioCue, 't' | 'kind' | 'sourceIds'>): number {
  const text = `${cue.kind}|${cue.t.toFixed(6)}|${cue.sourceIds[0]}|${cue.sourceIds[1]}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

interface Mode {
  hz: number;
  amp: number;
  alpha: number;
}

/** The modes a party contributes to an impact. */
export function partyModes(material: string, fundamentalHz: number, weight: number, excitationHz: number, sampleRate: number): Mode[] {
  if (!(fundamentalHz > 0) || !(weight > 0)) return [];
  const m = modalMaterial(material);
  const modes: Mode[] = [];
  m.ratios.forEach((ratio, k) => {
    const hz = ratio * fundamentalHz;
    if (hz > 0.45 * sampleRate) return;
    const h = 1 / (1 + (hz / excitationHz) ** 2);
    modes.push({ hz, amp: weight * m.gains[k]! * h, alpha: Math.PI * hz * m.tanPhi + m.alpha0 });
  });
  return modes;
}

/** Adds a damped sine (recurrence: no per-sample sin/exp) to out from sample start. */
function addMode(out: Float32Array, start: number, mode: Mode, sampleRate: number, lengthMax = out.length - start): void {
  const w = (2 * Math.PI * mode.hz) / sampleRate;
  const r = Math.exp(-mode.alpha / sampleRate);
  const c = 2 * r * Math.cos(w);
  const r2 = r * r;
  let y2 = 0;
  let y1 = mode.amp * r * Math.sin(w);
  const end = Math.min(out.length, start + lengthMax);
  if (start + 1 < end) out[start + 1]! += y1;
  for (let i = start + 2; i < end; i++) {
    const y = c * y1 - r2 * y2;
    out[i]! += y;
    y2 = y1;
    y1 = y;
  }
}

function normalise(x: Float32Array, peak: number): Float32Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  if (m > 0) {
    const k = peak / m;
    for (let i = 0; i < x.length; i++) x[i]! *= k;
  }
  return x;
}

function fadeOut(x: Float32Array, sampleRate: number, seconds = 0.005): void {
  const n = Math.min(x.length, Math.round(seconds * sampleRate));
  for (let i = 0; i < n; i++) x[x.length - 1 - i]! *= i / n;
}

function linear(gainDb: number): number {
  return gainDb <= SILENT_DB ? 0 : Math.pow(10, gainDb / 20);
}

/** Excitation bandwidth of an impact, Hz. */
export function excitationHz(cue: Pick<AudioCue, 'contactHz' | 'brightness'>): number {
  return Math.max(60, cue.contactHz * (0.5 + cue.brightness));
}

/** Ring length of an impact, seconds: until its slowest mode has decayed 60 dB, at most MAX_RING_S. */
export function impactLengthS(cue: AudioCue, sampleRate = 44100): number {
  const fe = excitationHz(cue);
  const modes = [
    ...partyModes(cue.materials[0], cue.modesHz[0], cue.weights[0], fe, sampleRate),
    ...partyModes(cue.materials[1], cue.modesHz[1], cue.weights[1], fe, sampleRate),
  ];
  const slowest = Math.min(...modes.map((m) => m.alpha), 1e9);
  return Math.min(MAX_RING_S, Math.max(0.03, 6.91 / slowest));
}

/** A modal impact (see header). */
export function synthImpact(cue: AudioCue, sampleRate: number): Float32Array {
  const fe = excitationHz(cue);
  const modes = [
    ...partyModes(cue.materials[0], cue.modesHz[0], cue.weights[0], fe, sampleRate),
    ...partyModes(cue.materials[1], cue.modesHz[1], cue.weights[1], fe, sampleRate),
  ];
  const out = new Float32Array(Math.round(impactLengthS(cue, sampleRate) * sampleRate));
  for (const m of modes) addMode(out, 0, m, sampleRate);
  // Contact noise: length ≈ 1.5 contact times, low-passed at 2·f_e; level: the louder material's.
  const noiseLevel = Math.max(modalMaterial(cue.materials[0]).noise * cue.weights[0], modalMaterial(cue.materials[1]).noise * cue.weights[1]);
  let modePeak = 0;
  for (let i = 0; i < Math.min(out.length, sampleRate * 0.01); i++) modePeak = Math.max(modePeak, Math.abs(out[i]!));
  const noiseAmp = noiseLevel * Math.max(modePeak, 0.2) * 2.5;
  const noiseS = Math.min(0.012, Math.max(0.001, 1.5 / Math.max(cue.contactHz, 1)));
  const rand = seededRandom(seedOf(cue));
  const a = Math.exp((-2 * Math.PI * Math.min(2 * fe, 0.45 * sampleRate)) / sampleRate);
  // Two cascaded one-poles (12 dB/octave): a soft contact's noise is a dull thump, not a hiss.
  let lp1 = 0;
  let lp2 = 0;
  const n = Math.min(out.length, Math.round(noiseS * 3 * sampleRate));
  const rise = Math.max(1, Math.round(0.0002 * sampleRate));
  const norm = Math.sqrt((1 - a) / (1 + a));
  for (let i = 0; i < n; i++) {
    lp1 = a * lp1 + (1 - a) * (2 * rand() - 1);
    lp2 = a * lp2 + (1 - a) * lp1;
    const env = Math.min(1, (i + 1) / rise) * Math.exp(-i / (noiseS * sampleRate));
    out[i]! += (noiseAmp * env * lp2) / norm;
  }
  fadeOut(out, sampleRate);
  return normalise(out, PEAK.impact * linear(cue.gainDb));
}

/** Track value at time t (linear interpolation; clamped at the ends). */
function trackAt(cue: AudioCue, t: number): { gain: number; speedMps: number } {
  const track = cue.track ?? [];
  if (track.length === 0) return { gain: linear(cue.gainDb), speedMps: 0 };
  if (t <= track[0]!.t) return { gain: linear(track[0]!.gainDb), speedMps: track[0]!.speedMps };
  for (let i = 1; i < track.length; i++) {
    const p = track[i]!;
    if (t <= p.t) {
      const q = track[i - 1]!;
      const u = (t - q.t) / Math.max(1e-9, p.t - q.t);
      return { gain: linear(q.gainDb) * (1 - u) + linear(p.gainDb) * u, speedMps: q.speedMps * (1 - u) + p.speedMps * u };
    }
  }
  const last = track[track.length - 1]!;
  return { gain: linear(last.gainDb), speedMps: last.speedMps };
}

/** Rolling or sliding over the cue's span (see header). Peak ∝ the track's loudest level. */
export function synthContinuous(cue: AudioCue, sampleRate: number): Float32Array {
  const n = Math.max(1, Math.round((cue.durationS + EDGE_FADE_S) * sampleRate));
  const out = new Float32Array(n);
  const rand = seededRandom(seedOf(cue));
  const fade = Math.round(EDGE_FADE_S * sampleRate);
  const roll = cue.kind === 'roll';
  // The body's lowest modes as 2-pole resonators driven by the excitation.
  const mat = modalMaterial(cue.materials[0]);
  const res = mat.ratios.slice(0, roll ? 2 : 3).map((ratio, k) => {
    const hz = Math.min(0.45 * sampleRate, ratio * Math.max(40, cue.modesHz[0]));
    const alpha = Math.PI * hz * mat.tanPhi + mat.alpha0 + (roll ? 60 : 30);
    const r = Math.exp(-alpha / sampleRate);
    return { c: 2 * r * Math.cos((2 * Math.PI * hz) / sampleRate), r2: r * r, g: mat.gains[k]! * (1 - r), y1: 0, y2: 0 };
  });
  let lp1 = 0;
  let lp2 = 0;
  let bp1 = 0;
  let bp2 = 0;
  let gainSmooth = 0;
  const smooth = 1 - Math.exp(-1 / (0.015 * sampleRate));
  for (let i = 0; i < n; i++) {
    const t = cue.t + i / sampleRate;
    const { gain, speedMps } = trackAt(cue, Math.min(t, cue.t + cue.durationS));
    gainSmooth += smooth * (gain - gainSmooth);
    const white = 2 * rand() - 1;
    let x: number;
    if (roll) {
      const fc = Math.min(2000, Math.max(30, speedMps / ROUGHNESS_WAVELENGTH_M));
      const a = Math.exp((-2 * Math.PI * fc) / sampleRate);
      const norm = Math.sqrt((1 - a) / (1 + a));
      lp1 = a * lp1 + (1 - a) * white;
      lp2 = a * lp2 + (1 - a) * lp1;
      x = (lp2 / norm) * 1.5;
    } else {
      // 2-pole band-pass (RBJ-style resonator) at the slip-dependent centre.
      const fc = Math.min(0.4 * sampleRate, 400 + 1500 * speedMps);
      const q = 1.2;
      const w = (2 * Math.PI * fc) / sampleRate;
      const r = Math.exp(-w / (2 * q));
      const y = (1 - r) * white + 2 * r * Math.cos(w) * bp1 - r * r * bp2;
      bp2 = bp1;
      bp1 = y;
      x = y * 2.5;
    }
    let modal = 0;
    for (const m of res) {
      const y = m.g * x + m.c * m.y1 - m.r2 * m.y2;
      m.y2 = m.y1;
      m.y1 = y;
      modal += y;
    }
    const edge = Math.min(1, (i + 1) / fade, (n - i) / fade);
    out[i] = gainSmooth * edge * (x + 4 * modal);
  }
  // Scale so that a steady 0 dB track peaks near PEAK (noise: peak ≈ 3.5 · rms).
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const g = trackAt(cue, cue.t + Math.min(i / sampleRate, cue.durationS)).gain;
    if (g > 0) {
      sumSq += (out[i]! / g) ** 2;
      count++;
    }
  }
  const unitRms = count > 0 ? Math.sqrt(sumSq / count) : 1;
  const k = unitRms > 0 ? PEAK[cue.kind] / (3.5 * unitRms) : 0;
  for (let i = 0; i < n; i++) out[i]! *= k;
  return out;
}

/** Adds one Minnaert bubble (van den Doel 2005) at sample start. */
export function addBubble(out: Float32Array, start: number, radiusM: number, amp: number, sampleRate: number): void {
  const f0 = 3.26 / radiusM;
  if (f0 > 0.45 * sampleRate) return;
  const d = 0.13 * f0 + 0.0072 * Math.pow(f0, 1.5);
  const xi = 0.1;
  const end = Math.min(out.length, start + Math.round((6.91 / d) * sampleRate));
  let phase = 0;
  for (let i = start; i < end; i++) {
    const t = (i - start) / sampleRate;
    phase += (2 * Math.PI * f0 * (1 + xi * d * t)) / sampleRate;
    out[i]! += amp * Math.exp(-d * t) * Math.sin(phase);
  }
}

/** A liquid sound (drip, splash or pour; see header). */
export function synthLiquid(cue: AudioCue, sampleRate: number): Float32Array {
  const rand = seededRandom(seedOf(cue));
  const rMax = 3.26 / Math.max(cue.contactHz, 1);
  const i = cue.brightness;
  if (cue.kind === 'drip') {
    const out = new Float32Array(Math.round(0.15 * sampleRate));
    addBubble(out, 0, rMax, 1, sampleRate);
    for (let k = 0; k < Math.round(0.001 * sampleRate); k++) out[k]! += 0.3 * (2 * rand() - 1) * (1 - k / (0.001 * sampleRate));
    fadeOut(out, sampleRate);
    return normalise(out, PEAK.drip * linear(cue.gainDb));
  }
  if (cue.kind === 'splash') {
    const out = new Float32Array(Math.round(0.8 * sampleRate));
    // The impact burst: white noise, two-pole low-passed at 1.5 kHz (after listening: a one-pole at
    // 2.5 kHz hissed across the whole band and drowned the bubbles).
    const a = Math.exp((-2 * Math.PI * 1500) / sampleRate);
    let lp = 0;
    let lp2 = 0;
    const burst = 0.03 + 0.06 * i;
    for (let k = 0; k < out.length; k++) {
      lp = a * lp + (1 - a) * (2 * rand() - 1);
      lp2 = a * lp2 + (1 - a) * lp;
      out[k] = 6 * lp2 * Math.min(1, k / (0.001 * sampleRate)) * Math.exp(-k / (burst * sampleRate));
    }
    const bubbles = Math.round(10 + 60 * i);
    for (let b = 0; b < bubbles; b++) {
      const r = 0.0006 * Math.pow(rMax / 0.0006, rand() ** 2); // power law: many small, few large
      const at = Math.round(-Math.log(1 - rand() * 0.98) * 0.1 * sampleRate);
      addBubble(out, at, r, 0.3 + 0.7 * rand(), sampleRate);
    }
    fadeOut(out, sampleRate);
    return normalise(out, PEAK.splash * linear(cue.gainDb));
  }
  // pour: Poisson bubble stream over a churn of low noise.
  const out = new Float32Array(Math.round((cue.durationS + 0.2) * sampleRate));
  const body = Math.round(cue.durationS * sampleRate);
  const rate = 40 + 200 * i;
  let tS = 0;
  while (tS < cue.durationS) {
    tS += -Math.log(1 - rand() * 0.999) / rate;
    if (tS >= cue.durationS) break;
    const r = 0.001 * Math.pow(rMax / 0.001, rand());
    addBubble(out, Math.round(tS * sampleRate), r, 0.2 + 0.8 * rand(), sampleRate);
  }
  // Churn: two-pole low-passed noise under the bubbles (after listening: louder, one-pole churn was a hiss).
  const a = Math.exp((-2 * Math.PI * 700) / sampleRate);
  let lp = 0;
  let lp2 = 0;
  const fade = Math.round(0.03 * sampleRate);
  for (let k = 0; k < out.length; k++) {
    lp = a * lp + (1 - a) * (2 * rand() - 1);
    lp2 = a * lp2 + (1 - a) * lp;
    const edge = Math.min(1, (k + 1) / fade, Math.max(0, (body + fade - k) / fade));
    out[k] = (out[k]! + 2 * lp2) * edge;
  }
  return normalise(out, PEAK.pour * linear(cue.gainDb));
}

/** The samples of any cue. */
export function synthCue(cue: AudioCue, sampleRate: number): Float32Array {
  switch (cue.kind) {
    case 'impact':
      return synthImpact(cue, sampleRate);
    case 'roll':
    case 'slide':
      return synthContinuous(cue, sampleRate);
    default:
      return synthLiquid(cue, sampleRate);
  }
}

/** How long a cue sounds, seconds (for voice planning). */
export function cueLengthS(cue: AudioCue, sampleRate = 44100): number {
  switch (cue.kind) {
    case 'impact':
      return impactLengthS(cue, sampleRate);
    case 'roll':
    case 'slide':
      return cue.durationS + EDGE_FADE_S;
    case 'drip':
      return 0.15;
    case 'splash':
      return 0.8;
    case 'pour':
      return cue.durationS + 0.2;
  }
}
