/**
 * Tests for the WordNet fallback (hypernyms.ts, WordNet 3.1, Princeton), the spatial relations and
 * layout solver, and bad input (parser.ts). Positions are asserted against the relation's meaning
 * as seen from the default camera (at +z, looking towards −z: behind is −z, left is −x), and every
 * scene is checked for interpenetration: body against body, and body against the static parts.
 */
import { describe, expect, it } from 'vitest';
import { itemParts, partsBounds, shapeHalfExtentsM, type Vec3 } from './geometry.ts';
import { hypernymTableSize, wordnetFallback } from './hypernyms.ts';
import { parsePrompt, PromptError } from './parser.ts';
import type { SceneSpec } from './spec.ts';

type Body = SceneSpec['bodies'][number];

function box(b: Body): [Vec3, Vec3] {
  const h = shapeHalfExtentsM(b.shape);
  return [[b.positionM[0] - h[0], b.positionM[1] - h[1], b.positionM[2] - h[2]], [b.positionM[0] + h[0], b.positionM[1] + h[1], b.positionM[2] + h[2]]];
}

function boxesOverlap(a: [Vec3, Vec3], b: [Vec3, Vec3], tolerance = 1e-6): boolean {
  for (let k = 0; k < 3; k++) if (a[1][k]! <= b[0][k]! + tolerance || b[1][k]! <= a[0][k]! + tolerance) return false;
  return true;
}

const hollow = (b: Body) => b.shape.type === 'cup' || b.shape.type === 'open-box';

/** Pairs of things that start inside one another (a body inside a container's opening excepted). */
function interpenetrations(spec: SceneSpec): string[] {
  const found: string[] = [];
  const bodies = spec.bodies;
  for (let i = 0; i < bodies.length; i++) {
    for (let j = i + 1; j < bodies.length; j++) {
      const a = bodies[i]!, b = bodies[j]!;
      if (hollow(a) || hollow(b)) continue; // checked by the inside tests below
      if (boxesOverlap(box(a), box(b))) found.push(`${a.id} × ${b.id}`);
    }
    for (const item of spec.environment.items) {
      for (const part of itemParts(item)) {
        const [min, max] = partsBounds([part]);
        if (item.kind !== 'tank' && boxesOverlap(box(bodies[i]!), [min, max])) found.push(`${bodies[i]!.id} × ${item.id}`);
      }
    }
  }
  return found;
}

const byKind = (spec: SceneSpec, kind: string) => spec.bodies.filter((b) => b.kind === kind);
const bottom = (b: Body) => box(b)[0][1];
const top = (b: Body) => box(b)[1][1];
const still = (b: Body) => b.linearVelocityMps.every((v) => v === 0);

describe('WordNet fallback for nouns the catalog lacks', () => {
  it('ships a compact table of physical nouns', () => {
    expect(hypernymTableSize()).toBeGreaterThan(10_000);
    expect(hypernymTableSize()).toBeLessThan(40_000);
  });

  it('walks the hypernym chain to the nearest catalog entry or category', () => {
    expect(wordnetFallback('casaba')).toMatchObject({ kind: 'melon', chain: ['winter melon', 'muskmelon', 'melon'], category: false });
    expect(wordnetFallback('labrador')?.kind).toBe('dog');
    expect(wordnetFallback('labradors')).toMatchObject({ lemma: 'labrador', plural: true });
    expect(wordnetFallback('toaster')).toMatchObject({ kind: 'microwave', category: true });
    expect(wordnetFallback('kumquat')?.kind).toBe('orange'); // a fruit, not its tree
    expect(wordnetFallback('beetle')).toBeUndefined(); // an insect first: not the mallet sense
    for (const word of ['hand', 'red', 'world', 'empty', 'gentle', 'slowly']) expect(wordnetFallback(word), word).toBeUndefined();
  });

  it('builds a sensible object under the prompt\'s own word and says so', () => {
    const spec = parsePrompt('a labrador runs across the grass');
    const dog = spec.bodies[0]!;
    expect(dog).toMatchObject({ kind: 'dog', name: 'labrador', id: 'labrador-1' });
    expect(spec.interpretation!.unknown).toEqual([]);
    expect(spec.interpretation!.assumptions.some((a) => a.includes('"labrador" is not in the catalog; WordNet 3.1 says labrador → retriever'))).toBe(true);
    const span = spec.interpretation!.spans.find((s) => s.text === 'labrador')!;
    expect(span.role).toBe('object');
    expect(span.field).toMatch(/^bodies\[0\]\.kind \(WordNet fallback: labrador → .* → dog\)$/);
  });

  it('cantaloupe, saucepan and boulder are catalog words; casaba, golden retrievers and a toaster fall back', () => {
    expect(byKind(parsePrompt('a cantaloupe rolls off the table'), 'melon')).toHaveLength(1);
    expect(byKind(parsePrompt('a saucepan falls from 1 m'), 'pot')).toHaveLength(1);
    expect(byKind(parsePrompt('a boulder rolls down a ramp'), 'boulder')).toHaveLength(1);
    const melon = parsePrompt('a casaba rolls off the table').bodies[0]!;
    expect(melon).toMatchObject({ kind: 'melon', name: 'casaba' });
    const dogs = parsePrompt('two golden retrievers sit on the floor');
    expect(byKind(dogs, 'dog')).toHaveLength(2);
    expect(interpenetrations(dogs)).toEqual([]);
    const toaster = parsePrompt('a toaster falls from 1 m').bodies[0]!;
    expect(toaster.kind).toBe('microwave');
    expect(toaster.positionM[1]).toBeGreaterThan(1);
  });

  it('keeps the catalog\'s own compounds and verbs ("a lemon drops", "a rubber ball")', () => {
    expect(parsePrompt('a lemon drops from 1 m').bodies[0]!.kind).toBe('lemon');
    expect(parsePrompt('a rubber ball bounces').bodies[0]!.kind).toBe('ball');
  });
});

describe('spatial relations and the layout solver', () => {
  it('a ball next to a box on a table: both on the tabletop, side by side, not overlapping', () => {
    const spec = parsePrompt('a ball next to a box on a table');
    const ball = byKind(spec, 'ball')[0]!, crate = byKind(spec, 'crate')[0]!;
    const table = spec.environment.items.find((i) => i.kind === 'table')!;
    const tableTop = partsBounds(itemParts(table))[1][1];
    expect(bottom(ball)).toBeCloseTo(tableTop, 3);
    expect(bottom(crate)).toBeCloseTo(tableTop, 3);
    expect(Math.abs(ball.positionM[2] - crate.positionM[2])).toBeLessThan(1e-9);
    expect(box(ball)[0][0]).toBeGreaterThan(box(crate)[1][0]); // beside along x, with a gap
    expect(box(ball)[0][0] - box(crate)[1][0]).toBeLessThan(0.1);
    expect(spec.bodies.every(still)).toBe(true);
    expect(interpenetrations(spec)).toEqual([]);
  });

  it('a cup under the table: on the floor, below the top, clear of the legs', () => {
    const spec = parsePrompt('a cup under the table');
    const cup = spec.bodies[0]!;
    const table = spec.environment.items.find((i) => i.kind === 'table')!;
    const [min, max] = partsBounds(itemParts(table));
    expect(bottom(cup)).toBeCloseTo(0, 6);
    expect(top(cup)).toBeLessThan(max[1] - 0.04);
    expect(cup.positionM[0]).toBeGreaterThan(min[0]);
    expect(cup.positionM[0]).toBeLessThan(max[0]);
    expect(interpenetrations(spec)).toEqual([]);
  });

  it('a marble between two books: the books on either side along x, touching neither', () => {
    const spec = parsePrompt('a marble between two books');
    const marble = byKind(spec, 'marble')[0]!;
    const [a, b] = byKind(spec, 'book');
    const [left, right] = a!.positionM[0] < b!.positionM[0] ? [a!, b!] : [b!, a!];
    expect(box(left)[1][0]).toBeLessThan(box(marble)[0][0]);
    expect(box(right)[0][0]).toBeGreaterThan(box(marble)[1][0]);
    expect(box(marble)[0][0] - box(left)[1][0]).toBeLessThan(0.01);
    expect(bottom(marble)).toBeCloseTo(bottom(left), 6);
    expect(interpenetrations(spec)).toEqual([]);
  });

  it('behind is −z and in front of is +z, as the default camera (at +z) sees it; left is −x, right +x', () => {
    const behind = parsePrompt('a ball behind the crate');
    const ball = byKind(behind, 'ball')[0]!, crate = byKind(behind, 'crate')[0]!;
    expect(box(ball)[1][2]).toBeLessThan(box(crate)[0][2]);
    expect(ball.positionM[0]).toBeCloseTo(crate.positionM[0], 6);
    expect(bottom(ball)).toBeCloseTo(bottom(crate), 6);
    expect(interpenetrations(behind)).toEqual([]);
    const front = parsePrompt('a ball in front of a crate');
    expect(box(byKind(front, 'ball')[0]!)[0][2]).toBeGreaterThan(box(byKind(front, 'crate')[0]!)[1][2]);
    const left = parsePrompt('a ball to the left of a crate');
    expect(box(byKind(left, 'ball')[0]!)[1][0]).toBeLessThan(box(byKind(left, 'crate')[0]!)[0][0]);
    const right = parsePrompt('a ball to the right of a crate');
    expect(box(byKind(right, 'ball')[0]!)[0][0]).toBeGreaterThan(box(byKind(right, 'crate')[0]!)[1][0]);
  });

  it('inside: a tennis ball in a bucket rests on its inner floor, centred', () => {
    for (const prompt of ['a tennis ball inside a bucket', 'a tennis ball in a bucket']) {
      const spec = parsePrompt(prompt);
      const ball = byKind(spec, 'tennis-ball')[0]!, bucket = byKind(spec, 'bucket')[0]!;
      expect(Math.hypot(ball.positionM[0] - bucket.positionM[0], ball.positionM[2] - bucket.positionM[2])).toBeLessThan(1e-9);
      expect(bottom(ball)).toBeGreaterThan(bottom(bucket));
      expect(bottom(ball)).toBeLessThan(bottom(bucket) + 0.02);
    }
  });

  it('under another body: the lower one takes its place, the other rests on top (a stable stack)', () => {
    const spec = parsePrompt('a book under a brick');
    const book = byKind(spec, 'book')[0]!, brick = byKind(spec, 'brick')[0]!;
    expect(bottom(book)).toBeCloseTo(0, 6);
    expect(bottom(brick)).toBeGreaterThanOrEqual(top(book));
    expect(bottom(brick) - top(book)).toBeLessThan(0.005);
    expect(Math.abs(brick.positionM[0] - book.positionM[0])).toBeLessThan(1e-9);
    expect(spec.bodies.every(still)).toBe(true);
  });

  it('at the edge of the table: on the top, flush with the +x edge', () => {
    const spec = parsePrompt('a ball at the edge of the table');
    const ball = spec.bodies[0]!;
    const [, max] = partsBounds(itemParts(spec.environment.items.find((i) => i.kind === 'table')!));
    expect(bottom(ball)).toBeCloseTo(max[1], 3);
    expect(box(ball)[1][0]).toBeLessThanOrEqual(max[0]);
    expect(max[0] - box(ball)[1][0]).toBeLessThan(0.01);
  });

  it('from left to right: prompt order along +x', () => {
    const spec = parsePrompt('a ball, a cube and a cone from left to right');
    const xs = ['ball', 'cube', 'cone'].map((k) => byKind(spec, k)[0]!.positionM[0]);
    expect(xs[0]!).toBeLessThan(xs[1]!);
    expect(xs[1]!).toBeLessThan(xs[2]!);
    expect(interpenetrations(spec)).toEqual([]);
    const reversed = parsePrompt('a ball, a cube and a cone from right to left');
    expect(byKind(reversed, 'ball')[0]!.positionM[0]).toBeGreaterThan(byKind(reversed, 'cone')[0]!.positionM[0]);
  });

  it('a relation chain: a mug next to a book on a shelf, a ball above the crate', () => {
    const spec = parsePrompt('a mug next to a book on a shelf');
    const mug = byKind(spec, 'mug')[0]!, book = byKind(spec, 'book')[0]!;
    expect(bottom(mug)).toBeCloseTo(bottom(book), 6);
    expect(bottom(mug)).toBeGreaterThan(1);
    expect(interpenetrations(spec)).toEqual([]);
  });

  it('a relation keeps motion: "a ball rolls behind the crate" starts behind it and rolls', () => {
    const spec = parsePrompt('a ball rolls behind the crate');
    const ball = byKind(spec, 'ball')[0]!, crate = byKind(spec, 'crate')[0]!;
    expect(box(ball)[1][2]).toBeLessThan(box(crate)[0][2]);
    expect(still(ball)).toBe(false);
  });
});

describe('contradictions and bad input', () => {
  it('"a ball on the table under the table": one assumption saying which relation was kept', () => {
    const spec = parsePrompt('a ball on the table under the table');
    const lines = spec.interpretation!.assumptions.filter((a) => a.includes('contradict'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('kept "on the table"');
    const [, max] = partsBounds(itemParts(spec.environment.items.find((i) => i.kind === 'table')!));
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(max[1], 3);
    const reversed = parsePrompt('a ball under the table on the table');
    expect(reversed.interpretation!.assumptions.find((a) => a.includes('contradict'))).toContain('kept "under the table"');
    expect(bottom(reversed.bodies[0]!)).toBeCloseTo(0, 6);
  });

  it('emoji name objects; emoji alone that name none are one PromptError', () => {
    expect(parsePrompt('🏀 drops from 2 m').bodies[0]!.kind).toBe('basketball');
    expect(() => parsePrompt('🙂🙂🙂')).toThrow(PromptError);
    expect(() => parsePrompt('🙂🙂🙂')).toThrow(/describe a scene in English/);
  });

  it('HTML and script tags are plain text: a scene that says so, or one PromptError', () => {
    const spec = parsePrompt('<script>alert(1)</script> a ball drops');
    expect(spec.bodies).toHaveLength(1);
    expect(spec.interpretation!.unknown).toContain('script');
    expect(spec.interpretation!.assumptions.some((a) => a.includes('markup'))).toBe(true);
    expect(spec.interpretation!.prompt).toBe('<script>alert(1)</script> a ball drops');
    expect(() => parsePrompt('<img src=x onerror=alert(1)>')).toThrow(PromptError);
  });

  it('other languages: one PromptError naming the language', () => {
    expect(() => parsePrompt('una pelota cae desde 2 metros')).toThrow(/looks like Spanish.*English prompts only/);
    expect(() => parsePrompt('une balle tombe depuis 2 mètres')).toThrow(/looks like French/);
    // "Ball" is also English: a scene, with the language stated and the rest listed as not understood.
    const german = parsePrompt('ein Ball fällt von 2 Metern auf den Tisch');
    expect(german.interpretation!.assumptions).toContain('most of the prompt looks like German, and WorldDraft reads English only: it built the scene from "Ball" alone');
    expect(german.interpretation!.unknown).toContain('fällt');
    expect(() => parsePrompt('ボールが2メートルから落ちる')).toThrow(/English prompts only/);
  });

  it('100 KB of text is one PromptError; an absurd height is clamped with an assumption', () => {
    expect(() => parsePrompt('a ball drops. '.repeat(7500))).toThrow(/characters long: shorten it/);
    const spec = parsePrompt('a ball dropped from 10^9 m');
    expect(spec.bodies[0]!.positionM[1]).toBeLessThanOrEqual(1001);
    expect(spec.interpretation!.assumptions.some((a) => a.includes('1.00e9 m, is beyond the limit: used 1000 m'))).toBe(true);
  });
});
