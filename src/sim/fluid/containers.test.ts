/**
 * Containers coupled both ways with the liquid they hold (coupling.ts): a glass of water weighs on the
 * floor as glass plus water, stays at rest with ten times its own mass of water in it, a half-full
 * bucket tips as a filled one would (not as an empty one), an empty cup set on water floats (it blew up
 * within 0.1 s before the outer liquid's added mass was bounded: coupling.ts), and a run with a
 * container restores from a snapshot bit for bit. Small grids: seconds each.
 */
import { describe, expect, it } from 'vitest';
import { parsePrompt } from '../../scene/parser.ts';
import { restingHalfHeightM } from '../../scene/geometry.ts';
import { tipOverEdge } from '../../scene/liquid-scenes.ts';
import type { SceneSpec } from '../../scene/spec.ts';
import { timelineHash } from '../hash.ts';
import { loadRapier } from '../rapier.ts';
import { simulate, Simulation } from '../simulate.ts';
import { validateSceneSpec } from '../../scene/spec.ts';
import { runContainerWeight } from '../validation/fluids.ts';
import { CONTAINER_GROW_CELLS } from './coupling.ts';

const G = 9.81;

/** The y component of a body's up axis in the last recorded frame (1 upright, 0 on its side). */
function upY(sim: Simulation, body: number): number {
  const [x, , z] = sim.frames[sim.frames.length - 1]!.quaternions[body]!;
  return 1 - 2 * (x * x + z * z);
}

describe('a container and the liquid it holds', () => {
  // Ten times its own mass of water: the regime where the explicit scheme went unstable (coupling.ts).
  for (const massKg of [0.25, 0.01]) {
    it(`a ${massKg} kg glass half full of water (0.10 kg) presses on the floor with (m_glass + m_water) g, within 2 %, and stays at rest for 3 s`, async () => {
      const r = runContainerWeight(await loadRapier(), massKg);
      expect(r.waterKg / massKg).toBeGreaterThan(massKg < 0.1 ? 10 : 0.4);
      expect(r.halted).toBe(false);
      expect(Math.abs(r.supportN / r.expectedN - 1), `support ${r.supportN} N against ${r.expectedN} N`).toBeLessThan(0.02);
      // Without the water's weight it would be m_glass g: 9 % of the total for the light glass.
      expect(r.fastestMps).toBeLessThan(0.01);
      expect(r.upY).toBeGreaterThan(0.999);
    }, 120_000);
  }

  it('a half-full bucket tips as a filled one would: the empty bucket\'s spin (0.8 ω_min of bucket and water) goes over empty and not full; 1.3 ω_min of both takes it over, spilling', async () => {
    const rapier = await loadRapier();
    const staged = parsePrompt('a bucket of water tips over onto the floor');
    const bucket = staged.bodies[0]!;
    if (bucket.shape.type !== 'cup') throw new Error('the bucket is a cup shape');
    const empty = tipOverEdge(bucket.shape.bottomRadiusM ?? bucket.shape.radiusM, restingHalfHeightM(bucket.shape), -G);
    // The staging spins it for bucket and water together (liquid-scenes.ts tipOverEdge with its load).
    expect(-bucket.angularVelocityRadps[2]).toBeGreaterThan(1.5 * empty.spinRadps);
    const withSpin = (spec: SceneSpec, tip: { angularVelocityRadps: [number, number, number]; linearVelocityMps: [number, number, number] }): SceneSpec => ({
      ...spec, bodies: [{ ...spec.bodies[0]!, angularVelocityRadps: tip.angularVelocityRadps, linearVelocityMps: tip.linearVelocityMps }],
    });
    const run = async (spec: SceneSpec) => {
      const sim = new Simulation(rapier, spec, 60, { fluidEvery: 0 });
      const initial = sim.fluidSolvers[0]?.count ?? 0;
      sim.runToStep(360);
      const solver = sim.fluidSolvers[0];
      const positions = solver?.positionsM() ?? new Float64Array(0);
      const left = solver ? solver.count : 0, onFloor = solver ? Array.from({ length: solver.count }, (_, i) => positions[i * 3 + 1]!).filter((y) => y < 2 * solver.config.cellM).length : 0;
      const out = { up: upY(sim, 0), spilled: initial ? (initial - left + onFloor) / initial : 0, halted: sim.halted };
      sim.dispose();
      return out;
    };
    const emptyBucket = await run(withSpin({ ...staged, fluids: [] }, empty));
    const fullSlow = await run(withSpin(staged, empty));
    const fullFast = await run(staged);
    expect(emptyBucket.up).toBeLessThan(0.3);
    expect(fullSlow.halted).toBeNull();
    expect(fullSlow.up, 'half full, with the empty bucket\'s spin').toBeGreaterThan(0.95);
    expect(fullFast.up).toBeLessThan(0.3);
    expect(fullFast.spilled).toBeGreaterThan(0.6);
  }, 120_000);

  it('an empty 0.4 kg cup set on the water of a tank floats, upright and at rest, with dry insides', async () => {
    const R = 0.06, H = 0.08, waterTopM = 0.16, archimedesM = 0.4 / (1000 * Math.PI * R * R);
    const spec = validateSceneSpec({
      version: 1, seed: 1, durationS: 1.5,
      bodies: [{ id: 'cup', name: 'cup', kind: 'bowl', shape: { type: 'cup', radiusM: R, bottomRadiusM: R, heightM: H, wallM: 0.004, segments: 24 }, material: 'plastic', massKg: 0.4, positionM: [0, waterTopM - archimedesM + H / 2, 0] }],
      fluids: [{ id: 'water', name: 'water', liquid: 'water', action: 'rest', volumeL: 10, boxM: { minM: [-0.15, 0.04, -0.15], maxM: [0.15, waterTopM, 0.15] }, domainM: { minM: [-0.19, -0.04, -0.19], maxM: [0.19, 0.3, 0.19] }, cellM: 0.015 }],
      environment: { ground: { material: 'concrete' }, items: [{ id: 'tank', name: 'tank', kind: 'tank', material: 'glass', positionM: [0, 0, 0], sizeM: [0.38, 0.3, 0.38], wallM: 0.04 }] },
    });
    const sim = new Simulation(await loadRapier(), spec, 60, { fluidEvery: 0 });
    try {
      sim.runToStep(360);
      expect(sim.halted).toBeNull();
      const last = sim.frames.at(-1)!, bottomM = last.positions[0]![1] - H / 2;
      const solver = sim.fluidSolvers[0]!, p = solver.positionsM();
      let inside = 0;
      for (let i = 0; i < solver.count; i++) if (Math.hypot(p[3 * i]! - last.positions[0]![0], p[3 * i + 2]! - last.positions[0]![2]) < R && p[3 * i + 1]! > bottomM) inside++;
      const draftM = waterTopM - bottomM;
      // Afloat, in the water and not sunk. It floats high (23.5 mm against Archimedes' 35.4 mm): its
      // walls are grown by CONTAINER_GROW_CELLS cells and displace more (coupling.ts).
      const figure = `draft ${(draftM * 1000).toFixed(1)} mm against Archimedes' ${(archimedesM * 1000).toFixed(1)} mm, walls grown ${CONTAINER_GROW_CELLS} cells`;
      expect(draftM, figure).toBeGreaterThan(0.005);
      expect(draftM, figure).toBeLessThan(archimedesM);
      expect(upY(sim, 0)).toBeGreaterThan(0.95);
      expect(Math.hypot(...last.velocitiesMps![0]!)).toBeLessThan(0.05);
      expect(inside).toBeLessThan(10);
    } finally {
      sim.dispose();
    }
  }, 120_000);

  it('with a container in the liquid, the same spec gives the same timeline hash, and a restored snapshot continues bit for bit', async () => {
    const rapier = await loadRapier();
    const spec = { ...parsePrompt('a bucket of water tips over onto the floor'), durationS: 0.25 };
    expect(timelineHash(simulate(rapier, spec))).toBe(timelineHash(simulate(rapier, spec)));
    const whole = new Simulation(rapier, spec, 60, { snapshotSteps: [24] });
    whole.runToStep(60);
    const resumed = new Simulation(rapier, spec, 60, { restoreFrom: { snapshot: whole.snapshots[0]!, frames: whole.frames, contacts: whole.contacts, fluidFrames: whole.fluidFrames } });
    resumed.runToStep(60);
    expect(timelineHash(resumed.timeline(0.25))).toBe(timelineHash(whole.timeline(0.25)));
    whole.dispose(); resumed.dispose();
  }, 60_000);
});
