import { describe, expect, it } from 'vitest';
import type { ContactEvent, SimTimeline, TimelineBody } from '../sim/timeline.ts';
import type { ContactSpan, FluidEvent } from './contracts.ts';
import {
  AUDIBLE_IMPULSE_NS,
  CROWD_FREE,
  SILENT_DB,
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
    const dominoes: TimelineBody[] = [];
    for (let i = 0; i < 100; i++) {
      dominoes.push({ ...ball, id: `d${i}`, material: 'wood', massKg: 0.01 });
      contacts.push(hit(1 + i * 0.0004, 0.03 + i * 0.01, `d${i}`)); // 100 different bodies in 40 ms
    }
    contacts.push(hit(2, 0.1)); // a lone hit elsewhere survives
    const cues = extractCues(timeline([ball, ...dominoes], contacts), { maxCuesPerWindow: 24 });
    const inBurst = cues.filter((c) => c.t < 1.5);
    expect(inBurst).toHaveLength(24);
    const minKept = Math.min(...inBurst.map((c) => c.impulseNs));
    expect(minKept).toBeCloseTo(0.03 + 76 * 0.01, 9); // the 24 largest are indices 76..99
    expect(cues.filter((c) => c.t === 2)).toHaveLength(1);
  });

  it('returns cues sorted by time whatever the contact order', () => {
    const cues = extractCues(timeline([ball], [hit(0.9, 1), hit(0.1, 1), hit(0.5, 2), hit(0.5, 4, 'ball', 'table')]));
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

  it('merges one landing split into several contacts of the same pair', () => {
    const cues = extractCues(timeline([ball], [hit(1, 0.015), hit(1.002, 0.015), hit(1.004, 0.015), hit(1.5, 0.015)]));
    expect(cues).toHaveLength(1); // the lone 0.015 at 1.5 s stays below the threshold
    expect(cues[0]!.count).toBe(3);
    expect(cues[0]!.impulseNs).toBeCloseTo(0.045, 12);
    expect(cues[0]!.t).toBe(1);
  });

  it('plays a pile of 200 dominoes like a crowd, not 200 full-scale clicks', () => {
    const bodies: TimelineBody[] = [];
    const contacts: ContactEvent[] = [];
    for (let i = 0; i < 200; i++) {
      bodies.push({ ...ball, id: `d${i}`, material: 'wood', massKg: 0.01 });
      contacts.push(hit(1 + (i % 40) * 0.001, 6, `d${i}`)); // 200 full-scale hits within 40 ms
    }
    const cues = extractCues(timeline(bodies, contacts));
    expect(cues.length).toBeLessThanOrEqual(24);
    // Each is lowered by 10·log10(n / CROWD_FREE) dB, so the summed power stays near one hit × CROWD_FREE.
    const power = cues.reduce((sum, c) => sum + Math.pow(10, c.gainDb / 10), 0);
    expect(power).toBeLessThanOrEqual(CROWD_FREE + 1e-9);
    for (const c of cues) expect(c.gainDb).toBeLessThan(-16);
  });

  it('gives a bowling ball a lower modal fundamental than a marble, steel above wood of the same size', () => {
    const bowling: TimelineBody = { id: 'bowling', name: 'b', kind: 'sphere', material: 'urethane', massKg: 7.26 };
    const marble: TimelineBody = { id: 'marble', name: 'm', kind: 'sphere', material: 'glass', massKg: 0.005 };
    const steel: TimelineBody = { id: 'steel', name: 's', kind: 'sphere', material: 'steel', massKg: 7850 * 0.001 };
    const wood: TimelineBody = { id: 'wood', name: 'w', kind: 'sphere', material: 'wood', massKg: 700 * 0.001 }; // same volume
    const cues = extractCues(timeline([bowling, marble, steel, wood], [hit(0.1, 1, 'bowling'), hit(0.2, 1, 'marble'), hit(0.3, 1, 'steel'), hit(0.4, 1, 'wood')]));
    const mode = Object.fromEntries(cues.map((c) => [c.sourceIds[0], c.modesHz[0]]));
    expect(mode.bowling).toBeLessThan(mode.marble!);
    expect(mode.steel).toBeGreaterThan(mode.wood!);
  });

  it('makes a harder hit brighter', () => {
    const cues = extractCues(timeline([ball], [hit(0.1, 0.1), hit(0.5, 1), hit(0.9, 5)]));
    expect(cues[0]!.brightness).toBeLessThan(cues[1]!.brightness);
    expect(cues[1]!.brightness).toBeLessThan(cues[2]!.brightness);
  });

  it('maps a rolling-then-sliding span to roll and slide cues that follow speed and stop with the contact', () => {
    const samples = [];
    for (let i = 0; i <= 60; i++) {
      const t = 1 + i / 60;
      samples.push({ t, rollSpeedMps: i < 30 ? 2 * (i / 30) : 0, slipSpeedMps: i >= 30 ? 1.5 : 0, normalForceN: 6 });
    }
    const span: ContactSpan = { a: 'ball', b: 'floor', tStartS: 1, tEndS: 2, pointM: [1, 0, 0], samples };
    const cues = extractCues({ ...timeline([ball], []), contactSpans: [span] });
    const roll = cues.find((c) => c.kind === 'roll')!;
    const slide = cues.find((c) => c.kind === 'slide')!;
    expect(roll.t).toBe(1);
    expect(roll.durationS).toBe(1);
    const rollTrack = roll.track!;
    expect(rollTrack[0]!.gainDb).toBe(SILENT_DB); // starts from rest
    expect(rollTrack[20]!.gainDb).toBeGreaterThan(rollTrack[10]!.gainDb); // louder as it speeds up
    expect(rollTrack[45]!.gainDb).toBe(SILENT_DB); // stopped rolling
    expect(slide.track![15]!.gainDb).toBe(SILENT_DB);
    expect(slide.track![45]!.gainDb).toBeGreaterThan(SILENT_DB);
    // A rougher surface rolls louder; a smoother pair slides quieter.
    const onCarpet = extractCues({ ...timeline([ball], []), statics: [{ id: 'floor', name: 'floor', kind: 'plane', material: 'carpet' }], contactSpans: [span] });
    expect(onCarpet.find((c) => c.kind === 'roll')!.gainDb).toBeLessThan(roll.gainDb);
  });

  it('maps fluid events to liquid cues: louder with intensity, bigger drops lower', () => {
    const ev = (t: number, kind: FluidEvent['kind'], intensity: number): FluidEvent => ({ t, kind, intensity, positionM: [0, 0, 0], fluidId: 'water', ...(kind === 'pour' ? { durationS: 2 } : {}) });
    const cues = extractCues({ ...timeline([ball], []), fluidEvents: [ev(0.5, 'drip', 0.2), ev(0.6, 'drip', 0.9), ev(1, 'splash', 0.3), ev(1.2, 'splash', 1), ev(2, 'pour', 0.5), ev(3, 'drip', 0.001)] });
    expect(cues.map((c) => c.kind)).toEqual(['drip', 'drip', 'splash', 'splash', 'pour']);
    expect(cues[1]!.pitchHz).toBeLessThan(cues[0]!.pitchHz);
    expect(cues[3]!.gainDb).toBeGreaterThan(cues[2]!.gainDb);
    expect(cues[4]!.durationS).toBe(2);
  });
});
