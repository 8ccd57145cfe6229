/**
 * The acoustic space of each environment.setting: its ambience bed (noise colour, filter, level,
 * slow movement) and its reverb (a synthesised impulse response). Pure and DOM-free: the data and
 * the sample generation live here, the Tone graph (engine.ts) plays them. Nothing is downloaded.
 *
 * Impulse responses are exponentially decaying noise (the late field of a diffuse room; J.-M. Jot,
 * "An analysis/synthesis approach to real-time artificial reverberation", ICASSP 1992), two
 * decorrelated channels, with a one-pole low-pass whose cutoff falls with time so the high end dies
 * first (air and wall absorption): T60 sets the decay, `darkness` how fast the highs go, and a few
 * early reflections (seeded) give the room a size.
 *
 *   setting      bed                                    reverb
 *   room         brown noise, low-passed 400 Hz, −56 dB  T60 0.5 s, send −18 dB
 *   studio       pink noise, low-passed 2 kHz, −70 dB    T60 0.25 s, send −26 dB (dry, treated)
 *   gym          pink noise, band 500 Hz, −54 dB         T60 2.2 s, send −9 dB (big, hard walls)
 *   kitchen      brown + 120 Hz fridge hum, −54 dB       T60 0.7 s bright, send −15 dB (tiles)
 *   outdoor      pink wind, low-pass swept 250–1200 Hz   T60 0.15 s, send −30 dB (no walls)
 *                by a 0.13 Hz LFO, −46 dB
 *   underwater   brown noise, low-passed 250 Hz, −44 dB  T60 1.2 s dark, send −10 dB; sources
 *                                                        low-passed at 900 Hz (water muffles)
 */
import { seededRandom } from './modal.ts';

export const SETTING_NAMES = ['room', 'gym', 'kitchen', 'outdoor', 'underwater', 'studio'] as const;
export type Setting = (typeof SETTING_NAMES)[number];

export interface AmbienceSpec {
  noise: 'pink' | 'brown';
  filter: { type: 'lowpass' | 'bandpass'; frequencyHz: number; q: number };
  /** Bed level, dB re full scale (RMS, approximately). */
  levelDb: number;
  /** Optional slow sweep of the filter (wind gusts): Hz range and rate. */
  sweep?: { minHz: number; maxHz: number; rateHz: number };
  /** Optional hum (mains, fridge), Hz and dB. */
  hum?: { hz: number; levelDb: number };
  reverb: { t60S: number; darkness: number; sendDb: number; predelayS: number };
  /** Low-pass on all sources (underwater), Hz; absent: none. */
  sourceLowpassHz?: number;
}

export const AMBIENCE: Readonly<Record<Setting, AmbienceSpec>> = {
  room: { noise: 'brown', filter: { type: 'lowpass', frequencyHz: 400, q: 0.7 }, levelDb: -56, reverb: { t60S: 0.5, darkness: 0.5, sendDb: -18, predelayS: 0.008 } },
  studio: { noise: 'pink', filter: { type: 'lowpass', frequencyHz: 2000, q: 0.7 }, levelDb: -70, reverb: { t60S: 0.25, darkness: 0.4, sendDb: -26, predelayS: 0.004 } },
  gym: { noise: 'pink', filter: { type: 'bandpass', frequencyHz: 500, q: 0.8 }, levelDb: -54, reverb: { t60S: 2.2, darkness: 0.35, sendDb: -9, predelayS: 0.03 } },
  kitchen: { noise: 'brown', filter: { type: 'lowpass', frequencyHz: 600, q: 0.7 }, levelDb: -58, hum: { hz: 120, levelDb: -62 }, reverb: { t60S: 0.7, darkness: 0.2, sendDb: -15, predelayS: 0.01 } },
  outdoor: { noise: 'pink', filter: { type: 'lowpass', frequencyHz: 600, q: 1.2 }, levelDb: -46, sweep: { minHz: 250, maxHz: 1200, rateHz: 0.13 }, reverb: { t60S: 0.15, darkness: 0.6, sendDb: -30, predelayS: 0.02 } },
  underwater: { noise: 'brown', filter: { type: 'lowpass', frequencyHz: 250, q: 0.7 }, levelDb: -44, reverb: { t60S: 1.2, darkness: 0.8, sendDb: -10, predelayS: 0.015 }, sourceLowpassHz: 900 },
};

/** The bed fades in over this long, so it never reads as an onset. Seconds. */
export const AMBIENCE_FADE_S = 1.5;

/** A stereo impulse response for the setting: [left, right]. */
export function synthImpulseResponse(setting: Setting, sampleRate: number, seed = 1): [Float32Array, Float32Array] {
  const { t60S, darkness, predelayS } = AMBIENCE[setting].reverb;
  const n = Math.round((t60S * 1.1 + predelayS) * sampleRate);
  const channels: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
  const pre = Math.round(predelayS * sampleRate);
  channels.forEach((x, ch) => {
    const rand = seededRandom(seed * 7919 + ch * 104729 + setting.length);
    let lp = 0;
    for (let i = pre; i < n; i++) {
      const t = (i - pre) / sampleRate;
      const env = Math.exp((-6.91 * t) / t60S);
      // Cutoff falls from 12 kHz towards 12 kHz · (1 − darkness) over the decay.
      const fc = 12000 * (1 - darkness * Math.min(1, t / t60S)) + 200;
      const a = Math.exp((-2 * Math.PI * Math.min(fc, 0.45 * sampleRate)) / sampleRate);
      lp = a * lp + (1 - a) * (2 * rand() - 1);
      x[i] = env * lp;
    }
    // Early reflections: 6 taps within the first 40 ms of the predelay.
    for (let k = 0; k < 6; k++) {
      const at = pre + Math.round(rand() * Math.min(0.04, t60S / 3) * sampleRate);
      if (at < n) x[at]! += (0.6 - 0.08 * k) * (rand() < 0.5 ? -1 : 1);
    }
  });
  return channels;
}

/**
 * A loopable noise bed, unit RMS: pink (Voss-McCartney-style via Kellet's filter) or brown
 * (integrated white, leaky). The last 50 ms cross-fade into the start so the loop has no click.
 */
export function noiseBed(colour: 'pink' | 'brown', seconds: number, sampleRate: number, seed = 1): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const x = new Float32Array(n);
  const rand = seededRandom(seed);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, brown = 0;
  for (let i = 0; i < n; i++) {
    const w = 2 * rand() - 1;
    if (colour === 'pink') {
      // P. Kellet's refined pink filter (musicdsp.org, 1999).
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856;
      b4 = 0.55 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.016898;
      x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    } else {
      brown = 0.995 * brown + 0.1 * w;
      x[i] = brown;
    }
  }
  const xf = Math.min(Math.round(0.05 * sampleRate), Math.floor(n / 4));
  for (let i = 0; i < xf; i++) {
    const u = i / xf;
    x[i] = x[i]! * u + x[n - xf + i]! * (1 - u);
  }
  const body = x.subarray(0, n - xf);
  let s = 0;
  for (const v of body) s += v * v;
  const rms = Math.sqrt(s / Math.max(1, body.length)) || 1;
  const out = new Float32Array(body.length);
  for (let i = 0; i < body.length; i++) out[i] = body[i]! / rms;
  return out;
}
