/**
 * The catalog and material tables: enough entries, each a valid body that the parser can name, with
 * sane physical data; containers are real hollow shapes.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.ts';
import { MATERIALS } from './materials.ts';
import { parsePrompt } from './parser.ts';
import { validateSceneSpec } from './spec.ts';

describe('catalog', () => {
  it('has at least 250 objects, unique kinds, each a valid body', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(250);
    expect(new Set(CATALOG.map((e) => e.kind)).size).toBe(CATALOG.length);
    for (const entry of CATALOG) {
      const body = { id: 'x', name: entry.name, kind: entry.kind, shape: entry.shape, material: entry.material, ...(entry.massKg ? { massKg: entry.massKg } : {}), positionM: [0, 1, 0] };
      expect(() => validateSceneSpec({ version: 1, seed: 1, bodies: [body], environment: { ground: { material: 'wood' } } }), entry.kind).not.toThrow();
    }
  });

  it('every object is understood when named in a prompt', () => {
    for (const entry of CATALOG) {
      const spec = parsePrompt(`a ${entry.phrases[0]} drops from 1 m`);
      expect(spec.bodies.some((b) => b.kind === entry.kind), entry.phrases[0]).toBe(true);
    }
  });

  it('containers are hollow shapes things can fall into', () => {
    for (const kind of ['cup', 'glass', 'bowl', 'bucket', 'jar', 'basket', 'bin', 'mug']) {
      const type = CATALOG.find((e) => e.kind === kind)?.shape.type;
      expect(['cup', 'open-box'], kind).toContain(type);
    }
    const spec = parsePrompt('a marble drops into a glass');
    const glass = spec.bodies.find((b) => b.kind === 'glass')!, marble = spec.bodies.find((b) => b.kind === 'marble')!;
    expect(Math.hypot(marble.positionM[0] - glass.positionM[0], marble.positionM[2] - glass.positionM[2])).toBeLessThan(0.03);
    expect(marble.positionM[1]).toBeGreaterThan(glass.positionM[1]);
  });
});

describe('materials', () => {
  it('has at least 25 materials with physical data', () => {
    const entries = Object.entries(MATERIALS);
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const [name, m] of entries) {
      expect(m.densityKgM3, name).toBeGreaterThan(0);
      expect(m.restitution, name).toBeGreaterThanOrEqual(0);
      expect(m.restitution, name).toBeLessThanOrEqual(1);
      expect(m.friction, name).toBeGreaterThanOrEqual(0);
      expect(m.youngsModulusGPa, name).toBeGreaterThan(0);
      expect(m.colorHex, name).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('a material word changes the object and the surface', () => {
    expect(parsePrompt('a glass ball drops').bodies[0]!.material).toBe('glass');
    expect(parsePrompt('a steel ball rolls on sand').environment.ground?.material).toBe('sand');
    expect(parsePrompt('a cork ball bounces on a foam floor').bodies[0]!.material).toBe('cork');
  });
});

describe('shots, style, fluids, arrangements, bad input', () => {
  it('records shot and style words', () => {
    const spec = parsePrompt('a wide shot of the ball rolling, then cut to 10 seconds later, a close-up in slow motion, anime style');
    expect(spec.shots).toHaveLength(2);
    expect(spec.shots[0]!.framing).toBe('wide');
    expect(spec.shots[1]).toMatchObject({ framing: 'close-up', playbackRate: 0.25, skipBeforeS: 10 });
    expect(spec.style).toBe('anime');
  });

  it('records liquids', () => {
    const spec = parsePrompt('An ice cube drops into a glass of whiskey.');
    expect(spec.fluids[0]).toMatchObject({ liquid: 'whiskey', targetId: 'glass-1' });
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('lays out rows, stacks and pyramids without overlap', () => {
    const row = parsePrompt('a row of 12 dominoes');
    expect(row.bodies).toHaveLength(12);
    const xs = row.bodies.map((b) => b.positionM[0]);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThan(0.0075);
    const stack = parsePrompt('a stack of 5 books');
    const ys = stack.bodies.map((b) => b.positionM[1]);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(0.04);
    expect(parsePrompt('a pyramid of 10 cans').bodies).toHaveLength(10);
  });

  it('bad input gives a scene with stated assumptions or one PromptError', () => {
    for (const prompt of ['🏀🏀🏀', '<script>alert(1)</script>', 'une balle tombe de 2 m', '']) {
      try {
        const spec = parsePrompt(prompt);
        // A scene must say what it did with the odd input: words not understood, or assumptions.
        expect(spec.interpretation!.unknown.length + spec.interpretation!.assumptions.length).toBeGreaterThan(0);
      } catch (error) {
        expect((error as Error).name).toBe('PromptError');
      }
    }
    const spec = parsePrompt('<b>a ball</b> dropped from 10^9 m');
    expect(spec.interpretation?.assumptions.some((a) => a.includes('beyond the limit'))).toBe(true);
  });
});
