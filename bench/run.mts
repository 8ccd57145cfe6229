/**
 * `npm run bench`: figures, not tests. On these CPU machines, quote ratios, not absolute times.
 *
 * 1. Physics loop overhead: 1000 boxes falling onto the ground, stepped by our Simulation (fixed-step
 *    accumulator, impact tracking, frame recording) and by bare Rapier stepping the same world (same
 *    colliders, materials, combine rules, CCD, substeps and event queue; nothing read back). Runs alternate, three rounds each; the
 *    median ms per fixed step and the ratio ours / bare are printed.
 * 2. Snapshots: the cost of a full world snapshot (Rapier's World.takeSnapshot plus our state) and of
 *    restoring it, for the same 1000 boxes mid-fall, with its size in bytes; the median of five.
 * 3. Re-simulating after a slider change: a session of BRANCH_BOXES boxes over 10 s with snapshots
 *    every second, then branchFrom with a floor-friction change at t = 0, 5 and 9 s. Printed as ms and as
 *    ratios to the full run: branching late re-simulates only the rest.
 * 4. The timeline JSON size of that 10 s run.
 */
import { validateSceneSpec, type SceneSpec } from '../src/scene/spec.ts';
import { loadRapier, type Rapier } from '../src/sim/rapier.ts';
import { Simulation } from '../src/sim/simulate.ts';
import { branchFrom, simulateSession } from '../src/sim/session.ts';

const BOX_COUNT = 1000;
const STEPS = 120;
const ROUNDS = 3;

function fallingBoxes(count = BOX_COUNT, durationS = 4): SceneSpec {
  const side = Math.ceil(Math.cbrt(count));
  const bodies = Array.from({ length: count }, (_, i) => {
    const x = i % side, z = Math.floor(i / side) % side, y = Math.floor(i / (side * side));
    return {
      id: `box-${i}`, name: `box ${i}`, kind: 'cube',
      shape: { type: 'box' as const, sizeM: [0.2, 0.2, 0.2] as [number, number, number] },
      material: 'wood' as const,
      positionM: [(x - side / 2) * 0.3 + (y % 2) * 0.05, 0.3 + y * 0.3, (z - side / 2) * 0.3] as [number, number, number],
    };
  });
  return validateSceneSpec({ version: 1, seed: 1, durationS, bodies, environment: { ground: { material: 'concrete' } } });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeOurs(rapier: Rapier, spec: SceneSpec): number {
  const simulation = new Simulation(rapier, spec, spec.timestep.fps);
  const start = performance.now();
  for (let i = 0; i < STEPS; i++) simulation.step(spec.timestep.dtS);
  const ms = (performance.now() - start) / STEPS;
  simulation.dispose();
  return ms;
}

/** The same world through Rapier's API alone. */
function timeBare(rapier: Rapier, spec: SceneSpec): number {
  const world = new rapier.World({ x: 0, y: -9.81, z: 0 });
  world.timestep = spec.timestep.dtS / spec.timestep.substeps;
  world.integrationParameters.normalizedPredictionDistance = 0.002;
  const ground = world.createRigidBody(rapier.RigidBodyDesc.fixed().setTranslation(0, -0.5, 0));
  const Min = rapier.CoefficientCombineRule.Min;
  world.createCollider(rapier.ColliderDesc.cuboid(20, 0.5, 20).setRestitution(1).setFriction(0.6).setRestitutionCombineRule(Min).setFrictionCombineRule(Min), ground);
  for (const body of spec.bodies) {
    const rigidBody = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(...body.positionM).setCcdEnabled(true));
    world.createCollider(rapier.ColliderDesc.cuboid(0.1, 0.1, 0.1).setMass(5.6).setRestitution(0.5).setFriction(0.4)
      .setRestitutionCombineRule(Min).setFrictionCombineRule(Min).setActiveEvents(rapier.ActiveEvents.COLLISION_EVENTS), rigidBody);
  }
  const start = performance.now();
  const events = new rapier.EventQueue(true);
  for (let i = 0; i < STEPS * spec.timestep.substeps; i++) world.step(events);
  events.free();
  const ms = (performance.now() - start) / STEPS;
  world.free();
  return ms;
}

const rapier = await loadRapier();
const spec = fallingBoxes();
const ours: number[] = [], bare: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  ours.push(timeOurs(rapier, spec));
  bare.push(timeBare(rapier, spec));
}
const oursMs = median(ours), bareMs = median(bare);
console.log(`physics: ${BOX_COUNT} falling boxes, ${STEPS} fixed steps of ${(spec.timestep.dtS * 1000).toFixed(3)} ms (${spec.timestep.substeps} Rapier substeps each)`);
console.log(`  our simulation loop  ${oursMs.toFixed(2)} ms/step`);
console.log(`  bare Rapier          ${bareMs.toFixed(2)} ms/step`);
console.log(`  ratio ours / bare    ${(oursMs / bareMs).toFixed(3)}  (overhead ${((oursMs / bareMs - 1) * 100).toFixed(1)}%)`);

// ---- 2. snapshot and restore ----
const SNAPSHOT_ROUNDS = 5;
{
  const simulation = new Simulation(rapier, spec, spec.timestep.fps);
  simulation.step(0.25);
  const take: number[] = [], restore: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SNAPSHOT_ROUNDS; i++) {
    let start = performance.now();
    const snapshot = simulation.takeSnapshot();
    take.push(performance.now() - start);
    bytes = snapshot.world.rapierBytes.byteLength;
    start = performance.now();
    simulation.restore(snapshot, simulation.frames, simulation.contacts);
    restore.push(performance.now() - start);
  }
  simulation.dispose();
  console.log(`snapshots: ${BOX_COUNT} boxes mid-fall (median of ${SNAPSHOT_ROUNDS})`);
  console.log(`  take     ${median(take).toFixed(2)} ms   size ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes, ${(bytes / BOX_COUNT).toFixed(0)} per body)`);
  console.log(`  restore  ${median(restore).toFixed(2)} ms   (${(median(restore) / oursMs).toFixed(2)} fixed steps' worth)`);
}

// ---- 3. re-simulating 10 s after a slider change ----
const BRANCH_BOXES = 200;
{
  const busy = fallingBoxes(BRANCH_BOXES, 10);
  let start = performance.now();
  const session = simulateSession(rapier, busy, { snapshotEveryS: 1 });
  const fullMs = performance.now() - start;
  const plain = new Simulation(rapier, busy, busy.timestep.fps);
  start = performance.now();
  plain.runToStep(2400);
  const plainMs = performance.now() - start;
  plain.dispose();
  console.log(`re-simulation: ${BRANCH_BOXES} boxes, 10 s (2400 fixed steps), snapshots every 1 s (${session.snapshots.length} kept, ${(session.snapshots.reduce((s, x) => s + x.world.rapierBytes.byteLength, 0) / 1024).toFixed(0)} KiB)`);
  console.log(`  full run with snapshots   ${fullMs.toFixed(0)} ms   (without snapshots ${plainMs.toFixed(0)} ms: snapshot overhead ${((fullMs / plainMs - 1) * 100).toFixed(1)}%)`);
  for (const tS of [0, 5, 9]) {
    start = performance.now();
    branchFrom(rapier, session, tS, { surfaces: { floor: { friction: 0.3 } } });
    const ms = performance.now() - start;
    console.log(`  branchFrom(t = ${tS} s, floor friction → 0.3)  ${ms.toFixed(0)} ms   ratio to the full run ${(ms / fullMs).toFixed(3)}`);
  }
  const json = JSON.stringify(session.timeline);
  console.log(`timeline JSON: ${BRANCH_BOXES} bodies × 10 s at ${busy.timestep.fps} fps = ${(json.length / 1e6).toFixed(2)} MB (${(json.length / BRANCH_BOXES / 601).toFixed(0)} bytes per body per frame)`);
}
