/**
 * Small fluid states shared by the tests, the CPU/GPU comparison (sim/gpu/compare.ts) and the bench:
 * a dam-break column (water, or a viscous liquid whose walls are no-slip), a column that drains
 * through open sides, and tanks with moving bodies given as rigid parts (`movingSolids` turns them
 * into MpmFluid.setMovingSolids' inputs, as coupling.ts does for Rapier's bodies); and a small whole
 * scene for running a session's liquids on the GPU against the CPU (floodWithTapSpec).
 */
import { validateSceneSpec, type FluidSpec, type SceneSpec } from '../../scene/spec.ts';
import { insideGrownPart } from './boundary.ts';
import { buildFluid } from './scene.ts';
import type { Part, Vec3 } from '../../scene/geometry.ts';
import type { MpmFluid } from './mpm.ts';

type Box = { minM: Vec3; maxM: Vec3 };

/** A solver for one block of liquid `boxM` in the domain `domainM` on a concrete ground, plus fixed boxes (static solids). */
function blockFluid(liquid: FluidSpec['liquid'], cellM: number, boxM: Box, domainM: Box, openSides = false, fixedBoxes: { sizeM: Vec3; positionM: Vec3 }[] = []): MpmFluid {
  const spec = validateSceneSpec({
    version: 1, seed: 1,
    // A marker outside the domain when there is no fixed box (a scene has at least one body).
    bodies: (fixedBoxes.length > 0 ? fixedBoxes : [{ sizeM: [0.05, 0.05, 0.05], positionM: [30, 0.025, 30] }]).map((b, i) => (
      { id: `fixed${i}`, name: `fixed ${i}`, kind: 'cube', shape: { type: 'box', sizeM: b.sizeM }, material: 'wood', fixed: true, positionM: b.positionM })),
    fluids: [{ id: 'liquid', name: 'liquid', liquid, action: 'flood', volumeL: 1e5, boxM, domainM, cellM, openSides }],
    environment: { ground: { material: 'concrete' } },
  });
  const fluid = buildFluid(spec, spec.fluids[0]);
  if (!fluid) throw new Error('fixture fluid not built');
  return fluid.solver;
}

/**
 * A small dam-break column (about 2k particles at cell 0.05 m) for the comparison; `cellM` scales it.
 * Honey or syrup on a cell where the liquid is no-slip (MpmFluid.noSlip) tests the no-slip walls.
 */
export function comparisonFluid(cellM = 0.05, columnM = 0.3, liquid: FluidSpec['liquid'] = 'water'): MpmFluid {
  return blockFluid(liquid, cellM, { minM: [0, 0, 0], maxM: [columnM, columnM, 4 * cellM] },
    { minM: [-cellM, -cellM, -cellM], maxM: [4 * columnM + cellM, 2 * columnM + cellM, 5 * cellM] });
}

/**
 * A dam-break column with open sides (768 particles at cell 0.05 m): its −x face borders the layer of
 * cells that drains on that side, its +x face is one cell from the other, its z faces one cell from
 * theirs; its surge starts draining after about 35 substeps, a few particles a substep, and by 60
 * about 6 % of it has left.
 */
export function openSidesFluid(cellM = 0.05, columnM = 0.3): MpmFluid {
  return blockFluid('water', cellM, { minM: [cellM, 0, 2 * cellM], maxM: [cellM + columnM, 0.7 * columnM, 6 * cellM] },
    { minM: [-cellM, -cellM, -cellM], maxM: [columnM + 4 * cellM, 2 * columnM, 9 * cellM] }, true);
}

/** A rigid body for `movingSolids`: one part (its position is the body's centre), linear and angular velocity. */
export interface RigidPart { part: Part; velocityMps: Vec3; angularRadps: Vec3 }

/** The inputs of MpmFluid.setMovingSolids. */
export interface MovingSolids { bodyOf: Int16Array; velocity: Float64Array; centres: Float64Array }

/**
 * Rasterises rigid parts into a fluid's grid as moving solids: a cell whose centre is inside a part
 * (an earlier part wins) is that body's, with the rigid velocity v + ω × (x − centre) in cells/s; the
 * domain's shell is never a body's (coupling.ts prepare does this for Rapier's bodies).
 */
export function movingSolids(fluid: MpmFluid, bodies: readonly RigidPart[]): MovingSolids {
  const { nx, ny, nz } = fluid, h = fluid.config.cellM, o = fluid.config.originM;
  const bodyOf = new Int16Array(nx * ny * nz).fill(-1), velocity = new Float64Array(nx * ny * nz * 3);
  const centres = new Float64Array(bodies.length * 3);
  bodies.forEach(({ part, velocityMps: v, angularRadps: w }, b) => {
    const p = part.positionM;
    for (let k = 0; k < 3; k++) centres[b * 3 + k] = fluid.toGrid(p[k], k as 0 | 1 | 2);
    for (let z = 1; z < nz - 1; z++) for (let y = 1; y < ny - 1; y++) for (let x = 1; x < nx - 1; x++) {
      const c = (z * ny + y) * nx + x, at: Vec3 = [o[0] + (x + 0.5) * h, o[1] + (y + 0.5) * h, o[2] + (z + 0.5) * h];
      if (bodyOf[c] >= 0 || !insideGrownPart(part, at, 0)) continue;
      bodyOf[c] = b;
      const r = [at[0] - p[0], at[1] - p[1], at[2] - p[2]];
      velocity[c * 3] = (v[0] + w[1] * r[2] - w[2] * r[1]) / h;
      velocity[c * 3 + 1] = (v[1] + w[2] * r[0] - w[0] * r[2]) / h;
      velocity[c * 3 + 2] = (v[2] + w[0] * r[1] - w[1] * r[0]) / h;
    }
  });
  return { bodyOf, velocity, centres };
}

const IDENTITY: [number, number, number, number] = [0, 0, 0, 1];

/**
 * A 3D tank of water 0.2 m deep (about 2.3k particles on 5 cm cells) with two moving bodies for
 * the coupling comparison: a box pushed through the surface along +x at 1 m/s (its leading and
 * trailing faces cross cell centres within a few steps, so the liquid is pushed out ahead of it and
 * flows back behind it), and a ball spinning about z at 3 rad/s half under the surface, whose bottom
 * rests partly on a fixed one-cell block (a side with wetted and dry faces). `bodiesAt(t)` gives
 * their moving solids at time t (s).
 */
export function coupledTank(): { fluid: MpmFluid; bodiesAt(tS: number): MovingSolids } {
  const h = 0.05;
  const fluid = blockFluid('water', h, { minM: [0, 0, 0], maxM: [0.6, 0.2, 0.3] }, { minM: [-h, -h, -h], maxM: [0.6 + h, 0.4, 0.3 + h] }, false,
    [{ sizeM: [0.04, 0.04, 0.04], positionM: [0.425, 0.025, 0.125] }]);
  const boxSpeed = 1;
  return {
    fluid,
    bodiesAt: (t) => movingSolids(fluid, [
      { part: { shape: { type: 'box', sizeM: [0.1, 0.2, 0.1] }, positionM: [0.11 + boxSpeed * t, 0.15, 0.15], quaternion: IDENTITY }, velocityMps: [boxSpeed, 0, 0], angularRadps: [0, 0, 0] },
      { part: { shape: { type: 'sphere', radiusM: 0.09 }, positionM: [0.45, 0.14, 0.15], quaternion: IDENTITY }, velocityMps: [0, 0, 0], angularRadps: [0, 0, 3] },
    ]),
  };
}

/**
 * A square tank of water about a third as deep as it is wide, filled to roughly `particles`
 * particles on 2 cm cells, with a ball of a third of the depth floating half under in its middle
 * (at rest): the bench's coupled scene at any size.
 */
export function benchTank(particles: number): { fluid: MpmFluid; bodies: MovingSolids } {
  const h = 0.02, cells = particles / 8;
  const side = Math.max(4, Math.round(Math.cbrt(3 * cells))), depth = Math.max(2, Math.round(cells / (side * side)));
  const [w, d] = [side * h, depth * h];
  const fluid = blockFluid('water', h, { minM: [0, 0, 0], maxM: [w, d, w] }, { minM: [-h, -h, -h], maxM: [w + h, 2 * d + h, w + h] });
  const ball: RigidPart = { part: { shape: { type: 'sphere', radiusM: d / 6 }, positionM: [w / 2, d, w / 2], quaternion: IDENTITY }, velocityMps: [0, 0, 0], angularRadps: [0, 0, 0] };
  return { fluid, bodies: movingSolids(fluid, [ball]) };
}

/**
 * A 0.8 m tank on 4 cm cells: a column of water (about 700 particles) released at one end, a tap
 * pouring in at the other, and a wooden ball in the flood's way, for `durationS`.
 */
export function floodWithTapSpec(durationS = 0.3): SceneSpec {
  const domainM: Box = { minM: [-0.44, -0.04, -0.14], maxM: [0.44, 0.5, 0.14] };
  return validateSceneSpec({
    version: 1, seed: 1, durationS,
    bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.05 }, material: 'wood', positionM: [0.05, 0.09, 0] }],
    fluids: [
      { id: 'water', name: 'water', liquid: 'water', action: 'flood', volumeL: 8, boxM: { minM: [-0.38, 0.04, -0.08], maxM: [-0.18, 0.3, 0.08] }, domainM, cellM: 0.04 },
      { id: 'tap', name: 'tap', liquid: 'water', action: 'pour', volumeL: 0.5, stream: { originM: [0.25, 0.4, 0], velocityMps: [0, -1, 0], radiusM: 0.03 }, domainM, cellM: 0.04 },
    ],
    environment: { setting: 'studio', ground: { material: 'concrete' }, items: [{ id: 'tank', name: 'tank', kind: 'tank', material: 'glass', positionM: [0, 0, 0], sizeM: [0.88, 0.5, 0.28], wallM: 0.04 }] },
  });
}
