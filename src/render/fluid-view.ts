/**
 * Liquids in the view: the point-sprite fallback path of the fluids issue, fed from the timeline's
 * fluid frames (sim/fluid/frames.ts: int16 positions in base64, every `fluidEvery`-th frame).
 *
 *   timeline.fluids[k] ──► one InstancedMesh per liquid (a small lit icosphere per particle, the
 *   timeline.fluidFrames ─► decode (cached) ─► lerp between the two recorded frames round t ─► matrices
 *
 * Why instanced icospheres and not THREE.Points: WebGPU draws points one pixel wide (no point size),
 * so a round sprite there needs PointsNodeMaterial's instanced-quad path, which behaves differently
 * on the WebGL2 backend. An instanced mesh of 20-triangle spheres looks the same on both backends,
 * is lit and shadowed like the rest of the scene and costs a single draw call (5k particles ≈ 100k
 * triangles). Each sphere is the particle's rest-volume sphere grown by 35 % so that neighbours
 * overlap and a body of liquid reads as a surface, not a cloud; the tint is the liquid preset's
 * colour (sim/fluid/presets.ts). Screen-space fluid rendering (van der Laan et al., "Screen Space
 * Fluid Rendering with Curvature Flow", I3D 2009) is the intended upgrade and is not built yet.
 *
 * Particles are only ever appended to a liquid (streams add, nothing removes), so particle i of one
 * frame is particle i of the next: positions are interpolated index by index between recorded frames.
 *
 * Ownership: `dispose()` frees every geometry and material; `setTimeline` frees the previous ones.
 * The scene view hides `group` while it renders the conditioning passes.
 */
import * as THREE from 'three/webgpu';
import type { SimTimeline } from '../sim/timeline.ts';
import { decodeFluidFrame, type FluidFrame } from '../sim/fluid/frames.ts';

/** How much larger than its rest-volume sphere a particle is drawn. */
const GROW = 1.35;
/** Decoded frames kept per liquid. */
const CACHE_FRAMES = 96;

interface LiquidLayer {
  mesh: THREE.InstancedMesh;
  frames: FluidFrame[];
  cache: Map<number, Float32Array>;
}

export class FluidView {
  readonly group = new THREE.Group();
  private layers: LiquidLayer[] = [];

  constructor() {
    this.group.name = 'liquids';
  }

  /** Builds one instanced mesh per simulated liquid of the timeline (none without liquids). */
  setTimeline(timeline: SimTimeline): void {
    this.clear();
    for (const info of timeline.fluids ?? []) {
      const frames = timeline.fluidFrames.filter((f) => f.fluidId === info.id).sort((a, b) => a.t - b.t);
      if (frames.length === 0) continue;
      const capacity = Math.max(1, ...frames.map((f) => f.count));
      const geometry = new THREE.IcosahedronGeometry(info.particleRadiusM * GROW, 1);
      const material = new THREE.MeshStandardMaterial({ color: new THREE.Color().setRGB(...info.color, THREE.SRGBColorSpace), roughness: 0.18, metalness: 0 });
      const mesh = new THREE.InstancedMesh(geometry, material, capacity);
      mesh.name = `liquid:${info.id}`;
      mesh.frustumCulled = false;
      mesh.castShadow = true;
      mesh.receiveShadow = true;
      mesh.count = 0;
      mesh.userData.fluidId = info.id;
      this.group.add(mesh);
      this.layers.push({ mesh, frames, cache: new Map() });
    }
  }

  /** Places every particle at time t (s), interpolating between the recorded frames round it. */
  update(tS: number): void {
    for (const layer of this.layers) {
      const { frames, mesh } = layer;
      let hi = frames.findIndex((f) => f.t >= tS);
      if (hi < 0) hi = frames.length - 1;
      const lo = Math.max(0, frames[hi].t > tS ? hi - 1 : hi);
      const a = this.decoded(layer, lo), b = this.decoded(layer, hi);
      const span = frames[hi].t - frames[lo].t;
      const s = span > 0 ? Math.min(1, Math.max(0, (tS - frames[lo].t) / span)) : 0;
      const n = frames[lo].count, shared = Math.min(n, frames[hi].count);
      const m = mesh.instanceMatrix.array as Float32Array;
      for (let p = 0; p < n; p++) {
        const o = p * 16, i = p * 3;
        m[o] = 1; m[o + 1] = 0; m[o + 2] = 0; m[o + 3] = 0;
        m[o + 4] = 0; m[o + 5] = 1; m[o + 6] = 0; m[o + 7] = 0;
        m[o + 8] = 0; m[o + 9] = 0; m[o + 10] = 1; m[o + 11] = 0;
        const t = p < shared ? s : 0;
        m[o + 12] = a[i] + (b[i] - a[i]) * t;
        m[o + 13] = a[i + 1] + (b[i + 1] - a[i + 1]) * t;
        m[o + 14] = a[i + 2] + (b[i + 2] - a[i + 2]) * t;
        m[o + 15] = 1;
      }
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
    }
  }

  /** Each liquid as drawn now: sphere radius, linear tint, roughness and world-space centres. */
  liquids(): { radiusM: number; albedo: [number, number, number]; roughness: number; centers: number[] }[] {
    return this.layers.map(({ mesh }) => {
      const material = mesh.material as THREE.MeshStandardMaterial;
      const m = mesh.instanceMatrix.array;
      const centers: number[] = [];
      for (let p = 0; p < mesh.count; p++) centers.push(m[p * 16 + 12], m[p * 16 + 13], m[p * 16 + 14]);
      const radiusM = (mesh.geometry as THREE.IcosahedronGeometry).parameters.radius;
      return { radiusM, albedo: [material.color.r, material.color.g, material.color.b], roughness: material.roughness, centers };
    });
  }

  /** Particles drawn now, per liquid id (for tests). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.layers.map((l) => [l.mesh.userData.fluidId as string, l.mesh.count]));
  }

  /** Frees every geometry and material; safe to call twice. */
  dispose(): void {
    this.clear();
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
      this.group.remove(layer.mesh);
      layer.mesh.geometry.dispose();
      (layer.mesh.material as THREE.Material).dispose();
      layer.mesh.dispose();
    }
    this.layers = [];
  }
}
