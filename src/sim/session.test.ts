/**
 * World state across shots and the explosion guard: shots run on one world (continuity at every
 * cut, bit for bit, and through restored snapshots); branching with no change reproduces the
 * original hash; a branch with a change differs only after its moment and leaves the original
 * intact; the timeline's energies, velocities and joint anchors agree with the physics; a body
 * flying past the bound or a NaN stops the run with a message naming the body and the step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSceneSpec, type SceneSpecInput } from '../scene/spec.ts';
import { loadRapier, type Rapier } from './rapier.ts';
import { simulate, Simulation } from './simulate.ts';
import { branchFrom, resumeAt, shotSnapshot, simulateSession } from './session.ts';
import { timelineHash } from './hash.ts';
import { pileSpec } from './fixtures.ts';

let rapier: Rapier;
beforeAll(async () => { rapier = await loadRapier(); });

const shotSpec = (skip = 0) => validateSceneSpec({
  ...pileSpec(), durationS: 1,
  shots: [{ id: 'wide', durationS: 0.75 }, { id: 'close', durationS: 0.5, framing: 'close-up' }, { id: 'later', durationS: 0.5, skipBeforeS: skip }],
});

describe('shots on one world', () => {
  it('records each shot’s start and end; a skip leaves a gap the world runs through; the run lasts to the last shot', () => {
    const timeline = simulate(rapier, shotSpec(0.25));
    expect(timeline.shotCuts).toEqual([
      { shotId: 'wide', t: 0, endT: 0.75, skippedS: 0 },
      { shotId: 'close', t: 0.75, endT: 1.25, skippedS: 0 },
      { shotId: 'later', t: 1.5, endT: 2, skippedS: 0.25 },
    ]);
    expect(timeline.durationS).toBe(2);
    expect(timeline.frames.at(-1)!.t).toBeCloseTo(2, 9);
  });

  it('continuity: at every cut without skipped time, the end of shot k is the start of shot k+1, bit for bit, also from its snapshot', () => {
    const session = simulateSession(rapier, shotSpec(), { snapshotEveryS: 0 });
    const { frames, shotCuts } = session.timeline;
    for (let k = 0; k + 1 < shotCuts.length; k++) {
      const end = frames.find((f) => Math.abs(f.t - shotCuts[k].endT!) < 1e-9)!;
      const start = frames.find((f) => Math.abs(f.t - shotCuts[k + 1].t) < 1e-9)!;
      expect(start.positions).toEqual(end.positions);
      expect(start.quaternions).toEqual(end.quaternions);
      // Jumping to the shot: a simulation resumed from the cut's snapshot shows the same frame.
      expect(shotSnapshot(session, shotCuts[k + 1].shotId)).toBeDefined();
      const resumed = resumeAt(rapier, session, shotCuts[k + 1].t);
      try {
        expect(resumed.frames.at(-1)!.positions).toEqual(start.positions);
        expect(resumed.frames.at(-1)!.quaternions).toEqual(start.quaternions);
      } finally {
        resumed.dispose();
      }
    }
  });
});

describe('snapshots and branches', () => {
  it('determinism: a session gives the same hash as simulate(), and branching with no change gives it again', () => {
    const spec = validateSceneSpec(pileSpec());
    const plain = timelineHash(simulate(rapier, spec));
    const session = simulateSession(rapier, spec, { snapshotEveryS: 0.5 });
    expect(timelineHash(session.timeline)).toBe(plain);
    for (const tS of [0, 0.5, 1.3, 2.2]) expect(timelineHash(branchFrom(rapier, session, tS, {}).timeline), `branch at ${tS} s`).toBe(plain);
  });

  it('a branch with a change differs only after its moment and leaves the original intact', () => {
    const spec = validateSceneSpec({
      version: 1, seed: 1, durationS: 3,
      bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.1 }, material: 'rubber', massKg: 0.5, restitution: 0.8, positionM: [0, 2.1, 0] }],
      environment: { ground: { material: 'wood' } },
    });
    const session = simulateSession(rapier, spec);
    const before = timelineHash(session.timeline);
    const branch = branchFrom(rapier, session, 1, { bodies: { ball: { restitution: 0.3 } } });
    expect(timelineHash(session.timeline)).toBe(before);
    expect(branch.branch?.fromT).toBeCloseTo(1, 9);
    const cut = branch.timeline.frames.findIndex((f) => f.t > 1 + 1e-9);
    expect(branch.timeline.frames.slice(0, cut)).toEqual(session.timeline.frames.slice(0, cut));
    expect(branch.timeline.frames).toHaveLength(session.timeline.frames.length);
    // Lower restitution from t = 1 s: the later apexes are lower.
    const peak = (tl: typeof branch.timeline) => Math.max(...tl.frames.filter((f) => f.t > 2).map((f) => f.positions[0][1]));
    expect(peak(branch.timeline)).toBeLessThan(peak(session.timeline) * 0.5);
    // Gravity and friction patches run, and a bad value is refused with the field named.
    expect(branchFrom(rapier, session, 0.5, { gravity: [0, -1.62, 0], surfaces: { floor: { friction: 0.1 } } }).timeline.frames.at(-1)!.potentialJ![0]).toBeGreaterThan(0);
    expect(() => branchFrom(rapier, session, 0.5, { bodies: { ball: { restitution: 2 } } })).toThrow(/bodies.ball.restitution/);
  });
});

describe('measurements in the timeline', () => {
  it('energies: a falling ball trades potential for kinetic energy; velocities are m/s; joint anchors follow the bob', () => {
    const spec = validateSceneSpec({
      version: 1, seed: 1, durationS: 0.5, environment: { ground: null },
      bodies: [{ id: 'bob', name: 'bob', kind: 'ball', shape: { type: 'sphere', radiusM: 0.05 }, material: 'steel', massKg: 2, positionM: [0.5, 2, 0], angularVelocityRadps: [0, 3, 0] }],
      joints: [{ id: 'rope', type: 'rope', a: 'world', b: 'bob', anchorAM: [0, 5, 0], anchorBM: [0.5, 2, 0], lengthM: 10 }],
    });
    const timeline = simulate(rapier, spec, { fps: 60 });
    const first = timeline.frames[0], last = timeline.frames.at(-1)!;
    expect(first.potentialJ![0]).toBeCloseTo(2 * 9.81 * 2, 5);
    const spinJ = 0.5 * (0.4 * 2 * 0.05 ** 2) * 9; // ½ I ω², I = (2/5) m r²
    expect(first.kineticJ![0]).toBeCloseTo(spinJ, 4);
    expect(last.velocitiesMps![0][1]).toBeCloseTo(-9.81 * 0.5, 1);
    expect(last.kineticJ![0] + last.potentialJ![0]).toBeCloseTo(first.kineticJ![0] + first.potentialJ![0], 1);
    expect(timeline.joints).toEqual([{ id: 'rope', type: 'rope', a: 'world', b: 'bob' }]);
    expect(last.jointAnchorsM![0][0]).toEqual([0, 5, 0]);
    expect(last.jointAnchorsM![0][1][1]).toBeCloseTo(last.positions[0][1], 5);
    expect(timeline.halted).toBeNull();
  });

  it('a 10 s scene of 24 bodies stays a reasonable size', () => {
    const json = JSON.stringify(simulate(rapier, validateSceneSpec(pileSpec()), { durationS: 10 }));
    expect(json.length).toBeLessThan(6e6);
  });
});

describe('explosion guard', () => {
  // Starts 9.5 km out: at 100 m/s it passes the 10 km bound at t = 5 s.
  const flyer = (speedMps: number): SceneSpecInput => ({
    version: 1, seed: 1, durationS: 6, gravity: [0, 0, 0], environment: { ground: null },
    bodies: [{ id: 'rocket', name: 'rocket', kind: 'ball', shape: { type: 'sphere', radiusM: 0.1 }, material: 'steel', positionM: [9500, 1, 0], linearVelocityMps: [speedMps, 0, 0] }],
  });

  it('a body beyond 10 km stops the run, keeps the frames before, and names the body and the step', () => {
    const timeline = simulate(rapier, validateSceneSpec(flyer(100)));
    expect(timeline.halted).toMatchObject({ reason: 'bounds', bodyId: 'rocket' });
    const { step, t, message } = timeline.halted!;
    // 500 m at 100 m/s is 5 s; Rapier stores positions in single precision, whose 1 mm resolution at
    // 9.5 km rounds each 5 cm substep, so the crossing comes a few percent late.
    expect(t).toBeGreaterThan(4.9);
    expect(t).toBeLessThan(5.25);
    expect(message).toMatch(/step \d+/);
    expect(message).toContain('rocket');
    expect(timeline.frames.at(-1)!.t).toBeLessThan(t);
    expect(timeline.frames.every((f) => Math.abs(f.positions[0][0]) <= 1e4)).toBe(true);
    expect(step).toBe(Math.round(t / timeline.dt));
    // A run that stays inside the bound is not stopped.
    expect(simulate(rapier, validateSceneSpec(flyer(50))).halted).toBeNull();
  });

  it('a NaN or an energy blow-up stops the run at the next frame', () => {
    const spec = validateSceneSpec({ ...flyer(1), bodies: [{ ...flyer(1).bodies[0], positionM: [0, 1, 0] }] });
    type Body = { setLinvel(v: object, wake: boolean): void; setTranslation(v: object, wake: boolean): void };
    const pokes = [
      ['non-finite', (body: Body) => body.setTranslation({ x: NaN, y: 1, z: 0 }, true)],
      ['energy', (body: Body) => body.setLinvel({ x: 300, y: 0, z: 0 }, true)],
    ] as const;
    for (const [reason, poke] of pokes) {
      const simulation = new Simulation(rapier, spec, 60);
      try {
        simulation.step(0.5);
        // Reach inside to break the physics, as a numerical blow-up would (Rapier itself zeroes a NaN velocity).
        poke((simulation as unknown as { world: { bodies: Body[] } }).world.bodies[0]);
        const kept = simulation.frames.length;
        simulation.step(0.5);
        expect(simulation.halted).toMatchObject({ reason, bodyId: 'rocket' });
        expect(simulation.frames.length).toBe(kept);
        expect(simulation.timeline(1).halted?.message).toMatch(/^The simulation stopped at step \d+ \(t = 0\.\d+ s\) because .*rocket/);
      } finally {
        simulation.dispose();
      }
    }
  });
});
