/**
 * Onset detection for rendered audio: where do sounds start? Pure and DOM-free, so Node unit tests
 * and the Playwright audio test (on an AudioBuffer's channel data) share it.
 *
 * Why: DESIGN.md asks audio tests to assert outcomes, "by rendering offline and finding onsets", as
 * Tone.js's own offline tests do. Impacts are percussive, so an energy-rise detector on a
 * high-frequency-weighted signal is enough (J. P. Bello et al., "A tutorial on onset detection in
 * music signals", IEEE TSAP 13(5), 2005, §III-A; the first difference is the simplest HFC weighting,
 * P. Masri 1996): a new click stands out even while an earlier low thud still rings.
 *
 *   x ─► d[n] = x[n] − x[n−1] ─► energy per hop (1 ms) ─► window sum (4 ms) > RISE × background
 *     (mean over the 20 ms before the window) and above an absolute floor ─► onset
 *     ─► refine: first sample near it whose |x| reaches max(REFINE_FRACTION × local peak,
 *        2 × background RMS of x) ─► onset time (s)
 *
 * A refractory period keeps one sound's decay and beating from reporting more onsets.
 */

export interface OnsetOptions {
  /** The window's emphasised energy must exceed the background by this much, dB. Default 12. */
  minRiseDb?: number;
  /**
   * Windows whose emphasised RMS is below this (dB re full scale) never start an onset. Default -100:
   * offline renders have no noise floor, and a -48 dB cue's low body barely moves the first difference.
   */
  floorDb?: number;
  /** Minimum spacing between onsets, seconds. Default 0.03. */
  refractoryS?: number;
  /** Hop (frame) length, seconds. Default 0.001. */
  hopS?: number;
  /** Detection window, seconds. Default 0.004. */
  windowS?: number;
  /** Background window before the detection window, seconds. Default 0.02. */
  backgroundS?: number;
}

/** Fraction of the local peak |x| that marks the refined onset sample. */
export const REFINE_FRACTION = 0.1;

/** Onset times in seconds, ascending. */
export function detectOnsets(samples: Float32Array, sampleRate: number, options: OnsetOptions = {}): number[] {
  const hop = Math.max(1, Math.round((options.hopS ?? 0.001) * sampleRate));
  const win = Math.max(1, Math.round(((options.windowS ?? 0.004) * sampleRate) / hop));
  const bg = Math.max(1, Math.round(((options.backgroundS ?? 0.02) * sampleRate) / hop));
  const rise = Math.pow(10, (options.minRiseDb ?? 12) / 10); // energy ratio
  const floor = Math.pow(10, (options.floorDb ?? -100) / 10); // mean-square floor
  const refractory = Math.round(((options.refractoryS ?? 0.03) * sampleRate) / hop);

  const frames = Math.floor(samples.length / hop);
  const diffEnergy = new Float64Array(frames); // mean square of the first difference, per frame
  const energy = new Float64Array(frames); // mean square of x, per frame
  for (let k = 0; k < frames; k++) {
    let sd = 0;
    let sx = 0;
    for (let i = k * hop; i < (k + 1) * hop; i++) {
      const x = samples[i]!;
      const d = x - (i > 0 ? samples[i - 1]! : 0);
      sd += d * d;
      sx += x * x;
    }
    diffEnergy[k] = sd / hop;
    energy[k] = sx / hop;
  }
  const mean = (a: Float64Array, from: number, to: number): number => {
    let s = 0;
    for (let k = Math.max(0, from); k < to; k++) s += a[k]!;
    return to > Math.max(0, from) ? s / (to - Math.max(0, from)) : 0;
  };

  const onsets: number[] = [];
  let last = -Infinity;
  for (let k = 0; k < frames; k++) {
    if (k - last < refractory) continue;
    const windowStart = Math.max(0, k - win + 1);
    const level = mean(diffEnergy, windowStart, k + 1);
    const background = mean(diffEnergy, windowStart - bg, windowStart);
    if (level > floor && level > rise * background) {
      const backgroundRms = Math.sqrt(mean(energy, windowStart - bg, windowStart));
      onsets.push(refine(samples, sampleRate, windowStart * hop, (k + 3) * hop, backgroundRms));
      last = k;
    }
  }
  return onsets;
}

/** First sample in [start, end) whose |x| reaches REFINE_FRACTION of the peak there and twice the background RMS. */
function refine(samples: Float32Array, sampleRate: number, start: number, end: number, backgroundRms: number): number {
  const to = Math.min(samples.length, end);
  let peak = 0;
  for (let i = start; i < to; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  const level = Math.max(peak * REFINE_FRACTION, 2 * backgroundRms);
  for (let i = start; i < to; i++) if (Math.abs(samples[i]!) >= level) return i / sampleRate;
  return start / sampleRate;
}
