/**
 * Shared helpers for the audio tests (Node): cue builders and simple spectral measures. Not used by
 * the app. Spectral centroid over a magnitude spectrum from a plain DFT-by-FFT (radix-2).
 */
import type { AudioCue } from './cues.ts';

export function impactCue(overrides: Partial<AudioCue> = {}): AudioCue {
  return {
    t: 0.1, sourceIds: ['ball', 'floor'], materials: ['wood', 'concrete'], impulseNs: 2, gainDb: -9.5, pitchHz: 300,
    kind: 'impact', positionM: [0, 0, 0], brightness: 0.8, contactHz: 3000, modesHz: [700, 320], weights: [1, 0.5],
    durationS: 0, count: 1, ...overrides,
  };
}

/** In-place radix-2 FFT of re/im (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const xr = re[i + k + len / 2]! * wr - im[i + k + len / 2]! * wi;
        const xi = re[i + k + len / 2]! * wi + im[i + k + len / 2]! * wr;
        re[i + k + len / 2] = re[i + k]! - xr;
        im[i + k + len / 2] = im[i + k]! - xi;
        re[i + k]! += xr;
        im[i + k]! += xi;
      }
    }
  }
}

/** Magnitude spectrum of the first 2^k samples (Hann-windowed), with bin width in Hz. */
export function spectrum(x: Float32Array, sampleRate: number, n = 16384): { mag: Float64Array; binHz: number } {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < Math.min(n, x.length); i++) re[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  fft(re, im);
  const mag = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) mag[i] = Math.hypot(re[i]!, im[i]!);
  return { mag, binHz: sampleRate / n };
}

export function spectralCentroidHz(x: Float32Array, sampleRate: number): number {
  const { mag, binHz } = spectrum(x, sampleRate);
  let num = 0;
  let den = 0;
  for (let i = 1; i < mag.length; i++) {
    num += i * binHz * mag[i]!;
    den += mag[i]!;
  }
  return num / den;
}

/** Frequency of the strongest spectral peak above 30 Hz. */
export function dominantHz(x: Float32Array, sampleRate: number): number {
  const { mag, binHz } = spectrum(x, sampleRate);
  let best = Math.ceil(30 / binHz);
  for (let i = best; i < mag.length; i++) if (mag[i]! > mag[best]!) best = i;
  return best * binHz;
}

export function peakAbs(x: Float32Array, from = 0, to = x.length): number {
  let p = 0;
  for (let i = Math.max(0, Math.round(from)); i < Math.min(x.length, Math.round(to)); i++) p = Math.max(p, Math.abs(x[i]!));
  return p;
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  const a = Math.max(0, Math.round(from));
  const b = Math.min(x.length, Math.round(to));
  for (let i = a; i < b; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, b - a));
}
