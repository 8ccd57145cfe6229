/**
 * The exact per-pixel geometry behind every conditioning pass: metric linear depth, view-space normals
 * and instance ids, rendered from the scene itself with unlit override node materials (TSL) into float
 * render targets and read back.
 *
 *   scene meshes ──(material swap)──► RT "normal-depth": (n_view.xyz, −z_view)   RGBA32F
 *                                 └─► RT "instance-id":  (id, ndc y, 0, 1)          RGBA32F
 *   readRenderTargetPixelsAsync ──► depth (m), normals (OpenGL view space), ids ──► pass-math.ts
 *
 * View-space normals use the OpenGL convention (x right, y up, z towards the camera), which is three's
 * view space. Row order differs between backends (WebGPU textures start at the top, WebGL at the
 * bottom), so the id target also stores each fragment's NDC y, from which the readback orientation is
 * detected rather than assumed.
 */
import * as THREE from 'three/webgpu';
import { cameraProjectionMatrix, float, normalView, positionView, vec4 } from 'three/tsl';

export interface GeometryBuffers {
  width: number;
  height: number;
  /** Metres along the view axis; 0 where no surface. Row 0 at the top. */
  depth: Float32Array;
  /** xyz per pixel, unit, view space (OpenGL convention); 0 where no surface. */
  normals: Float32Array;
  /** 0 background, else the mesh's instance id. */
  ids: Uint16Array;
}

export class GBuffer {
  private readonly normalDepthTarget = new THREE.RenderTarget(1, 1, { type: THREE.FloatType, depthBuffer: true });
  private readonly idTarget = new THREE.RenderTarget(1, 1, { type: THREE.FloatType, depthBuffer: true });
  private readonly normalDepthMaterial = new THREE.MeshBasicNodeMaterial();
  private readonly idMaterials = new Map<number, THREE.MeshBasicNodeMaterial>();
  private disposed = false;

  constructor(private readonly renderer: THREE.WebGPURenderer) {
    this.normalDepthTarget.texture.name = 'gbuffer-normal-depth';
    this.idTarget.texture.name = 'gbuffer-instance-id';
    this.normalDepthMaterial.name = 'gbuffer-normal-depth';
    this.normalDepthMaterial.fragmentNode = vec4(normalView.normalize(), positionView.z.negate());
    this.normalDepthMaterial.fog = false;
  }

  /**
   * Renders the geometry buffers of `scene` from `camera` at width × height. `idOf` gives each mesh's
   * instance id (0 hides it from the passes, drawn as background).
   */
  async render(scene: THREE.Scene, camera: THREE.PerspectiveCamera, width: number, height: number, idOf: (mesh: THREE.Mesh) => number): Promise<GeometryBuffers> {
    if (this.disposed) throw new Error('GBuffer is disposed');
    const meshes: THREE.Mesh[] = [];
    scene.traverse((o) => { if (o instanceof THREE.Mesh && o.visible) meshes.push(o); });
    const originals = meshes.map((m) => m.material);
    const background = scene.background, fog = scene.fog, environment = scene.environment;
    const clear = new THREE.Color();
    this.renderer.getClearColor(clear);
    const clearAlpha = this.renderer.getClearAlpha();
    const target = this.renderer.getRenderTarget();
    const toneMapping = this.renderer.toneMapping;
    const hidden: THREE.Mesh[] = [];
    try {
      scene.background = null;
      scene.fog = null;
      scene.environment = null;
      this.renderer.setClearColor(0x000000, 0);
      this.normalDepthTarget.setSize(width, height);
      this.idTarget.setSize(width, height);

      for (const m of meshes) {
        if (idOf(m) === 0) { m.visible = false; hidden.push(m); } else m.material = this.normalDepthMaterial;
      }
      this.renderer.setRenderTarget(this.normalDepthTarget);
      this.renderer.render(scene, camera);
      for (const m of meshes) if (m.visible) m.material = this.idMaterial(idOf(m));
      this.renderer.setRenderTarget(this.idTarget);
      this.renderer.render(scene, camera);
    } finally {
      meshes.forEach((m, i) => { m.material = originals[i]; });
      for (const m of hidden) m.visible = true;
      scene.background = background;
      scene.fog = fog;
      scene.environment = environment;
      this.renderer.setClearColor(clear, clearAlpha);
      this.renderer.setRenderTarget(target);
      this.renderer.toneMapping = toneMapping;
    }
    const nd = await this.renderer.readRenderTargetPixelsAsync(this.normalDepthTarget, 0, 0, width, height) as Float32Array;
    const id = await this.renderer.readRenderTargetPixelsAsync(this.idTarget, 0, 0, width, height) as Float32Array;
    const flip = bottomUp(id, width, height);
    const n = width * height;
    const depth = new Float32Array(n), normals = new Float32Array(3 * n), ids = new Uint16Array(n);
    for (let y = 0; y < height; y++) {
      const src = flip ? height - 1 - y : y;
      for (let x = 0; x < width; x++) {
        const s = src * width + x, k = y * width + x;
        if (id[4 * s + 3] < 0.5) continue;
        ids[k] = Math.round(id[4 * s]);
        depth[k] = nd[4 * s + 3];
        const nx = nd[4 * s], ny = nd[4 * s + 1], nz = nd[4 * s + 2];
        const len = Math.hypot(nx, ny, nz) || 1;
        normals[3 * k] = nx / len; normals[3 * k + 1] = ny / len; normals[3 * k + 2] = nz / len;
      }
    }
    return { width, height, depth, normals, ids };
  }

  /** Frees both render targets and every override material; safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.normalDepthTarget.dispose();
    this.idTarget.dispose();
    this.normalDepthMaterial.dispose();
    for (const m of this.idMaterials.values()) m.dispose();
    this.idMaterials.clear();
  }

  private idMaterial(id: number): THREE.MeshBasicNodeMaterial {
    let material = this.idMaterials.get(id);
    if (!material) {
      material = new THREE.MeshBasicNodeMaterial();
      material.name = `gbuffer-id-${id}`;
      const clip = cameraProjectionMatrix.mul(vec4(positionView, 1));
      material.fragmentNode = vec4(float(id), clip.y.div(clip.w), 0, 1);
      material.fog = false;
      this.idMaterials.set(id, material);
    }
    return material;
  }
}

/** True when row 0 of the readback is the bottom of the image (WebGL), judged from the stored NDC y. */
function bottomUp(id: Float32Array, width: number, height: number): boolean {
  let votesTop = 0, votesBottom = 0;
  for (let y = 0; y < height; y += Math.max(1, Math.floor(height / 32))) {
    for (let x = 0; x < width; x += Math.max(1, Math.floor(width / 32))) {
      const s = y * width + x;
      if (id[4 * s + 3] < 0.5) continue;
      const ndcTop = 1 - ((y + 0.5) / height) * 2;
      const ndc = id[4 * s + 1];
      if (Math.abs(ndc - ndcTop) < Math.abs(ndc + ndcTop)) votesTop++; else votesBottom++;
    }
  }
  return votesBottom > votesTop;
}
