/**
 * Teaching overlays drawn into the 3D view for the selected body: its trajectory trail up to the
 * current time, its velocity vector, the net force on it (m·a, from the simulator's per-frame
 * velocities), and a height ruler with ticks every 10 cm from the ground to its highest point so far.
 *
 * Arrow lengths: the velocity arrow shows where the body would be 0.1 s later at that speed; the force
 * arrow is scaled so that the body's weight (m g) is 0.5 m long. The overlays live in their own group,
 * which SceneView hides while it renders the conditioning passes, so the passes stay exact.
 */
import * as THREE from 'three/webgpu';
import type { SimTimeline } from '../sim/timeline.ts';
import { samplePose } from '../sim/sample.ts';

export interface OverlayOptions {
  bodyIndex: number;
  trail: boolean;
  velocity: boolean;
  force: boolean;
  ruler: boolean;
}

export const NO_OVERLAYS: OverlayOptions = { bodyIndex: 0, trail: false, velocity: false, force: false, ruler: false };

const VELOCITY_SECONDS = 0.1;
const WEIGHT_ARROW_M = 0.5;
const RULER_TICK_M = 0.1;

export class TeachingOverlays {
  readonly group = new THREE.Group();
  private options: OverlayOptions = NO_OVERLAYS;
  private timeline: SimTimeline | null = null;
  private readonly trail: THREE.Line;
  private readonly velocity = new THREE.ArrowHelper(new THREE.Vector3(1, 0, 0), new THREE.Vector3(), 1, 0x1f9d55);
  private readonly force = new THREE.ArrowHelper(new THREE.Vector3(0, -1, 0), new THREE.Vector3(), 1, 0xd1495b);
  private readonly ruler: THREE.LineSegments;

  constructor() {
    this.group.name = 'teaching-overlays';
    this.trail = new THREE.Line(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: 0xf28c28 }));
    this.ruler = new THREE.LineSegments(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: 0x1d2a3a }));
    this.group.add(this.trail, this.velocity, this.force, this.ruler);
    this.group.visible = false;
  }

  setTimeline(timeline: SimTimeline | null): void {
    this.timeline = timeline;
  }

  setOptions(options: OverlayOptions): void {
    this.options = options;
  }

  /** Poses the overlays at time t. */
  update(tS: number): void {
    const timeline = this.timeline;
    const o = this.options;
    this.group.visible = !!timeline && (o.trail || o.velocity || o.force || o.ruler) && o.bodyIndex < (timeline?.bodies.length ?? 0);
    if (!timeline || !this.group.visible) return;
    const i = o.bodyIndex;
    const frameIndex = Math.min(Math.max(Math.round(tS * timeline.fps), 0), timeline.frames.length - 1);
    const here = new THREE.Vector3().fromArray(samplePose(timeline, tS).positions[i]);

    this.trail.visible = o.trail;
    if (o.trail) {
      const points = timeline.frames.slice(0, frameIndex + 1).map((f) => new THREE.Vector3().fromArray(f.positions[i]));
      points.push(here);
      this.trail.geometry.dispose();
      this.trail.geometry = new THREE.BufferGeometry().setFromPoints(points);
    }

    const velocity = new THREE.Vector3().fromArray(timeline.frames[frameIndex].velocitiesMps?.[i] ?? [0, 0, 0]);
    this.velocity.visible = o.velocity && velocity.lengthSq() > 1e-8;
    if (this.velocity.visible) {
      this.velocity.position.copy(here);
      this.velocity.setDirection(velocity.clone().normalize());
      this.velocity.setLength(Math.max(velocity.length() * VELOCITY_SECONDS, 0.02));
    }

    const massKg = timeline.bodies[i].massKg;
    const g = Math.hypot(...(timeline.gravity ?? [0, -9.81, 0]));
    const a = frameIndex > 0 && frameIndex < timeline.frames.length - 1 ? netAcceleration(timeline, i, frameIndex) : new THREE.Vector3();
    const forceN = a.multiplyScalar(massKg);
    this.force.visible = o.force && forceN.lengthSq() > 1e-12;
    if (this.force.visible) {
      const metresPerNewton = WEIGHT_ARROW_M / Math.max(massKg * (g || 9.81), 1e-9);
      this.force.position.copy(here);
      this.force.setDirection(forceN.clone().normalize());
      this.force.setLength(Math.min(Math.max(forceN.length() * metresPerNewton, 0.02), 5));
    }

    this.ruler.visible = o.ruler;
    if (o.ruler) {
      let topM = 0;
      for (let k = 0; k <= frameIndex; k++) topM = Math.max(topM, timeline.frames[k].positions[i][1]);
      const [x, , z] = timeline.frames[0].positions[i];
      const base = new THREE.Vector3(x - 0.3, 0, z);
      const segments: THREE.Vector3[] = [base, base.clone().setY(topM)];
      for (let h = 0, n = 0; h <= topM + 1e-9; h += RULER_TICK_M, n++) {
        const tick = n % 10 === 0 ? 0.12 : n % 5 === 0 ? 0.08 : 0.04;
        segments.push(base.clone().setY(h), base.clone().setY(h).setX(base.x + tick));
      }
      this.ruler.geometry.dispose();
      this.ruler.geometry = new THREE.BufferGeometry().setFromPoints(segments);
    }
  }

  dispose(): void {
    this.trail.geometry.dispose();
    (this.trail.material as THREE.Material).dispose();
    this.ruler.geometry.dispose();
    (this.ruler.material as THREE.Material).dispose();
    this.velocity.dispose();
    this.force.dispose();
  }
}

/** Central difference of the simulator's per-frame velocities, m/s². */
function netAcceleration(timeline: SimTimeline, bodyIndex: number, frameIndex: number): THREE.Vector3 {
  const before = timeline.frames[frameIndex - 1], after = timeline.frames[frameIndex + 1];
  const v0 = new THREE.Vector3().fromArray(before.velocitiesMps?.[bodyIndex] ?? [0, 0, 0]);
  const v1 = new THREE.Vector3().fromArray(after.velocitiesMps?.[bodyIndex] ?? [0, 0, 0]);
  return v1.sub(v0).divideScalar(after.t - before.t);
}
