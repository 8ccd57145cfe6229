/**
 * The draft model's inputs, rendered from the scene exactly as it is drawn (src/inference/passes.ts
 * has the contract and the encodings), and the same frame written out as a plain description that
 * the PyTorch path tracer (models/draft/train/) renders its reference from.
 *
 *   scene meshes ──(material swap)──► RT "albedo":     base colour × texture, unlit, linear      RGBA32F
 *                                 ├─► RT "parameters": (roughness, metalness, liquid?, covered)  RGBA32F
 *                                 └─► RT "direct":     the style's own materials, key light only
 *                                                      (shadow map on), no sky, no fog, no tone map
 *   CPU path: readRenderTargetPixelsAsync ──► rows from the top ──► DraftPasses (with depth and
 *                                              normals from gbuffer.ts, beauty from the canvas)
 *   GPU path (WebGPU): the three targets' GPUTextures ──► inference/browser/gpu-pack.ts, which packs
 *                                              the model's input tensor from them without a read-back
 *
 * Each pass has its own target, so all three are still there when the frame is packed; they stay
 * valid until the next draw.
 *
 * Deferred neural shading (Nalbach et al. 2017, "Deep Shading") feeds a network exactly these
 * screen-space attributes; rendering them with the live materials keeps what the model sees identical
 * to what the raw view shows.
 */
import * as THREE from 'three/webgpu';
import { float, mrt, normalView, output, pass, vec3, vec4 } from 'three/tsl';
import { ao } from 'three/addons/tsl/display/GTAONode.js';
import type { PartShape } from '../scene/geometry.ts';
import { encodeDepth, squashRadiance, type DraftPasses } from '../inference/passes.ts';
import type { GeometryFrame } from './pass-math.ts';
import { beginNodeFrame } from './node-frame.ts';

/** The surface passes of one frame (the rest of DraftPasses comes from gbuffer.ts and the canvas). */
export interface SurfacePasses {
  albedo: Float32Array;
  roughness: Float32Array;
  metalness: Float32Array;
  fluidMask: Float32Array;
  direct: Float32Array;
}

export interface SceneLights {
  sun: THREE.DirectionalLight;
  hemisphere: THREE.HemisphereLight;
}

type Vec3 = [number, number, number];

/** One primitive of the frame, world space, for the reference path tracer. */
export interface FramePrimitive {
  /** Instance id of the owner, as in the id pass. */
  id: number;
  shape: PartShape;
  /** Column-major 4×4, world from local (rotation and translation only). */
  matrixWorld: number[];
  /** Linear RGB base colour (textured surfaces: the texture's mean tint). */
  albedo: Vec3;
  roughness: number;
  metalness: number;
}

/** Everything the reference renderer needs to draw the same frame the browser drew. */
export interface FrameDescription {
  width: number;
  height: number;
  camera: { matrixWorld: number[]; fovDeg: number; aspect: number; nearM: number; farM: number };
  /** Unit vector from the scene towards the sun; irradiance is linear colour × intensity. */
  sun: { direction: Vec3; irradiance: Vec3 };
  /** Hemisphere light, linear colour × intensity, as irradiance on an up- / down-facing surface. */
  sky: { up: Vec3; down: Vec3 };
  /** Linear RGB shown where camera rays miss. */
  background: Vec3;
  fog: { nearM: number; farM: number; color: Vec3 } | null;
  toneMapping: 'aces-filmic';
  exposure: number;
  primitives: FramePrimitive[];
  /** Liquid particles drawn as small spheres (world-space centres), per liquid. */
  liquids: { radiusM: number; albedo: Vec3; roughness: number; centers: number[] }[];
}

const linear = (c: THREE.Color): Vec3 => [c.r, c.g, c.b];
const scaled = (c: THREE.Color, k: number): Vec3 => [c.r * k, c.g * k, c.b * k];

type SurfaceTarget = 'albedo' | 'parameters' | 'direct';
const SURFACE_TARGETS: readonly SurfaceTarget[] = ['albedo', 'parameters', 'direct'];

export class DraftPassRenderer {
  private readonly targets = Object.fromEntries(SURFACE_TARGETS.map((name) => {
    const target = new THREE.RenderTarget(1, 1, { type: THREE.FloatType, depthBuffer: true });
    target.texture.name = `draft-surface-${name}`;
    return [name, target];
  })) as Record<SurfaceTarget, THREE.RenderTarget>;
  private readonly albedoMaterials = new Map<THREE.Material, THREE.MeshBasicNodeMaterial>();
  private readonly parameterMaterials = new Map<THREE.Material, THREE.MeshBasicNodeMaterial>();
  private ambientOcclusion: THREE.RenderPipeline | null = null;
  private disposed = false;

  constructor(private readonly renderer: THREE.WebGPURenderer, private readonly scene: THREE.Scene, private readonly camera: THREE.PerspectiveCamera) {}

  /**
   * Draws the frame to the canvas as the raw view would, with three's ground-truth ambient occlusion
   * (GTAO, Jimenez et al. 2016) multiplied in: the "three.js with its AO pass" baseline the draft model
   * is measured against.
   */
  drawWithAmbientOcclusion(): void {
    if (!this.ambientOcclusion) {
      const scenePass = pass(this.scene, this.camera);
      scenePass.setMRT(mrt({ output, normal: normalView }));
      const occlusion = ao(scenePass.getTextureNode('depth'), scenePass.getTextureNode('normal'), this.camera);
      this.ambientOcclusion = new THREE.RenderPipeline(this.renderer);
      this.ambientOcclusion.outputNode = scenePass.getTextureNode('output').mul(vec4(vec3(occlusion.getTextureNode().r), 1));
    }
    beginNodeFrame(this.renderer);
    this.ambientOcclusion.render();
  }

  /**
   * Draws the surface passes of `scene` from `camera` at width × height into their render targets
   * (read them back with readBack, or pack them from textures()). Meshes for which `isLiquid` holds
   * set the fluid mask.
   */
  draw(lights: SceneLights, width: number, height: number, isLiquid: (mesh: THREE.Mesh) => boolean): void {
    if (this.disposed) throw new Error('DraftPassRenderer is disposed');
    const { scene, camera } = this;
    const meshes: THREE.Mesh[] = [];
    scene.traverse((o) => { if (o instanceof THREE.Mesh && o.visible) meshes.push(o); });
    const originals = meshes.map((m) => m.material as THREE.Material);
    const saved = {
      background: scene.background, fog: scene.fog, environment: scene.environment, target: this.renderer.getRenderTarget(),
      toneMapping: this.renderer.toneMapping, hemisphere: lights.hemisphere.visible, clear: this.renderer.getClearColor(new THREE.Color()), clearAlpha: this.renderer.getClearAlpha(),
    };
    try {
      scene.background = null;
      scene.fog = null;
      scene.environment = null;
      this.renderer.toneMapping = THREE.NoToneMapping;
      this.renderer.setClearColor(0x000000, 0);
      const drawInto = (name: SurfaceTarget) => {
        this.targets[name].setSize(width, height);
        this.renderer.setRenderTarget(this.targets[name]);
        this.renderer.render(scene, camera);
      };
      meshes.forEach((m, i) => { m.material = this.albedoMaterial(originals[i]); });
      drawInto('albedo');
      meshes.forEach((m, i) => { m.material = this.parameterMaterial(originals[i], isLiquid(m)); });
      drawInto('parameters');
      meshes.forEach((m, i) => { m.material = originals[i]; });
      lights.hemisphere.visible = false;
      beginNodeFrame(this.renderer); // the sun's shadow map at this moment (node-frame.ts)
      drawInto('direct');
    } finally {
      meshes.forEach((m, i) => { m.material = originals[i]; });
      scene.background = saved.background;
      scene.fog = saved.fog;
      scene.environment = saved.environment;
      lights.hemisphere.visible = saved.hemisphere;
      this.renderer.toneMapping = saved.toneMapping;
      this.renderer.setClearColor(saved.clear, saved.clearAlpha);
      this.renderer.setRenderTarget(saved.target);
    }
  }

  /** The surface passes of the last draw (width × height), read back, rows from the top. */
  async readBack(width: number, height: number): Promise<SurfacePasses> {
    const read = (name: SurfaceTarget) => this.renderer.readRenderTargetPixelsAsync(this.targets[name], 0, 0, width, height) as Promise<Float32Array>;
    const albedo = await read('albedo'), parameters = await read('parameters'), direct = await read('direct');
    // WebGL reads rows from the bottom, WebGPU from the top (the same rule gbuffer.ts detects per frame).
    const flip = this.renderer.coordinateSystem === THREE.WebGLCoordinateSystem;
    const n = width * height;
    const out: SurfacePasses = {
      albedo: new Float32Array(3 * n), roughness: new Float32Array(n), metalness: new Float32Array(n), fluidMask: new Float32Array(n), direct: new Float32Array(3 * n),
    };
    for (let y = 0; y < height; y++) {
      const row = flip ? height - 1 - y : y;
      for (let x = 0; x < width; x++) {
        const s = row * width + x, k = y * width + x;
        for (let c = 0; c < 3; c++) {
          out.albedo[3 * k + c] = albedo[4 * s + c];
          out.direct[3 * k + c] = squashRadiance(direct[4 * s + c]);
        }
        out.roughness[k] = parameters[4 * s];
        out.metalness[k] = parameters[4 * s + 1];
        out.fluidMask[k] = parameters[4 * s + 2];
      }
    }
    return out;
  }

  /** The GPUTextures of the last draw (row 0 at the top), for the GPU path; WebGPU backend only. */
  textures(): Record<SurfaceTarget, GPUTexture> {
    const backend = this.renderer.backend as unknown as { get(o: object): { texture?: GPUTexture } };
    const textures = Object.fromEntries(SURFACE_TARGETS.map((name) => [name, backend.get(this.targets[name].texture).texture])) as Partial<Record<SurfaceTarget, GPUTexture>>;
    if (!textures.albedo || !textures.parameters || !textures.direct) throw new Error('the draft passes are not WebGPU textures (the renderer runs on WebGL2)');
    return textures as Record<SurfaceTarget, GPUTexture>;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const target of Object.values(this.targets)) target.dispose();
    this.ambientOcclusion?.dispose();
    for (const m of [...this.albedoMaterials.values(), ...this.parameterMaterials.values()]) m.dispose();
    this.albedoMaterials.clear();
    this.parameterMaterials.clear();
  }

  private albedoMaterial(source: THREE.Material): THREE.MeshBasicNodeMaterial {
    let material = this.albedoMaterials.get(source);
    if (!material) {
      const { color, map } = source as THREE.MeshStandardMaterial;
      material = new THREE.MeshBasicNodeMaterial({ color: color ?? new THREE.Color(1, 1, 1), map: map ?? null });
      material.name = `draft-albedo:${source.name}`;
      material.fog = false;
      material.toneMapped = false;
      this.albedoMaterials.set(source, material);
    }
    return material;
  }

  private parameterMaterial(source: THREE.Material, liquid: boolean): THREE.MeshBasicNodeMaterial {
    let material = this.parameterMaterials.get(source);
    if (!material) {
      const { roughness, metalness } = source as THREE.MeshStandardMaterial;
      material = new THREE.MeshBasicNodeMaterial();
      material.name = `draft-parameters:${source.name}`;
      material.fragmentNode = vec4(float(roughness ?? 1), float(metalness ?? 0), float(liquid ? 1 : 0), 1);
      material.fog = false;
      this.parameterMaterials.set(source, material);
    }
    return material;
  }
}

/** Where the backward flow may be followed (passes.ts backwardValid): it lands in the frame and on the same surface. */
export function backwardValidity(backward: { valid: Uint8Array; occluded: Uint8Array }): Uint8Array {
  return backward.valid.map((v, k) => (v && !backward.occluded[k] ? 1 : 0));
}

/**
 * Completes DraftPasses from the surface passes, the exact geometry of this frame, the backward flow
 * to the frame before with its validity (backwardValidity) and the beauty frame (sRGB bytes, RGBA,
 * row 0 at the top).
 */
export function assembleDraftPasses(surface: SurfacePasses, geometry: GeometryFrame & { normals: Float32Array }, backward: { flow: Float32Array; valid: Uint8Array }, beauty: Uint8ClampedArray, background: Vec3): DraftPasses {
  const { width, height } = geometry;
  const n = width * height;
  const depth = new Float32Array(n), beautyRgb = new Float32Array(3 * n);
  const albedo = surface.albedo.slice();
  for (let k = 0; k < n; k++) {
    const covered = geometry.depth[k] > 0;
    depth[k] = encodeDepth(geometry.depth[k]);
    if (!covered && surface.fluidMask[k] === 0) albedo.set(background, 3 * k);
    for (let c = 0; c < 3; c++) beautyRgb[3 * k + c] = beauty[4 * k + c] / 255;
  }
  return {
    width, height, albedo, normal: geometry.normals, depth, direct: surface.direct,
    roughness: surface.roughness, metalness: surface.metalness, fluidMask: surface.fluidMask,
    beauty: beautyRgb, backwardFlow: backward.flow, backwardValid: backward.valid,
  };
}

/** The frame as plain data: camera, lights, backdrop and every visible primitive, for the reference renderer. */
export function describeFrame(scene: THREE.Scene, camera: THREE.PerspectiveCamera, lights: SceneLights, width: number, height: number, liquids: FrameDescription['liquids']): FrameDescription {
  scene.updateMatrixWorld(true);
  camera.updateMatrixWorld();
  const primitives: FramePrimitive[] = [];
  scene.traverse((o) => {
    if (!(o instanceof THREE.Mesh) || !o.visible || !o.userData.shape) return;
    const material = o.material as THREE.MeshStandardMaterial;
    const tint = (o.userData.surface?.look?.colorHex as string | undefined);
    const color = material.map && tint ? new THREE.Color(tint) : material.color ?? new THREE.Color(1, 1, 1);
    primitives.push({
      id: (o.userData.instanceId as number | undefined) ?? 0, shape: o.userData.shape as PartShape, matrixWorld: o.matrixWorld.toArray(),
      albedo: linear(color), roughness: material.roughness ?? 1, metalness: material.metalness ?? 0,
    });
  });
  const sunDirection = lights.sun.position.clone().sub(lights.sun.target.position).normalize();
  const fog = scene.fog instanceof THREE.Fog ? { nearM: scene.fog.near, farM: scene.fog.far, color: linear(scene.fog.color) } : null;
  const background = scene.background instanceof THREE.Color ? linear(scene.background) : [0, 0, 0] as Vec3;
  return {
    width, height,
    camera: { matrixWorld: camera.matrixWorld.toArray(), fovDeg: camera.fov, aspect: camera.aspect, nearM: camera.near, farM: camera.far },
    sun: { direction: sunDirection.toArray() as Vec3, irradiance: scaled(lights.sun.color, lights.sun.intensity) },
    sky: { up: scaled(lights.hemisphere.color, lights.hemisphere.intensity), down: scaled(lights.hemisphere.groundColor, lights.hemisphere.intensity) },
    background, fog, toneMapping: 'aces-filmic', exposure: 1,
    primitives, liquids,
  };
}
