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
 *   collect()         those impulses wait for the next apply
 *
 * This is the explicit ("weak") partitioned scheme with a one-step lag: the body sees the pressure of
 * the flow it caused one step earlier. With a pressure projection the pressure on a body at rest in
 * still water is exactly hydrostatic, so its integral over the body's faces is the buoyancy ρ g V of
 * the cells it fills (Archimedes); moving, the same integral carries form drag and added mass. Explicit
 * coupling is stable while the added mass (½ ρ V for a sphere) stays below the body's own mass, i.e.
 * for bodies denser than about half the liquid (wood at 600 kg/m³ in water qualifies; a 100 kg/m³ foam
 * ball would need the implicit coupling of Batty et al. 2007, not done).
 *
 * A cell belongs to a body when its centre is inside one of the body's parts (scene/geometry.ts
 * primitives, the same Rapier collides with); so the displaced volume is the body's volume up to the
 * staircase of the grid (a 4-cell-radius sphere: within a few per cent). Particles inside a body at
 * the start are removed (the body displaces that liquid); later, any a body moves onto are pushed out.
 *
 * Determinism: everything here is float64 arithmetic in a fixed order; the pending impulses are part
 * of the Simulation snapshot.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import { insideGrownPart } from './boundary.ts';
import { multiplyQuat, rotateVec, shapeParts, type Part, type Quat, type Vec3 } from '../../scene/geometry.ts';
import type { PhysicsWorld } from '../world.ts';
import type { SimulatedFluid } from './scene.ts';

interface CoupledBody {
  /** Index into the spec's (and the world's) body list. */
  index: number;
  /** Parts in the body's frame. */
  parts: Part[];
  /** Radius of a sphere round the body's origin holding all its parts, m. */
  radiusM: number;
}

export class FluidCoupling {
  private readonly bodies: CoupledBody[];
  /** Impulse from the liquids for the next step, 6 per coupled body: linear (N·s), angular about the centre of mass (N·m·s). */
  private pending: Float64Array;

  constructor(spec: SceneSpec, private readonly fluids: readonly SimulatedFluid[], world: PhysicsWorld) {
    this.bodies = spec.bodies.flatMap((body, index) => {
      if (body.fixed) return [];
      const parts = shapeParts(body.shape);
      const radiusM = Math.max(...parts.map((p) => Math.hypot(...p.positionM) + partRadiusM(p)));
      return [{ index, parts, radiusM }];
    });
    this.pending = new Float64Array(this.bodies.length * 6);
    // The bodies' starting cells: the liquid they overlap is displaced (removed), not pushed aside.
    this.prepare(world, true);
  }

  /** True when there is anything to couple. */
  get active(): boolean {
    return this.bodies.length > 0 && this.fluids.length > 0;
  }

  /** Gives each body the liquids' impulse of the last fluid step. */
  apply(world: PhysicsWorld): void {
    this.bodies.forEach((b, i) => {
      const o = i * 6, p = this.pending;
      if (p[o] === 0 && p[o + 1] === 0 && p[o + 2] === 0 && p[o + 3] === 0 && p[o + 4] === 0 && p[o + 5] === 0) return;
      const body = world.bodies[b.index];
      body.applyImpulse({ x: p[o], y: p[o + 1], z: p[o + 2] }, true);
      body.applyTorqueImpulse({ x: p[o + 3], y: p[o + 4], z: p[o + 5] }, true);
    });
    this.pending.fill(0);
  }

  /** Rasterises every body at its current pose into every fluid grid (see the header). */
  prepare(world: PhysicsWorld, removeInside = false): void {
    const poses = this.bodies.map((b) => {
      const body = world.bodies[b.index];
      const t = body.translation(), r = body.rotation(), v = body.linvel(), w = body.angvel(), com = body.worldCom();
      const q: Quat = [r.x, r.y, r.z, r.w];
      const parts = b.parts.map((part): Part => {
        const p = rotateVec(part.positionM, q);
        return { shape: part.shape, positionM: [t.x + p[0], t.y + p[1], t.z + p[2]], quaternion: multiplyQuat(q, part.quaternion) };
      });
      return { origin: [t.x, t.y, t.z] as Vec3, parts, v: [v.x, v.y, v.z] as Vec3, w: [w.x, w.y, w.z] as Vec3, com: [com.x, com.y, com.z] as Vec3 };
    });
    for (const fluid of this.fluids) {
      const s = fluid.solver, h = s.config.cellM, [ox, oy, oz] = s.config.originM;
      const cells = s.nx * s.ny * s.nz;
      const bodyOf = new Int16Array(cells).fill(-1);
      const velocity = new Float64Array(cells * 3);
      const centres = new Float64Array(this.bodies.length * 3);
      this.bodies.forEach((b, i) => {
        const pose = poses[i];
        for (let k = 0; k < 3; k++) centres[i * 3 + k] = s.toGrid(pose.com[k], k as 0 | 1 | 2);
        const lo = [0, 1, 2].map((k) => Math.max(1, Math.floor(s.toGrid(pose.origin[k] - b.radiusM, k as 0 | 1 | 2))));
        const hi = [0, 1, 2].map((k) => Math.min(s.config.gridSize[k] - 2, Math.floor(s.toGrid(pose.origin[k] + b.radiusM, k as 0 | 1 | 2))));
        for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) {
          const c = (z * s.ny + y) * s.nx + x;
          if (bodyOf[c] >= 0) continue;
          const point: Vec3 = [ox + (x + 0.5) * h, oy + (y + 0.5) * h, oz + (z + 0.5) * h];
          if (!pose.parts.some((part) => insideGrownPart(part, point, 0))) continue;
          bodyOf[c] = i;
          // Rigid velocity at the cell centre, v + ω × (x − com), in cells/s.
          const rx = point[0] - pose.com[0], ry = point[1] - pose.com[1], rz = point[2] - pose.com[2];
          velocity[c * 3] = (pose.v[0] + pose.w[1] * rz - pose.w[2] * ry) / h;
          velocity[c * 3 + 1] = (pose.v[1] + pose.w[2] * rx - pose.w[0] * rz) / h;
          velocity[c * 3 + 2] = (pose.v[2] + pose.w[0] * ry - pose.w[1] * rx) / h;
        }
      });
      s.setMovingSolids(bodyOf, velocity, centres, removeInside);
    }
  }

  /** Sums the liquids' impulses of the fluid step just taken, for the next apply. */
  collect(): void {
    for (const fluid of this.fluids) {
      const imp = fluid.solver.bodyImpulses;
      for (let i = 0; i < this.pending.length && i < imp.length; i++) this.pending[i] += imp[i];
    }
  }

  /** The pending impulses (for Simulation snapshots). */
  snapshot(): number[] {
    return Array.from(this.pending);
  }

  restore(pending: readonly number[]): void {
    this.pending = Float64Array.from(pending);
  }
}

/** Radius of a sphere round a part's own origin holding it, m. */
function partRadiusM(part: Part): number {
  const s = part.shape;
  switch (s.type) {
    case 'box': return Math.hypot(s.sizeM[0], s.sizeM[1], s.sizeM[2]) / 2;
    case 'sphere': return s.radiusM;
    case 'cylinder': case 'cone': case 'capsule': return Math.hypot(s.radiusM, s.heightM / 2);
    case 'convex': return Math.max(0, ...s.pointsM.map((p) => Math.hypot(...p)));
  }
}
