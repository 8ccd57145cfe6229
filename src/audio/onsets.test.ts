import { describe, expect, it } from 'vitest';
import { detectOnsets } from './onsets.ts';

const SR = 44100;

/** Deterministic noise in [-1, 1) (a 32-bit LCG; tests must not use Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** Decaying sine bursts (1 ms linear attack) at the given times over a faint noise floor. */
function signal(durationS: number, hits: { t: number; hz: number; amp: number; decayS: number }[], noiseAmp = 1e-4): Float32Array {
  const x = new Float32Array(Math.round(durationS * SR));
  const noise = lcg(7);
  for (let i = 0; i < x.length; i++) x[i] = noiseAmp * noise();
  for (const h of hits) {
    const start = Math.round(h.t * SR);
    for (let i = start; i < x.length; i++) {
      const dt = (i - start) / SR;
      const env = Math.min(1, dt / 0.001) * Math.exp(-dt / h.decayS);
      if (env < 1e-6 && dt > 0.01) break;
      x[i]! += h.amp * env * Math.sin(2 * Math.PI * h.hz * dt);
    }
  }
  return x;
}

// The synthetic signals carry a -80 dB noise floor from t = 0; the detection floor must sit above it,
// or the noise's own start (from the digital silence before the signal) counts as an onset.
const NOISY = { floorDb: -60 };

describe('detectOnsets', () => {
  it('finds each burst within 2 ms', () => {
    const times = [0.25, 0.6, 0.75, 1.3];
    const x = signal(2, times.map((t, i) => ({ t, hz: 150 + 200 * i, amp: 0.8 / (i + 1), decayS: 0.08 })));
    const onsets = detectOnsets(x, SR, NOISY);
    expect(onsets).toHaveLength(times.length);
    onsets.forEach((o, i) => expect(Math.abs(o - times[i]!)).toBeLessThan(0.002));
  });

  it('finds a quieter hit while a loud one still rings', () => {
    const x = signal(1, [{ t: 0.2, hz: 100, amp: 0.9, decayS: 0.3 }, { t: 0.35, hz: 900, amp: 0.5, decayS: 0.05 }]);
    const onsets = detectOnsets(x, SR, NOISY);
    expect(onsets).toHaveLength(2);
    expect(Math.abs(onsets[1]! - 0.35)).toBeLessThan(0.002);
  });

  it('with the default floor, reports the noise floor starting at t = 0 too', () => {
    const x = signal(1, [{ t: 0.5, hz: 300, amp: 0.5, decayS: 0.05 }]);
    const onsets = detectOnsets(x, SR);
    expect(onsets).toHaveLength(2);
    expect(onsets[0]).toBeLessThan(0.001);
    expect(Math.abs(onsets[1]! - 0.5)).toBeLessThan(0.002);
  });

  it('reports nothing for silence or a steady tone', () => {
    expect(detectOnsets(new Float32Array(SR), SR)).toEqual([]);
    const tone = new Float32Array(SR);
    for (let i = 0; i < tone.length; i++) tone[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / SR);
    const onsets = detectOnsets(tone, SR);
    expect(onsets).toHaveLength(1); // only its start
    expect(onsets[0]).toBeLessThan(0.001);
  });
});
