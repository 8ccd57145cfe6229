import { describe, expect, it } from 'vitest';
import { extractCues } from './cues.ts';
import type { SimTimeline, TimelineBody } from '../sim/timeline.ts';
import { PEAK, synthContinuous, synthCue, synthImpact, synthLiquid } from './modal.ts';
import { dominantHz, impactCue, peakAbs, rms, spectralCentroidHz } from './testkit.ts';

const SR = 44100;

/** Cues of one body of each given spec hitting a concrete floor at 3 m/s with 2 N·s. */
function cuesFor(bodies: TimelineBody[]) {
  const tl: SimTimeline = {
    version: 1, seed: 1, dt: 1 / 240, fps: 60, durationS: 5, bodies,
    statics: [{ id: 'floor', name: 'floor', kind: 'plane', material: 'concrete' }], frames: [],
    contacts: bodies.map((b, i) => ({ t: 0.1 + i, a: b.id, b: 'floor', impulseNs: 2, pointM: [0, 0, 0], normalSpeedMps: 3 })),
    fluidFrames: [], shotCuts: [],
  };
  return Object.fromEntries(extractCues(tl).map((c) => [c.sourceIds[0], c]));
}

describe('modal impacts', () => {
  it('a steel impact is brighter and rings longer than a wood impact of the same size', () => {
    const volumeM3 = 0.0005;
    const cues = cuesFor([
      { id: 'steel', name: 's', kind: 'sphere', material: 'steel', massKg: 7850 * volumeM3 },
      { id: 'wood', name: 'w', kind: 'sphere', material: 'wood', massKg: 700 * volumeM3 },
    ]);
    const steel = synthImpact(cues.steel!, SR);
    const wood = synthImpact(cues.wood!, SR);
    expect(spectralCentroidHz(steel, SR)).toBeGreaterThan(spectralCentroidHz(wood, SR) * 1.2);
    // Ring: energy left 0.3 s after the hit, relative to the first 30 ms.
    const tail = (x: Float32Array) => rms(x, 0.3 * SR, 0.4 * SR) / rms(x, 0, 0.03 * SR);
    expect(tail(steel)).toBeGreaterThan(10 * tail(wood));
  });

  it('a small ball sounds higher than a large one of the same material', () => {
    for (const material of ['rubber', 'steel', 'wood', 'glass']) {
      const cues = cuesFor([
        { id: 'small', name: 's', kind: 'sphere', material, massKg: 0.05 },
        { id: 'large', name: 'l', kind: 'sphere', material, massKg: 5 },
      ]);
      // Without the floor's modes, the dominant frequency is the ball's.
      const solo = (id: string) => synthImpact({ ...cues[id]!, weights: [1, 0] }, SR);
      expect(dominantHz(solo('small'), SR), material).toBeGreaterThan(dominantHz(solo('large'), SR));
    }
  });

  it('a bowling ball sounds lower than a marble', () => {
    const cues = cuesFor([
      { id: 'bowling', name: 'b', kind: 'sphere', material: 'urethane', massKg: 7.26 },
      { id: 'marble', name: 'm', kind: 'sphere', material: 'glass', massKg: 0.005 },
    ]);
    expect(spectralCentroidHz(synthImpact(cues.bowling!, SR), SR)).toBeLessThan(spectralCentroidHz(synthImpact(cues.marble!, SR), SR));
  });

  it('rubber thuds: its energy sits low; glass clinks high', () => {
    const cues = cuesFor([
      { id: 'rubber', name: 'r', kind: 'sphere', material: 'rubber', massKg: 0.6 },
      { id: 'glass', name: 'g', kind: 'sphere', material: 'glass', massKg: 0.6 },
    ]);
    expect(spectralCentroidHz(synthImpact(cues.rubber!, SR), SR)).toBeLessThan(1500);
    expect(spectralCentroidHz(synthImpact(cues.glass!, SR), SR)).toBeGreaterThan(1500);
  });

  it('peak follows the cue gain exactly; a harder hit is brighter', () => {
    const soft = synthImpact(impactCue({ gainDb: -30, brightness: 0.375 }), SR);
    const hard = synthImpact(impactCue({ gainDb: -6, brightness: 0.875 }), SR);
    expect(peakAbs(hard)).toBeCloseTo(PEAK.impact * Math.pow(10, -6 / 20), 5);
    expect(peakAbs(soft)).toBeCloseTo(PEAK.impact * Math.pow(10, -30 / 20), 5);
    expect(spectralCentroidHz(hard, SR)).toBeGreaterThan(spectralCentroidHz(soft, SR));
  });

  it('is deterministic', () => {
    const a = synthCue(impactCue(), SR);
    const b = synthCue(impactCue(), SR);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});

describe('continuous contacts and liquids', () => {
  it('rolling is low, sliding brighter; both silent outside the contact', () => {
    const track = [{ t: 1, gainDb: -20, speedMps: 2 }, { t: 1.5, gainDb: -20, speedMps: 2 }, { t: 1.51, gainDb: -200, speedMps: 0 }, { t: 2, gainDb: -200, speedMps: 0 }];
    const base = impactCue({ t: 1, durationS: 1, gainDb: -20, materials: ['rubber', 'wood'], modesHz: [180, 335], contactHz: 500, track });
    const roll = synthContinuous({ ...base, kind: 'roll' }, SR);
    const slide = synthContinuous({ ...base, kind: 'slide', contactHz: 3400 }, SR);
    expect(spectralCentroidHz(roll.subarray(0, 0.4 * SR), SR)).toBeLessThan(spectralCentroidHz(slide.subarray(0, 0.4 * SR), SR));
    expect(rms(roll, 0.1 * SR, 0.4 * SR)).toBeGreaterThan(0.002);
    expect(rms(roll, 0.7 * SR, 0.95 * SR)).toBeLessThan(rms(roll, 0.1 * SR, 0.4 * SR) / 100); // stopped with the contact
    expect(roll.length).toBe(Math.round(1.01 * SR));
  });

  it('a faster roll is louder', () => {
    const at = (speedMps: number, gainDb: number) => synthContinuous(impactCue({ kind: 'roll', t: 0, durationS: 0.5, gainDb, track: [{ t: 0, gainDb, speedMps }, { t: 0.5, gainDb, speedMps }] }), SR);
    expect(rms(at(2, -10))).toBeGreaterThan(rms(at(0.5, -22)));
  });

  it('a drip rings near its Minnaert frequency and rises; a pour lasts its duration', () => {
    const drip = synthLiquid(impactCue({ kind: 'drip', gainDb: -12, brightness: 0.5, contactHz: 3.26 / 0.0026, materials: ['liquid', 'liquid'] }), SR);
    expect(Math.abs(dominantHz(drip, SR) - 3.26 / 0.0026) / (3.26 / 0.0026)).toBeLessThan(0.25);
    const pour = synthLiquid(impactCue({ kind: 'pour', gainDb: -10, brightness: 0.5, contactHz: 3.26 / 0.004, durationS: 2 }), SR);
    expect(pour.length).toBe(Math.round(2.2 * SR));
    expect(rms(pour, 0.5 * SR, 1.5 * SR)).toBeGreaterThan(0.01);
    expect(rms(pour, 2.1 * SR, 2.2 * SR)).toBeLessThan(1e-6);
  });
});
