/**
 * `npm run bench`: figures, not tests. On these CPU machines, quote ratios, not absolute times.
 *
 * 1. Physics loop overhead: 1000 boxes falling onto the ground, stepped by our Simulation (fixed-step
 *    accumulator, impact tracking, frame recording) and by bare Rapier stepping the same world (same
 *    colliders, materials, combine rules, CCD, substeps and event queue; nothing read back). Runs alternate, three rounds each; the
 *    median ms per fixed step and the ratio ours / bare are printed.
 */
import { validateSceneSpec, type SceneSpec } from '../src/scene/spec.ts';
import { loadRapier, type Rapier } from '../src/sim/rapier.ts';
import { Simulation } from '../src/sim/simulate.ts';

const BOX_COUNT = 1000;
const STEPS = 120;
const ROUNDS = 3;

function fallingBoxes(): SceneSpec {
  const side = Math.ceil(Math.cbrt(BOX_COUNT));
  const bodies = Array.from({ length: BOX_COUNT }, (_, i) => {
    const x = i % side, z = Math.floor(i / side) % side, y = Math.floor(i / (side * side));
    return {
      id: `box-${i}`, name: `box ${i}`, kind: 'cube',
      shape: { type: 'box' as const, sizeM: [0.2, 0.2, 0.2] as [number, number, number] },
      material: 'wood' as const,
      positionM: [(x - side / 2) * 0.3 + (y % 2) * 0.05, 0.3 + y * 0.3, (z - side / 2) * 0.3] as [number, number, number],
    };
  });
  return validateSceneSpec({ version: 1, seed: 1, bodies, environment: { ground: { material: 'concrete' } } });
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
