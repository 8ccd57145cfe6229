import { describe, expect, it } from 'vitest';
import type { ContactEvent, SimTimeline, TimelineBody } from '../sim/timeline.ts';
import {
  AUDIBLE_IMPULSE_NS,
  MAX_GAIN_DB,
  MIN_GAIN_DB,
  REFERENCE_IMPULSE_NS,
  extractCues,
  gainDbFromImpulse,
} from './cues.ts';

function timeline(bodies: TimelineBody[], contacts: ContactEvent[]): SimTimeline {
  return {
    version: 1,
    seed: 1,
    dt: 1 / 240,
    fps: 60,
    durationS: 5,
    bodies,
    statics: [{ id: 'floor', name: 'floor', kind: 'plane', material: 'concrete' }],
    frames: [],
    contacts,
    fluidFrames: [],
    shotCuts: [],
  };
}

function hit(t: number, impulseNs: number, a = 'ball', b = 'floor', normalSpeedMps = 3): ContactEvent {
  return { t, a, b, impulseNs, pointM: [0, 0, 0], normalSpeedMps };
}

const ball: TimelineBody = { id: 'ball', name: 'ball', kind: 'sphere', material: 'rubber', massKg: 0.6 };

describe('extractCues', () => {
  it('drops contacts below the audibility threshold', () => {
    const cues = extractCues(timeline([ball], [hit(0.1, AUDIBLE_IMPULSE_NS / 2), hit(0.2, 0.001), hit(0.3, 1)]));
    expect(cues.map((c) => c.t)).toEqual([0.3]);
    expect(cues[0]).toMatchObject({ sourceIds: ['ball', 'floor'], materials: ['rubber', 'concrete'], kind: 'impact' });
  });

  it('gives a louder cue to a bigger impulse, clamped to [MIN_GAIN_DB, 0]', () => {
    const cues = extractCues(timeline([ball], [hit(0.1, 0.05), hit(0.2, 0.5), hit(0.3, 3), hit(0.4, 60)]));
    const gains = cues.map((c) => c.gainDb);
    for (let i = 1; i < gains.length - 1; i++) expect(gains[i]).toBeGreaterThan(gains[i - 1]!);
    expect(gains[3]).toBe(MAX_GAIN_DB);
    expect(gainDbFromImpulse(REFERENCE_IMPULSE_NS)).toBeCloseTo(0, 12);
    expect(gainDbFromImpulse(REFERENCE_IMPULSE_NS / 10)).toBeCloseTo(-20, 12);
    expect(gainDbFromImpulse(1e-9)).toBe(MIN_GAIN_DB);
  });

  it('plays a basketball-sized bounce (~6.8 N·s) near 0 dB', () => {
    const [cue] = extractCues(timeline([ball], [hit(0.64, 0.62 * 6.26 * 1.75)]));
    expect(cue!.gainDb).toBeLessThanOrEqual(0);
    expect(cue!.gainDb).toBeGreaterThan(-1.5);
  });

  it('gives a heavier ball a lower pitch', () => {
    const light: TimelineBody = { ...ball, id: 'light', massKg: 0.1 };
    const heavy: TimelineBody = { ...ball, id: 'heavy', massKg: 5 };
    const cues = extractCues(timeline([light, heavy], [hit(0.1, 1, 'light'), hit(0.2, 1, 'heavy')]));
    expect(cues[1]!.pitchHz).toBeLessThan(cues[0]!.pitchHz);
  });

  it('gives steel and glass a higher pitch than wood and rubber of the same mass', () => {
    const bodies = ['steel', 'glass', 'wood', 'rubber'].map((material) => ({ ...ball, id: material, material, massKg: 1 }));
    const cues = extractCues(timeline(bodies, bodies.map((b, i) => hit(0.1 * (i + 1), 1, b.id))));
    const pitch = Object.fromEntries(cues.map((c) => [c.materials[0], c.pitchHz]));
    expect(pitch.steel).toBeGreaterThan(pitch.wood!);
    expect(pitch.glass).toBeGreaterThan(pitch.wood!);
    expect(pitch.wood).toBeGreaterThan(pitch.rubber!);
    for (const p of Object.values(pitch)) expect(p).toBeGreaterThanOrEqual(40);
  });

  it('caps the cue density per 50 ms window, keeping the loudest', () => {
    const contacts: ContactEvent[] = [];
    for (let i = 0; i < 100; i++) contacts.push(hit(1 + i * 0.0004, 0.03 + i * 0.01)); // 100 hits in 40 ms
    contacts.push(hit(2, 0.1)); // a lone hit elsewhere survives
    const cues = extractCues(timeline([ball], contacts), { maxCuesPerWindow: 24 });
    const inBurst = cues.filter((c) => c.t < 1.5);
    expect(inBurst).toHaveLength(24);
    const minKept = Math.min(...inBurst.map((c) => c.impulseNs));
    expect(minKept).toBeCloseTo(0.03 + 76 * 0.01, 9); // the 24 largest are indices 76..99
    expect(cues.filter((c) => c.t === 2)).toHaveLength(1);
  });

  it('returns cues sorted by time whatever the contact order', () => {
    const cues = extractCues(timeline([ball], [hit(0.9, 1), hit(0.1, 1), hit(0.5, 2), hit(0.5, 4)]));
    expect(cues.map((c) => c.t)).toEqual([0.1, 0.5, 0.5, 0.9]);
    expect(cues[1]!.impulseNs).toBe(4); // ties: louder first
  });

  it('is deterministic', () => {
    const contacts: ContactEvent[] = [];
    for (let i = 0; i < 200; i++) contacts.push(hit(((i * 37) % 97) / 50, 0.01 + ((i * 13) % 29) / 10, 'ball', 'floor', i % 7));
    const tl = timeline([ball], contacts);
    const a = extractCues(tl);
    const b = extractCues(structuredClone(tl));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.length).toBeGreaterThan(0);
  });

  it('handles ball-on-ball contacts and unknown ids without NaN', () => {
    const other: TimelineBody = { ...ball, id: 'other', material: 'steel', massKg: 2 };
    const cues = extractCues(timeline([ball, other], [hit(0.1, 1, 'ball', 'other'), hit(0.2, 1, 'ball', 'ghost', 0)]));
    for (const c of cues) {
      expect(Number.isFinite(c.pitchHz)).toBe(true);
      expect(Number.isFinite(c.gainDb)).toBe(true);
    }
  });
});
