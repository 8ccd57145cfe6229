/**
 * Real simulations make continuous sounds: the simulator's rolling and sliding spans become roll and
 * slide cues (the synthetic-span tests of the mapping are in cues.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/parser.ts';
import { loadRapier, type Rapier } from '../sim/rapier.ts';
import { simulate } from '../sim/simulate.ts';
import { extractCues } from './cues.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

describe('continuous cues from simulated contacts', () => {
  it('the rolling ball gives a roll cue over its span, the sliding crate a slide cue', () => {
    const roll = extractCues(simulate(rapier, parsePrompt('a rubber ball rolls down a 30 degree ramp')));
    const rolling = roll.filter((c) => c.kind === 'roll');
    expect(rolling.length).toBeGreaterThan(0);
    expect(rolling[0].t).toBeLessThan(0.1);
    const slide = extractCues(simulate(rapier, parsePrompt('a wooden crate slides across the floor at 4 m/s')));
    expect(slide.some((c) => c.kind === 'slide')).toBe(true);
  });
});
