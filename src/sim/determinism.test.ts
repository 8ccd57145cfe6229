/**
 * Determinism and ownership: the same spec gives the same timeline hash on every run; a different
 * input gives a different hash; PhysicsWorld.dispose() frees its WASM objects once and guards reuse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSceneSpec } from '../scene/spec.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate } from './simulate.ts';
import { timelineHash } from './hash.ts';
import { PhysicsWorld } from './world.ts';
import { pileSpec } from './fixtures.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

describe('determinism', () => {
  it('the same spec gives the same timeline hash, run after run', () => {
    const spec = validateSceneSpec(pileSpec());
    const first = timelineHash(simulate(rapier, spec));
    const second = timelineHash(simulate(rapier, spec));
    expect(second).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a 1 mm change in one start position changes the hash', () => {
    const a = timelineHash(simulate(rapier, validateSceneSpec(pileSpec())));
    const b = timelineHash(simulate(rapier, validateSceneSpec(pileSpec(0.001))));
    expect(b).not.toBe(a);
  });
});

describe('ownership', () => {
  it('dispose() frees the world once and refuses further steps', () => {
    const world = new PhysicsWorld(rapier, validateSceneSpec(pileSpec()));
    world.stepFixed([]);
    world.dispose();
    expect(world.isDisposed).toBe(true);
    expect(() => world.dispose()).not.toThrow();
    expect(() => world.stepFixed([])).toThrow(/after dispose/);
  });
});
