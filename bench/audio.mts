/**
 * Audio bench: offline render time of 10 s of a busy scene, as a ratio to real time (lower is
 * faster; 0.1 means 10 s of sound in 1 s). Node, node-web-audio-api + Tone.js (src/audio/node.ts).
 *
 * The busy scene: a simulated prompt with many bodies (impacts from the simulator), plus synthetic
 * rolling spans and fluid events (the simulator does not report those yet), in the gym setting,
 * stereo, with the ambience bed and reverb. Prints one JSON line per case, then a summary line.
 */
import { loadNodeAudio } from '../src/audio/node.ts';
import { extractCues } from '../src/audio/cues.ts';
import type { ContactSpan, FluidEvent } from '../src/audio/contracts.ts';
import { parsePrompt } from '../src/scene/parser.ts';
import { simulate } from '../src/sim/simulate.ts';
import { loadRapier } from '../src/sim/rapier.ts';

const SECONDS = 10;
const { renderOffline } = await loadNodeAudio();
const rapier = await loadRapier();

const prompts = ['a dozen marbles and three steel balls fall onto a wooden table', 'a domino run of 30 dominoes', 'a tennis ball and a bowling ball are dropped from 3 m'];
for (const prompt of prompts) {
  const timeline = simulate(rapier, parsePrompt(prompt), { durationS: SECONDS });
  const spans: ContactSpan[] = timeline.bodies.slice(0, 4).map((b, i) => ({
    a: b.id, b: timeline.statics[0]?.id ?? 'floor', tStartS: 2 + i, tEndS: 6 + i, pointM: [i, 0, 0],
    samples: Array.from({ length: 241 }, (_, k) => ({ t: 2 + i + k / 60, rollSpeedMps: 1.5 * (1 - k / 240), slipSpeedMps: k > 200 ? 0.5 : 0, normalForceN: 5 })),
  }));
  const fluids: FluidEvent[] = [
    { t: 1, kind: 'splash', intensity: 0.8, positionM: [0, 0, 0], fluidId: 'water' },
    { t: 3, kind: 'pour', intensity: 0.6, positionM: [0, 0, 0], fluidId: 'water', durationS: 4 },
    ...Array.from({ length: 10 }, (_, k): FluidEvent => ({ t: 5 + k * 0.4, kind: 'drip', intensity: 0.5, positionM: [0, 0, 0], fluidId: 'water' })),
  ];
  const cues = extractCues({ ...timeline, contactSpans: spans, fluidEvents: fluids });
  await renderOffline(cues.slice(0, 3), 0.5); // warm-up (first Tone.Offline compiles paths)
  const started = performance.now();
  const buffer = await renderOffline(cues, SECONDS, { channels: 2, setting: 'gym' });
  const ms = performance.now() - started;
  let peak = 0;
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) for (const x of buffer.getChannelData(ch)) peak = Math.max(peak, Math.abs(x));
  console.log(JSON.stringify({ bench: 'audio-offline-render', prompt, seconds: SECONDS, contacts: timeline.contacts.length, cues: cues.length, renderMs: Math.round(ms), realTimeRatio: Number((ms / 1000 / SECONDS).toFixed(4)), peak: Number(peak.toFixed(3)) }));
}
