/**
 * Rolling and sliding spans against mechanics: a crate sliding to rest has slip speed falling at μg,
 * normal force mg, and its span ends when it stops; a ball rolling down a ramp rolls without slipping.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/parser.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate } from './simulate.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

describe('contact spans', () => {
  it('a sliding crate: slip falls at μg, the normal force is mg, the span ends when it stops', () => {
    const spec = parsePrompt('a wooden crate slides across the floor at 4 m/s');
    const timeline = simulate(rapier, spec);
    const spans = timeline.contactSpans!.filter((s) => s.a === 'crate-1' && s.b === 'floor');
    expect(spans).toHaveLength(1);
    const [span] = spans;
    const mu = 0.4, g = 9.81, m = timeline.bodies[0].massKg;
    expect(span.tEndS).toBeCloseTo(4 / (mu * g), 1);
    for (const sample of span.samples.filter((s) => s.t > 0.1 && s.t < 0.9)) {
      expect(sample.slipSpeedMps).toBeCloseTo(4 - mu * g * sample.t, 1);
      expect(sample.rollSpeedMps).toBeLessThan(0.01);
      expect(sample.normalForceN / (m * g)).toBeCloseTo(1, 2);
    }
  });

  it('a ball rolling down a ramp rolls without slipping', () => {
    const timeline = simulate(rapier, parsePrompt('a rubber ball rolls down a 30 degree ramp'));
    const ramp = timeline.contactSpans!.find((s) => s.b === 'ramp')!;
    expect(ramp.samples.length).toBeGreaterThan(30);
    for (const sample of ramp.samples.filter((s) => s.t > 0.2)) {
      expect(sample.slipSpeedMps).toBeLessThan(0.02 * sample.rollSpeedMps + 0.005);
      // Rolling without slipping from rest: v = (5/7) g sinθ t.
      expect(sample.rollSpeedMps).toBeCloseTo((5 / 7) * 9.81 * 0.5 * sample.t, 1);
    }
  });

  it('a ball at rest makes no span', () => {
    const spec = parsePrompt('a basketball drops from 2 meters onto a wooden floor and bounces');
    const timeline = simulate(rapier, spec, { durationS: 1 });
    expect(timeline.contactSpans).toEqual([]);
  });
});
