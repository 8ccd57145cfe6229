/**
 * Offline renders in Node (node-web-audio-api + Tone.js, see node.ts): sync against real simulated
 * scenes, material through the whole graph, level and clipping, silence with the ambience bed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeAudio } from './node.ts';
import { extractCues, type AudioCue } from './cues.ts';
import { detectOnsets } from './onsets.ts';
import { PEAK } from './modal.ts';
import { AMBIENCE } from './ambience.ts';
import { impactCue, peakAbs, rms, spectralCentroidHz } from './testkit.ts';
import { parsePrompt } from '../scene/parser.ts';
import { simulate } from '../sim/simulate.ts';
import { loadRapier } from '../sim/rapier.ts';
import type { Rapier } from '../sim/rapier.ts';

let engine: Awaited<ReturnType<typeof loadNodeAudio>>;
let rapier: Rapier;
beforeAll(async () => {
  engine = await loadNodeAudio();
  rapier = await loadRapier();
}, 60_000);

const SR = 44100;

describe('sync with the simulation', () => {
  const prompts = [
    'a tennis ball and a bowling ball are dropped from 3 m',
    'two billiard balls collide head-on at 2 m/s',
    'three golf balls fall onto a table',
    'a basketball drops from 2 meters onto a wooden floor and bounces',
  ];
  for (const prompt of prompts) {
    it(`every audible contact has an onset within 5 ms, and every onset a contact: "${prompt}"`, async () => {
      const timeline = simulate(rapier, parsePrompt(prompt));
      const cues = extractCues(timeline);
      expect(cues.length).toBeGreaterThan(0);
      const buffer = await engine.renderOffline(cues, timeline.durationS);
      const x = buffer.getChannelData(0);
      const onsets = detectOnsets(x, SR);
      const near = (t: number, list: number[]) => Math.min(...list.map((o) => Math.abs(o - t)));
      let checked = 0;
      for (const cue of cues) {
        if (cue.t > timeline.durationS - 0.01) continue;
        // Masked: something already sounding in the 20 ms before is louder than this cue's own peak
        // (centre-panned mono: ×0.707). Such a hit is inaudible to a listener too.
        const ownPeak = PEAK.impact * Math.pow(10, cue.gainDb / 20) * Math.SQRT1_2;
        if (peakAbs(x, (cue.t - 0.02) * SR, cue.t * SR) > ownPeak) continue;
        checked++;
        expect(near(cue.t, onsets) * 1000, `cue at ${cue.t.toFixed(4)} s`).toBeLessThan(5);
      }
      expect(checked).toBeGreaterThan(0);
      // Every contact of the timeline (audible or not) may explain an onset; none may come from nowhere.
      const contactTimes = timeline.contacts.map((c) => c.t);
      for (const o of onsets) expect(near(o, contactTimes) * 1000, `onset at ${o.toFixed(4)} s`).toBeLessThan(5);
    }, 60_000);
  }
});

describe('material, level, silence', () => {
  it('a steel impact is brighter than a wood impact of the same size, through the whole graph', async () => {
    const steel = impactCue({ materials: ['steel', 'concrete'], modesHz: [1000, 320], contactHz: 3200 });
    const wood = impactCue({ materials: ['wood', 'concrete'], modesHz: [735, 320], contactHz: 2300 });
    const render = async (c: AudioCue) => (await engine.renderOffline([c], 1)).getChannelData(0).subarray(Math.round(0.1 * SR));
    expect(spectralCentroidHz(await render(steel), SR)).toBeGreaterThan(spectralCentroidHz(await render(wood), SR));
  });

  it('loudness rises with impulse', async () => {
    const gains = [-40, -30, -20, -10, 0];
    const cues = gains.map((gainDb, i) => impactCue({ t: 0.2 + i * 0.6, gainDb, brightness: (gainDb + 48) / 48 }));
    const x = (await engine.renderOffline(cues, 3.2)).getChannelData(0);
    const peaks = cues.map((c) => peakAbs(x, c.t * SR, (c.t + 0.05) * SR));
    for (let i = 1; i < peaks.length; i++) expect(peaks[i]).toBeGreaterThan(peaks[i - 1]! * 2);
  });

  it('never clips: 200 dominoes at full impulse within 50 ms, in the gym, stereo', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) => ({ id: `d${i}`, name: 'domino', kind: 'box', material: 'wood', massKg: 0.01 }));
    const contacts = bodies.map((b, i) => ({ t: 0.5 + (i % 50) * 0.001, a: b.id, b: 'floor', impulseNs: 30, pointM: [i * 0.01, 0, 0] as [number, number, number], normalSpeedMps: 3 }));
    const cues = extractCues({ version: 1, seed: 1, dt: 1 / 240, fps: 60, durationS: 2, bodies, statics: [{ id: 'floor', name: 'floor', kind: 'plane', material: 'wood' }], frames: [], contacts, fluidFrames: [], shotCuts: [] });
    // Even without the density guard (every raw hit at 0 dB), the limiter and clipper hold.
    const raw = contacts.map((c, i) => impactCue({ t: c.t, gainDb: 0, brightness: 1, sourceIds: [`d${i}`, 'floor'] }));
    for (const list of [cues, raw]) {
      const buffer = await engine.renderOffline(list, 1.5, { channels: 2, setting: 'gym' });
      for (let ch = 0; ch < 2; ch++) expect(peakAbs(buffer.getChannelData(ch))).toBeLessThan(0.99);
    }
  }, 60_000);

  it('a scene at rest is silent apart from the ambience bed, which fades in without an onset', async () => {
    const dry = (await engine.renderOffline([], 2)).getChannelData(0);
    expect(peakAbs(dry)).toBe(0);
    for (const setting of ['room', 'outdoor', 'underwater'] as const) {
      const x = (await engine.renderOffline([], 3, { setting })).getChannelData(0);
      expect(detectOnsets(x, SR), setting).toEqual([]);
      const bedDb = 20 * Math.log10(rms(x, 2 * SR, 3 * SR));
      expect(bedDb, setting).toBeGreaterThan(AMBIENCE[setting].levelDb - 25);
      expect(bedDb, setting).toBeLessThan(AMBIENCE[setting].levelDb + 6);
    }
  }, 60_000);

  it('onsets stay on the contacts with the ambience bed and reverb on', async () => {
    const timeline = simulate(rapier, parsePrompt('a tennis ball and a bowling ball are dropped from 3 m'));
    const cues = extractCues(timeline);
    const x = (await engine.renderOffline(cues, timeline.durationS, { setting: 'room' })).getChannelData(0);
    const onsets = detectOnsets(x, SR);
    const dry = (await engine.renderOffline(cues, timeline.durationS)).getChannelData(0);
    const unmasked = (c: AudioCue) => peakAbs(dry, (c.t - 0.02) * SR, c.t * SR) <= PEAK.impact * Math.pow(10, c.gainDb / 20) * Math.SQRT1_2;
    const loud = cues.filter((c) => c.gainDb > -30 && unmasked(c));
    expect(loud.length).toBeGreaterThan(1);
    for (const c of loud) expect(Math.min(...onsets.map((o) => Math.abs(o - c.t))) * 1000).toBeLessThan(5);
  }, 60_000);
});
