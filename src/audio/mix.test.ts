import { describe, expect, it } from 'vitest';
import type { ListenerPose } from './contracts.ts';
import { MAX_VOICES, planVoices, spatialize } from './mix.ts';
import { impactCue } from './testkit.ts';

const camera: ListenerPose = { positionM: [0, 1, 5], forward: [0, 0, -1], up: [0, 1, 0] };

describe('spatialize', () => {
  it('pans by the side of the camera a source is on, and attenuates with distance', () => {
    const left = spatialize([-3, 1, 0], camera);
    const right = spatialize([3, 1, 0], camera);
    const centre = spatialize([0, 1, 0], camera);
    expect(left.pan).toBeLessThan(-0.4);
    expect(right.pan).toBeGreaterThan(0.4);
    expect(Math.abs(centre.pan)).toBeLessThan(1e-9);
    expect(spatialize([0, 1, -20], camera).gain).toBeLessThan(centre.gain);
    expect(spatialize([0, 1, 4], camera).gain).toBe(1);
    expect(spatialize([0, 1, 9], camera).gain).toBeLessThan(spatialize([0, 1, 1], camera).gain); // behind
  });

  it('is neutral without a listener', () => {
    expect(spatialize([10, 0, 0], null)).toEqual({ pan: 0, gain: 1 });
  });
});

describe('planVoices', () => {
  it('caps overlapping voices and keeps the loudest', () => {
    const cues = Array.from({ length: 100 }, (_, i) => impactCue({ t: 1 + i * 0.001, gainDb: -40 + (i % 10) * 4, sourceIds: [`d${i}`, 'floor'] }));
    const played = planVoices(cues, () => 1, null, 8);
    // At any instant at most 8 sound.
    for (let k = 0; k < 100; k++) {
      const t = 1 + k * 0.001;
      const sounding = played.filter((v) => v.cue.t <= t && (v.stopAtS ?? v.cue.t + 1) > t);
      expect(sounding.length).toBeLessThanOrEqual(8);
    }
    // The survivors at the end are the loudest ones (−4 dB).
    const last = played.filter((v) => v.stopAtS === null);
    for (const v of last) expect(v.cue.gainDb).toBe(-4);
    expect(MAX_VOICES).toBeGreaterThanOrEqual(16);
  });
});
