import { describe, expect, it } from 'vitest';
import { itemTopHeightM, rampSlopePoint, restingHalfHeightM } from './geometry.ts';
import { GPU_LIQUID_PARTICLE_SCALE, parsePrompt, PromptError } from './parser.ts';
import { validateSceneSpec, type BodySpec, type EnvironmentItem, type SceneSpec } from './spec.ts';
import { containerVolumeM3, innerRadiusM } from './liquid-scenes.ts';

const ACCEPTANCE = [
  'a basketball drops from 2 meters onto a wooden floor and bounces',
  'a tennis ball and a bowling ball are dropped from 3 m',
  'a rubber ball rolls down a 30 degree ramp',
  'two billiard balls collide head-on at 2 m/s',
  'a wooden crate slides across the floor at 4 m/s',
  'three golf balls fall onto a table',
];

const radius = (body: BodySpec): number => {
  if (body.shape.type !== 'sphere') throw new Error(`${body.id} is not a sphere`);
  return body.shape.radiusM;
};
const bottom = (body: BodySpec): number => body.positionM[1] - restingHalfHeightM(body.shape);
const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** Nothing starts inside anything: spheres pairwise, everything above the floor. */
function expectNoInterpenetration(spec: SceneSpec): void {
  for (const body of spec.bodies) expect(bottom(body)).toBeGreaterThanOrEqual(-1e-9);
  for (let i = 0; i < spec.bodies.length; i++) {
    for (let j = i + 1; j < spec.bodies.length; j++) {
      const a = spec.bodies[i]!, b = spec.bodies[j]!;
      if (a.shape.type === 'sphere' && b.shape.type === 'sphere') {
        expect(distance(a.positionM, b.positionM)).toBeGreaterThan(radius(a) + radius(b));
      }
    }
  }
}

function item<K extends EnvironmentItem['kind']>(spec: SceneSpec, kind: K): Extract<EnvironmentItem, { kind: K }> {
  const found = spec.environment.items.find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} in the scene`);
  return found as Extract<EnvironmentItem, { kind: K }>;
}

describe('parsePrompt: the acceptance prompts', () => {
  it('1. a basketball drops from 2 m onto a wooden floor and bounces', () => {
    const spec = parsePrompt(ACCEPTANCE[0]!);
    expect(spec.environment.ground?.material).toBe('wood');
    expect(spec.bodies).toHaveLength(1);
    const ball = spec.bodies[0]!;
    expect(ball).toMatchObject({ id: 'basketball-1', name: 'basketball', kind: 'basketball', material: 'rubber', massKg: 0.62 });
    expect(radius(ball)).toBeCloseTo(0.12, 6);
    expect(bottom(ball)).toBeCloseTo(2, 9);
    expect(ball.positionM[1]).toBeCloseTo(2 + 0.12, 9);
    expect(ball.linearVelocityMps).toEqual([0, 0, 0]);
    expect(spec.durationS).toBeGreaterThanOrEqual(4);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('2. a tennis ball and a bowling ball are dropped from 3 m, side by side', () => {
    const spec = parsePrompt(ACCEPTANCE[1]!);
    expect(spec.bodies.map((b) => b.kind)).toEqual(['tennis-ball', 'bowling-ball']);
    const [tennis, bowling] = spec.bodies as [BodySpec, BodySpec];
    expect(bottom(tennis)).toBeCloseTo(3, 9);
    expect(bottom(bowling)).toBeCloseTo(3, 9);
    expect(tennis.massKg).toBeCloseTo(0.057, 9);
    expect(bowling.massKg).toBeCloseTo(7.26, 9);
    // Along x, same z, not touching.
    expect(tennis.positionM[2]).toBe(bowling.positionM[2]);
    expect(Math.abs(tennis.positionM[0] - bowling.positionM[0])).toBeGreaterThan(radius(tennis) + radius(bowling));
    expect(spec.interpretation?.assumptions.some((a) => a.includes('wooden floor'))).toBe(true);
  });

  it('3. a rubber ball rolls down a 30 degree ramp, resting near its top', () => {
    const spec = parsePrompt(ACCEPTANCE[2]!);
    const ramp = item(spec, 'ramp');
    expect(ramp.angleDeg).toBe(30);
    expect(ramp.runM).toBeCloseTo(2, 9);
    expect(ramp.widthM).toBeCloseTo(0.6, 9);
    expect(ramp.positionM[1]).toBe(0);
    expect(spec.bodies).toHaveLength(1);
    const ball = spec.bodies[0]!;
    expect(ball.material).toBe('rubber');
    expect(ball.linearVelocityMps).toEqual([0, 0, 0]);
    expect(ball.angularVelocityRadps).toEqual([0, 0, 0]);
    // Its centre is r from the slope's plane (normal (sin a, cos a), through the low edge)…
    const r = radius(ball);
    const a = (ramp.angleDeg * Math.PI) / 180;
    const [x0, y0] = ramp.positionM;
    expect((ball.positionM[0] - x0) * Math.sin(a) + (ball.positionM[1] - y0) * Math.cos(a)).toBeCloseTo(r, 9);
    // …a little way down from the top edge: exactly rampSlopePoint(ramp, d, r).
    const top = [x0 - ramp.runM, itemTopHeightM(ramp)];
    const distanceFromTop = (ball.positionM[0] - top[0]!) * Math.cos(a) - (ball.positionM[1] - top[1]!) * Math.sin(a);
    const expected = rampSlopePoint(ramp, distanceFromTop, r).pointM;
    for (let i = 0; i < 3; i++) expect(ball.positionM[i]).toBeCloseTo(expected[i]!, 9);
    expect(distanceFromTop).toBeGreaterThan(r * 0.99);
    expect(distanceFromTop).toBeLessThan(0.3);
    expect(ball.positionM[2]).toBe(ramp.positionM[2]);
    expect(spec.interpretation?.assumptions.some((line) => line.startsWith('no size given for the rubber ball'))).toBe(true);
  });

  it('4. two billiard balls collide head-on at 2 m/s on felt', () => {
    const spec = parsePrompt(ACCEPTANCE[3]!);
    expect(spec.environment.ground?.material).toBe('felt');
    expect(spec.bodies).toHaveLength(2);
    const [a, b] = spec.bodies as [BodySpec, BodySpec];
    expect(a).toMatchObject({ id: 'billiard-ball-1', name: 'billiard ball 1', material: 'phenolic', massKg: 0.17 });
    expect(b).toMatchObject({ id: 'billiard-ball-2', name: 'billiard ball 2' });
    for (const ball of [a, b]) {
      expect(ball.positionM[1]).toBeCloseTo(radius(ball), 12);
      expect(ball.positionM[2]).toBe(0);
    }
    expect(a.positionM[0]).toBeLessThan(b.positionM[0]);
    const gap = b.positionM[0] - a.positionM[0] - radius(a) - radius(b);
    expect(gap).toBeCloseTo(0.5, 9);
    expect(a.linearVelocityMps).toEqual([2, 0, 0]);
    expect(b.linearVelocityMps).toEqual([-2, 0, 0]);
    expect(spec.interpretation?.assumptions).toContain('each moves at 2 m/s towards the other (head-on, along x)');
  });

  it('5. a wooden crate slides across the floor at 4 m/s', () => {
    const spec = parsePrompt(ACCEPTANCE[4]!);
    expect(spec.bodies).toHaveLength(1);
    const crate = spec.bodies[0]!;
    expect(crate).toMatchObject({ kind: 'crate', material: 'wood', massKg: 12 });
    expect(crate.shape).toEqual({ type: 'box', sizeM: [0.5, 0.5, 0.5] });
    expect(crate.positionM[1]).toBeCloseTo(0.25, 12);
    expect(crate.linearVelocityMps).toEqual([4, 0, 0]);
  });

  it('6. three golf balls fall onto a table, scattered, 1 m above it', () => {
    const spec = parsePrompt(ACCEPTANCE[5]!);
    const table = item(spec, 'table');
    expect(table.sizeM).toEqual([1.6, 0.75, 0.9]);
    expect(table.positionM).toEqual([0, 0, 0]);
    expect(spec.bodies).toHaveLength(3);
    expect(spec.bodies.map((b) => b.id)).toEqual(['golf-ball-1', 'golf-ball-2', 'golf-ball-3']);
    for (const ball of spec.bodies) {
      expect(ball.kind).toBe('golf-ball');
      expect(bottom(ball)).toBeCloseTo(0.75 + 1, 9);
      expect(Math.abs(ball.positionM[0])).toBeLessThanOrEqual(0.8 - radius(ball));
      expect(Math.abs(ball.positionM[2])).toBeLessThanOrEqual(0.45 - radius(ball));
    }
    expectNoInterpenetration(spec);
    expect(spec.interpretation?.assumptions).toContain('no height given: 1 m above the table');
  });

  it('every acceptance prompt validates, avoids interpenetration and keeps the auto camera', () => {
    for (const prompt of ACCEPTANCE) {
      const spec = parsePrompt(prompt);
      expect(validateSceneSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
      expect(spec.camera).toEqual({ mode: 'auto' });
      expect(spec.seed).toBe(1);
      expect(spec.interpretation?.prompt).toBe(prompt);
      expect(spec.interpretation?.unknown).toEqual([]);
      expectNoInterpenetration(spec);
    }
  });
});

describe('parsePrompt: interpretation', () => {
  it('puts a word it does not know into unknown', () => {
    const spec = parsePrompt('a basketball drops from 2 m onto a wooden floor and wobbulates');
    expect(spec.interpretation?.unknown).toEqual(['wobbulates']);
    expect(spec.bodies[0]!.kind).toBe('basketball');
  });

  it('maps every character of every word to a span or to unknown', () => {
    const prompt = 'a tennis ball and a bowling ball are dropped from 3 m onto zorblax';
    const spec = parsePrompt(prompt);
    const { spans, unknown } = spec.interpretation!;
    for (const span of spans) expect(prompt.slice(span.start, span.end)).toBe(span.text);
    expect(unknown).toEqual(['zorblax']);
    // Non-space characters are covered by spans, except the unknown word.
    const covered = new Set(spans.flatMap((s) => Array.from({ length: s.end - s.start }, (_, i) => s.start + i)));
    const uncovered = [...prompt].map((ch, i) => (ch !== ' ' && !covered.has(i) ? ch : '')).join('');
    expect(uncovered).toBe('zorblax');
  });

  it('gives function words grammar spans and content words fields', () => {
    const spec = parsePrompt('a basketball drops from 2 meters onto a wooden floor and bounces');
    const role = (text: string) => spec.interpretation!.spans.find((s) => s.text === text);
    expect(role('a')?.role).toBe('grammar');
    expect(role('and')?.role).toBe('grammar');
    expect(role('basketball')).toMatchObject({ role: 'object', field: 'bodies[0].kind' });
    expect(role('2 meters')).toMatchObject({ role: 'number', field: 'bodies[0].positionM[1]' });
    expect(role('wooden')).toMatchObject({ role: 'material', field: 'environment.ground.material' });
    expect(role('drops')?.role).toBe('action');
    expect(role('floor')?.role).toBe('surface');
  });

  it('a ball with no kind becomes a rubber ball, and says so', () => {
    const spec = parsePrompt('a ball');
    expect(spec.bodies[0]).toMatchObject({ kind: 'ball', material: 'rubber', name: 'rubber ball' });
    expect(spec.interpretation?.assumptions).toContain('"ball" with no kind: a rubber ball');
    expect(spec.interpretation?.assumptions.some((a) => a.startsWith('no height given'))).toBe(true);
  });
});

describe('parsePrompt: units and overrides', () => {
  it('converts a height in cm', () => {
    const spec = parsePrompt('a golf ball falls from 150 cm');
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(1.5, 12);
  });

  it('converts a height in feet', () => {
    const spec = parsePrompt('a marble is dropped from 6 ft onto concrete');
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(1.8288, 12);
    expect(spec.environment.ground?.material).toBe('concrete');
  });

  it('converts a speed in mph', () => {
    const spec = parsePrompt('a crate slides across the floor at 10 mph');
    expect(spec.bodies[0]!.linearVelocityMps[0]).toBeCloseTo(4.4704, 12);
  });

  it('applies restitution, friction and mass overrides', () => {
    const spec = parsePrompt('a ball dropped from 2 m onto concrete, restitution 0.7, friction 0.2, mass 3 kg');
    expect(spec.bodies[0]).toMatchObject({ restitution: 0.7, friction: 0.2, massKg: 3 });
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('reads a mass before the noun', () => {
    expect(parsePrompt('a 2 kg ball drops').bodies[0]!.massKg).toBe(2);
  });

  it('sets the ground from "on carpet" and "on ice"', () => {
    expect(parsePrompt('a tennis ball bounces on carpet').environment.ground?.material).toBe('carpet');
    expect(parsePrompt('a crate slides on ice at 3 m/s').environment.ground?.material).toBe('ice');
  });

  it('counts with digits, words and "a dozen"', () => {
    expect(parsePrompt('5 marbles fall').bodies).toHaveLength(5);
    expect(parsePrompt('twelve marbles fall').bodies).toHaveLength(12);
    expect(parsePrompt('a dozen golf balls fall onto a table').bodies).toHaveLength(12);
    expect(parsePrompt('half a dozen dominoes stand on a table').bodies).toHaveLength(6);
  });

  it('clamps an absurd height and says so', () => {
    const spec = parsePrompt('a ball falls from 10^9 m');
    expect(bottom(spec.bodies[0]!)).toBe(1000);
    expect(spec.interpretation?.assumptions.some((a) => a.includes('beyond the limit'))).toBe(true);
    expect(spec.durationS).toBeGreaterThan(14); // the fall alone takes 14.3 s
  });

  it('clamps an out-of-range restitution and count', () => {
    const spec = parsePrompt('1000 marbles fall, restitution 1.5');
    expect(spec.bodies).toHaveLength(100);
    expect(spec.bodies[0]!.restitution).toBe(1);
    expectNoInterpenetration(spec);
  });
});

describe('parsePrompt: errors', () => {
  const messageOf = (prompt: string): string => {
    try {
      parsePrompt(prompt);
    } catch (error) {
      expect(error).toBeInstanceOf(PromptError);
      return (error as Error).message;
    }
    throw new Error(`expected "${prompt.slice(0, 40)}" to be rejected`);
  };
  const oneSentence = (message: string) => {
    expect(message.endsWith('.')).toBe(true);
    expect(message.slice(0, -1)).not.toMatch(/[.!?]\s/);
  };

  it('rejects an empty or blank prompt', () => {
    for (const prompt of ['', '   \n\t ']) {
      const message = messageOf(prompt);
      expect(message).toMatch(/empty/);
      oneSentence(message);
    }
  });

  it('rejects a prompt with no object, naming it and suggesting one', () => {
    const message = messageOf('hello world');
    expect(message).toBe('No object found in "hello world": name one, such as "a tennis ball".');
    oneSentence(message);
    expect(messageOf('a ramp on the floor')).toMatch(/^No object found/);
  });

  it('absurd numbers give a clamped valid scene or a PromptError, never a raw validation error', () => {
    for (const prompt of ['100 1000 m bricks fall onto a table from 10^9 m', 'a marble rolls at 1e6 mph', 'a 1e9 kg crate', 'a 0 mm ball drops']) {
      try {
        expect(validateSceneSpec(parsePrompt(prompt))).toBeTruthy();
      } catch (error) {
        expect(error).toBeInstanceOf(PromptError);
        oneSentence((error as Error).message);
      }
    }
  });

  it('rejects a prompt over 10,000 characters', () => {
    const message = messageOf(`a ball ${'x'.repeat(10_001)}`);
    expect(message).toMatch(/10000 characters/);
    oneSentence(message);
  });
});

describe('parsePrompt: determinism', () => {
  it('same prompt and seed give identical JSON', () => {
    for (const prompt of ACCEPTANCE) {
      expect(JSON.stringify(parsePrompt(prompt, { seed: 42 }))).toBe(JSON.stringify(parsePrompt(prompt, { seed: 42 })));
    }
  });

  it('records the seed, 1 by default', () => {
    expect(parsePrompt('a ball').seed).toBe(1);
    expect(parsePrompt('a ball', { seed: 7 }).seed).toBe(7);
  });

  it('a different seed moves the scattered golf balls, keeping them valid', () => {
    const one = parsePrompt(ACCEPTANCE[5]!, { seed: 1 });
    const two = parsePrompt(ACCEPTANCE[5]!, { seed: 2 });
    expect(one.bodies.map((b) => b.positionM)).not.toEqual(two.bodies.map((b) => b.positionM));
    expectNoInterpenetration(two);
  });
});

describe('parsePrompt: more scenes', () => {
  it('a second clause gets its own place, clear of the first and of the table', () => {
    const spec = parsePrompt('a tennis ball falls onto a table and a crate slides across the floor at 1 m/s');
    const crate = spec.bodies.find((b) => b.kind === 'crate')!;
    expect(crate.linearVelocityMps).toEqual([1, 0, 0]);
    expect(crate.positionM[1]).toBeCloseTo(0.25, 12);
    // The crate's footprint is clear of the table's (0.9 m deep, centred at the origin).
    expect(crate.positionM[2] - 0.25).toBeGreaterThan(0.45);
  });

  it('a ball dropped onto a crate starts above the crate', () => {
    const spec = parsePrompt('a tennis ball drops onto a crate');
    const [ball, crate] = spec.bodies as [BodySpec, BodySpec];
    expect(crate.positionM[1]).toBeCloseTo(0.25, 12);
    expect(bottom(ball)).toBeCloseTo(0.5 + 1, 9);
    expect(Math.abs(ball.positionM[0] - crate.positionM[0])).toBeLessThan(0.25);
  });

  it('a ball thrown horizontally gets a horizontal velocity', () => {
    const spec = parsePrompt('a ball is thrown horizontally at 5 m/s from 2 m high');
    expect(spec.bodies[0]!.linearVelocityMps).toEqual([5, 0, 0]);
    expect(bottom(spec.bodies[0]!)).toBeCloseTo(2, 12);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('a crate on a ramp is tilted to the slope', () => {
    const spec = parsePrompt('a crate slides down a 20° incline');
    expect(item(spec, 'ramp').angleDeg).toBe(20);
    expect(spec.bodies[0]!.rotationDeg).toEqual([0, 0, -20]);
  });
});

describe('parsePrompt: liquids', () => {
  it('"a wooden ball floats in a tank of water while a steel ball sinks": a half-full tank of water, both balls dropped in at its surface', () => {
    const spec = parsePrompt('a wooden ball floats in a tank of water while a steel ball sinks');
    const tank = item(spec, 'tank');
    const water = spec.fluids[0]!;
    expect(water).toMatchObject({ liquid: 'water', targetId: 'tank' });
    // The block of liquid fills the tank's inside to half its inner height.
    expect(water.boxM!.minM).toEqual([-tank.sizeM[0] / 2 + tank.wallM, tank.wallM, -tank.sizeM[2] / 2 + tank.wallM]);
    expect(water.boxM!.maxM[1]).toBeCloseTo(tank.wallM + 0.5 * (tank.sizeM[1] - tank.wallM), 9);
    // "sinks" is the verb here, not three kitchen sinks.
    expect(spec.bodies.map((b) => [b.material, b.shape.type])).toEqual([['wood', 'sphere'], ['steel', 'sphere']]);
    for (const b of spec.bodies) expect(b.positionM[1]).toBeCloseTo(water.boxM!.maxM[1], 9);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('"water pours from a jug into a glass": the jug holds the pour, stands clear of the glass, and a hand tilts it about its lip over the glass', () => {
    const spec = parsePrompt('water pours from a jug into a glass');
    const [jug, glass] = spec.bodies as [BodySpec, BodySpec];
    expect([jug.kind, glass.kind]).toEqual(['jug', 'glass']);
    if (jug.shape.type !== 'cup' || glass.shape.type !== 'cup') throw new Error('jug and glass are cups');
    const water = spec.fluids[0]!;
    expect(water).toMatchObject({ liquid: 'water', action: 'pour', sourceId: jug.id, targetId: glass.id });
    expect(water.stream).toBeUndefined();
    // It holds the pour, 60 % of the glass (filled deeper by what the solver's fill loses to its bottom), not more than the glass takes.
    expect(containerVolumeM3(jug.shape, water.fillFraction!)).toBeGreaterThan(containerVolumeM3(glass.shape, 0.6));
    expect(containerVolumeM3(jug.shape, water.fillFraction!)).toBeLessThan(containerVolumeM3(glass.shape, 1));
    // Upright at first, beside the glass (not in it) and above the floor.
    expect(jug.fixed).toBe(false);
    expect(jug.rotationDeg).toEqual([0, 0, 0]);
    expect(jug.positionM[0] - jug.shape.radiusM).toBeGreaterThan(glass.positionM[0] + glass.shape.radiusM);
    expect(jug.positionM[1] - jug.shape.heightM / 2).toBeGreaterThan(0);
    // Then tilted past level, its lip ending over the glass's opening and above its rim.
    const path = jug.path!, last = path.at(-1)!;
    for (let i = 1; i < path.length; i++) expect(path[i]!.rotationDeg[2]).toBeGreaterThanOrEqual(path[i - 1]!.rotationDeg[2]);
    expect(last.rotationDeg[2]).toBeGreaterThan(90);
    const t = (last.rotationDeg[2] * Math.PI) / 180, [lx, ly] = [-jug.shape.radiusM, jug.shape.heightM / 2];
    const lip = [last.positionM[0] + lx * Math.cos(t) - ly * Math.sin(t), last.positionM[1] + lx * Math.sin(t) + ly * Math.cos(t)];
    expect(Math.abs(lip[0]! - glass.positionM[0])).toBeLessThan(innerRadiusM(glass.shape));
    expect(lip[1]).toBeGreaterThan(glass.positionM[1] + glass.shape.heightM / 2);
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('liquids staged for the GPU get 8 times the particles: half the cells, the same volumes, and a line saying so', () => {
    for (const prompt of ['water pours from a jug into a glass', 'an ice cube drops into a glass of whiskey', 'a dam breaks and the water floods a row of dominoes']) {
      const cpu = parsePrompt(prompt), gpu = parsePrompt(prompt, { liquidParticleScale: GPU_LIQUID_PARTICLE_SCALE });
      const [a, b] = [cpu.fluids[0]!, gpu.fluids[0]!];
      expect(b.cellM! / a.cellM!, prompt).toBeGreaterThan(0.45);
      expect(b.cellM! / a.cellM!, prompt).toBeLessThan(0.55);
      expect(b.volumeL).toBe(a.volumeL);
      expect(gpu.interpretation!.assumptions.at(-1)).toMatch(/staged for the GPU solver: 8 times the particles/);
      expect(cpu.interpretation!.assumptions.join(' ')).not.toMatch(/GPU/);
    }
    expect(() => parsePrompt('water pours from a jug into a glass', { liquidParticleScale: 0 })).toThrow(PromptError);
  });

  it('"a bucket of water tips over onto the floor": the bucket half full, tipped over the edge of its base, its spill running off open sides', () => {
    const spec = parsePrompt('a bucket of water tips over onto the floor');
    const bucket = spec.bodies[0]!;
    const water = spec.fluids[0]!;
    expect(water).toMatchObject({ sourceId: bucket.id, fillFraction: 0.5, openSides: true });
    // It turns about the base's +x edge: the centre moves with ω × r, r from that edge to the centre.
    const [, , wz] = bucket.angularVelocityRadps;
    expect(wz).toBeLessThan(-4);
    expect(bucket.linearVelocityMps[0]).toBeCloseTo(-wz * bucket.positionM[1], 6);
    expect(bucket.linearVelocityMps[1]).toBeCloseTo(-wz * 0.12, 6);
    expect(water.domainM!.maxM[0]).toBeGreaterThan(1);
  });

  it('"a glass of water tips over on a table": its spill is simulated over the table\'s top, on a grid the solver can run in seconds', () => {
    const spec = parsePrompt('a glass of water tips over on a table');
    const water = spec.fluids[0]!, table = spec.environment.items.find((i) => i.kind === 'table')!;
    const { minM, maxM } = water.domainM!, h = water.cellM!;
    expect(table.kind === 'table' && table.sizeM[1]).toBe(0.75);
    // Down to one cell under the top (the top is the grid's floor), not down to the floor 75 cm below.
    expect(minM[1]).toBeCloseTo(0.75 - h, 9);
    // Within the top's footprint (1.6 × 0.9 m at the centre).
    expect(minM[0]).toBeGreaterThanOrEqual(-0.8 - 2 * h);
    expect(maxM[0]).toBeLessThanOrEqual(0.8);
    expect(Math.max(Math.abs(minM[2]), Math.abs(maxM[2]))).toBeLessThanOrEqual(0.45);
    const cells = [0, 1, 2].reduce((n, k) => n * Math.ceil((maxM[k]! - minM[k]!) / h), 1);
    expect(cells).toBeLessThan(60_000);
    expect(spec.interpretation!.assumptions.join(' ')).toMatch(/spills over the table's top \(what runs off its edge leaves the simulation\)/);
  });

  it('"an ice cube drops into a glass of whiskey": the glass half full of whiskey, the cube 10 cm above its rim, cells that resolve the cube', () => {
    const spec = parsePrompt('an ice cube drops into a glass of whiskey');
    const [cube, glass] = spec.bodies as [BodySpec, BodySpec];
    expect(spec.fluids[0]).toMatchObject({ liquid: 'whiskey', targetId: glass.id, fillFraction: 0.5 });
    expect(bottom(cube) - (glass.positionM[1] + 0.055)).toBeCloseTo(0.1, 9);
    expect(spec.fluids[0]!.cellM! * 5).toBeLessThanOrEqual(2 * Math.cbrt((3 * 0.025 ** 3) / (4 * Math.PI)) + 1e-4);
  });

  it('"honey drips onto a plate": the plate rests on the floor, drops fall onto its middle', () => {
    const spec = parsePrompt('honey drips onto a plate');
    const plate = spec.bodies[0]!;
    expect(bottom(plate)).toBeCloseTo(0, 9);
    expect(plate.linearVelocityMps).toEqual([0, 0, 0]);
    const honey = spec.fluids[0]!;
    expect(honey).toMatchObject({ liquid: 'honey', action: 'drip', targetId: plate.id });
    expect(honey.drops!.originM[0]).toBeCloseTo(plate.positionM[0], 9);
    expect(honey.drops!.originM[1]).toBeGreaterThan(plate.positionM[1] + 0.05);
  });

  it('"a dam breaks and the water floods a row of dominoes": a water column at the back of a channel that holds the dominoes', () => {
    const spec = parsePrompt('a dam breaks and the water floods a row of dominoes');
    const channel = item(spec, 'tank');
    const water = spec.fluids[0]!;
    expect(water).toMatchObject({ action: 'flood', sourceId: channel.id });
    const inner = { x0: channel.positionM[0] - channel.sizeM[0] / 2 + channel.wallM, x1: channel.positionM[0] + channel.sizeM[0] / 2 - channel.wallM };
    expect(water.boxM!.minM[0]).toBeCloseTo(inner.x0, 9);
    for (const d of spec.bodies) {
      expect(d.kind).toBe('domino');
      expect(d.positionM[0]).toBeGreaterThan(water.boxM!.maxM[0]);
      expect(d.positionM[0]).toBeLessThan(inner.x1);
      expect(bottom(d)).toBeCloseTo(channel.wallM, 9);
    }
    expect(spec.interpretation?.unknown).toEqual([]);
  });

  it('"sink" after an article is still a sink', () => {
    expect(parsePrompt('a ball rolls into a sink').bodies.some((b) => b.kind === 'sink')).toBe(true);
  });
});
