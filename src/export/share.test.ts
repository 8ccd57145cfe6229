import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrompt } from '../scene/parser.ts';
import { loadRapier, type Rapier } from '../sim/rapier.ts';
import { simulate } from '../sim/simulate.ts';
import { timelineHash } from '../sim/hash.ts';
import { decodeShare, encodeShare, sharePayloadFromHash, ShareLinkError } from './share.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

describe('share links', () => {
  it('round-trip to an identical timeline hash, edits included', () => {
    const spec = parsePrompt('three golf balls fall onto a table', { seed: 42 });
    spec.bodies[1].restitution = 0.55; // an edit made in the app
    const payload = encodeShare(spec);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(JSON.stringify(spec).length * 0.6);
    const back = decodeShare(sharePayloadFromHash(`#scene=${payload}`)!);
    expect(back).toEqual(spec);
    expect(timelineHash(simulate(rapier, back))).toBe(timelineHash(simulate(rapier, spec)));
  });

  it('a damaged or invalid link gets one clear sentence', () => {
    expect(() => decodeShare('not-a-link')).toThrow(ShareLinkError);
    expect(() => decodeShare('not-a-link')).toThrow(/damaged/);
    const spec = parsePrompt('a marble');
    spec.bodies[0].massKg = -1;
    expect(() => decodeShare(encodeShare(spec))).toThrow(/invalid scene \(bodies\[0\]\.massKg/);
    expect(sharePayloadFromHash('#other=1')).toBeNull();
  });
});
