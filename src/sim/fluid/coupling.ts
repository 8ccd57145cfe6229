/**
 * Two-way coupling of the simulated liquids with Rapier's dynamic bodies (the fluids issue: the fluid
 * pushes bodies, bodies push the fluid), stepped by sim/simulate.ts around each fixed step:
 *
 *   apply(world)      the liquid's impulse on each body from the last fluid step → Rapier
 *   world.stepFixed   Rapier moves the bodies (gravity, contacts, that impulse)
 *   prepare(world)    each body, at its new pose, becomes solid cells of every fluid grid, with its
 *                     rigid velocity v + ω × r at each cell (MpmFluid.setMovingSolids)
 *   fluid.step        the liquid flows round the bodies: a face between a body cell and the liquid
 *                     carries the body's velocity (bodies push the fluid), and the pressure on those
 *                     faces is summed into a force and torque per body (MpmFluid.accumulateBodyForces)
 *   collect()         those impulses, relaxed (below), wait for the next apply
 *
 * This is the explicit ("weak") partitioned scheme with a one-step lag: the body sees the pressure of
 * the flow it caused one step earlier. With a pressure projection the pressure on a body at rest in
 * still water is exactly hydrostatic, so its integral over the body's faces is the buoyancy ρ g V of
 * the cells it fills (Archimedes); moving, the same integral carries form drag and added mass. Plain
 * explicit coupling is unstable once the added mass m_a exceeds the body's mass m: the body's
 * acceleration comes back one step later as a force m_a/m times larger and opposite (a light domino
 * broadside to a flood: m_a ≈ 2.4 m). So the impulse applied is relaxed towards the one measured,
 * J_applied += ω (J_measured − J_applied) each step with ω = m / (m + ρV) (ρ the liquid's density, V
 * the body's volume): the feedback factor becomes 1 − ω(1 + m_a/m), below 1 in size while m_a < (2/ω − 1) m
 * = (1 + 2ρV/m) m, i.e. for any body whose added mass is below twice the liquid it displaces plus its
 * own mass (a sphere's is half, a plate's broadside about one and a half times). A steady force
 * (buoyancy) is applied in full; a change reaches the body over about 1/ω steps (a few ms). This is
 * the added-mass relaxation of partitioned fluid–structure solvers (Causin, Gerbeau & Nobile, "Added-
 * mass effect in the design of partitioned algorithms for fluid–structure problems", CMAME 2005;
 * Küttler & Wall, "Fixed-point fluid–structure interaction solvers with dynamic relaxation", 2008).
 *
 * A cell belongs to a body when its centre is inside one of the body's parts (scene/geometry.ts
 * primitives, the same Rapier collides with); so the displaced volume is the body's volume up to the
 * staircase of the grid (a 4-cell-radius sphere: within a few per cent; a 2.5 cm ice cube on 6 mm
 * cells: 64 or 125 cells, −7 % or +80 %, depending on how it lies on the grid). A part thinner than a
 * cell along an axis (a domino's thickness, a plate's) is thickened to one cell along it, or the
 * liquid would pass through it. So the impulse measured on a body is scaled by its true volume over
 * the volume of the cells it fills that step: buoyancy is then ρ g V of the body itself, and whether
 * an ice cube (917 kg/m³) floats in whiskey (950 kg/m³) does not depend on its alignment with the
 * grid (a body the domain cuts off is left unscaled). Particles inside a body at the start are
 * removed (the body displaces that liquid); later, any a body moves onto are pushed out ahead of it.
 *
 * Containers (cup and open-box bodies: glasses, buckets, trays) hold liquid several times their own
 * mass, far beyond what the explicit scheme keeps stable, so they are coupled one way: their walls,
 * grown by CONTAINER_GROW_CELLS on every side like static walls (boundary.ts), so that a wall holds
 * the liquid at any tilt, move the liquid, and the liquid's pressure on them is not applied. The
 * liquid's weight is then missing from a container's contacts, and a tipping bucket turns like an
 * empty one.
 *
 * Determinism: everything here is float64 arithmetic in a fixed order; the pending impulses are part
 * of the Simulation snapshot.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import { insideGrownPart } from './boundary.ts';
import { multiplyQuat, rotateVec, shapeParts, shapeVolumeM3, type Part, type Quat, type Vec3 } from '../../scene/geometry.ts';
import type { PhysicsWorld } from '../world.ts';
import type { SimulatedFluid } from './scene.ts';

/** How far a container's walls are grown, in cells (see the header). */
export const CONTAINER_GROW_CELLS = 0.6;

interface CoupledBody {
  /** Index into the spec's (and the world's) body list. */
  index: number;
  /** Per fluid: the parts in the body's frame as rasterised into its grid (thin ones thickened). */
  parts: Part[][];
  /** Per fluid: how far the parts are grown when rasterised, m (containers only). */
  growM: number[];
  /** A container: the liquid's pressure on it is not applied (see the header). */
  oneWay: boolean;
  /** Relaxation factor of the impulse, m / (m + ρV) (see the header). */
  omega: number;
  /** The body's volume, m³. */
  volumeM3: number;
  /** Per fluid: its volume over the volume of the cells it was rasterised into this step (see the header). */
  volumeRatio: number[];
}

export class FluidCoupling {
  private readonly bodies: CoupledBody[];
  /**
   * Relaxed impulse from the liquids applied at each step, 6 per coupled body: linear (N·s), angular
   * about the centre of mass (N·m·s).
   */
  private pending: Float64Array;

  constructor(spec: SceneSpec, private readonly fluids: readonly SimulatedFluid[], world: PhysicsWorld) {
    const liquidDensity = Math.max(0, ...fluids.map((f) => f.solver.config.densityKgM3));
    this.bodies = spec.bodies.flatMap((body, index) => {
      if (body.fixed) return [];
      const parts = shapeParts(body.shape);
      const oneWay = body.shape.type === 'cup' || body.shape.type === 'open-box';
      const cells = fluids.map((f) => f.solver.config.cellM);
      const massKg = world.bodies[index].mass(), volumeM3 = shapeVolumeM3(body.shape);
      return [{
        index, oneWay, volumeM3, volumeRatio: cells.map(() => 1), omega: massKg / (massKg + liquidDensity * volumeM3),
        parts: cells.map((h) => (oneWay ? parts : parts.map((p) => thickened(p, h)))),
        growM: cells.map((h) => (oneWay ? CONTAINER_GROW_CELLS * h : 0)),
      }];
    });
    this.pending = new Float64Array(this.bodies.length * 6);
    // The bodies' starting cells: the liquid they overlap is displaced (removed), not pushed aside.
    this.prepare(world, true);
  }

  /** True when there is anything to couple. */
  get active(): boolean {
    return this.bodies.length > 0 && this.fluids.length > 0;
  }

  /** Gives each body (containers excepted) the liquids' impulse of the last fluid step. */
  apply(world: PhysicsWorld): void {
    this.bodies.forEach((b, i) => {
      const o = i * 6, p = this.pending;
      if (b.oneWay) return;
      if (p[o] === 0 && p[o + 1] === 0 && p[o + 2] === 0 && p[o + 3] === 0 && p[o + 4] === 0 && p[o + 5] === 0) return;
      const body = world.bodies[b.index];
      body.applyImpulse({ x: p[o], y: p[o + 1], z: p[o + 2] }, true);
      body.applyTorqueImpulse({ x: p[o + 3], y: p[o + 4], z: p[o + 5] }, true);
    });
  }

  /** Rasterises every body at its current pose into every fluid grid (see the header). */
  prepare(world: PhysicsWorld, removeInside = false): void {
    const poses = this.bodies.map((b) => {
      const body = world.bodies[b.index];
      const t = body.translation(), r = body.rotation(), v = body.linvel(), w = body.angvel(), com = body.worldCom();
      const q: Quat = [r.x, r.y, r.z, r.w];
      const parts = b.parts.map((list) => list.map((part): Part => {
        const p = rotateVec(part.positionM, q);
        return { shape: part.shape, positionM: [t.x + p[0], t.y + p[1], t.z + p[2]], quaternion: multiplyQuat(q, part.quaternion) };
      }));
      return { parts, v: [v.x, v.y, v.z] as Vec3, w: [w.x, w.y, w.z] as Vec3, com: [com.x, com.y, com.z] as Vec3 };
    });
    this.fluids.forEach((fluid, f) => {
      const s = fluid.solver, h = s.config.cellM, [ox, oy, oz] = s.config.originM;
      const cells = s.nx * s.ny * s.nz;
      const bodyOf = new Int16Array(cells).fill(-1);
      const velocity = new Float64Array(cells * 3);
      const centres = new Float64Array(this.bodies.length * 3);
      this.bodies.forEach((b, i) => {
        const pose = poses[i];
        for (let k = 0; k < 3; k++) centres[i * 3 + k] = s.toGrid(pose.com[k], k as 0 | 1 | 2);
        // Part by part, the cells under each part's bounding sphere: a cell already claimed (by an
        // earlier body, or by this body's earlier part) is skipped.
        let count = 0, whole = true;
        for (const part of pose.parts[f]) {
          const reach = partRadiusM(part) + b.growM[f];
          const from = [0, 1, 2].map((k) => Math.floor(s.toGrid(part.positionM[k] - reach, k as 0 | 1 | 2)));
          const to = [0, 1, 2].map((k) => Math.floor(s.toGrid(part.positionM[k] + reach, k as 0 | 1 | 2)));
          const lo = from.map((q) => Math.max(1, q)), hi = to.map((q, k) => Math.min(s.config.gridSize[k] - 2, q));
          if (from.some((q, k) => q !== lo[k]) || to.some((q, k) => q !== hi[k])) whole = false;
          for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) {
            const c = (z * s.ny + y) * s.nx + x;
            if (bodyOf[c] >= 0) continue;
            const point: Vec3 = [ox + (x + 0.5) * h, oy + (y + 0.5) * h, oz + (z + 0.5) * h];
            if (!insideGrownPart(part, point, b.growM[f])) continue;
            bodyOf[c] = i;
            count++;
            // Rigid velocity at the cell centre, v + ω × (x − com), in cells/s.
            const rx = point[0] - pose.com[0], ry = point[1] - pose.com[1], rz = point[2] - pose.com[2];
            velocity[c * 3] = (pose.v[0] + pose.w[1] * rz - pose.w[2] * ry) / h;
            velocity[c * 3 + 1] = (pose.v[1] + pose.w[2] * rx - pose.w[0] * rz) / h;
            velocity[c * 3 + 2] = (pose.v[2] + pose.w[0] * ry - pose.w[1] * rx) / h;
          }
        }
        // A body the grid cuts off (partly outside the domain) keeps its impulse as measured.
        b.volumeRatio[f] = whole && count > 0 ? b.volumeM3 / (count * h * h * h) : 1;
      });
      s.setMovingSolids(bodyOf, velocity, centres, removeInside);
    });
  }

  /** Relaxes the impulse to apply towards the liquids' impulse of the fluid step just taken (see the header). */
  collect(): void {
    this.bodies.forEach((b, i) => {
      for (let k = i * 6; k < i * 6 + 6; k++) {
        let measured = 0;
        this.fluids.forEach((fluid, f) => { measured += fluid.solver.bodyImpulses[k] * b.volumeRatio[f]; });
        this.pending[k] += b.omega * (measured - this.pending[k]);
      }
    });
  }

  /** The relaxed impulses (for Simulation snapshots). */
  snapshot(): number[] {
    return Array.from(this.pending);
  }

  restore(pending: readonly number[]): void {
    this.pending = Float64Array.from(pending);
  }
}

/** The part, thickened to at least one cell `h` along each of its own axes (see the header). */
function thickened(part: Part, h: number): Part {
  const s = part.shape;
  switch (s.type) {
    case 'box': return { ...part, shape: { type: 'box', sizeM: [Math.max(s.sizeM[0], h), Math.max(s.sizeM[1], h), Math.max(s.sizeM[2], h)] } };
    case 'sphere': return { ...part, shape: { type: 'sphere', radiusM: Math.max(s.radiusM, h / 2) } };
    case 'cylinder': case 'cone': case 'capsule': return { ...part, shape: { ...s, radiusM: Math.max(s.radiusM, h / 2), heightM: Math.max(s.heightM, h) } };
    case 'convex': return part;
  }
}

/** Radius of a sphere round a part's own origin holding it, m. */
function partRadiusM(part: Part): number {
  const s = part.shape;
  switch (s.type) {
    case 'box': return Math.sqrt(s.sizeM[0] * s.sizeM[0] + s.sizeM[1] * s.sizeM[1] + s.sizeM[2] * s.sizeM[2]) / 2;
    case 'sphere': return s.radiusM;
    case 'cylinder': case 'cone': case 'capsule': return Math.sqrt(s.radiusM * s.radiusM + (s.heightM * s.heightM) / 4);
    case 'convex': return Math.max(0, ...s.pointsM.map((p) => Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2])));
  }
}
