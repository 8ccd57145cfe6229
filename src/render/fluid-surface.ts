/**
 * One liquid drawn as a screen-space fluid surface (van der Laan, Green & Sainz, I3D 2009; Green,
 * GDC 2010; smoothing by Truong & Yuksel's narrow-range filter, I3D 2018). The shading is in
 * shaders/tsl/fluid-surface.ts; this file owns the GPU objects and runs the passes.
 *
 *   scene render ──► `mesh` (full-screen quad, transparent queue) ──onBeforeRender──► with the same camera:
 *        1. splat scene: one camera-facing square per particle,
 *           an ellipsoid impostor in it (fluid-shapes.ts)      ──► depth target   (R32F, depth test)
 *        2. the same squares, additive chord lengths           ──► thickness target (R16F)
 *        3. narrow-range filter along x, then along y, twice   ──► smoothed depth  (R32F)
 *        4. Gaussian along x, then along y, of the thickness    ──► smoothed thickness (R16F)
 *     then `mesh` itself draws: normals from the smoothed depth, refraction of the scene drawn so far
 *     (three's viewportSharedTexture), Beer–Lambert tint, Fresnel sky reflection; it writes depth.
 *
 * Why a quad in the scene and not a post pass: the surface then goes through whatever the render
 * style does (tone mapping, GTAO, depth of field, motion blur, ink edges) like any other object, and
 * works the same when the scene is drawn to the canvas, to a pass target or at an export size. The
 * passes run inside the scene render (as three's own ReflectorNode does), sized from the target being
 * drawn, so every render path gets a surface that matches its camera and size.
 *
 * The separable filter runs twice at 1/√2 of the width rather than once at full width: one pass pair
 * leaves more speckle where the surface turns steep on screen, for about 15 % more frame time on
 * SwiftShader. Targets are `resolutionScale` times the drawn size (the quality setting's choice,
 * fluid-view.ts).
 * Lights: the scene's first hemisphere light gives the sky and ground colours the surface reflects,
 * its first directional light the sun; both are read every frame, so the styles' lighting carries over.
 *
 * Ownership: `dispose()` frees the targets, geometries and materials; it is idempotent.
 */
import * as THREE from 'three/webgpu';
import { texture, uniform } from 'three/tsl';
import type { FluidSpec } from '../scene/spec.ts';
import { fluidComposite, narrowRangeFilter, splatDepth, splatThickness, thicknessFilter } from '../../shaders/tsl/fluid-surface.ts';

/** Thickness of liquid (m) that transmits exactly the liquid's colour (Beer–Lambert reference depth). */
const REFERENCE_DEPTH_M = 0.06;
/**
 * Turbidity of each liquid: the thickness over which scattering hides 1 − 1/e of what lies behind, m
 * (judged by eye, not measured: milk is opaque within a couple of millimetres, orange juice is cloudy
 * over about a centimetre; the rest are clear and only absorb). Clear liquids use a depth no scene reaches.
 */
export const LIQUID_SCATTER_DEPTH_M: Record<FluidSpec['liquid'], number> = {
  water: Infinity, juice: 0.01, milk: 0.001, oil: Infinity, syrup: Infinity, honey: Infinity, whiskey: Infinity, wine: Infinity, coffee: Infinity,
};
/** The scatter depth a clear liquid gets in the shader (a finite number: 1 km). */
const CLEAR_SCATTER_DEPTH_M = 1000;
/** Narrow-range filter, in drawn-sphere radii: Gaussian half-width, layer threshold, clamp behind. */
const FILTER_RADIUS = 2;
const FILTER_THRESHOLD = 4;
const FILTER_CLAMP = 1;
/** Times the separable filter runs (each at 1/√n of the width, so the total width stays the same). */
const FILTER_ITERATIONS = 2;

export class FluidSurface {
  /** The composite quad; add it to the scene. */
  readonly mesh: THREE.Mesh;
  private readonly splats: THREE.Mesh;
  private readonly splatScene = new THREE.Scene();
  private readonly geometry = new THREE.InstancedBufferGeometry();
  private readonly centers: THREE.InstancedBufferAttribute;
  private readonly inverseDiagonals: THREE.InstancedBufferAttribute;
  private readonly inverseOffDiagonals: THREE.InstancedBufferAttribute;
  /** Per splat: half the square's side (m) and the thickness scale (see splatThickness). */
  private readonly sizes: THREE.InstancedBufferAttribute;
  private readonly depthTarget = floatTarget(THREE.FloatType, true, 'fluid-depth');
  private readonly thicknessTarget = floatTarget(THREE.HalfFloatType, false, 'fluid-thickness');
  private readonly thicknessFilterTarget = floatTarget(THREE.HalfFloatType, false, 'fluid-thickness-filter-x');
  private readonly filterTarget = floatTarget(THREE.FloatType, false, 'fluid-depth-filter-x');
  private readonly smoothTarget = floatTarget(THREE.FloatType, false, 'fluid-depth-smooth');
  private readonly depthMaterial = new THREE.NodeMaterial();
  private readonly thicknessMaterial = new THREE.NodeMaterial();
  private readonly filterX = new THREE.NodeMaterial();
  private readonly filterY = new THREE.NodeMaterial();
  /** Along x again, from the smoothed depth (the second and later iterations). */
  private readonly filterXAgain = new THREE.NodeMaterial();
  private readonly thicknessX = new THREE.NodeMaterial();
  private readonly thicknessY = new THREE.NodeMaterial();
  private readonly quad = new THREE.QuadMesh(this.filterX);
  private readonly filter = { sizePx: uniform(new THREE.Vector2(1, 1)), pxPerM: uniform(1), radiusM: uniform(0.01), thresholdM: uniform(0.01), clampM: uniform(0.01) };
  private readonly shading = {
    sizePx: this.filter.sizePx, projection: uniform(new THREE.Vector2(1, 1)), sigma: uniform(new THREE.Vector3()), scatterDepthM: uniform(1), albedo: uniform(new THREE.Color()),
    skyIrradiance: uniform(new THREE.Color()), groundIrradiance: uniform(new THREE.Color()), sunDirectionView: uniform(new THREE.Vector3(0, 1, 0)), sunIrradiance: uniform(new THREE.Color()),
  };
  private readonly size = new THREE.Vector2();
  private readonly clearColor = new THREE.Color();
  private disposed = false;

  /**
   * @param capacity most particles at once
   * @param colorSrgb the liquid preset's colour
   * @param scatterDepthM the liquid's turbidity (LIQUID_SCATTER_DEPTH_M)
   * @param resolutionScale target size / drawn size
   */
  constructor(capacity: number, colorSrgb: [number, number, number], scatterDepthM: number, private readonly resolutionScale: number) {
    const quad = new THREE.PlaneGeometry(2, 2);
    this.geometry.index = quad.index;
    this.geometry.setAttribute('position', quad.getAttribute('position'));
    const instanced = (name: string, size: number): THREE.InstancedBufferAttribute => {
      const attribute = new THREE.InstancedBufferAttribute(new Float32Array(Math.max(capacity, 1) * size), size);
      attribute.setUsage(THREE.DynamicDrawUsage);
      this.geometry.setAttribute(name, attribute);
      return attribute;
    };
    this.centers = instanced('center', 3);
    this.inverseDiagonals = instanced('inverseShapeDiagonal', 3);
    this.inverseOffDiagonals = instanced('inverseShapeOffDiagonal', 3);
    this.sizes = instanced('splatSize', 2);
    this.geometry.instanceCount = 0;

    const depth = splatDepth();
    Object.assign(this.depthMaterial, depth, { name: 'fluid-splat-depth', side: THREE.DoubleSide });
    const thickness = splatThickness();
    Object.assign(this.thicknessMaterial, thickness, {
      name: 'fluid-splat-thickness', side: THREE.DoubleSide, transparent: true, depthTest: false, depthWrite: false,
      blending: THREE.CustomBlending, blendSrc: THREE.OneFactor, blendDst: THREE.OneFactor, blendEquation: THREE.AddEquation,
      blendSrcAlpha: THREE.OneFactor, blendDstAlpha: THREE.OneFactor,
    });
    this.filterX.fragmentNode = narrowRangeFilter(texture(this.depthTarget.texture), [1, 0], this.filter);
    this.filterY.fragmentNode = narrowRangeFilter(texture(this.filterTarget.texture), [0, 1], this.filter);
    this.filterXAgain.fragmentNode = narrowRangeFilter(texture(this.smoothTarget.texture), [1, 0], this.filter);
    this.thicknessX.fragmentNode = thicknessFilter(texture(this.thicknessTarget.texture), texture(this.depthTarget.texture), [1, 0], this.filter);
    this.thicknessY.fragmentNode = thicknessFilter(texture(this.thicknessFilterTarget.texture), texture(this.depthTarget.texture), [0, 1], this.filter);
    this.filterX.name = 'fluid-filter-x';
    this.filterY.name = 'fluid-filter-y';
    this.thicknessX.name = 'fluid-thickness-filter-x';
    this.thicknessY.name = 'fluid-thickness-filter-y';
    this.splats = new THREE.Mesh(this.geometry, this.depthMaterial);
    this.splats.frustumCulled = false;
    this.splatScene.add(this.splats);

    const linear = new THREE.Color().setRGB(...colorSrgb, THREE.SRGBColorSpace);
    this.shading.albedo.value.copy(linear);
    // σ_c = −ln(colour_c) / reference depth (a colour channel of 0 would absorb everything at once).
    this.shading.sigma.value.set(...linear.toArray().map((c) => -Math.log(Math.max(c, 1e-3)) / REFERENCE_DEPTH_M) as [number, number, number]);
    this.shading.scatterDepthM.value = Math.min(scatterDepthM, CLEAR_SCATTER_DEPTH_M);
    const composite = new THREE.MeshBasicNodeMaterial({ name: 'fluid-surface', side: THREE.DoubleSide, transparent: true, blending: THREE.NoBlending, depthWrite: true, fog: false });
    composite.forceSinglePass = true;
    Object.assign(composite, fluidComposite(texture(this.smoothTarget.texture), texture(this.thicknessTarget.texture), this.shading));
    this.mesh = new THREE.Mesh(quad, composite);
    this.mesh.name = 'liquid-surface';
    this.mesh.frustumCulled = false;
    this.mesh.onBeforeRender = (renderer, scene, camera) => this.prepare(renderer as unknown as THREE.WebGPURenderer, scene, camera as THREE.PerspectiveCamera);
  }

  /** The filter's widths follow the isotropic splat's radius, m (the bulk liquid's splats). */
  setRadius(splatRadiusM: number): void {
    this.filter.radiusM.value = (splatRadiusM * FILTER_RADIUS) / Math.sqrt(FILTER_ITERATIONS);
    this.filter.thresholdM.value = splatRadiusM * FILTER_THRESHOLD;
    this.filter.clampM.value = splatRadiusM * FILTER_CLAMP;
  }

  /**
   * The particles drawn now: `count` world-space centres (xyz, metres), their shapes (six numbers each,
   * fluid-shapes.ts) and the radius of the rest-volume sphere each stands for, m.
   */
  setSplats(centers: Float32Array, shapes: Float32Array, count: number, volumeRadiusM: number): void {
    const diagonal = this.inverseDiagonals.array as Float32Array, off = this.inverseOffDiagonals.array as Float32Array;
    const sizes = this.sizes.array as Float32Array;
    const restVolume = volumeRadiusM ** 3;
    for (let k = 0; k < count; k++) {
      const [xx, yy, zz, xy, xz, yz] = shapes.subarray(6 * k, 6 * k + 6);
      // The symmetric inverse by cofactors; det S is the ellipsoid's volume over the unit sphere's.
      const cxx = yy * zz - yz * yz, cxy = xz * yz - xy * zz, cxz = xy * yz - yy * xz;
      const det = xx * cxx + xy * cxy + xz * cxz;
      diagonal[3 * k] = cxx / det;
      diagonal[3 * k + 1] = (xx * zz - xz * xz) / det;
      diagonal[3 * k + 2] = (xx * yy - xy * xy) / det;
      off[3 * k] = cxy / det;
      off[3 * k + 1] = cxz / det;
      off[3 * k + 2] = (xy * xz - xx * yz) / det;
      // Gershgorin: no eigenvalue of S (semi-axis) exceeds its largest absolute row sum.
      sizes[2 * k] = Math.max(Math.abs(xx) + Math.abs(xy) + Math.abs(xz), Math.abs(xy) + Math.abs(yy) + Math.abs(yz), Math.abs(xz) + Math.abs(yz) + Math.abs(zz));
      sizes[2 * k + 1] = restVolume / det;
    }
    const array = this.centers.array as Float32Array;
    array.set(centers.subarray(0, count * 3));
    for (const [attribute, size] of [[this.centers, 3], [this.inverseDiagonals, 3], [this.inverseOffDiagonals, 3], [this.sizes, 2]] as const) {
      attribute.clearUpdateRanges();
      attribute.addUpdateRange(0, count * size);
      attribute.needsUpdate = true;
    }
    this.geometry.instanceCount = count;
    this.mesh.visible = count > 0;
    // The quad sorts among transparent objects by its position: put it at the liquid's centroid.
    let x = 0, y = 0, z = 0;
    for (let i = 0; i < count; i++) { x += centers[3 * i]; y += centers[3 * i + 1]; z += centers[3 * i + 2]; }
    if (count > 0) this.mesh.position.set(x / count, y / count, z / count);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.targets()) t.dispose();
    for (const m of [this.depthMaterial, this.thicknessMaterial, this.filterX, this.filterY, this.filterXAgain, this.thicknessX, this.thicknessY, this.mesh.material as THREE.Material]) m.dispose();
    this.geometry.dispose();
    this.mesh.geometry.dispose();
  }

  /** Runs passes 1–4 for `camera` at the size of whatever is being drawn, and updates the shading inputs. */
  private prepare(renderer: THREE.WebGPURenderer, scene: THREE.Scene, camera: THREE.PerspectiveCamera): void {
    const target = renderer.getRenderTarget();
    if (target) this.size.set(target.width, target.height);
    else renderer.getDrawingBufferSize(this.size);
    const width = Math.max(1, Math.ceil(this.size.x * this.resolutionScale)), height = Math.max(1, Math.ceil(this.size.y * this.resolutionScale));
    for (const t of this.targets()) {
      if (t.width !== width || t.height !== height) t.setSize(width, height);
    }
    this.filter.sizePx.value.set(width, height);
    const p = camera.projectionMatrix.elements;
    this.shading.projection.value.set(p[0], p[5]);
    this.filter.pxPerM.value = (p[5] * height) / 2;
    this.updateLights(scene, camera);

    const mrt = renderer.getMRT(), autoClear = renderer.autoClear, clearAlpha = renderer.getClearAlpha();
    renderer.getClearColor(this.clearColor);
    try {
      renderer.setMRT(null);
      renderer.autoClear = true;
      renderer.setClearColor(0x000000, 0);
      this.splats.material = this.depthMaterial;
      renderer.setRenderTarget(this.depthTarget);
      renderer.render(this.splatScene, camera);
      this.splats.material = this.thicknessMaterial;
      renderer.setRenderTarget(this.thicknessTarget);
      renderer.render(this.splatScene, camera);
      for (let k = 0; k < FILTER_ITERATIONS; k++) {
        this.quad.material = k === 0 ? this.filterX : this.filterXAgain;
        renderer.setRenderTarget(this.filterTarget);
        this.quad.render(renderer);
        this.quad.material = this.filterY;
        renderer.setRenderTarget(this.smoothTarget);
        this.quad.render(renderer);
      }
      this.quad.material = this.thicknessX;
      renderer.setRenderTarget(this.thicknessFilterTarget);
      this.quad.render(renderer);
      this.quad.material = this.thicknessY;
      renderer.setRenderTarget(this.thicknessTarget);
      this.quad.render(renderer);
    } finally {
      renderer.setRenderTarget(target);
      renderer.setMRT(mrt);
      renderer.autoClear = autoClear;
      renderer.setClearColor(this.clearColor, clearAlpha);
    }
  }

  private targets(): THREE.RenderTarget[] {
    return [this.depthTarget, this.thicknessTarget, this.thicknessFilterTarget, this.filterTarget, this.smoothTarget];
  }

  private updateLights(scene: THREE.Scene, camera: THREE.Camera): void {
    const hemisphere = scene.getObjectByProperty('isHemisphereLight', true) as THREE.HemisphereLight | undefined;
    const sun = scene.getObjectByProperty('isDirectionalLight', true) as THREE.DirectionalLight | undefined;
    const s = this.shading;
    if (hemisphere?.visible) {
      s.skyIrradiance.value.copy(hemisphere.color).multiplyScalar(hemisphere.intensity);
      s.groundIrradiance.value.copy(hemisphere.groundColor).multiplyScalar(hemisphere.intensity);
    } else {
      s.skyIrradiance.value.setRGB(0, 0, 0);
      s.groundIrradiance.value.setRGB(0, 0, 0);
    }
    if (sun?.visible) {
      s.sunIrradiance.value.copy(sun.color).multiplyScalar(sun.intensity);
      s.sunDirectionView.value.copy(sun.position).sub(sun.target.position).normalize().transformDirection(camera.matrixWorldInverse);
    } else {
      s.sunIrradiance.value.setRGB(0, 0, 0);
    }
  }
}

function floatTarget(type: THREE.TextureDataType, depthBuffer: boolean, name: string): THREE.RenderTarget {
  const target = new THREE.RenderTarget(1, 1, { type, format: THREE.RedFormat, depthBuffer, minFilter: THREE.NearestFilter, magFilter: THREE.NearestFilter, generateMipmaps: false });
  target.texture.name = name;
  return target;
}
