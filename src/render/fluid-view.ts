/**
 * Liquids in the view, fed from the timeline's fluid frames (sim/fluid/frames.ts: int16 positions in
 * base64, every `fluidEvery`-th frame), drawn one of two ways:
 *
 *   timeline.fluids[k] ──► one layer per liquid
 *   timeline.fluidFrames ─► decode (cached) ─► lerp between the two recorded frames round t
 *        ─► every `stride`-th particle (the particle budget) ─┬─► surface path: splat shapes per recorded frame
 *                                                              │   (fluid-shapes.ts, cached), lerped ─► FluidSurface
 *                                                              └─► sphere path: InstancedMesh of icospheres
 *
 * Surface path: screen-space fluid rendering (van der Laan, Green & Sainz, "Screen Space Fluid
 * Rendering with Curvature Flow", I3D 2009; Green, GDC 2010): sphere depth splats, a narrow-range
 * smoothing of that depth (Truong & Yuksel, I3D 2018), normals from the smoothed depth, and a composite
 * with Fresnel sky reflection, refraction of the scene behind and Beer–Lambert tint by the preset's
 * colour over the thickness of additive splats. Sphere path (the fallback): a small lit icosphere per
 * particle, the rest-volume sphere grown by 35 % so neighbours overlap (one draw call; 80 triangles a
 * particle; lit and shadowed like the rest of the scene, and the same on both backends, which
 * THREE.Points is not: WebGPU draws points one pixel wide).
 *
 * Which path, and how many particles, is `fluidRenderPlan(backend, quality)`:
 *
 *   quality   WebGPU                          WebGL2
 *   low       spheres,  20k particles         spheres,  10k particles
 *   medium    surface at ½ res, 100k          surface at ½ res, 50k
 *   high      surface at full res, 200k       surface at full res, 100k
 *
 * The default quality is high on both backends. The sphere path costs 80 triangles a particle, so its
 * budget is the smallest; the surface path costs two squares a particle and then a fixed amount per
 * pixel, so it takes more. 200k is the solver's own ceiling (sim/fluid/scene.ts MAX_PARTICLES); WebGL2
 * is given half of WebGPU's because it usually means a weaker device. These budgets are judgement, not
 * measurements on real GPUs. A liquid with more particles than the budget is drawn from every
 * `stride`-th particle with spheres `∛stride` times larger, so its volume on screen stays the same.
 *
 * The draft-model passes (draft-passes.ts) see the sphere meshes on every path: they swap mesh
 * materials, which a screen-space surface has no place in, so `withSpheres` shows the spheres (and
 * hides the surface) while they draw; `liquids()` describes the spheres for the reference path tracer.
 * The conditioning passes hide `group` altogether.
 *
 * Shadows: the spheres cast the liquid's shadow on the sphere path. The screen-space surface is not a
 * mesh the sun's shadow map can draw, so on the surface path a second InstancedMesh of low-poly
 * spheres (20 triangles) sits on SHADOW_CASTER_LAYER, which the sun's shadow camera sees (scene-view.ts
 * enables it there) and the view's camera does not: each is its splat's ellipsoid at the spheres' size
 * relative to the splats, so the bulk casts the spheres' shadow and a sheet a flat one; it is never
 * drawn on screen.
 *
 * Splat shapes (the surface path): each drawn particle is an ellipsoid shaped by its neighbours
 * (fluid-shapes.ts: spheres in the bulk, flat discs across a thinning sheet), computed once per
 * recorded frame and interpolated like the positions. A liquid of more than SHAPE_BUDGET drawn
 * particles keeps round splats (see there).
 *
 * Particles are only ever appended to a liquid (streams add, nothing removes), so particle i of one
 * frame is particle i of the next: positions are interpolated index by index between recorded frames.
 *
 * Ownership: `dispose()` frees every geometry, material and target; `setTimeline` frees the previous ones.
 */
import * as THREE from 'three/webgpu';
import type { SimTimeline } from '../sim/timeline.ts';
import { decodeFluidFrame, type FluidFrame } from '../sim/fluid/frames.ts';
import type { Backend } from './backend.ts';
import { FluidSurface, LIQUID_SCATTER_DEPTH_M } from './fluid-surface.ts';
import { sphereSplats, splatShapes, type SplatShapes } from './fluid-shapes.ts';

/** How much larger than its rest-volume sphere a particle is drawn as an icosphere. */
const GROW = 1.35;
/** How much larger than its rest-volume sphere a particle is splatted (the smoothing closes the gaps). */
const SPLAT_GROW = 1.5;
/** Decoded frames kept per liquid. */
const CACHE_FRAMES = 96;
/** Frames of splat shapes kept per liquid (playback needs two at a time; they cost 9 floats a particle). */
const SHAPE_CACHE_FRAMES = 8;
/**
 * Most drawn particles of one liquid whose splats get shapes (fluid-shapes.ts); a larger liquid is drawn
 * with round splats. Shaping costs 0.6–0.8 µs a particle on this project's 2-core machine, 6–7× the
 * frame's decoding (`npm run bench`, bench/fluids.mts), once per recorded frame (30 a second) on the
 * page's thread: 20k particles keep it near 12 ms, and a liquid that large is mostly bulk, whose
 * shapes are spheres anyway.
 */
const SHAPE_BUDGET = 20_000;
/** A rest-volume sphere's radius over the side of the cube of the same volume: ∛(3 / 4π). */
const SPHERE_RADIUS_PER_SPACING = Math.cbrt(3 / (4 * Math.PI));
/** The layer of the surface path's shadow casters: the sun's shadow camera sees it, the view's does not. */
export const SHADOW_CASTER_LAYER = 1;

export type FluidQuality = 'low' | 'medium' | 'high';

export interface FluidRenderPlan {
  path: 'spheres' | 'surface';
  /** Most particles drawn per liquid. */
  particleBudget: number;
  /** Surface targets' size / drawn size (1 for the sphere path). */
  resolutionScale: number;
}

const PLANS: Record<Backend, Record<FluidQuality, FluidRenderPlan>> = {
  webgpu: {
    low: { path: 'spheres', particleBudget: 20_000, resolutionScale: 1 },
    medium: { path: 'surface', particleBudget: 100_000, resolutionScale: 0.5 },
    high: { path: 'surface', particleBudget: 200_000, resolutionScale: 1 },
  },
  webgl2: {
    low: { path: 'spheres', particleBudget: 10_000, resolutionScale: 1 },
    medium: { path: 'surface', particleBudget: 50_000, resolutionScale: 0.5 },
    high: { path: 'surface', particleBudget: 100_000, resolutionScale: 1 },
  },
};

/** How liquids are drawn on `backend` at `quality` (the table in the header). */
export function fluidRenderPlan(backend: Backend, quality: FluidQuality): FluidRenderPlan {
  return PLANS[backend][quality];
}

interface LiquidLayer {
  id: string;
  restRadiusM: number;
  spheres: THREE.InstancedMesh;
  surface: FluidSurface | null;
  /** The surface path's shadow caster (see the header); null on the sphere path. */
  shadowCaster: THREE.InstancedMesh | null;
  frames: FluidFrame[];
  cache: Map<number, Float32Array>;
  /** Splat shapes per recorded frame, for the surface path, and the stride they were made at. */
  shapeCache: Map<number, { stride: number; shapes: SplatShapes }>;
  /** Centres of the particles drawn now (xyz), and how many. */
  centers: Float32Array;
  /** The surface path's splats now: centres (xyz) and shapes (six numbers each, fluid-shapes.ts). */
  splatCenters: Float32Array;
  splatShapes: Float32Array;
  drawn: number;
  /** Drawn radius / rest-volume-sphere radius, from the budget's stride. */
  strideGrow: number;
}

export class FluidView {
  readonly group = new THREE.Group();
  private layers: LiquidLayer[] = [];
  private timeline: SimTimeline | null = null;
  private timeS = 0;
  private quality: FluidQuality = 'high';

  constructor(private readonly backend: Backend) {
    this.group.name = 'liquids';
  }

  get plan(): FluidRenderPlan {
    return fluidRenderPlan(this.backend, this.quality);
  }

  /** Switches the quality (and so maybe the path); the liquids are rebuilt at the current time. */
  setQuality(quality: FluidQuality): void {
    if (quality === this.quality) return;
    this.quality = quality;
    if (this.timeline) {
      this.setTimeline(this.timeline);
      this.update(this.timeS);
    }
  }

  /** Builds one layer per simulated liquid of the timeline (none without liquids). */
  setTimeline(timeline: SimTimeline): void {
    this.clear();
    this.timeline = timeline;
    const plan = this.plan;
    for (const info of timeline.fluids ?? []) {
      const frames = timeline.fluidFrames.filter((f) => f.fluidId === info.id).sort((a, b) => a.t - b.t);
      if (frames.length === 0) continue;
      const capacity = Math.min(Math.max(1, ...frames.map((f) => f.count)), plan.particleBudget);
      const geometry = new THREE.IcosahedronGeometry(info.particleRadiusM * GROW, 1);
      const material = new THREE.MeshStandardMaterial({ color: new THREE.Color().setRGB(...info.color, THREE.SRGBColorSpace), roughness: 0.18, metalness: 0 });
      const spheres = new THREE.InstancedMesh(geometry, material, capacity);
      spheres.name = `liquid:${info.id}`;
      spheres.frustumCulled = false;
      spheres.castShadow = true;
      spheres.receiveShadow = true;
      spheres.count = 0;
      spheres.userData.fluidId = info.id;
      spheres.visible = plan.path === 'spheres';
      this.group.add(spheres);
      let surface: FluidSurface | null = null, shadowCaster: THREE.InstancedMesh | null = null;
      if (plan.path === 'surface') {
        surface = new FluidSurface(capacity, info.color, LIQUID_SCATTER_DEPTH_M[info.liquid], plan.resolutionScale);
        surface.mesh.userData.fluidId = info.id;
        this.group.add(surface.mesh);
        // A unit sphere: its instance matrices carry the splats' shapes.
        shadowCaster = new THREE.InstancedMesh(new THREE.IcosahedronGeometry(1, 0), material, capacity);
        shadowCaster.name = `liquid-shadow:${info.id}`;
        shadowCaster.layers.set(SHADOW_CASTER_LAYER);
        shadowCaster.frustumCulled = false;
        shadowCaster.castShadow = true;
        shadowCaster.count = 0;
        this.group.add(shadowCaster);
      }
      this.layers.push({
        id: info.id, restRadiusM: info.particleRadiusM, spheres, surface, shadowCaster, frames, cache: new Map(), shapeCache: new Map(),
        centers: new Float32Array(capacity * 3), splatCenters: new Float32Array(surface ? capacity * 3 : 0), splatShapes: new Float32Array(surface ? capacity * 6 : 0), drawn: 0, strideGrow: 1,
      });
    }
  }

  /** Places every drawn particle at time t (s), interpolating between the recorded frames round it. */
  update(tS: number): void {
    this.timeS = tS;
    const budget = this.plan.particleBudget;
    for (const layer of this.layers) {
      const { frames, centers } = layer;
      let hi = frames.findIndex((f) => f.t >= tS);
      if (hi < 0) hi = frames.length - 1;
      const lo = Math.max(0, frames[hi].t > tS ? hi - 1 : hi);
      const a = this.decoded(layer, lo), b = this.decoded(layer, hi);
      const span = frames[hi].t - frames[lo].t;
      const s = span > 0 ? Math.min(1, Math.max(0, (tS - frames[lo].t) / span)) : 0;
      const n = frames[lo].count, shared = Math.min(n, frames[hi].count);
      const stride = Math.max(1, Math.ceil(n / budget));
      let k = 0;
      for (let p = 0; p < n; p += stride, k++) {
        const i = p * 3, t = p < shared ? s : 0;
        centers[3 * k] = a[i] + (b[i] - a[i]) * t;
        centers[3 * k + 1] = a[i + 1] + (b[i + 1] - a[i + 1]) * t;
        centers[3 * k + 2] = a[i + 2] + (b[i + 2] - a[i + 2]) * t;
      }
      layer.drawn = k;
      layer.strideGrow = Math.cbrt(stride);
      this.syncSpheres(layer);
      if (layer.surface) {
        // Splats: shaped per recorded frame and interpolated like the centres (fluid-shapes.ts).
        const from = this.shaped(layer, lo, stride), to = this.shaped(layer, hi, stride);
        const sharedDrawn = Math.ceil(shared / stride);
        lerpInto(layer.splatCenters, from.centers, to.centers, 3, k, sharedDrawn, s);
        lerpInto(layer.splatShapes, from.shapes, to.shapes, 6, k, sharedDrawn, s);
        layer.surface.setRadius(layer.restRadiusM * SPLAT_GROW * layer.strideGrow);
        layer.surface.setSplats(layer.splatCenters, layer.splatShapes, k, layer.restRadiusM * layer.strideGrow);
        this.syncShadowCaster(layer);
      }
    }
  }

  /**
   * Runs `work` (the draft passes) with the spheres shown and the surface (and its shadow caster: the
   * spheres cast that shadow themselves) hidden, whatever the path; the path's own visibility comes
   * back afterwards.
   */
  async withSpheres<T>(work: () => Promise<T>): Promise<T> {
    const shown = this.layers.map((l) => [l.spheres.visible, l.surface?.mesh.visible ?? false] as const);
    for (const layer of this.layers) {
      layer.spheres.visible = true;
      if (layer.surface) layer.surface.mesh.visible = false;
      if (layer.shadowCaster) layer.shadowCaster.visible = false;
    }
    try {
      return await work();
    } finally {
      this.layers.forEach((layer, i) => {
        layer.spheres.visible = shown[i][0];
        if (layer.surface) layer.surface.mesh.visible = shown[i][1];
        if (layer.shadowCaster) layer.shadowCaster.visible = true;
      });
    }
  }

  /** Each liquid as spheres: radius, linear tint, roughness and world-space centres. */
  liquids(): { radiusM: number; albedo: [number, number, number]; roughness: number; centers: number[] }[] {
    return this.layers.map((layer) => {
      const material = layer.spheres.material as THREE.MeshStandardMaterial;
      const centers = Array.from(layer.centers.subarray(0, layer.drawn * 3));
      const radiusM = layer.restRadiusM * GROW * layer.strideGrow;
      return { radiusM, albedo: [material.color.r, material.color.g, material.color.b], roughness: material.roughness, centers };
    });
  }

  /** Particles drawn now, per liquid id (for tests). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.layers.map((l) => [l.id, l.drawn]));
  }

  /** Frees every geometry, material and target; safe to call twice. */
  dispose(): void {
    this.clear();
    this.timeline = null;
  }

  /** Writes the drawn centres into the sphere instances (scaled up by the budget's stride). */
  private syncSpheres(layer: LiquidLayer): void {
    const { spheres, centers, drawn, strideGrow: g } = layer;
    const m = spheres.instanceMatrix.array as Float32Array;
    for (let k = 0; k < drawn; k++) {
      const o = k * 16;
      m[o] = g; m[o + 1] = 0; m[o + 2] = 0; m[o + 3] = 0;
      m[o + 4] = 0; m[o + 5] = g; m[o + 6] = 0; m[o + 7] = 0;
      m[o + 8] = 0; m[o + 9] = 0; m[o + 10] = g; m[o + 11] = 0;
      m[o + 12] = centers[3 * k]; m[o + 13] = centers[3 * k + 1]; m[o + 14] = centers[3 * k + 2]; m[o + 15] = 1;
    }
    spheres.count = drawn;
    spheres.instanceMatrix.needsUpdate = true;
  }

  /** The surface path's shadow casters: the splats' ellipsoids, at the spheres' size relative to the splats. */
  private syncShadowCaster(layer: LiquidLayer): void {
    const { shadowCaster, splatCenters: c, splatShapes: e, drawn } = layer;
    if (!shadowCaster) return;
    const m = shadowCaster.instanceMatrix.array as Float32Array, g = GROW / SPLAT_GROW;
    for (let k = 0; k < drawn; k++) {
      const o = k * 16, [xx, yy, zz, xy, xz, yz] = e.subarray(6 * k, 6 * k + 6);
      m[o] = xx * g; m[o + 1] = xy * g; m[o + 2] = xz * g; m[o + 3] = 0;
      m[o + 4] = xy * g; m[o + 5] = yy * g; m[o + 6] = yz * g; m[o + 7] = 0;
      m[o + 8] = xz * g; m[o + 9] = yz * g; m[o + 10] = zz * g; m[o + 11] = 0;
      m[o + 12] = c[3 * k]; m[o + 13] = c[3 * k + 1]; m[o + 14] = c[3 * k + 2]; m[o + 15] = 1;
    }
    shadowCaster.count = drawn;
    shadowCaster.instanceMatrix.needsUpdate = true;
  }

  /** The splat shapes of recorded frame `index`, for every `stride`-th particle (cached). */
  private shaped(layer: LiquidLayer, index: number, stride: number): SplatShapes {
    const cached = layer.shapeCache.get(index);
    if (cached?.stride === stride) return cached.shapes;
    if (layer.shapeCache.size >= SHAPE_CACHE_FRAMES) layer.shapeCache.delete(layer.shapeCache.keys().next().value!);
    const grow = Math.cbrt(stride);
    const positions = this.decoded(layer, index);
    const radius = layer.restRadiusM * SPLAT_GROW * grow;
    const shapes = positions.length / 3 / stride > SHAPE_BUDGET
      ? sphereSplats(positions, stride, radius)
      : splatShapes(positions, stride, (layer.restRadiusM / SPHERE_RADIUS_PER_SPACING) * grow, radius);
    layer.shapeCache.set(index, { stride, shapes });
    return shapes;
  }

  private decoded(layer: LiquidLayer, index: number): Float32Array {
    let out = layer.cache.get(index);
    if (!out) {
      if (layer.cache.size >= CACHE_FRAMES) layer.cache.delete(layer.cache.keys().next().value!);
      out = decodeFluidFrame(layer.frames[index]);
      layer.cache.set(index, out);
    }
    return out;
  }

  private clear(): void {
    for (const layer of this.layers) {
      this.group.remove(layer.spheres);
      layer.spheres.geometry.dispose();
      (layer.spheres.material as THREE.Material).dispose();
      layer.spheres.dispose();
      if (layer.surface) {
        this.group.remove(layer.surface.mesh);
        layer.surface.dispose();
      }
      if (layer.shadowCaster) {
        this.group.remove(layer.shadowCaster);
        layer.shadowCaster.geometry.dispose();
        layer.shadowCaster.dispose();
      }
    }
    this.layers = [];
  }
}

/** out[0..count) ← a + (b − a)·t per `size`-wide item, for the first `shared` items; a's values after them. */
function lerpInto(out: Float32Array, a: Float32Array, b: Float32Array, size: number, count: number, shared: number, t: number): void {
  for (let i = 0; i < count * size; i++) out[i] = i < shared * size ? a[i] + (b[i] - a[i]) * t : a[i];
}
