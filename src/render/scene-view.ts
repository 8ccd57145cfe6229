/**
 * SceneView: the three.js view of a scene, posed from its SimTimeline, with shot cameras, styles and
 * exact conditioning passes.
 *
 *   SceneSpec ──► meshes (bodies from their shapes, statics from scene/geometry.ts parts), each with a
 *                 style-independent Surface and an instance id (bodies 1..N, then statics by owner)
 *   SimTimeline ─► samplePose(t) ──► mesh transforms
 *   shots.ts ────► shot camera at t (when the spec has shots; else the automatic framing + OrbitControls)
 *   styles.ts ───► materials + post pipeline ──► WebGPURenderer (WebGPU or its WebGL2 backend);
 *                  the cinematic lens focuses on the shot's subject (else on the orbit target)
 *   gbuffer.ts ──► depth / normals / ids ──► pass-math.ts ──► flow, tracks, semantic, edges
 *
 * One renderer class serves both backends (three's WebGPURenderer with `forceWebGL` for WebGL2), so
 * node materials and passes are written once. The drawing buffer always has the chosen output aspect
 * (16:9, 9:16, 1:1, 2.39:1, or the element's own); the canvas is shown with `object-fit: contain`.
 *
 * Ownership: `dispose()` frees every geometry, material and texture, the style kit, the geometry
 * buffers, the controls and the renderer; it is idempotent.
 */
import * as THREE from 'three/webgpu';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { ConvexGeometry } from 'three/addons/geometries/ConvexGeometry.js';
import type { BodySpec, SceneSpec, ShotSpec } from '../scene/spec.ts';
import { boundingRadiusM, groundParts, itemParts, partsBounds, shapeParts, type PartShape, type StaticPart } from '../scene/geometry.ts';
import { MATERIALS } from '../scene/materials.ts';
import type { SimTimeline } from '../sim/timeline.ts';
import { samplePose } from '../sim/sample.ts';
import { decodeFluidFrame } from '../sim/fluid/frames.ts';
import type { Backend } from './backend.ts';
import { lookFor } from './appearance.ts';
import { GBuffer } from './gbuffer.ts';
import { DraftPassRenderer, assembleDraftPasses, backwardValidity, describeFrame, type FrameDescription } from './draft-passes.ts';
import type { DraftPasses } from '../inference/passes.ts';
import type { DraftGpuFrame } from '../inference/browser/gpu-pack.ts';
import { TeachingOverlays, type OverlayOptions } from './overlays.ts';
import { beginNodeFrame } from './node-frame.ts';
import { FluidView, SHADOW_CASTER_LAYER, type FluidQuality, type FluidRenderPlan } from './fluid-view.ts';
import { ADE20K, boxSurfacePoints, canny, computeFlow, computeTracks, depthToUint16Mm, fibonacciSphere, semanticClass, semanticImage, type GeometryFrame, type PassCamera, type Quat } from './pass-math.ts';
import { ASPECT_RATIOS, boxAround, boxCenter, frameRect, planShots, shotAt, shotCamera, shotProgress, unionBoxes, type AspectName, type Box3, type ShotPlan, type Vec3 } from './shots.ts';
import { StyleKit, type StyleName, type Surface } from './styles.ts';

/** Catalog kinds built as a person proxy with a sphere head (scene/catalog-data.ts). */
const PERSON_KINDS = new Set(['person', 'child', 'toddler', 'figurine']);
const BACKGROUND = new THREE.Color('#dfe6ee');
/** The automatic camera (and the sun's shadow frustum) frames what the bodies and liquids do in the first seconds, and the static set. */
const FRAMING_WINDOW_S = 1.2;
/** Recorded liquid frames of that window the framing reads (decoding every one would cost more than it tells). */
const LIQUID_FRAMING_SAMPLES = 6;
/** Ground checker tile, metres. */
const GROUND_TILE_M = 0.5;

/** One instance in the passes: what the id stands for. */
export interface InstanceInfo {
  id: number;
  /** Body or environment item id from the SceneSpec. */
  ownerId: string;
  kind: string;
  isStatic: boolean;
  /** ADE20K class name and index. */
  category: string;
  ade20kIndex: number;
}

/** Every conditioning pass of one frame. Row 0 is the top of the image. */
export interface FramePasses {
  width: number;
  height: number;
  timeS: number;
  /** Linear metric depth (m), 0 = no surface. */
  depth: Float32Array;
  /** The same in unsigned 16-bit millimetres. */
  depth16: Uint16Array;
  /** View-space unit normals, OpenGL convention (x right, y up, z towards the camera). */
  normals: Float32Array;
  ids: Uint16Array;
  instances: InstanceInfo[];
  /** ADE20K-palette RGBA. */
  semantic: Uint8ClampedArray;
  /** Forward flow to the next recorded frame (1/fps later), px per frame, and its masks. */
  flow: Float32Array;
  flowValid: Uint8Array;
  occluded: Uint8Array;
  disoccluded: Uint8Array;
}

export class SceneView {
  readonly camera = new THREE.PerspectiveCamera(40, 16 / 9, 0.01, 500);
  private readonly scene = new THREE.Scene();
  private readonly content = new THREE.Group();
  private readonly sun = new THREE.DirectionalLight('#ffffff', 2.4);
  private readonly hemisphere = new THREE.HemisphereLight('#f4f7ff', '#6b6256', 1.1);
  private readonly controls: OrbitControls;
  private readonly gbuffer: GBuffer;
  private readonly draftPasses: DraftPassRenderer;
  private readonly overlays = new TeachingOverlays();
  /** Simulated liquids (fluid-view.ts); hidden in the conditioning passes. */
  private readonly fluids = new FluidView(this.backend);
  private bodyMeshes: THREE.Object3D[] = [];
  private timeline: SimTimeline | null = null;
  private spec: SceneSpec | null = null;
  private plans: ShotPlan[] = [];
  private sweptBoxes = new Map<number, Box3>();
  private obstacles: Box3[] = [];
  private instances: InstanceInfo[] = [];
  private styleKit: StyleKit;
  private aspect: AspectName | null = null;
  private hostSize: [number, number] = [16, 9];
  /** The offscreen work running now and queued behind it (see offscreen). */
  private offscreenQueue: Promise<unknown> = Promise.resolve();
  private offscreenRunning = false;
  /** The sizes atExportSize holds the drawing buffer at, innermost last (see there). */
  private readonly exportSizes: [number, number][] = [];
  /** The viewport's pixel ratio, kept while an export draws at ratio 1. */
  private viewportPixelRatio = 1;
  private timeS = 0;
  /** 'shots': the shot cameras drive the view; 'free': automatic framing and OrbitControls. */
  private cameraMode: 'shots' | 'free' = 'free';
  private disposed = false;
  private cameoMaterial: THREE.MeshStandardMaterial | null = null;
  /** Where the shot's subject is now (the shot camera sets it): the lens focuses there. */
  private readonly subjectFocus = new THREE.Vector3();

  private constructor(private readonly renderer: THREE.WebGPURenderer, readonly backend: Backend) {
    renderer.toneMapping = THREE.ACESFilmicToneMapping;
    renderer.shadowMap.enabled = true;
    renderer.shadowMap.type = THREE.PCFShadowMap;
    this.scene.background = BACKGROUND;
    this.scene.add(this.hemisphere);
    this.sun.castShadow = true;
    this.sun.shadow.mapSize.set(2048, 2048);
    this.sun.shadow.bias = -0.0005;
    this.sun.shadow.camera.layers.enable(SHADOW_CASTER_LAYER); // the liquid surface's shadow (fluid-view.ts)
    this.scene.add(this.sun, this.sun.target, this.content);
    this.controls = new OrbitControls(this.camera, renderer.domElement);
    this.controls.enableDamping = false;
    // Dragging takes the camera off the shot until the next scene or setCameraMode('shots').
    this.controls.addEventListener('start', () => { this.cameraMode = 'free'; });
    this.gbuffer = new GBuffer(renderer);
    this.draftPasses = new DraftPassRenderer(renderer, this.scene, this.camera);
    this.scene.add(this.overlays.group);
    this.scene.add(this.fluids.group);
    this.styleKit = new StyleKit('standard', renderer, this.scene, this.camera);
    renderer.domElement.style.objectFit = 'contain';
  }

  /**
   * Creates the renderer on `canvas` with the chosen backend and waits until it can draw. On WebGPU,
   * `deviceLimits` names limits the device gets at the adapter's values instead of WebGPU's defaults:
   * the draft model computes on the same device (inference/browser/shared-device.ts).
   */
  static async create(canvas: HTMLCanvasElement, backend: Backend, deviceLimits: readonly (keyof GPUSupportedLimits)[] = []): Promise<SceneView> {
    const adapter = backend === 'webgpu' && deviceLimits.length > 0 ? await navigator.gpu.requestAdapter() : null;
    const requiredLimits = adapter ? Object.fromEntries(deviceLimits.map((name) => [name, adapter.limits[name] as number])) : undefined;
    const renderer = new THREE.WebGPURenderer({ canvas, antialias: true, forceWebGL: backend === 'webgl2', requiredLimits });
    renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    await renderer.init();
    return new SceneView(renderer, backend);
  }

  get style(): StyleName { return this.styleKit.style; }
  get shotPlans(): readonly ShotPlan[] { return this.plans; }
  get mode(): 'shots' | 'free' { return this.cameraMode; }

  /** Rebuilds the view for a new scene and its timeline; the style is the spec's. */
  setScene(spec: SceneSpec, timeline: SimTimeline): void {
    this.clearContent();
    this.timeline = timeline;
    this.spec = spec;
    this.styleKit.dispose();
    this.styleKit = new StyleKit(spec.style, this.renderer, this.scene, this.camera);
    const statics: StaticPart[] = [
      ...(spec.environment.ground ? groundParts(spec.environment.ground) : []),
      ...spec.environment.items.flatMap(itemParts),
    ];
    const owners = new Map<string, { material: string; kind: string }>();
    if (spec.environment.ground) owners.set(spec.environment.ground.id, { material: spec.environment.ground.material, kind: 'floor' });
    for (const item of spec.environment.items) owners.set(item.id, { material: item.material, kind: item.kind });
    this.instances = spec.bodies.map((b, i) => this.instance(i + 1, b.id, b.kind, false));
    const staticIds = new Map<string, number>();
    for (const part of statics) {
      const owner = owners.get(part.ownerId) ?? { material: 'wood', kind: 'wall' };
      if (!staticIds.has(part.ownerId)) {
        const id = spec.bodies.length + staticIds.size + 1;
        staticIds.set(part.ownerId, id);
        this.instances.push(this.instance(id, part.ownerId, owner.kind, true));
      }
      this.content.add(this.staticMesh(part, owner.material as keyof typeof MATERIALS, owner.kind, part.ownerId === spec.environment.ground?.id, staticIds.get(part.ownerId)!));
    }
    let ballNumber = 0;
    this.bodyMeshes = spec.bodies.map((body, i) => this.bodyMesh(body, i + 1, body.kind === 'billiard-ball' ? ballNumber++ : 0));
    this.content.add(...this.bodyMeshes);
    this.obstacles = statics.map((p) => { const [min, max] = partsBounds([p]); return { min, max }; });
    this.plans = planShots(spec, timeline.shotCuts);
    this.sweptBoxes.clear();
    this.frameCamera(spec, timeline);
    this.applyStyle();
    this.cameraMode = spec.shots.length > 0 ? 'shots' : 'free';
    this.overlays.setTimeline(timeline);
    this.fluids.setTimeline(timeline);
    this.showTime(0);
  }

  /** How liquids are drawn (fluid-view.ts: a screen-space surface, or spheres at 'low'), and how many particles. */
  setFluidQuality(quality: FluidQuality): void {
    this.fluids.setQuality(quality);
  }

  get fluidPlan(): FluidRenderPlan { return this.fluids.plan; }

  /** Which teaching overlays to draw, for which body. */
  setOverlays(options: OverlayOptions): void {
    this.overlays.setOptions(options);
    this.overlays.update(this.timeS);
  }

  /** Switches the look live; the scene stays. */
  setStyle(style: StyleName): void {
    if (style === this.styleKit.style) return;
    this.styleKit.dispose();
    this.styleKit = new StyleKit(style, this.renderer, this.scene, this.camera);
    this.applyStyle();
  }

  /** Output aspect (null: the element's own); the drawing buffer takes that shape. */
  setAspect(aspect: AspectName | null): void {
    this.aspect = aspect;
    this.resize(...this.hostSize);
  }

  get aspectName(): AspectName | null { return this.aspect; }

  /** 'shots' puts the camera back on the shot list; 'free' hands it to OrbitControls. */
  setCameraMode(mode: 'shots' | 'free'): void {
    this.cameraMode = mode;
    this.showTime(this.timeS);
  }

  /** Replaces the spec's shots (from the shot list UI) without re-simulating. */
  setShots(shots: ShotSpec[]): void {
    if (!this.spec || !this.timeline) return;
    this.spec = { ...this.spec, shots };
    this.plans = planShots(this.spec, []);
    this.sweptBoxes.clear();
    this.cameraMode = shots.length ? 'shots' : 'free';
    this.showTime(this.timeS);
  }

  /** Poses every body, and the shot camera, at time t (seconds) of the timeline. */
  showTime(tS: number): void {
    if (!this.timeline) return;
    this.timeS = tS;
    const pose = samplePose(this.timeline, tS);
    this.bodyMeshes.forEach((mesh, i) => {
      mesh.position.fromArray(pose.positions[i]);
      mesh.quaternion.fromArray(pose.quaternions[i]);
    });
    if (this.cameraMode === 'shots') this.applyShotCamera(tS);
    this.overlays.update(tS);
    this.fluids.update(tS);
  }

  render(): void {
    if (this.disposed) return;
    if (this.cameraMode === 'free') this.controls.update();
    const canvas = this.renderer.domElement;
    this.styleKit.beforeRender(canvas.width, canvas.height, this.timeS, this.focusDistanceM());
    beginNodeFrame(this.renderer); // this moment's shadow map, however many frames this tick draws
    this.styleKit.render();
  }

  /**
   * Renders now and copies the canvas into pixels at once (the drawing buffer is not preserved), for
   * tests and stills: RGBA, row 0 at the top.
   */
  capture(): ImageData {
    this.render();
    return this.copyCanvas();
  }

  /** The raw frame at time t with three's GTAO multiplied in (the draft model's stronger baseline). */
  async ambientOcclusionAt(tS: number, [width, height] = this.size): Promise<ImageData> {
    return this.withoutOverlays(() => this.atExportSize(width, height, async () => {
      this.poseCameraAt(tS);
      this.draftPasses.drawWithAmbientOcclusion();
      return this.copyCanvas();
    }));
  }

  private copyCanvas(): ImageData {
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

  /** Body `index`'s world position now (a copy). */
  bodyPosition(index: number): THREE.Vector3 {
    return this.bodyMeshes[index].position.clone();
  }

  /** The drawing-buffer size, pixels. */
  get size(): [number, number] {
    const c = this.renderer.domElement;
    return [c.width, c.height];
  }

  /** Where the camera is and where it looks, world space: the listener's pose for the sound mix. */
  listenerPose(): { positionM: [number, number, number]; forward: [number, number, number]; up: [number, number, number] } {
    const forward = this.camera.getWorldDirection(new THREE.Vector3());
    const up = new THREE.Vector3(0, 1, 0).applyQuaternion(this.camera.quaternion);
    return { positionM: this.camera.position.toArray(), forward: forward.toArray(), up: up.toArray() };
  }

  /** The point the viewport camera orbits and looks at, metres. */
  get target(): [number, number, number] {
    return this.controls.target.toArray();
  }

  resize(widthPx: number, heightPx: number): void {
    if (widthPx <= 0 || heightPx <= 0) return;
    this.hostSize = [widthPx, heightPx];
    if (this.exportSizes.length > 0) return; // an export holds the drawing buffer; the viewport takes this size when it ends
    const rect = frameRect(widthPx, heightPx, this.aspect ? ASPECT_RATIOS[this.aspect] : null);
    this.renderer.setSize(Math.max(rect.w, 1), Math.max(rect.h, 1), false);
    this.camera.aspect = rect.w / rect.h;
    this.camera.updateProjectionMatrix();
    if (this.cameraMode === 'shots') this.showTime(this.timeS);
  }

  /**
   * Runs `work` once the offscreen work queued before it has finished: exports, passes and draft
   * frames pose the scene, move the camera and resize the drawing buffer across awaits, so two at once
   * draw each other's frames (seen: the Draft view's refresh and an API call sized each other's
   * ImageData). Callers take it at the outermost call; the SceneView methods inside do not, so it is
   * not re-entrant. The viewport does not draw while it is held (offscreenBusy).
   */
  offscreen<T>(work: () => Promise<T>): Promise<T> {
    const run = this.offscreenQueue.then(async () => {
      this.offscreenRunning = true;
      try {
        return await work();
      } finally {
        this.offscreenRunning = false;
      }
    });
    this.offscreenQueue = run.catch(() => undefined);
    return run;
  }

  /** Whether offscreen work holds the renderer now (the viewport's frame waits). */
  get offscreenBusy(): boolean {
    return this.offscreenRunning;
  }

  /**
   * Runs `work` with the renderer at exactly width × height pixels (pixel ratio 1, no letterbox), for
   * exports; the viewport's own size comes back afterwards, whatever happens. While it runs, the
   * viewport's resizes (the page laid out anew, the window resized, a new aspect) are only recorded:
   * one that reached the renderer mid-export made every later frame of a video the viewport's size,
   * and the encoder, told the export's size, took their first rows (seen as a grey video: the sky).
   * Calls nest; each restores the size of the one around it.
   */
  async atExportSize<T>(width: number, height: number, work: () => Promise<T>): Promise<T> {
    if (this.exportSizes.length === 0) this.viewportPixelRatio = this.renderer.getPixelRatio();
    this.exportSizes.push([width, height]);
    this.drawAt(width, height);
    try {
      return await work();
    } finally {
      this.exportSizes.pop();
      const outer = this.exportSizes.at(-1);
      if (outer) {
        this.drawAt(...outer);
      } else {
        this.renderer.setPixelRatio(this.viewportPixelRatio);
        this.resize(...this.hostSize);
      }
    }
  }

  /** The drawing buffer at exactly width × height pixels, pixel ratio 1, the camera's aspect to match. */
  private drawAt(width: number, height: number): void {
    this.renderer.setPixelRatio(1);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  /** The id → body/item map of the instance-id pass. */
  instanceMap(): InstanceInfo[] {
    return this.instances.map((i) => ({ ...i }));
  }

  /** Exact depth, normals and ids at time t, from the camera at t, at the drawing-buffer size (or given). */
  async geometryAt(tS: number, size = this.size): Promise<GeometryFrame & { normals: Float32Array }> {
    const [width, height] = size;
    const saved = this.timeS;
    this.showTime(tS);
    if (this.cameraMode === 'free') this.controls.update();
    const aspect = this.camera.aspect;
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    if (this.cameraMode === 'shots') this.applyShotCamera(tS);
    this.camera.updateMatrixWorld();
    const passCamera: PassCamera = { viewMatrix: this.camera.matrixWorldInverse.toArray(), fovDeg: this.camera.fov, aspect: this.camera.aspect };
    const poses = new Map<number, { position: Vec3; quaternion: Quat }>();
    this.bodyMeshes.forEach((m, i) => poses.set(i + 1, { position: m.position.toArray() as Vec3, quaternion: m.quaternion.toArray() as Quat }));
    try {
      // The passes show the scene itself: no teaching overlays. Liquids are left out too (they have
      // no instance id, and the pass maths treats every pixel as a rigid body's or a static's).
      const overlaysShown = this.overlays.group.visible, fluidsShown = this.fluids.group.visible;
      this.overlays.group.visible = false;
      this.fluids.group.visible = false;
      const buffers = await this.gbuffer.render(this.scene, this.camera, width, height, (mesh) => (mesh.userData.instanceId as number | undefined) ?? 0)
        .finally(() => { this.overlays.group.visible = overlaysShown; this.fluids.group.visible = fluidsShown; });
      return { ...buffers, camera: passCamera, poses };
    } finally {
      this.camera.aspect = aspect;
      this.camera.updateProjectionMatrix();
      this.showTime(saved);
    }
  }

  /** Every pass at time t; flow runs to t + 1/fps (one recorded frame). */
  async passesAt(tS: number, size = this.size): Promise<FramePasses> {
    const fps = this.timeline?.fps ?? 60;
    const a = await this.geometryAt(tS, size);
    const b = await this.geometryAt(tS + 1 / fps, size);
    const flow = computeFlow(a, b);
    const classOf = new Map(this.instances.map((i) => [i.id, i.category as keyof typeof ADE20K]));
    const outdoor = this.spec?.environment.setting === 'outdoor';
    return {
      width: a.width, height: a.height, timeS: tS,
      depth: a.depth, depth16: depthToUint16Mm(a.depth), normals: a.normals, ids: a.ids, instances: this.instanceMap(),
      semantic: semanticImage(a.ids, classOf, outdoor ? 'sky' : 'wall'),
      flow: flow.flow, flowValid: flow.valid, occluded: flow.occluded, disoccluded: flow.disoccluded,
    };
  }

  /**
   * The draft model's inputs at time t (src/inference/passes.ts), at width × height: the surface
   * passes, exact depth and normals, the raw frame as shown and the backward flow to 1/fps earlier.
   * Teaching overlays are left out of every part.
   */
  async draftPassesAt(tS: number, size = this.size): Promise<DraftPasses> {
    return (await this.drawDraftPasses(tS, size)).readBack();
  }

  /**
   * The same frame for the draft model's GPU route (WebGPU only): the surface passes stay in their
   * render targets, valid until the next draft-pass render (inference/browser/gpu-pack.ts).
   */
  async draftGpuFrameAt(tS: number, size = this.size): Promise<DraftGpuFrame> {
    const frame = await this.drawDraftPasses(tS, size);
    return { ...frame, textures: this.draftPasses.textures() };
  }

  /** The renderer's GPUDevice on the WebGPU backend (the draft model computes on it too), else null. */
  get gpuDevice(): GPUDevice | null {
    return this.backend === 'webgpu' ? (this.renderer.backend as unknown as { device?: GPUDevice }).device ?? null : null;
  }

  /** Draws the draft passes at time t; what the CPU has of them, and how to read back the rest. */
  private async drawDraftPasses(tS: number, [width, height]: [number, number]): Promise<Omit<DraftGpuFrame, 'textures'>> {
    const fps = this.timeline?.fps ?? 60;
    const current = await this.geometryAt(tS, [width, height]);
    const hasPrevious = tS >= 1 / fps;
    const flow = computeFlow(current, hasPrevious ? await this.geometryAt(tS - 1 / fps, [width, height]) : current);
    if (!hasPrevious) flow.valid.fill(0);
    const backward = { flow: flow.flow, valid: backwardValidity(flow) };
    return this.withoutOverlays(() => this.atExportSize(width, height, async () => {
      this.poseCameraAt(tS);
      const liquidMeshes = new Set<THREE.Object3D>(this.fluids.group.children);
      const lights = { sun: this.sun, hemisphere: this.hemisphere };
      // The material-swapping passes draw liquids as spheres, whatever the viewport draws (fluid-view.ts).
      await this.fluids.withSpheres(async () => this.draftPasses.draw(lights, width, height, (mesh) => liquidMeshes.has(mesh)));
      const beauty = this.capture().data;
      const color = this.scene.background instanceof THREE.Color ? this.scene.background : BACKGROUND;
      const background: Vec3 = [color.r, color.g, color.b];
      return {
        width, height, normals: current.normals, depthM: current.depth, backwardFlow: backward.flow, backwardValid: backward.valid, beautyRgba: beauty, background,
        readBack: async () => assembleDraftPasses(await this.draftPasses.readBack(width, height), current, backward, beauty, background),
      };
    }));
  }

  /** The frame at time t as plain data (camera, lights, primitives) for the reference path tracer. */
  async frameDescriptionAt(tS: number, [width, height] = this.size): Promise<FrameDescription> {
    return this.atExportSize(width, height, async () => {
      this.poseCameraAt(tS);
      return describeFrame(this.scene, this.camera, { sun: this.sun, hemisphere: this.hemisphere }, width, height, this.fluids.liquids());
    });
  }

  /** Canny edges (255 on edges) of the beauty frame at time t, at the drawing-buffer size. */
  edgesAt(tS: number): { width: number; height: number; edges: Uint8Array } {
    const saved = this.timeS;
    this.showTime(tS);
    const image = this.capture();
    this.showTime(saved);
    return { width: image.width, height: image.height, edges: canny(image.data, image.width, image.height) };
  }

  /**
   * Point tracks: about `pointsPerBody` surface points on each body, through `times`. Returns the N×T×2
   * pixel array, the N×T visibility array and, per point, its body id.
   */
  async tracks(times: readonly number[], pointsPerBody = 64, size = this.size): Promise<{ n: number; t: number; tracks: Float32Array; visible: Uint8Array; bodyIds: string[] }> {
    const points: Vec3[] = [], ids: number[] = [], bodyIds: string[] = [];
    this.spec?.bodies.forEach((body, i) => {
      const parts = shapeParts(body.shape);
      for (const part of parts) {
        const count = Math.max(4, Math.round(pointsPerBody / parts.length));
        const rotation = new THREE.Quaternion(...part.quaternion), offset = new THREE.Vector3(...part.positionM);
        for (const p of surfacePoints(part.shape, count)) {
          points.push(new THREE.Vector3(...p).applyQuaternion(rotation).add(offset).toArray() as Vec3);
          ids.push(i + 1);
          bodyIds.push(body.id);
        }
      }
    });
    const frames: GeometryFrame[] = [];
    for (const t of times) frames.push(await this.geometryAt(t, size));
    return { ...computeTracks(points, ids, frames), bodyIds };
  }

  /** Frees every GPU resource; safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearContent();
    this.styleKit.dispose();
    this.gbuffer.dispose();
    this.draftPasses.dispose();
    this.overlays.dispose();
    this.setCameoOff();
    this.fluids.dispose();
    this.controls.dispose();
    this.renderer.dispose();
  }

  /** Poses the scene and the camera (shot or orbit) at time t for the current drawing-buffer size. */
  private poseCameraAt(tS: number): void {
    this.showTime(tS);
    if (this.cameraMode === 'free') this.controls.update();
    this.camera.updateMatrixWorld();
  }

  private async withoutOverlays<T>(work: () => Promise<T>): Promise<T> {
    const shown = this.overlays.group.visible;
    this.overlays.group.visible = false;
    try {
      return await work();
    } finally {
      this.overlays.group.visible = shown;
    }
  }

  private instance(id: number, ownerId: string, kind: string, isStatic: boolean): InstanceInfo {
    const category = semanticClass(kind, isStatic);
    return { id, ownerId, kind, isStatic, category, ade20kIndex: ADE20K[category].index };
  }

  private applyStyle(): void {
    this.styleKit.configure({ hemisphere: this.hemisphere, sun: this.sun }, `#${BACKGROUND.getHexString()}`);
    const made = new Map<Surface, THREE.Material>();
    this.content.traverse((node) => {
      if (!(node instanceof THREE.Mesh)) return;
      const surface = node.userData.surface as Surface;
      // Parts of one body share one material.
      let material = made.get(surface);
      if (!material) { material = this.styleKit.materialFor(surface); made.set(surface, material); }
      node.material = material;
      if (this.cameoMaterial && node.userData.cameoHead) node.material = this.cameoMaterial;
    });
  }

  /**
   * Puts a face (the user's photo or webcam frame) on every person stand-in's head, or takes it off
   * (null). The picture stays in GPU and page memory only; dispose() or the next call frees it.
   */
  setCameo(image: ImageBitmap | HTMLCanvasElement | null): void {
    this.setCameoOff();
    if (image) {
      // Skin tone all round the head, the picture on its front (+z, u = 0.25 on three's sphere).
      const canvas = document.createElement('canvas');
      canvas.width = 512;
      canvas.height = 256;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#c89f80';
      g.fillRect(0, 0, 512, 256);
      const side = Math.min(image.width, image.height);
      g.drawImage(image, (image.width - side) / 2, (image.height - side) / 2, side, side, 128 - 80, 128 - 100, 160, 200);
      const texture = new THREE.CanvasTexture(canvas);
      texture.colorSpace = THREE.SRGBColorSpace;
      this.cameoMaterial = new THREE.MeshStandardMaterial({ map: texture, roughness: 0.7 });
    }
    this.applyStyle();
  }

  private setCameoOff(): void {
    this.cameoMaterial?.map?.dispose();
    this.cameoMaterial?.dispose();
    this.cameoMaterial = null;
  }

  /** Person stand-ins in the scene that a cameo would appear on. */
  get cameoTargets(): number {
    let heads = 0;
    this.content.traverse((node) => { if (node.userData.cameoHead) heads++; });
    return heads;
  }

  /** Distance along the view axis to what the shot is about: its subject, or the orbit target in free mode. */
  private focusDistanceM(): number {
    const focus = this.cameraMode === 'shots' ? this.subjectFocus : this.controls.target;
    const forward = this.camera.getWorldDirection(new THREE.Vector3());
    return Math.max(focus.clone().sub(this.camera.position).dot(forward), this.camera.near);
  }

  private applyShotCamera(tS: number): void {
    if (!this.timeline || !this.spec || !this.plans.length) return;
    const plan = shotAt(this.plans, tS);
    const subject = this.subjectIndices(plan.shot);
    const swept = this.sweptBox(plan, subject);
    const pose = samplePose(this.timeline, Math.min(Math.max(tS, plan.startS), plan.endS));
    const current = unionBoxes(subject.map((i) => boxAround(pose.positions[i], boundingRadiusM(this.spec!.bodies[i].shape))));
    this.subjectFocus.fromArray(boxCenter(current));
    const a = samplePose(this.timeline, plan.startS), b = samplePose(this.timeline, plan.endS);
    const i0 = subject[0];
    const motionDir: Vec3 = [b.positions[i0][0] - a.positions[i0][0], 0, b.positions[i0][2] - a.positions[i0][2]];
    const cam = shotCamera({
      shot: plan.shot, progress: shotProgress(plan, tS), frameBox: plan.shot.move === 'tracking' ? current : swept, currentBox: current,
      aspect: this.camera.aspect, obstacles: this.obstacles, motionDir, nearM: this.camera.near,
    });
    this.camera.fov = cam.fovDeg;
    this.camera.position.fromArray(cam.positionM);
    this.camera.up.fromArray(cam.up);
    this.camera.lookAt(new THREE.Vector3(...cam.targetM));
    this.camera.updateProjectionMatrix();
    this.camera.updateMatrixWorld();
  }

  private subjectIndices(shot: ShotSpec): number[] {
    const bodies = this.spec!.bodies;
    const i = shot.subjectId ? bodies.findIndex((b) => b.id === shot.subjectId) : -1;
    return i >= 0 ? [i] : bodies.map((_, k) => k);
  }

  /** The subject's bounds swept over the shot (sampled at 121 instants). */
  private sweptBox(plan: ShotPlan, subject: number[]): Box3 {
    const cached = this.sweptBoxes.get(plan.index);
    if (cached) return cached;
    const boxes: Box3[] = [];
    const samples = 120;
    for (let k = 0; k <= samples; k++) {
      const pose = samplePose(this.timeline!, plan.startS + ((plan.endS - plan.startS) * k) / samples);
      for (const i of subject) boxes.push(boxAround(pose.positions[i], boundingRadiusM(this.spec!.bodies[i].shape)));
    }
    const box = unionBoxes(boxes);
    this.sweptBoxes.set(plan.index, box);
    return box;
  }

  /** A body: one mesh per primitive part, grouped under the body's pose. */
  private bodyMesh(body: BodySpec, instanceId: number, ballNumber: number): THREE.Object3D {
    const look = lookFor(body.kind, body.material);
    const surface: Surface = { look, kind: body.kind, material: body.material, isGround: false, isStatic: false, shape: body.shape.type, ballNumber };
    const group = new THREE.Group();
    group.name = body.id;
    for (const part of shapeParts(body.shape)) {
      const mesh = new THREE.Mesh(partGeometry(part.shape));
      mesh.userData = { surface, instanceId, shape: part.shape };
      mesh.position.fromArray(part.positionM);
      mesh.quaternion.fromArray(part.quaternion);
      mesh.castShadow = mesh.receiveShadow = true;
      // The head of a person stand-in can wear the user's cameo.
      if (PERSON_KINDS.has(body.kind) && part.shape.type === 'sphere') mesh.userData.cameoHead = true;
      group.add(mesh);
    }
    return group;
  }

  private staticMesh(part: StaticPart, materialName: keyof typeof MATERIALS, kind: string, isGround: boolean, instanceId: number): THREE.Mesh {
    const colorHex = MATERIALS[materialName].colorHex;
    const surface: Surface = {
      look: { colorHex, roughness: 0.9, metalness: 0 }, kind, material: materialName, isGround, isStatic: true, shape: part.shape.type,
      groundTiles: isGround && part.shape.type === 'box' ? part.shape.sizeM[0] / (GROUND_TILE_M * 2) : undefined,
    };
    const mesh = new THREE.Mesh(partGeometry(part.shape));
    mesh.userData = { surface, instanceId, shape: part.shape };
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
    // Liquids too (and so the sun's shadow frustum holds them): their particles in up to
    // LIQUID_FRAMING_SAMPLES recorded frames of the window.
    const liquidFrames = timeline.fluidFrames.filter((f) => f.t <= FRAMING_WINDOW_S && f.count > 0);
    const every = Math.max(1, Math.ceil(liquidFrames.length / LIQUID_FRAMING_SAMPLES));
    for (let k = 0; k < liquidFrames.length; k += every) {
      const xyz = decodeFluidFrame(liquidFrames[k]);
      for (let i = 0; i < xyz.length; i += 3) box.expandByPoint(point.set(xyz[i], xyz[i + 1], xyz[i + 2]));
    }
    for (const object of this.content.children) {
      if (object.name !== spec.environment.ground?.id && !this.bodyMeshes.includes(object)) box.expandByObject(object);
    }
    const center = box.getCenter(new THREE.Vector3());
    const radius = Math.max(box.getSize(new THREE.Vector3()).length() / 2, 0.15);

    this.camera.up.set(0, 1, 0);
    if (spec.camera.mode === 'fixed') {
      this.camera.position.fromArray(spec.camera.positionM);
      this.camera.fov = spec.camera.fovDeg;
      this.controls.target.fromArray(spec.camera.targetM);
    } else {
      this.camera.fov = 40;
      const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2)) * 1.05;
      const direction = new THREE.Vector3(0.25, 0.35, 1).normalize();
      this.camera.position.copy(center).addScaledVector(direction, distance);
      this.controls.target.copy(center);
    }
    // Shots may frame much closer than the automatic view: the near plane follows the smallest body.
    this.camera.near = Math.min(Math.max(radius / 200, 0.005), Math.max(reach / 20, 0.002));
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
        if (node instanceof THREE.Mesh) node.geometry.dispose();
      });
    }
    // Materials and textures belong to the style kit, which setScene and dispose() free.
    this.bodyMeshes = [];
  }
}

/** Deterministic surface points of one primitive, in its own frame. */
function surfacePoints(shape: PartShape, count: number): Vec3[] {
  switch (shape.type) {
    case 'sphere': return fibonacciSphere(count, shape.radiusM);
    case 'box': return boxSurfacePoints(Math.ceil(count / 6), [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2]);
    case 'cylinder':
    case 'capsule':
    case 'cone': {
      // Points on the lateral surface (a cone's radius shrinks to its apex).
      const h = shape.heightM, r = shape.radiusM;
      const span = shape.type === 'capsule' ? Math.max(h - 2 * r, 0) : h;
      return Array.from({ length: count }, (_, i) => {
        const y = ((i + 0.5) / count - 0.5) * span;
        const rr = shape.type === 'cone' ? r * (0.5 - y / h) : r;
        const a = i * 2.399963;
        return [Math.cos(a) * rr, y, Math.sin(a) * rr] as Vec3;
      });
    }
    case 'convex': return shape.pointsM.slice(0, count);
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
    case 'convex': return withPlanarUvs(new ConvexGeometry(shape.pointsM.map((p) => new THREE.Vector3(...p))));
  }
}

/**
 * ConvexGeometry has no texture coordinates, and the procedural materials read them: project each
 * vertex onto the plane its face is most aligned with (box mapping), one metre per texture repeat.
 */
function withPlanarUvs(geometry: THREE.BufferGeometry): THREE.BufferGeometry {
  const position = geometry.getAttribute('position');
  const normal = geometry.getAttribute('normal');
  const uvs = new Float32Array(position.count * 2);
  for (let i = 0; i < position.count; i++) {
    const [nx, ny, nz] = [Math.abs(normal.getX(i)), Math.abs(normal.getY(i)), Math.abs(normal.getZ(i))];
    const [x, y, z] = [position.getX(i), position.getY(i), position.getZ(i)];
    const [u, v] = ny >= nx && ny >= nz ? [x, z] : nx >= nz ? [z, y] : [x, y];
    uvs[i * 2] = u;
    uvs[i * 2 + 1] = v;
  }
  geometry.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
  return geometry;
}
