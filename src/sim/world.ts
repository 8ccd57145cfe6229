/**
 * PhysicsWorld: a Rapier world built from a SceneSpec, stepped at a fixed dt, reporting impacts.
 *
 * Accuracy: each fixed step of `dt` (1/240 s by default) is taken as `substeps` Rapier steps (8 by
 * default, so Rapier integrates at 1/1920 s) with a 2 mm contact prediction distance. Rapier's
 * symplectic Euler loses about g·dt/v of a bounce's height per flight, which grows as the bounces get
 * lower: for e = 0.7 from 2 m, apexes 1–5 come out 0.19/0.56/1.12/2.16/3.66% low at 4 substeps and
 * 0.11/0.37/0.56/1.03/1.70% low at 8 (measured; the validation suite holds them to 2%).
 *
 * Contact model (set on purpose, see scene/materials.ts):
 * - Restitution and friction both use Rapier's Min combine rule on every collider.
 * - Static surfaces stiffer than RIGID_SURFACE_MODULUS_GPA get restitution 1, so they pass the other
 *   body's own restitution through: a ball with e = 0.8 on a rigid floor rebounds to e² of its drop.
 *
 * Impacts: Rapier reports when two colliders start touching. From then on we sum the pair's normal
 * impulse over an impact window (IMPACT_WINDOW_S) and emit one ContactEvent with that total, the
 * world-space contact point, and the closing speed along the contact normal just before the contact.
 *
 * Also here: joints (hinge, spherical, fixed, rope, spring, with anchors given in world coordinates at
 * t = 0), timed actions (impulses and velocity changes, applied at the first substep at or after their
 * time), and quadratic air drag F = −½ ρ C_d A |v| v, applied as a force each substep, with A the
 * body's bounding box projected across the velocity (πr² for a sphere). Scripted bodies (a body's
 * `path`: a hand tilting a jug) are Rapier's kinematic bodies, given their next pose before each
 * substep (scriptedPoseAt).
 *
 * Measurement (for the timeline, the explosion guard and the validation suite): per body, linear
 * velocity, kinetic energy ½mv² + ½ωᵀIω (ω taken into the principal inertia frame), gravitational
 * potential energy −m g·r (m g y for gravity along −y, zero at y = 0); per joint, its world-space
 * anchors and, for springs, the stored energy ½k(ℓ − ℓ₀)². The work done by timed actions is
 * summed as the change of kinetic energy they cause.
 *
 * State across time: `snapshot()` captures the Rapier world (World.takeSnapshot, a byte copy) plus
 * the JavaScript-side state (step count, actions applied, impacts in flight, patches), and
 * `restore()` swaps in World.restoreSnapshot's new world; Rapier keeps body and collider handles, so
 * we re-fetch our wrappers by handle. Continuing from a restored snapshot is bit-for-bit the same as
 * never having stopped (tested in src/sim/session.test.ts). `applyPatch()` changes parameters of
 * the live world (gravity, a body's restitution, friction, mass or velocity, a surface's
 * restitution or friction, air drag) for "what if" branches.
 *
 * Ownership: the Rapier World and EventQueue live in WASM memory; `dispose()` frees both, once.
 */
import type { Collider, ColliderDesc, RigidBody, World, EventQueue } from '@dimforge/rapier3d-deterministic-compat';
import type { Rapier } from './rapier.ts';
import type { ActionSpec, BodySpec, JointSpec, SceneSpec } from '../scene/spec.ts';
import { MATERIALS, RIGID_SURFACE_MODULUS_GPA, type MaterialName } from '../scene/materials.ts';
import {
  groundParts, itemParts, multiplyQuat, partVolumeM3, quaternionFromEulerDeg, rotateVec, shapeHalfExtentsM, shapeParts, shapeVolumeM3,
  type Part, type PartShape, type Quat, type StaticPart, type Vec3,
} from '../scene/geometry.ts';
import type { ContactEvent, ContactSpan, TimelineJoint } from './timeline.ts';
import { ContactSpanTracker, type ContactSpanState, type PairObservation } from './contact-spans.ts';

/** How long an impact's impulse is summed after the contact begins, seconds. */
export const IMPACT_WINDOW_S = 1 / 60;
/** Rapier's contact prediction distance, as a fraction of the length unit (1 m). */
const PREDICTION_DISTANCE = 0.002;
/** Default drag coefficients by shape (Hoerner, "Fluid-Dynamic Drag", 1965: sphere 0.47, cube 1.05). */
const DEFAULT_DRAG_COEFFICIENT = { sphere: 0.47, box: 1.05, other: 0.8 } as const;

interface Owner {
  id: string;
  /** Index into the dynamic body list, or -1 for static geometry. */
  bodyIndex: number;
}

/** A joint as the world keeps it: its ends (body index, or -1 for the world) and anchors in each end's frame. */
interface JointRecord {
  spec: JointSpec;
  endA: number;
  endB: number;
  localAM: Vec3;
  localBM: Vec3;
}

/** Parameter changes applied to a running world (a slider moved, a "what if"). Every field is optional. */
export interface WorldPatch {
  /** New gravity vector, m/s². */
  gravity?: Vec3;
  /** Per body id. Restitution and friction replace the body's own coefficient (the Min rule still applies). */
  bodies?: Record<string, { restitution?: number; friction?: number; massKg?: number; linearVelocityMps?: Vec3; angularVelocityRadps?: Vec3 }>;
  /** Per static surface id (the ground's id, or an environment item's id). */
  surfaces?: Record<string, { restitution?: number; friction?: number }>;
  airDrag?: { enabled?: boolean; airDensityKgM3?: number };
}

/** Everything needed to put a PhysicsWorld back to one moment. Plain data; no WASM memory held. */
export interface WorldSnapshot {
  /** Rapier's World.takeSnapshot bytes. */
  rapierBytes: Uint8Array;
  substepCount: number;
  nextAction: number;
  actionWorkJ: number;
  gravity: Vec3;
  massesKg: number[];
  dragEnabled: boolean;
  airDensityKgM3: number;
  velocitiesBefore: Float64Array;
  pending: (Omit<PendingImpact, 'colliderA' | 'colliderB'> & { handleA: number; handleB: number })[];
  contactSpans: ContactSpanState;
}

/** One body's instantaneous mechanical state, for frames and the guard. */
export interface BodyMeasure {
  velocityMps: Vec3;
  kineticJ: number;
  potentialJ: number;
}

interface PendingImpact {
  colliderA: Collider;
  colliderB: Collider;
  /** The Rapier step count after the step in which the contact began. */
  startSubstep: number;
  /** How many substeps of the current fixed step had passed before the contact began. */
  substepInStep: number;
  stepsLeft: number;
  impulseNs: number;
  pointM: Vec3 | null;
  normalSpeedMps: number;
  aId: string;
  bId: string;
}

export class PhysicsWorld {
  /** The fixed step, seconds. */
  readonly dt: number;
  /** Rapier steps per fixed step. */
  readonly substeps: number;
  /** Dynamic bodies, in SceneSpec order. */
  readonly bodies: RigidBody[] = [];
  readonly massesKg: number[] = [];
  private world: World;
  private readonly events: EventQueue;
  /** Handles of the dynamic bodies (stable across snapshot restores). */
  private readonly bodyHandles: number[] = [];
  private readonly jointRecords: JointRecord[] = [];
  /** Each body collider's share of its body's mass (by volume), by collider handle. */
  private readonly massShares = new Map<number, number>();
  /** Principal inertia (kg·m²) and its frame in the body's frame, per body; refreshed after a mass change. */
  private inertia: { principal: Vec3; frame: Quat }[] = [];
  /** Work done on the bodies by timed actions so far, J (their change of kinetic energy). */
  actionWorkJ = 0;
  private readonly owners = new Map<number, Owner>();
  private readonly pending: PendingImpact[] = [];
  private readonly spanTracker = new ContactSpanTracker();
  private readonly bodyIndexById = new Map<string, number>();
  /** Actions not yet applied, in time order. */
  private readonly actions: ActionSpec[];
  /** The scripted bodies: each one's index and its poses (ScriptedPath). */
  private readonly scripted: { index: number; path: ScriptedPath }[] = [];
  private nextAction = 0;
  private readonly drag: { enabled: boolean; densityKgM3: number; coefficients: number[]; halfExtents: Vec3[]; spheres: boolean[] };
  /** Linear and angular velocities of every body at the start of the current fixed step: 6 per body. */
  private readonly velocitiesBefore: Float64Array;
  private gravity: Vec3;
  private readonly impactWindowSteps: number;
  /** Rapier steps taken so far. */
  private substepCount = 0;
  private disposed = false;

  constructor(private readonly rapier: Rapier, spec: SceneSpec) {
    this.dt = spec.timestep.dtS;
    this.substeps = spec.timestep.substeps;
    this.impactWindowSteps = Math.max(1, Math.round(IMPACT_WINDOW_S / this.substepDt));
    this.gravity = spec.gravity;
    this.world = new rapier.World({ x: spec.gravity[0], y: spec.gravity[1], z: spec.gravity[2] });
    this.world.timestep = this.substepDt;
    this.world.integrationParameters.normalizedPredictionDistance = PREDICTION_DISTANCE;
    this.events = new rapier.EventQueue(true);

    const staticParts: StaticPart[] = [
      ...(spec.environment.ground ? groundParts(spec.environment.ground) : []),
      ...spec.environment.items.flatMap(itemParts),
    ];
    const surfaces = new Map<string, { material: MaterialName; restitution?: number; friction?: number }>();
    if (spec.environment.ground) surfaces.set(spec.environment.ground.id, spec.environment.ground);
    for (const item of spec.environment.items) surfaces.set(item.id, item);
    for (const part of staticParts) this.addStaticPart(part, surfaces.get(part.ownerId)!);

    // Jointed bodies never sleep: a pendulum at its turning point under weak gravity (the Moon) is
    // slow for long enough that Rapier would put it to sleep there, frozen mid-swing.
    const jointed = new Set(spec.joints.flatMap((j) => [j.a, j.b]));
    spec.bodies.forEach((body, index) => this.addBody(body, index, jointed.has(body.id)));
    this.velocitiesBefore = new Float64Array(this.bodies.length * 6);
    for (const joint of spec.joints) this.addJoint(joint);
    this.actions = [...spec.actions].sort((a, b) => a.atS - b.atS);
    this.drag = {
      enabled: spec.airDrag.enabled,
      densityKgM3: spec.airDrag.airDensityKgM3,
      coefficients: spec.bodies.map((b) => b.dragCoefficient ?? (b.shape.type === 'sphere' ? DEFAULT_DRAG_COEFFICIENT.sphere : b.shape.type === 'box' ? DEFAULT_DRAG_COEFFICIENT.box : DEFAULT_DRAG_COEFFICIENT.other)),
      halfExtents: spec.bodies.map((b) => shapeHalfExtentsM(b.shape)),
      spheres: spec.bodies.map((b) => b.shape.type === 'sphere'),
    };
    this.refreshInertia();
  }

  /** The joints in spec order, as the timeline names them. */
  get joints(): TimelineJoint[] {
    return this.jointRecords.map(({ spec }) => ({ id: spec.id, type: spec.type, a: spec.a, b: spec.b }));
  }

  /** Gravity now, m/s². */
  get gravityMps2(): Vec3 {
    return [...this.gravity];
  }

  /** Rapier's own step, seconds. */
  get substepDt(): number {
    return this.dt / this.substeps;
  }

  /** Whole fixed steps taken so far. */
  get stepsTaken(): number {
    return Math.floor(this.substepCount / this.substeps);
  }

  get timeS(): number {
    return this.stepsTaken * this.dt;
  }

  private addStaticPart(part: StaticPart, surface: { material: MaterialName; restitution?: number; friction?: number }): void {
    const { rapier } = this;
    const mat = MATERIALS[surface.material];
    const [qx, qy, qz, qw] = part.quaternion;
    const rigidBody = this.world.createRigidBody(
      rapier.RigidBodyDesc.fixed()
        .setTranslation(...part.positionM)
        .setRotation({ x: qx, y: qy, z: qz, w: qw }),
    );
    const desc = this.colliderDesc(part.shape, part.ownerId);
    const rigid = mat.youngsModulusGPa >= RIGID_SURFACE_MODULUS_GPA;
    desc
      .setRestitution(surface.restitution ?? (rigid ? 1 : mat.restitution))
      .setFriction(surface.friction ?? mat.friction)
      .setRestitutionCombineRule(rapier.CoefficientCombineRule.Min)
      .setFrictionCombineRule(rapier.CoefficientCombineRule.Min);
    const collider = this.world.createCollider(desc, rigidBody);
    this.owners.set(collider.handle, { id: part.ownerId, bodyIndex: -1 });
  }

  private colliderDesc(shape: PartShape, ownerId: string): ColliderDesc {
    const { ColliderDesc } = this.rapier;
    switch (shape.type) {
      case 'sphere': return ColliderDesc.ball(shape.radiusM);
      case 'box': return ColliderDesc.cuboid(shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2);
      case 'cylinder': return ColliderDesc.cylinder(shape.heightM / 2, shape.radiusM);
      case 'capsule': return ColliderDesc.capsule(Math.max(shape.heightM / 2 - shape.radiusM, 0), shape.radiusM);
      case 'cone': return ColliderDesc.cone(shape.heightM / 2, shape.radiusM);
      case 'convex': {
        const desc = ColliderDesc.convexHull(new Float32Array(shape.pointsM.flat()));
        if (!desc) throw new Error(`A part of "${ownerId}" has a degenerate convex hull.`);
        return desc;
      }
    }
  }

  private addBody(body: BodySpec, index: number, neverSleeps: boolean): void {
    const { rapier } = this;
    const mat = MATERIALS[body.material];
    const [qx, qy, qz, qw] = quaternionFromEulerDeg(body.rotationDeg);
    const rigidBody = this.world.createRigidBody(
      (body.fixed ? rapier.RigidBodyDesc.fixed() : body.path ? rapier.RigidBodyDesc.kinematicPositionBased() : rapier.RigidBodyDesc.dynamic())
        .setTranslation(...body.positionM)
        .setRotation({ x: qx, y: qy, z: qz, w: qw })
        .setLinvel(...body.linearVelocityMps)
        .setAngvel({ x: body.angularVelocityRadps[0], y: body.angularVelocityRadps[1], z: body.angularVelocityRadps[2] })
        .setCcdEnabled(!body.fixed)
        .setCanSleep(!neverSleeps),
    );
    const massKg = body.massKg ?? mat.densityKgM3 * shapeVolumeM3(body.shape);
    const parts: Part[] = shapeParts(body.shape);
    const totalVolume = shapeVolumeM3(body.shape);
    for (const part of parts) {
      const [px, py, pz, pw] = part.quaternion;
      const desc = this.colliderDesc(part.shape, body.id)
        .setTranslation(...part.positionM)
        .setRotation({ x: px, y: py, z: pz, w: pw })
        // Each part carries its share of the mass by volume; Rapier sums centres of mass and inertia.
        .setMass(parts.length === 1 ? massKg : (massKg * partVolumeM3(part.shape)) / totalVolume)
        .setRestitution(body.restitution ?? mat.restitution)
        .setFriction(body.friction ?? mat.friction)
        .setRestitutionCombineRule(rapier.CoefficientCombineRule.Min)
        .setFrictionCombineRule(rapier.CoefficientCombineRule.Min)
        .setActiveEvents(rapier.ActiveEvents.COLLISION_EVENTS);
      const collider = this.world.createCollider(desc, rigidBody);
      this.owners.set(collider.handle, { id: body.id, bodyIndex: index });
      this.massShares.set(collider.handle, parts.length === 1 ? 1 : partVolumeM3(part.shape) / totalVolume);
    }
    if (body.path) this.scripted.push({ index, path: scriptedPath(body) });
    this.bodies.push(rigidBody);
    this.bodyHandles.push(rigidBody.handle);
    this.massesKg.push(massKg);
    this.bodyIndexById.set(body.id, index);
  }

  private worldAnchor: RigidBody | null = null;

  /** The body at one end of a joint; 'world' is a fixed body at the origin. */
  private jointEnd(end: string): RigidBody {
    if (end !== 'world') return this.bodies[this.bodyIndexById.get(end)!];
    this.worldAnchor ??= this.world.createRigidBody(this.rapier.RigidBodyDesc.fixed());
    return this.worldAnchor;
  }

  private addJoint(joint: JointSpec): void {
    const { JointData } = this.rapier;
    const a = this.jointEnd(joint.a), b = this.jointEnd(joint.b);
    const anchors: [Vec3, Vec3] = [[0, 0, 0], [0, 0, 0]];
    const local = (body: RigidBody, worldPoint: Vec3, end: 0 | 1) => {
      const point = toLocal(body, worldPoint);
      anchors[end] = [point.x, point.y, point.z];
      return point;
    };
    let data;
    switch (joint.type) {
      case 'hinge': {
        const axisA = rotateVec(joint.axis, conjugate(quatOf(a))), axisB = rotateVec(joint.axis, conjugate(quatOf(b)));
        data = JointData.revoluteWithAxes(local(a, joint.anchorM, 0), local(b, joint.anchorM, 1), vector(axisA), vector(axisB));
        break;
      }
      case 'spherical':
        data = JointData.spherical(local(a, joint.anchorM, 0), local(b, joint.anchorM, 1));
        break;
      case 'fixed': {
        const qa = quatOf(a), qb = quatOf(b);
        const ta = a.translation(), tb = b.translation();
        const mid: Vec3 = [(ta.x + tb.x) / 2, (ta.y + tb.y) / 2, (ta.z + tb.z) / 2];
        data = JointData.fixed(local(a, mid, 0), { x: 0, y: 0, z: 0, w: 1 }, local(b, mid, 1), rotationObject(multiplyQuat(conjugate(qb), qa)));
        break;
      }
      case 'rope':
        data = JointData.rope(joint.lengthM, local(a, joint.anchorAM, 0), local(b, joint.anchorBM, 1));
        break;
      case 'spring':
        data = JointData.spring(joint.restLengthM, joint.stiffnessNpm, joint.dampingNspm, local(a, joint.anchorAM, 0), local(b, joint.anchorBM, 1));
        break;
    }
    this.world.createImpulseJoint(data, a, b, true);
    const endIndex = (end: string) => (end === 'world' ? -1 : this.bodyIndexById.get(end)!);
    this.jointRecords.push({ spec: joint, endA: endIndex(joint.a), endB: endIndex(joint.b), localAM: anchors[0], localBM: anchors[1] });
  }

  /** Applies the actions due by time tS (seconds). */
  private applyActionsDue(tS: number): void {
    while (this.nextAction < this.actions.length && this.actions[this.nextAction].atS <= tS + 1e-9) {
      const action = this.actions[this.nextAction++];
      const index = this.bodyIndexById.get(action.bodyId)!;
      const body = this.bodies[index];
      const before = this.kineticEnergyJ(index);
      if (action.type === 'impulse') {
        const impulse = vector(action.impulseNs);
        if (action.pointM) body.applyImpulseAtPoint(impulse, vector(action.pointM), true);
        else body.applyImpulse(impulse, true);
      } else {
        body.setLinvel(vector(action.linearVelocityMps), true);
        if (action.angularVelocityRadps) body.setAngvel(vector(action.angularVelocityRadps), true);
      }
      this.actionWorkJ += this.kineticEnergyJ(index) - before;
    }
  }

  /** Sets each body's drag force for the next substep: F = −½ ρ C_d A |v| v. */
  private applyDrag(): void {
    const drag = this.drag;
    this.bodies.forEach((body, i) => {
      if (body.isFixed()) return;
      const v = body.linvel();
      const speed = Math.hypot(v.x, v.y, v.z);
      body.resetForces(false);
      if (speed === 0) return;
      const h = drag.halfExtents[i];
      let areaM2: number;
      if (drag.spheres[i]) {
        areaM2 = Math.PI * h[0] * h[0];
      } else {
        // The bounding box's area seen along the velocity, in the body's frame.
        const [lx, ly, lz] = rotateVec([v.x / speed, v.y / speed, v.z / speed], conjugate(quatOf(body)));
        areaM2 = 4 * (Math.abs(lx) * h[1] * h[2] + Math.abs(ly) * h[0] * h[2] + Math.abs(lz) * h[0] * h[1]);
      }
      const k = -0.5 * drag.densityKgM3 * drag.coefficients[i] * areaM2 * speed;
      body.addForce({ x: k * v.x, y: k * v.y, z: k * v.z }, false);
    });
  }

  /**
   * Advances the world by exactly one fixed step. Impacts whose window closed during this step
   * are appended to `contactsOut`.
   */
  stepFixed(contactsOut?: ContactEvent[]): void {
    this.assertLive();
    if (contactsOut) this.rememberVelocities();
    for (let i = 0; i < this.substeps; i++) {
      this.applyActionsDue(this.substepCount * this.substepDt);
      this.moveScripted((this.substepCount + 1) * this.substepDt);
      if (this.drag.enabled) this.applyDrag();
      this.world.step(this.events);
      this.substepCount++;
      if (!contactsOut) continue;
      this.events.drainCollisionEvents((handle1, handle2, started) => {
        if (started) this.beginImpact(handle1, handle2, i);
      });
      this.advanceImpacts(contactsOut);
    }
  }

  /** Gives each scripted body its pose at tS, for Rapier to move it there over the coming substep. */
  private moveScripted(tS: number): void {
    for (const { index, path } of this.scripted) {
      const { positionM: [x, y, z], quaternion: [qx, qy, qz, qw] } = scriptedPoseAt(path, tS);
      const body = this.bodies[index];
      body.setNextKinematicTranslation({ x, y, z });
      body.setNextKinematicRotation({ x: qx, y: qy, z: qz, w: qw });
    }
  }

  /** Writes every body's position and quaternion into the given arrays (one entry per body). */
  readTransforms(positions: [number, number, number][], quaternions: [number, number, number, number][]): void {
    this.assertLive();
    for (const body of this.bodies) {
      const p = body.translation();
      const q = body.rotation();
      positions.push([p.x, p.y, p.z]);
      quaternions.push([q.x, q.y, q.z, q.w]);
    }
  }

  /** Kinetic energy of body `index`: ½mv² + ½ωᵀIω, with ω taken into the principal inertia frame. J. */
  kineticEnergyJ(index: number, v = this.bodies[index].linvel(), rotation: Quat = quatOf(this.bodies[index])): number {
    const body = this.bodies[index];
    if (body.isFixed()) return 0;
    const w = body.angvel();
    const { principal, frame } = this.inertia[index];
    const [px, py, pz] = rotateVec([w.x, w.y, w.z], conjugate(multiplyQuat(rotation, frame)));
    return 0.5 * this.massesKg[index] * (v.x * v.x + v.y * v.y + v.z * v.z)
      + 0.5 * (principal[0] * px * px + principal[1] * py * py + principal[2] * pz * pz);
  }

  /**
   * Velocity, kinetic and gravitational potential energy of every body, in body order. Pass the
   * positions and quaternions just read by readTransforms to save reading them again.
   */
  measureBodies(positions?: readonly Vec3[], quaternions?: readonly Quat[]): BodyMeasure[] {
    this.assertLive();
    const [gx, gy, gz] = this.gravity;
    return this.bodies.map((body, i) => {
      const v = body.linvel();
      const t = positions ? null : body.translation();
      const p = positions ? { x: positions[i][0], y: positions[i][1], z: positions[i][2] } : t!;
      return {
        velocityMps: [v.x, v.y, v.z],
        kineticJ: this.kineticEnergyJ(i, v, quaternions?.[i]),
        potentialJ: -this.massesKg[i] * (gx * p.x + gy * p.y + gz * p.z),
      };
    });
  }

  /** World-space anchor points [on a, on b] of every joint, metres. */
  jointAnchorsM(): [Vec3, Vec3][] {
    this.assertLive();
    const place = (end: number, local: Vec3): Vec3 => {
      if (end < 0) return [...local];
      const body = this.bodies[end];
      const t = body.translation();
      const r = rotateVec(local, quatOf(body));
      return [t.x + r[0], t.y + r[1], t.z + r[2]];
    };
    return this.jointRecords.map((j) => [place(j.endA, j.localAM), place(j.endB, j.localBM)]);
  }

  /** Elastic energy stored in each joint, J: ½k(ℓ − ℓ₀)² for springs, 0 for the others (they do no work). */
  jointPotentialJ(anchors: [Vec3, Vec3][] = this.jointAnchorsM()): number[] {
    return this.jointRecords.map((j, i) => {
      if (j.spec.type !== 'spring') return 0;
      const [a, b] = anchors[i];
      const stretch = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) - j.spec.restLengthM;
      return 0.5 * j.spec.stiffnessNpm * stretch * stretch;
    });
  }

  /** Captures the whole state (Rapier's bytes and ours). The world can go on stepping afterwards. */
  snapshot(): WorldSnapshot {
    this.assertLive();
    return {
      rapierBytes: this.world.takeSnapshot(),
      substepCount: this.substepCount,
      nextAction: this.nextAction,
      actionWorkJ: this.actionWorkJ,
      gravity: [...this.gravity],
      massesKg: [...this.massesKg],
      dragEnabled: this.drag.enabled,
      airDensityKgM3: this.drag.densityKgM3,
      velocitiesBefore: this.velocitiesBefore.slice(),
      pending: this.pending.map(({ colliderA, colliderB, ...rest }) => ({ ...rest, pointM: rest.pointM && [...rest.pointM], handleA: colliderA.handle, handleB: colliderB.handle })),
      contactSpans: this.spanTracker.save(),
    };
  }

  /**
   * Puts the world back to a snapshot taken from this world or from another PhysicsWorld built from
   * the same SceneSpec. Rapier's restoreSnapshot returns a new World; the old one is freed.
   */
  restore(snapshot: WorldSnapshot): void {
    this.assertLive();
    const world = this.rapier.World.restoreSnapshot(snapshot.rapierBytes);
    this.world.free();
    this.world = world;
    this.bodyHandles.forEach((handle, i) => { this.bodies[i] = world.getRigidBody(handle); });
    if (this.worldAnchor) this.worldAnchor = world.getRigidBody(this.worldAnchor.handle);
    this.substepCount = snapshot.substepCount;
    this.nextAction = snapshot.nextAction;
    this.actionWorkJ = snapshot.actionWorkJ;
    this.gravity = [...snapshot.gravity];
    snapshot.massesKg.forEach((m, i) => { this.massesKg[i] = m; });
    this.drag.enabled = snapshot.dragEnabled;
    this.drag.densityKgM3 = snapshot.airDensityKgM3;
    this.velocitiesBefore.set(snapshot.velocitiesBefore);
    this.pending.length = 0;
    for (const { handleA, handleB, ...rest } of snapshot.pending) {
      this.pending.push({ ...rest, pointM: rest.pointM && [...rest.pointM], colliderA: world.getCollider(handleA), colliderB: world.getCollider(handleB) });
    }
    this.spanTracker.load(snapshot.contactSpans);
    this.refreshInertia();
  }

  /** Samples rolling and sliding contacts at time tS (called once per recorded frame). */
  sampleContactSpans(tS: number): void {
    this.spanTracker.sample(tS, this.observeTouchingPairs());
  }

  /** The rolling and sliding spans recorded so far. */
  contactSpans(): ContactSpan[] {
    return this.spanTracker.spans();
  }

  /**
   * Every pair of colliders in contact where at least one is an awake dynamic body: contact point,
   * slip speed, roll speed (|ω × r| along the surface, the larger of the two bodies') and normal force
   * (the last substep's normal impulse over the substep).
   */
  private observeTouchingPairs(): PairObservation[] {
    const observations: PairObservation[] = [];
    const done = new Set<string>();
    this.bodies.forEach((body, index) => {
      if (body.isSleeping() || body.isFixed()) return;
      for (let c = 0; c < body.numColliders(); c++) {
        const collider = body.collider(c);
        this.world.contactPairsWith(collider, (other) => {
          const [h1, h2] = collider.handle < other.handle ? [collider.handle, other.handle] : [other.handle, collider.handle];
          const key = `${h1}:${h2}`;
          if (done.has(key)) return;
          done.add(key);
          const otherOwner = this.owners.get(other.handle)!;
          if (otherOwner.bodyIndex === index) return; // a compound's own parts
          this.world.contactPair(collider, other, (manifold, flipped) => {
            const count = manifold.numSolverContacts();
            if (count === 0) return;
            const point: Vec3 = [0, 0, 0];
            for (let i = 0; i < count; i++) {
              const p = manifold.solverContactPoint(i)!;
              point[0] += p.x / count; point[1] += p.y / count; point[2] += p.z / count;
            }
            const m = manifold.normal();
            const sign = flipped ? -1 : 1;
            const n: Vec3 = [m.x * sign, m.y * sign, m.z * sign];
            let impulse = 0;
            for (let i = 0; i < manifold.numContacts(); i++) impulse += manifold.contactImpulse(i);
            const va = this.pointVelocity(index, point), vb = this.pointVelocity(otherOwner.bodyIndex, point);
            const rel: Vec3 = [va.total[0] - vb.total[0], va.total[1] - vb.total[1], va.total[2] - vb.total[2]];
            observations.push({
              key,
              a: this.owners.get(collider.handle)!.id,
              b: otherOwner.id,
              pointM: point,
              slipSpeedMps: tangentialSpeed(rel, n),
              rollSpeedMps: Math.max(tangentialSpeed(va.spin, n), tangentialSpeed(vb.spin, n)),
              normalForceN: impulse / this.substepDt,
            });
          });
        });
      }
    });
    return observations;
  }

  /**
   * The upward force body `index`'s contacts exerted on it in the last Rapier substep, N: what a scale
   * under it reads (the |n_y| share of each contact's normal impulse, over the substep).
   */
  verticalContactForceN(index: number): number {
    const body = this.bodies[index];
    let impulseNs = 0;
    for (let c = 0; c < body.numColliders(); c++) {
      const collider = body.collider(c);
      this.world.contactPairsWith(collider, (other) => {
        this.world.contactPair(collider, other, (manifold) => {
          for (let i = 0; i < manifold.numContacts(); i++) impulseNs += Math.abs(manifold.normal().y) * manifold.contactImpulse(i);
        });
      });
    }
    return impulseNs / this.substepDt;
  }

  /** A body's velocity at a world point (total) and the part due to its spin; zero for statics. */
  private pointVelocity(bodyIndex: number, point: Vec3): { total: Vec3; spin: Vec3 } {
    if (bodyIndex < 0) return { total: [0, 0, 0], spin: [0, 0, 0] };
    const body = this.bodies[bodyIndex];
    const v = body.linvel(), w = body.angvel(), c = body.translation();
    const r: Vec3 = [point[0] - c.x, point[1] - c.y, point[2] - c.z];
    const spin: Vec3 = [w.y * r[2] - w.z * r[1], w.z * r[0] - w.x * r[2], w.x * r[1] - w.y * r[0]];
    return { total: [v.x + spin[0], v.y + spin[1], v.z + spin[2]], spin };
  }

  /** Changes parameters of the live world from now on. Throws a RangeError naming a bad field. */
  applyPatch(patch: WorldPatch): void {
    this.assertLive();
    const check = (what: string, value: number | undefined, min: number, max: number) => {
      if (value !== undefined && !(value >= min && value <= max)) throw new RangeError(`${what} must be between ${min} and ${max}, got ${value}`);
    };
    if (patch.gravity) {
      patch.gravity.forEach((g) => check('gravity', g, -1000, 1000));
      this.gravity = [...patch.gravity];
      this.world.gravity = vector(this.gravity);
    }
    for (const [id, change] of Object.entries(patch.bodies ?? {})) {
      const index = this.bodyIndexById.get(id);
      if (index === undefined) throw new RangeError(`no body "${id}" to change`);
      check(`bodies.${id}.restitution`, change.restitution, 0, 1);
      check(`bodies.${id}.friction`, change.friction, 0, 5);
      check(`bodies.${id}.massKg`, change.massKg, 1e-9, 1e5);
      const body = this.bodies[index];
      for (const [handle, owner] of this.owners) {
        if (owner.bodyIndex !== index) continue;
        const collider = this.world.getCollider(handle);
        if (change.restitution !== undefined) collider.setRestitution(change.restitution);
        if (change.friction !== undefined) collider.setFriction(change.friction);
        if (change.massKg !== undefined) collider.setMass(change.massKg * this.massShares.get(handle)!);
      }
      if (change.massKg !== undefined) {
        this.massesKg[index] = change.massKg;
        body.recomputeMassPropertiesFromColliders();
      }
      if (change.linearVelocityMps) body.setLinvel(vector(change.linearVelocityMps), true);
      if (change.angularVelocityRadps) body.setAngvel(vector(change.angularVelocityRadps), true);
      body.wakeUp();
    }
    for (const [id, change] of Object.entries(patch.surfaces ?? {})) {
      check(`surfaces.${id}.restitution`, change.restitution, 0, 1);
      check(`surfaces.${id}.friction`, change.friction, 0, 5);
      let found = false;
      for (const [handle, owner] of this.owners) {
        if (owner.bodyIndex >= 0 || owner.id !== id) continue;
        found = true;
        const collider = this.world.getCollider(handle);
        if (change.restitution !== undefined) collider.setRestitution(change.restitution);
        if (change.friction !== undefined) collider.setFriction(change.friction);
      }
      if (!found) throw new RangeError(`no surface "${id}" to change`);
    }
    if (patch.airDrag) {
      check('airDrag.airDensityKgM3', patch.airDrag.airDensityKgM3, 0, 100);
      if (patch.airDrag.airDensityKgM3 !== undefined) this.drag.densityKgM3 = patch.airDrag.airDensityKgM3;
      if (patch.airDrag.enabled !== undefined) {
        if (this.drag.enabled && !patch.airDrag.enabled) for (const body of this.bodies) body.resetForces(false);
        this.drag.enabled = patch.airDrag.enabled;
      }
    }
    if (patch.gravity || patch.bodies) for (const body of this.bodies) body.wakeUp();
    this.refreshInertia();
  }

  private refreshInertia(): void {
    this.inertia = this.bodies.map((body) => {
      const p = body.principalInertia(), f = body.principalInertiaLocalFrame();
      return { principal: [p.x, p.y, p.z], frame: [f.x, f.y, f.z, f.w] };
    });
  }

  /** Frees the WASM world and event queue. Safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events.free();
    this.world.free();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('PhysicsWorld used after dispose()');
  }

  private rememberVelocities(): void {
    const v = this.velocitiesBefore;
    this.bodies.forEach((body, i) => {
      const lin = body.linvel();
      const ang = body.angvel();
      v[i * 6] = lin.x; v[i * 6 + 1] = lin.y; v[i * 6 + 2] = lin.z;
      v[i * 6 + 3] = ang.x; v[i * 6 + 4] = ang.y; v[i * 6 + 5] = ang.z;
    });
  }

  private beginImpact(handle1: number, handle2: number, substepInStep: number): void {
    let ownerA = this.owners.get(handle1)!;
    let ownerB = this.owners.get(handle2)!;
    let colliderA = this.world.getCollider(handle1);
    let colliderB = this.world.getCollider(handle2);
    // `a` is always a dynamic body; with two dynamic bodies keep spec order.
    if (ownerA.bodyIndex < 0 || (ownerB.bodyIndex >= 0 && ownerB.bodyIndex < ownerA.bodyIndex)) {
      [ownerA, ownerB] = [ownerB, ownerA];
      [colliderA, colliderB] = [colliderB, colliderA];
    }
    this.pending.push({
      colliderA, colliderB,
      startSubstep: this.substepCount,
      substepInStep,
      stepsLeft: this.impactWindowSteps,
      impulseNs: 0,
      pointM: null,
      normalSpeedMps: -1,
      aId: ownerA.id,
      bId: ownerB.id,
    });
  }

  private advanceImpacts(contactsOut: ContactEvent[]): void {
    let kept = 0;
    for (const impact of this.pending) {
      this.world.contactPair(impact.colliderA, impact.colliderB, (manifold, flipped) => {
        const n = manifold.normal();
        // The manifold normal points from its first collider to its second; make it point from a to b.
        const sign = flipped ? -1 : 1;
        const normal: Vec3 = [n.x * sign, n.y * sign, n.z * sign];
        for (let i = 0; i < manifold.numContacts(); i++) impact.impulseNs += manifold.contactImpulse(i);
        const count = manifold.numSolverContacts();
        if (count > 0 && impact.pointM === null) {
          const point: Vec3 = [0, 0, 0];
          for (let i = 0; i < count; i++) {
            const p = manifold.solverContactPoint(i)!;
            point[0] += p.x / count; point[1] += p.y / count; point[2] += p.z / count;
          }
          impact.pointM = point;
          impact.normalSpeedMps = this.closingSpeed(impact, point, normal);
        }
      });
      impact.stepsLeft--;
      if (impact.stepsLeft > 0) {
        this.pending[kept++] = impact;
        continue;
      }
      if (impact.pointM === null) continue; // touched only within the prediction distance: no impact
      contactsOut.push({
        t: impact.startSubstep * this.substepDt,
        a: impact.aId,
        b: impact.bId,
        impulseNs: impact.impulseNs,
        pointM: impact.pointM,
        normalSpeedMps: impact.normalSpeedMps,
      });
    }
    this.pending.length = kept;
  }

  /**
   * Closing speed along `normal` (from a to b) of the contact point just before the contact began.
   * Velocities are read once per fixed step (reading them every substep cost 11% of the loop in the
   * 1000-box benchmark); gravity carries them forward through the substeps before the contact, which
   * is exact for a body in free flight, as bodies are just before an impact.
   */
  private closingSpeed(impact: PendingImpact, point: Vec3, normal: Vec3): number {
    const fallS = impact.substepInStep * this.substepDt;
    const pointVelocity = (collider: Collider): Vec3 => {
      const owner = this.owners.get(collider.handle)!;
      if (owner.bodyIndex < 0) return [0, 0, 0];
      const v = this.velocitiesBefore.subarray(owner.bodyIndex * 6, owner.bodyIndex * 6 + 6);
      const g = this.gravity;
      const c = this.bodies[owner.bodyIndex].translation();
      const r: Vec3 = [point[0] - c.x, point[1] - c.y, point[2] - c.z];
      return [
        v[0] + g[0] * fallS + v[4] * r[2] - v[5] * r[1],
        v[1] + g[1] * fallS + v[5] * r[0] - v[3] * r[2],
        v[2] + g[2] * fallS + v[3] * r[1] - v[4] * r[0],
      ];
    };
    const va = pointVelocity(impact.colliderA);
    const vb = pointVelocity(impact.colliderB);
    const closing = (va[0] - vb[0]) * normal[0] + (va[1] - vb[1]) * normal[1] + (va[2] - vb[2]) * normal[2];
    return Math.max(0, closing);
  }
}

function vector([x, y, z]: Vec3) {
  return { x, y, z };
}

function quatOf(body: RigidBody): Quat {
  const q = body.rotation();
  return [q.x, q.y, q.z, q.w];
}

function conjugate([x, y, z, w]: Quat): Quat {
  return [-x, -y, -z, w];
}

function rotationObject([x, y, z, w]: Quat) {
  return { x, y, z, w };
}

/** A world point in a body's frame. */
function toLocal(body: RigidBody, [x, y, z]: Vec3) {
  const t = body.translation();
  return vector(rotateVec([x - t.x, y - t.y, z - t.z], conjugate(quatOf(body))));
}

/** Length of v's component along the surface with normal n (unit). */
function tangentialSpeed(v: Vec3, n: Vec3): number {
  const along = v[0] * n[0] + v[1] * n[1] + v[2] * n[2];
  return Math.hypot(v[0] - along * n[0], v[1] - along * n[1], v[2] - along * n[2]);
}

/** A scripted body's poses: its own at t = 0, then its path's, as quaternions (each on the side of the one before). */
export interface ScriptedPath { times: number[]; positionsM: Vec3[]; quaternions: Quat[] }

export function scriptedPath(body: BodySpec): ScriptedPath {
  const poses = [{ tS: 0, positionM: body.positionM, rotationDeg: body.rotationDeg }, ...(body.path ?? [])];
  const quaternions: Quat[] = [];
  for (const pose of poses) {
    const q = quaternionFromEulerDeg(pose.rotationDeg), before = quaternions.at(-1);
    // q and −q are the same rotation: take the one nearer the last, so the interpolation turns the short way.
    quaternions.push(before && q[0] * before[0] + q[1] * before[1] + q[2] * before[2] + q[3] * before[3] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : q);
  }
  return { times: poses.map((p) => p.tS), positionsM: poses.map((p) => [...p.positionM] as Vec3), quaternions };
}

/**
 * A scripted body's pose at tS: linear between its poses in position, normalised linear in rotation
 * (only +, −, ×, ÷ and √, so Node and Chromium agree to the bit; with poses a tenth of a second
 * apart the turn's rate varies by well under a per cent across an interval), the last held after.
 */
export function scriptedPoseAt(path: ScriptedPath, tS: number): { positionM: Vec3; quaternion: Quat } {
  const { times, positionsM, quaternions } = path;
  let k = 0;
  while (k < times.length - 2 && tS >= times[k + 1]) k++;
  const u = times.length === 1 ? 0 : Math.min(1, Math.max(0, (tS - times[k]) / (times[k + 1] - times[k])));
  const a = positionsM[k], b = positionsM[Math.min(k + 1, times.length - 1)];
  const qa = quaternions[k], qb = quaternions[Math.min(k + 1, times.length - 1)];
  const q = [0, 1, 2, 3].map((i) => qa[i] + (qb[i] - qa[i]) * u);
  const n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  return { positionM: [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u], quaternion: [q[0] / n, q[1] / n, q[2] / n, q[3] / n] };
}
