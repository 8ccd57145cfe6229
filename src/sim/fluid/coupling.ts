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
 *   collect()         those impulses, relaxed (below), wait for the next apply; a container also
 *                     weighs the liquid it holds (below)
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
 * Containers (cup and open-box bodies: glasses, buckets, trays, jugs) have walls grown by
 * CONTAINER_GROW_CELLS on every side like static walls (boundary.ts), so that a wall holds the liquid
 * at any tilt, and are coupled both ways, but not by the relaxation above. A container holds many
 * times its own mass (a half-full bucket 8×, a thin glass of water 10×), and that liquid is its added
 * mass, not the ρV of its thin walls: with ω = m/(m + ρV) ≈ 1 the scheme is explicit and unstable.
 * Relaxing with the held liquid as the added mass (ω ≈ m/(m + m_liquid)) is stable, but it also holds
 * back the liquid's steady weight and the moment that tips a container for ~(1 + m_liquid/m) steps,
 * and a lagging restoring force pumps energy into a rocking or hanging container. So the part of the
 * liquid's impulse that a rigid liquid would exert is moved to Rapier's (implicit) side, as the
 * added-mass partitioned scheme for rigid bodies puts an added-mass tensor into the body's equations
 * (Banks, Henshaw, Schwendeman & Tang, "A stable partitioned FSI algorithm for rigid bodies and
 * incompressible flow", J. Comput. Phys. 2017), and only the remainder is relaxed:
 *
 *   held liquid   after each fluid step, the particles inside the container's hull (the envelope of
 *                 its walls, in its own frame): mass m, centre c, and λ = Σ m|r − c|², a bound on its
 *                 moment of inertia about any axis through c
 *   in Rapier     m is additional mass at the container's own centre of mass (so that the centre of
 *                 mass, round which Rapier builds its contacts, never moves: moving it each step made
 *                 a resting glass jump), and apply() adds the weight's moment d × m g (d from the
 *                 centre of mass to c) to the torque. Contacts carry the liquid's weight (a glass of
 *                 water presses on the table with (m_glass + m_water) g, containers.test.ts), the
 *                 container tips about the centre of mass of container and liquid together, and the
 *                 liquid's mass moves with the container at once
 *   residual      R = J_measured + (m Δv − m g Δt, −d × m g Δt), ΔV = (Δv, Δω) the body's change of
 *                 velocity over Rapier's step: what the liquid did that the mass and weight in Rapier
 *                 did not (zero for liquid moving rigidly with its container; the rest is sloshing,
 *                 the liquid not turning with it, a pour landing in it), relaxed as
 *                 J += M (M + A)⁻¹ (R − J), M the body's 6×6 mass matrix in Rapier (m_c + m, its
 *                 inertia I) and A = [[0, −m[d]×], [m[d]×, m(|d|² 1 − d dᵀ) + λ 1]] the rest of the
 *                 held liquid's rigid mass matrix about the centre of mass
 *
 * Stability: the liquid answers the body's ΔV with R ≈ −A* ΔV, A* its effective mass matrix less the
 * part in Rapier, so the step-to-step iteration matrix is 1 − (M + A)⁻¹ (M + A*), whose eigenvalues
 * lie in [0, 1) whenever 0 < M + A* ≤ M + A: whenever the liquid's effective inertia is at most that
 * of the same liquid frozen rigid, which Kelvin's minimum-energy theorem guarantees (the flow moving
 * walls drive has at most the kinetic energy of rigid motion). So there is no oscillation and no
 * growth at any liquid-to-container mass ratio; the weight never passes through the relaxation, and
 * the dynamic remainder reaches the container within about (M + A)/M steps. A container's impulse is
 * applied as a force and torque over Rapier's substeps, not as one impulse (a kick at the first
 * substep made a resting glass rattle on its contacts); air drag (world.ts) resets forces at every
 * substep, and then prepare() gives the force that did not act as an impulse. A container's impulse
 * is not scaled by its volume ratio (its cells are grown walls, not a volume it displaces).
 *
 * Liquid outside a container (a cup floating in a tank) pushes on its walls' outer faces, and that
 * pressure is the container's buoyancy (the air in it has none); but moving, the outer liquid is added
 * mass too, and with only the held liquid in A the scheme is explicit for it: an empty 0.4 kg cup set
 * on water blew up within 0.1 s. So A also holds a bound on the outer liquid's added mass, as ω does
 * for other bodies: ρ V_hull on the translational diagonal and ρ V_hull r_g² (the hull's Σ m|r − c|²,
 * as λ) on the rotational one, about the centre of mass (the hull's offset from it is left out),
 * times the container's wet share: how full of liquid a shell two cells thick round the hull's outside
 * is (0 in air, so a glass or a bucket tips as before; about the submerged share afloat; 1 sunk). A
 * container's buoyancy comes out high by the staircase of its grown walls: they displace the liquid
 * 0.6 cells further out and down (an empty 0.4 kg cup of 6 cm radius floats 23.5 mm deep on 15 mm
 * cells, not Archimedes' 35 mm). And a container placed in liquid displaces
 * what its hull covers at the start, as a body displaces what its cells cover, unless the liquid is
 * the one that fills it (fillFraction).
 *
 * Determinism: everything here is float64 arithmetic in a fixed order (Rapier's own values are its
 * deterministic f32); the pending impulses and each container's held liquid are part of the
 * Simulation snapshot.
 */
import type { SceneSpec } from '../../scene/spec.ts';
import { insideGrownPart } from './boundary.ts';
import { multiplyQuat, partsBounds, rotateVec, shapeParts, shapeVolumeM3, type Part, type Quat, type Vec3 } from '../../scene/geometry.ts';
import type { PhysicsWorld } from '../world.ts';
import type { SimulatedFluid } from './scene.ts';

/** How far a container's walls are grown, in cells (see the header). */
export const CONTAINER_GROW_CELLS = 0.6;
/** Thickness of the shell round a container's outside in which its wet share is measured, cells. */
const WET_SHELL_CELLS = 2;

/** The space a container encloses, walls included, in its own frame: what it holds (see the header). */
type Hull = { kind: 'cup'; halfHeightM: number; bottomRadiusM: number; rimRadiusM: number } | { kind: 'box'; halfM: Vec3 };

/** A symmetric 3×3 tensor: xx, yy, zz, xy, xz, yz. */
type Sym3 = [number, number, number, number, number, number];

/**
 * The liquid inside a container's hull: its mass, its centre in the container's frame (from the body's
 * origin), and the largest moment of inertia a rigid body of that liquid has about its centre, about
 * any axis (half the trace of its inertia tensor, Σ m |r − c|²).
 */
interface HeldLiquid {
  massKg: number;
  centreM: Vec3;
  inertiaKgM2: number;
}

const NO_LIQUID: HeldLiquid = { massKg: 0, centreM: [0, 0, 0], inertiaKgM2: 0 };

/** One fixed step of a container as Rapier takes it (apply → prepare → collect). */
interface ContainerStep {
  /** The held liquid Rapier carried, its centre's offset from the body's centre of mass (world, m), and gravity. */
  held: HeldLiquid;
  offsetM: Vec3;
  gravity: Vec3;
  /** Container and held liquid mass (Rapier's), kg, and the container's world inertia tensor, kg·m². */
  massKg: number;
  inertia: Sym3;
  /** Linear and angular velocity before the step, then (prepare) their change over it. */
  before: number[];
  change: number[];
  /** The force apply() set on the body, N (checked in prepare). */
  force: Vec3;
  dtS: number;
}

interface CoupledBody {
  /** Index into the spec's (and the world's) body list. */
  index: number;
  /** A scripted body (its `path`): it pushes the liquid, and the liquid's impulse on it is dropped. */
  scripted: boolean;
  /** Per fluid: the parts in the body's frame as rasterised into its grid (thin ones thickened). */
  parts: Part[][];
  /** Per fluid: how far the parts are grown when rasterised, m (containers only). */
  growM: number[];
  /** A container's hull (see the header); null for other bodies. */
  hull: Hull | null;
  /** A container: its own centre of mass in its frame, m, where Rapier carries the held liquid's mass. */
  comM: Vec3;
  /** Relaxation factor of a (non-container) body's impulse, m / (m + ρV) (see the header). */
  omega: number;
  /** A container: the liquid in its hull after the last fluid step, carried by Rapier in the next step. */
  held: HeldLiquid;
  /** A container: the bound on the added mass of the liquid outside it, ρ V_hull and its Σ m|r − c|² (centre unused; see the header). */
  outside: HeldLiquid;
  /** A container: how much of the shell round its outside held liquid after the last fluid step, 0..1 (containerLiquid). */
  wetShare: number;
  /** A container: the pose (origin, rotation) the last fluid step saw. */
  pose: { positionM: Vec3; quaternion: Quat } | null;
  /** A container: the step under way (null outside apply → collect). */
  step: ContainerStep | null;
  /** The body's volume, m³. */
  volumeM3: number;
  /** Per fluid: its volume over the volume of the cells it was rasterised into this step (see the header). */
  volumeRatio: number[];
}

export class FluidCoupling {
  private readonly bodies: CoupledBody[];
  /**
   * Impulse from the liquids to apply at the next step, 6 per coupled body: linear (N·s), angular
   * about the centre of mass (N·m·s); relaxed (see the header). A container gets its held liquid's
   * weight and moment on top.
   */
  private pending: Float64Array;

  constructor(spec: SceneSpec, private readonly fluids: readonly SimulatedFluid[], world: PhysicsWorld) {
    const liquidDensity = Math.max(0, ...fluids.map((f) => f.solver.config.densityKgM3));
    this.bodies = spec.bodies.flatMap((body, index) => {
      if (body.fixed) return [];
      const parts = shapeParts(body.shape);
      const hull = containerHull(body.shape);
      const container = hull !== null;
      const cells = fluids.map((f) => f.solver.config.cellM);
      const rb = world.bodies[index], massKg = rb.mass(), volumeM3 = shapeVolumeM3(body.shape);
      const t = rb.translation(), r = rb.rotation(), c = rb.worldCom();
      return [{
        index, scripted: body.path !== undefined, hull, volumeM3, volumeRatio: cells.map(() => 1), omega: massKg / (massKg + liquidDensity * volumeM3),
        outside: hull ? hullAddedMass(hull, liquidDensity) : NO_LIQUID, wetShare: 0,
        comM: rotateVec([c.x - t.x, c.y - t.y, c.z - t.z], [-r.x, -r.y, -r.z, r.w]), held: NO_LIQUID, pose: null, step: null,
        parts: cells.map((h) => (container ? parts : parts.map((p) => thickened(p, h)))),
        growM: cells.map((h) => (container ? CONTAINER_GROW_CELLS * h : 0)),
      }];
    });
    this.pending = new Float64Array(this.bodies.length * 6);
    // The bodies' starting cells: the liquid they overlap is displaced (removed), not pushed aside;
    // so is the liquid inside a container's hull, unless it is what fills that container.
    this.prepare(world, true);
    for (const b of this.bodies) {
      if (!b.hull || !b.pose) continue;
      const id = spec.bodies[b.index].id, hull = b.hull, pose = b.pose;
      for (const fluid of fluids) {
        if ((fluid.spec.sourceId ?? fluid.spec.targetId) === id && fluid.spec.fillFraction !== undefined) continue;
        const local = containerFrame(pose, fluid.solver);
        fluid.solver.removeParticles((p) => insideHull(hull, ...local(p)));
      }
    }
    // What each container holds at the start.
    for (const b of this.bodies) if (b.hull && b.pose) Object.assign(b, this.containerLiquid(b.hull, b.pose));
  }

  /** True when there is anything to couple. */
  get active(): boolean {
    return this.bodies.length > 0 && this.fluids.length > 0;
  }

  /**
   * Gives each body the liquids' impulse of the last fluid step: a body as an impulse; a container as
   * a force and torque over the step's Rapier substeps, with the liquid it holds as mass at its centre
   * of mass and that liquid's weight acting at the liquid's own centre (see the header).
   */
  apply(world: PhysicsWorld): void {
    this.bodies.forEach((b, i) => {
      if (b.scripted) return;
      const o = i * 6, p = this.pending;
      const body = world.bodies[b.index];
      if (b.hull) {
        const held = b.held, dt = world.dt, g = world.gravityMps2, m = held.massKg;
        body.setAdditionalMassProperties(m, vec(b.comM), { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 }, true);
        body.recomputeMassPropertiesFromColliders();
        const t = body.translation(), r = body.rotation(), com = body.worldCom(), v = body.linvel(), w = body.angvel();
        const q: Quat = [r.x, r.y, r.z, r.w], c = rotateVec(held.centreM, q);
        const d: Vec3 = [t.x + c[0] - com.x, t.y + c[1] - com.y, t.z + c[2] - com.z];
        const force: Vec3 = [p[o] / dt, p[o + 1] / dt, p[o + 2] / dt];
        b.step = {
          held, offsetM: d, gravity: g, massKg: body.mass(), inertia: worldInertia(body.principalInertia(), body.principalInertiaLocalFrame(), q),
          before: [v.x, v.y, v.z, w.x, w.y, w.z], change: [0, 0, 0, 0, 0, 0], force, dtS: dt,
        };
        body.resetForces(false);
        body.resetTorques(false);
        body.addForce(vec(force), true);
        // The relaxed torque, and the held liquid's weight m g acting at its centre, d × m g.
        body.addTorque({
          x: p[o + 3] / dt + m * (d[1] * g[2] - d[2] * g[1]),
          y: p[o + 4] / dt + m * (d[2] * g[0] - d[0] * g[2]),
          z: p[o + 5] / dt + m * (d[0] * g[1] - d[1] * g[0]),
        }, true);
        return;
      }
      if (p[o] === 0 && p[o + 1] === 0 && p[o + 2] === 0 && p[o + 3] === 0 && p[o + 4] === 0 && p[o + 5] === 0) return;
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
      const step = b.step;
      if (step) {
        // Air drag (world.ts) resets the bodies' forces at every substep: when the force apply() set
        // is not there any more it did not act, and it is given as an impulse now instead.
        const u = body.userForce(), f = step.force, dt = world.dt;
        if (u.x !== Math.fround(f[0]) || u.y !== Math.fround(f[1]) || u.z !== Math.fround(f[2])) body.applyImpulse({ x: f[0] * dt, y: f[1] * dt, z: f[2] * dt }, true);
        const now = [v.x, v.y, v.z, w.x, w.y, w.z];
        for (let k = 0; k < 6; k++) step.change[k] = now[k] - step.before[k];
        // Between steps the body has its own mass properties again (apply() adds the held liquid each
        // step), so that a world snapshot restores to the inertia world.ts measured the body with.
        body.setAdditionalMassProperties(0, { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 }, false);
        body.recomputeMassPropertiesFromColliders();
      }
      if (b.hull) b.pose = { positionM: [t.x, t.y, t.z], quaternion: q };
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
        // Part by part, the cells under each part's bounding box: a cell already claimed (by an
        // earlier body, or by this body's earlier part) is skipped.
        let count = 0, whole = true;
        for (const part of pose.parts[f]) {
          // The cells under the part's bounding box (rotated corners: tight for a cup's thin walls).
          const [low, high] = partsBounds([part]), grow = b.growM[f];
          const from = [0, 1, 2].map((k) => Math.floor(s.toGrid(low[k] - grow, k as 0 | 1 | 2)));
          const to = [0, 1, 2].map((k) => Math.floor(s.toGrid(high[k] + grow, k as 0 | 1 | 2)));
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
        // A container's cells are its grown walls, not a volume it displaces: its impulse is left as measured.
        b.volumeRatio[f] = !b.hull && whole && count > 0 ? b.volumeM3 / (count * h * h * h) : 1;
      });
      s.setMovingSolids(bodyOf, velocity, centres, removeInside);
    });
  }

  /** Whether collect() weighs the liquid in a container: it reads the particles after every fluid step. */
  get weighsLiquid(): boolean {
    return this.bodies.some((b) => b.hull !== null);
  }

  /** The impulse to apply next, from the liquids' impulse of the fluid step just taken (see the header). */
  collect(): void {
    this.bodies.forEach((b, i) => {
      if (b.scripted) return;
      if (b.hull) { this.collectContainer(i, b); return; }
      for (let k = i * 6; k < i * 6 + 6; k++) {
        let measured = 0;
        this.fluids.forEach((fluid, f) => { measured += fluid.solver.bodyImpulses[k] * b.volumeRatio[f]; });
        this.pending[k] += b.omega * (measured - this.pending[k]);
      }
    });
  }

  /**
   * A container (see the header): the residual R = J_measured + (m Δv − m g Δt, −d × m g Δt), the
   * liquid's impulse less what Rapier's step already did with the held liquid m (its mass carried at
   * the body's centre of mass, its weight and that weight's moment d × m g), is relaxed with
   * J += M (M + A)⁻¹ (R − J), M the body's mass matrix in Rapier and A the rest of the held liquid's
   * rigid mass matrix about the centre of mass. Then the liquid it holds now, for the next step.
   */
  private collectContainer(i: number, b: CoupledBody): void {
    const o = i * 6, r = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 6; k++) for (const fluid of this.fluids) r[k] += fluid.solver.bodyImpulses[o + k];
    const step = b.step;
    if (step) {
      const m = step.held.massKg, [dx, dy, dz] = step.offsetM, g = step.gravity, dt = step.dtS, [ax, ay, az] = step.change;
      r[0] += m * (ax - g[0] * dt); r[1] += m * (ay - g[1] * dt); r[2] += m * (az - g[2] * dt);
      r[3] -= m * (dy * g[2] - dz * g[1]) * dt; r[4] -= m * (dz * g[0] - dx * g[2]) * dt; r[5] -= m * (dx * g[1] - dy * g[0]) * dt;
      for (let k = 0; k < 6; k++) r[k] -= this.pending[o + k];
      // M + A = [[M_t 1, −m[d]×], [m[d]×, I + m(|d|² 1 − d dᵀ) + λ 1]] ([d]× v = d × v), plus the outer liquid.
      const mt = step.massKg, [ixx, iyy, izz, ixy, ixz, iyz] = step.inertia;
      const sx = m * dx, sy = m * dy, sz = m * dz, d2 = dx * dx + dy * dy + dz * dz, lambda = step.held.inertiaKgM2;
      // The outer liquid's added-mass bound (see the header) on the diagonal, for the part of the hull it submerges.
      const ma = mt + b.wetShare * b.outside.massKg, la = lambda + b.wetShare * b.outside.inertiaKgM2;
      const a = [
        ma, 0, 0, 0, sz, -sy,
        0, ma, 0, -sz, 0, sx,
        0, 0, ma, sy, -sx, 0,
        0, -sz, sy, ixx + m * (d2 - dx * dx) + la, ixy - m * dx * dy, ixz - m * dx * dz,
        sz, 0, -sx, ixy - m * dx * dy, iyy + m * (d2 - dy * dy) + la, iyz - m * dy * dz,
        -sy, sx, 0, ixz - m * dx * dz, iyz - m * dy * dz, izz + m * (d2 - dz * dz) + la,
      ];
      const x = solveSymmetric6(a, r);
      this.pending[o] += mt * x[0]; this.pending[o + 1] += mt * x[1]; this.pending[o + 2] += mt * x[2];
      this.pending[o + 3] += ixx * x[3] + ixy * x[4] + ixz * x[5];
      this.pending[o + 4] += ixy * x[3] + iyy * x[4] + iyz * x[5];
      this.pending[o + 5] += ixz * x[3] + iyz * x[4] + izz * x[5];
      b.step = null;
    }
    if (b.pose) Object.assign(b, this.containerLiquid(b.hull!, b.pose));
  }

  /**
   * A container's liquid at its pose of the last fluid step, from the particles in particle order: the
   * liquid inside its hull (mass, centre in the container frame, isotropic inertia: see HeldLiquid),
   * and how much of the shell WET_SHELL_CELLS thick round the hull's outside holds liquid, 0..1 (a
   * container in air: 0; afloat: about the share of its outside under the surface; sunk: 1).
   */
  private containerLiquid(hull: Hull, pose: { positionM: Vec3; quaternion: Quat }): { held: HeldLiquid; wetShare: number } {
    let mass = 0, sx = 0, sy = 0, sz = 0, s2 = 0, wetShare = 0;
    for (const fluid of this.fluids) {
      const s = fluid.solver, mp = s.config.densityKgM3 * s.particleVolumeM3, shellM = WET_SHELL_CELLS * s.config.cellM;
      const local = containerFrame(pose, s);
      let shellKg = 0;
      for (let p = 0; p < s.count; p++) {
        const [lx, ly, lz] = local(p);
        if (!insideHull(hull, lx, ly, lz)) {
          if (insideHull(hull, lx, ly, lz, shellM)) shellKg += mp;
          continue;
        }
        mass += mp; sx += mp * lx; sy += mp * ly; sz += mp * lz; s2 += mp * (lx * lx + ly * ly + lz * lz);
      }
      wetShare += shellKg / (s.config.densityKgM3 * (hullVolumeM3(hull, shellM) - hullVolumeM3(hull, 0)));
    }
    wetShare = Math.min(1, wetShare);
    if (mass === 0) return { held: NO_LIQUID, wetShare };
    const centre: Vec3 = [sx / mass, sy / mass, sz / mass];
    // Half the trace of the inertia tensor about the centre: Σ m |r − c|² = Σ m |r|² − m_total |c|².
    const inertia = Math.max(0, s2 - mass * (centre[0] * centre[0] + centre[1] * centre[1] + centre[2] * centre[2]));
    return { held: { massKg: mass, centreM: centre, inertiaKgM2: inertia }, wetShare };
  }

  /**
   * The coupling's state (for Simulation snapshots): the impulses to apply next (6 per body), then
   * for each container the liquid it holds (mass, centre, inertia) and its wet share.
   */
  snapshot(): number[] {
    const out = Array.from(this.pending);
    for (const b of this.bodies) if (b.hull) out.push(b.held.massKg, ...b.held.centreM, b.held.inertiaKgM2, b.wetShare);
    return out;
  }

  restore(state: readonly number[]): void {
    const n = this.bodies.length * 6;
    this.pending = Float64Array.from(state.slice(0, n));
    let k = n;
    for (const b of this.bodies) {
      if (!b.hull || k + 6 > state.length) continue;
      b.held = { massKg: state[k], centreM: [state[k + 1], state[k + 2], state[k + 3]], inertiaKgM2: state[k + 4] };
      b.wetShare = state[k + 5];
      k += 6;
    }
  }
}

/** The hull of a cup or open-box shape (what it can hold), or null for any other shape. */
function containerHull(shape: SceneSpec['bodies'][number]['shape']): Hull | null {
  if (shape.type === 'cup') return { kind: 'cup', halfHeightM: shape.heightM / 2, bottomRadiusM: shape.bottomRadiusM ?? shape.radiusM, rimRadiusM: shape.radiusM };
  if (shape.type === 'open-box') return { kind: 'box', halfM: [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2] };
  return null;
}

/** Particle p of solver s in the frame of a container at `pose`, m. */
function containerFrame(pose: { positionM: Vec3; quaternion: Quat }, s: SimulatedFluid['solver']): (p: number) => Vec3 {
  const [qx, qy, qz, qw] = pose.quaternion, inverse: Quat = [-qx, -qy, -qz, qw];
  const [tx, ty, tz] = pose.positionM, h = s.config.cellM, [ox, oy, oz] = s.config.originM;
  return (p) => rotateVec([ox + s.px[p] * h - tx, oy + s.py[p] * h - ty, oz + s.pz[p] * h - tz], inverse);
}

/** ρ V and ρ ∫|r − c|² dV of the hull filled with liquid of density ρ (a frustum's r_g² taken as a cylinder's of the mean squared radius). */
function hullAddedMass(hull: Hull, densityKgM3: number): HeldLiquid {
  if (hull.kind === 'box') {
    const [x, y, z] = hull.halfM, massKg = densityKgM3 * 8 * x * y * z;
    return { massKg, centreM: [0, 0, 0], inertiaKgM2: (massKg * (x * x + y * y + z * z)) / 3 };
  }
  const h = 2 * hull.halfHeightM, a = hull.bottomRadiusM, b = hull.rimRadiusM;
  const massKg = (densityKgM3 * Math.PI * h * (a * a + a * b + b * b)) / 3;
  return { massKg, centreM: [0, 0, 0], inertiaKgM2: massKg * ((a * a + b * b) / 4 + (h * h) / 12) };
}

/** True when the point (container frame, m) lies inside the hull grown by `marginM` on every side. */
function insideHull(hull: Hull, x: number, y: number, z: number, marginM = 0): boolean {
  if (hull.kind === 'box') return Math.abs(x) < hull.halfM[0] + marginM && Math.abs(y) < hull.halfM[1] + marginM && Math.abs(z) < hull.halfM[2] + marginM;
  const hh = hull.halfHeightM;
  if (y < -hh - marginM || y > hh + marginM) return false;
  const t = Math.min(1, Math.max(0, (y + hh) / (2 * hh)));
  const r = hull.bottomRadiusM + (hull.rimRadiusM - hull.bottomRadiusM) * t + marginM;
  return x * x + z * z < r * r;
}

/** The volume of the hull grown by `marginM` on every side (as insideHull), m³. */
function hullVolumeM3(hull: Hull, marginM: number): number {
  if (hull.kind === 'box') return 8 * (hull.halfM[0] + marginM) * (hull.halfM[1] + marginM) * (hull.halfM[2] + marginM);
  // The grown frustum, and a disc of the margin's thickness under its bottom and over its rim.
  const h = 2 * hull.halfHeightM, a = hull.bottomRadiusM + marginM, b = hull.rimRadiusM + marginM;
  return (Math.PI * h * (a * a + a * b + b * b)) / 3 + Math.PI * marginM * (a * a + b * b);
}

const vec = (v: Vec3) => ({ x: v[0], y: v[1], z: v[2] });

/**
 * A body's inertia tensor in the world frame from its principal moments, their frame in the body and
 * the body's rotation: R diag(I) Rᵀ, summed over the three principal axes.
 */
function worldInertia(principal: { x: number; y: number; z: number }, frame: { x: number; y: number; z: number; w: number }, rotation: Quat): Sym3 {
  const q = multiplyQuat(rotation, [frame.x, frame.y, frame.z, frame.w]);
  const e = [rotateVec([1, 0, 0], q), rotateVec([0, 1, 0], q), rotateVec([0, 0, 1], q)], m = [principal.x, principal.y, principal.z];
  const t: Sym3 = [0, 0, 0, 0, 0, 0], pairs = [[0, 0], [1, 1], [2, 2], [0, 1], [0, 2], [1, 2]];
  for (let k = 0; k < 3; k++) for (let n = 0; n < 6; n++) t[n] += m[k] * e[k][pairs[n][0]] * e[k][pairs[n][1]];
  return t;
}

/** Solves A x = b for a symmetric positive definite 6×6 A (row major): Gaussian elimination in a fixed order, no pivoting. */
function solveSymmetric6(a: number[], b: number[]): number[] {
  const m = a.slice(), x = b.slice();
  for (let k = 0; k < 6; k++) for (let r = k + 1; r < 6; r++) {
    const f = m[r * 6 + k] / m[k * 6 + k];
    for (let c = k; c < 6; c++) m[r * 6 + c] -= f * m[k * 6 + c];
    x[r] -= f * x[k];
  }
  for (let k = 5; k >= 0; k--) {
    let s = x[k];
    for (let c = k + 1; c < 6; c++) s -= m[k * 6 + c] * x[c];
    x[k] = s / m[k * 6 + k];
  }
  return x;
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
