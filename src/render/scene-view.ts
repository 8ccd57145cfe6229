/**
 * SceneView: the three.js view of a scene, posed from its SimTimeline.
 *
 *   SceneSpec ──► meshes (bodies from their shapes, statics from scene/geometry.ts parts)
 *   SimTimeline ─► samplePose(t) ──► mesh transforms ──► WebGPURenderer (WebGPU or its WebGL2 backend)
 *
 * One renderer class serves both backends (three's WebGPURenderer with `forceWebGL` for WebGL2), so
 * node materials and later passes are written once. The camera frames the bodies' bounding box over the
 * whole timeline unless the spec fixes it; OrbitControls lets the user look around.
 *
 * Ownership: `dispose()` frees every geometry, material and texture, the controls and the renderer.
 */
import * as THREE from 'three/webgpu';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { ConvexGeometry } from 'three/addons/geometries/ConvexGeometry.js';
import type { BodySpec, SceneSpec } from '../scene/spec.ts';
import { boundingRadiusM, groundParts, itemParts, shapeParts, type PartShape, type StaticPart } from '../scene/geometry.ts';
import { MATERIALS } from '../scene/materials.ts';
import type { SimTimeline } from '../sim/timeline.ts';
import { samplePose } from '../sim/sample.ts';
import type { Backend } from './backend.ts';
import { checkerTexture, lookFor, seamTexture } from './appearance.ts';

const BACKGROUND = new THREE.Color('#dfe6ee');
/** The automatic camera frames what the bodies do in the first seconds, and the static set. */
const FRAMING_WINDOW_S = 1.2;
/** Ground checker tile, metres. */
const GROUND_TILE_M = 0.5;

export class SceneView {
  readonly camera = new THREE.PerspectiveCamera(40, 16 / 9, 0.01, 500);
  private readonly scene = new THREE.Scene();
  private readonly content = new THREE.Group();
  private readonly sun = new THREE.DirectionalLight('#ffffff', 2.4);
  private readonly controls: OrbitControls;
  private bodyMeshes: THREE.Object3D[] = [];
  private timeline: SimTimeline | null = null;
  private disposed = false;

  private constructor(private readonly renderer: THREE.WebGPURenderer, readonly backend: Backend) {
    renderer.toneMapping = THREE.ACESFilmicToneMapping;
    renderer.shadowMap.enabled = true;
    renderer.shadowMap.type = THREE.PCFShadowMap;
    this.scene.background = BACKGROUND;
    this.scene.add(new THREE.HemisphereLight('#f4f7ff', '#6b6256', 1.1));
    this.sun.castShadow = true;
    this.sun.shadow.mapSize.set(2048, 2048);
    this.sun.shadow.bias = -0.0005;
    this.scene.add(this.sun, this.sun.target, this.content);
    this.controls = new OrbitControls(this.camera, renderer.domElement);
    this.controls.enableDamping = false;
  }

  /** Creates the renderer on `canvas` with the chosen backend and waits until it can draw. */
  static async create(canvas: HTMLCanvasElement, backend: Backend): Promise<SceneView> {
    const renderer = new THREE.WebGPURenderer({ canvas, antialias: true, forceWebGL: backend === 'webgl2' });
    renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    await renderer.init();
    return new SceneView(renderer, backend);
  }

  /** Rebuilds the view for a new scene and its timeline. */
  setScene(spec: SceneSpec, timeline: SimTimeline): void {
    this.clearContent();
    this.timeline = timeline;
    const statics: StaticPart[] = [
      ...(spec.environment.ground ? groundParts(spec.environment.ground) : []),
      ...spec.environment.items.flatMap(itemParts),
    ];
    const surfaceMaterial = new Map<string, string>();
    if (spec.environment.ground) surfaceMaterial.set(spec.environment.ground.id, spec.environment.ground.material);
    for (const item of spec.environment.items) surfaceMaterial.set(item.id, item.material);
    for (const part of statics) this.content.add(this.staticMesh(part, surfaceMaterial.get(part.ownerId) as keyof typeof MATERIALS, part.ownerId === spec.environment.ground?.id));
    this.bodyMeshes = spec.bodies.map((body) => this.bodyMesh(body));
    this.content.add(...this.bodyMeshes);
    this.frameCamera(spec, timeline);
    this.showTime(0);
  }

  /** Poses every body at time t (seconds) of the timeline. */
  showTime(tS: number): void {
    if (!this.timeline) return;
    const pose = samplePose(this.timeline, tS);
    this.bodyMeshes.forEach((mesh, i) => {
      mesh.position.fromArray(pose.positions[i]);
      mesh.quaternion.fromArray(pose.quaternions[i]);
    });
  }

  render(): void {
    if (this.disposed) return;
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
  }

  /**
   * Renders now and copies the canvas into pixels at once (the drawing buffer is not preserved), for
   * tests and stills: RGBA, row 0 at the top.
   */
  capture(): ImageData {
    this.render();
    const canvas = this.renderer.domElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d')!;
    context.drawImage(canvas, 0, 0);
    return context.getImageData(0, 0, copy.width, copy.height);
  }

  /** Where body `index` appears on the canvas now, in drawing-buffer pixels from the top left. */
  projectBody(index: number): [number, number] {
    const p = this.bodyMeshes[index].position.clone().project(this.camera);
    const canvas = this.renderer.domElement;
    return [((p.x + 1) / 2) * canvas.width, ((1 - p.y) / 2) * canvas.height];
  }

  /** The point the viewport camera orbits and looks at, metres. */
  get target(): [number, number, number] {
    return this.controls.target.toArray();
  }

  resize(widthPx: number, heightPx: number): void {
    if (widthPx <= 0 || heightPx <= 0) return;
    this.renderer.setSize(widthPx, heightPx, false);
    this.camera.aspect = widthPx / heightPx;
    this.camera.updateProjectionMatrix();
  }

  /** Frees every GPU resource; safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearContent();
    this.controls.dispose();
    this.renderer.dispose();
  }

  /** A body: one mesh per primitive part, grouped under the body's pose. */
  private bodyMesh(body: BodySpec): THREE.Object3D {
    const look = lookFor(body.kind, body.material);
    const material = new THREE.MeshStandardMaterial({ color: look.colorHex, roughness: look.roughness, metalness: look.metalness });
    if (body.shape.type === 'sphere' && look.seamHex) {
      material.map = seamTexture(look);
      material.color.set('#ffffff');
    }
    const group = new THREE.Group();
    group.name = body.id;
    for (const part of shapeParts(body.shape)) {
      const mesh = new THREE.Mesh(partGeometry(part.shape), material);
      mesh.position.fromArray(part.positionM);
      mesh.quaternion.fromArray(part.quaternion);
      mesh.castShadow = mesh.receiveShadow = true;
      group.add(mesh);
    }
    return group;
  }

  private staticMesh(part: StaticPart, materialName: keyof typeof MATERIALS, isGround: boolean): THREE.Mesh {
    const colorHex = MATERIALS[materialName].colorHex;
    const material = new THREE.MeshStandardMaterial({ color: colorHex, roughness: 0.9 });
    // Furniture and ramps are lifted a little from the ground's tone so a wooden ramp reads on a wooden floor.
    if (!isGround) material.color.offsetHSL(0, -0.05, 0.08);
    if (isGround && part.shape.type === 'box') {
      material.map = checkerTexture(colorHex, part.shape.sizeM[0] / (GROUND_TILE_M * 2));
      material.color.set('#ffffff');
    }
    const mesh = new THREE.Mesh(partGeometry(part.shape), material);
    mesh.name = part.ownerId;
    mesh.position.fromArray(part.positionM);
    mesh.quaternion.fromArray(part.quaternion);
    mesh.receiveShadow = true;
    mesh.castShadow = !isGround;
    return mesh;
  }

  private frameCamera(spec: SceneSpec, timeline: SimTimeline): void {
    const box = new THREE.Box3();
    const point = new THREE.Vector3();
    const reach = Math.max(...spec.bodies.map((b) => boundingRadiusM(b.shape)));
    for (const frame of timeline.frames) {
      if (frame.t > FRAMING_WINDOW_S) break;
      for (const p of frame.positions) box.expandByPoint(point.fromArray(p));
    }
    box.expandByScalar(reach);
    for (const object of this.content.children) {
      if (object.name !== spec.environment.ground?.id && !this.bodyMeshes.includes(object)) box.expandByObject(object);
    }
    const center = box.getCenter(new THREE.Vector3());
    const radius = Math.max(box.getSize(new THREE.Vector3()).length() / 2, 0.15);

    if (spec.camera.mode === 'fixed') {
      this.camera.position.fromArray(spec.camera.positionM);
      this.camera.fov = spec.camera.fovDeg;
      this.controls.target.fromArray(spec.camera.targetM);
    } else {
      const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2)) * 1.05;
      const direction = new THREE.Vector3(0.25, 0.35, 1).normalize();
      this.camera.position.copy(center).addScaledVector(direction, distance);
      this.controls.target.copy(center);
    }
    this.camera.near = Math.max(radius / 200, 0.005);
    this.camera.far = radius * 400;
    this.camera.updateProjectionMatrix();
    this.camera.lookAt(this.controls.target);

    const viewDistance = this.camera.position.distanceTo(this.controls.target);
    this.scene.fog = new THREE.Fog(BACKGROUND, viewDistance + radius * 2, viewDistance + radius * 12);
    this.sun.position.copy(center).add(new THREE.Vector3(radius * 1.5, radius * 3, radius * 2));
    this.sun.target.position.copy(center);
    const shadowCamera = this.sun.shadow.camera;
    shadowCamera.left = shadowCamera.bottom = -radius * 1.6;
    shadowCamera.right = shadowCamera.top = radius * 1.6;
    shadowCamera.near = 0.01;
    shadowCamera.far = radius * 10;
    shadowCamera.updateProjectionMatrix();
  }

  private clearContent(): void {
    for (const object of [...this.content.children]) {
      this.content.remove(object);
      object.traverse((node) => {
        if (!(node instanceof THREE.Mesh)) return;
        node.geometry.dispose();
        const material = node.material as THREE.MeshStandardMaterial;
        material.map?.dispose();
        material.dispose(); // shared by a body's parts; disposing twice is harmless in three.js
      });
    }
    this.bodyMeshes = [];
  }
}

/** three.js geometry for one primitive, matching its collider (primitives are centred, axis along y). */
function partGeometry(shape: PartShape): THREE.BufferGeometry {
  switch (shape.type) {
    case 'sphere': return new THREE.SphereGeometry(shape.radiusM, 48, 24);
    case 'box': return new THREE.BoxGeometry(...shape.sizeM);
    case 'cylinder': return new THREE.CylinderGeometry(shape.radiusM, shape.radiusM, shape.heightM, 40);
    case 'capsule': return new THREE.CapsuleGeometry(shape.radiusM, Math.max(shape.heightM - 2 * shape.radiusM, 0), 8, 16);
    case 'cone': return new THREE.ConeGeometry(shape.radiusM, shape.heightM, 40);
    case 'convex': return new ConvexGeometry(shape.pointsM.map((p) => new THREE.Vector3(...p)));
  }
}
