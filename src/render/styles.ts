/**
 * Render styles: per-style node materials (TSL) for every surface, lighting setups and a
 * post-processing graph (three's RenderPipeline) whose shaders live in shaders/tsl/post.ts.
 *
 *   style ─► materialFor(surface)    standard: MeshStandard · photoreal/cinematic: MeshPhysical + room
 *                                    environment (PMREM), clearcoat, glass transmission · anime: MeshToon
 *                                    with a 3-step ramp · clay: matte sheen, pastel · sketch: grey matte
 *        ─► StylePipeline            standard/clay: none (renderer tone mapping: ACES)
 *                                    photoreal: ground-truth ambient occlusion (GTAO, Jimenez et al. 2016)
 *                                    cinematic: thin-lens depth of field focused on the subject
 *                                    (lens.ts: a 65 mm large-format camera at f/2), motion blur from per-pixel
 *                                    velocity (a 180° shutter), then grade + vignette + grain + 2.39:1 bars
 *                                    anime: ink outlines from depth and normal edges, flat sky
 *                                    sketch: pencil hatching and outlines on paper
 *
 * Everything is generated (textures in appearance.ts, the environment from three's procedural
 * RoomEnvironment); nothing is downloaded. `dispose()` frees each material, texture, PMREM target and
 * pipeline it created.
 */
import * as THREE from 'three/webgpu';
import { convertToTexture, mrt, normalView, output, pass, uniform, vec3, vec4, velocity } from 'three/tsl';
import { ao } from 'three/addons/tsl/display/GTAONode.js';
import { motionBlur } from 'three/addons/tsl/display/MotionBlur.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';
import type { SceneSpec } from '../scene/spec.ts';
import { animeComposite, cinematicGrade, inkEdges, lensBlur, nearestViewDepth, sketchComposite } from '../../shaders/tsl/post.ts';
import { billiardTexture, checkerTexture, seamTexture, toonRamp, woodTexture, type Look } from './appearance.ts';
import { thinLens } from './lens.ts';

export type StyleName = SceneSpec['style'];
export const STYLE_NAMES: readonly StyleName[] = ['standard', 'photoreal', 'cinematic', 'anime', 'clay', 'sketch'];
/** The cinematic depth of field's largest blur radius, as a fraction of the frame height. */
const MAX_BLUR_RADIUS_OF_HEIGHT = 0.015;

/** What a surface is, independent of style; each style turns it into a material. */
export interface Surface {
  look: Look;
  kind: string;
  material: string;
  isGround: boolean;
  isStatic: boolean;
  shape: string;
  /** Ground tiles across, for the checker. */
  groundTiles?: number;
  /** Billiard ball number (0 = cue ball). */
  ballNumber?: number;
}

/** The per-style parts of a SceneView: materials and textures it owns, and the optional pipeline. */
export class StyleKit {
  private readonly textures: THREE.Texture[] = [];
  private readonly materials: THREE.Material[] = [];
  private environmentTarget: THREE.RenderTarget | null = null;
  private pipeline: THREE.RenderPipeline | null = null;
  /** Nodes of the pipeline that hold render targets of their own (RenderPipeline.dispose() leaves them). */
  private readonly pipelineNodes: { dispose(): void }[] = [];
  private readonly texel = uniform(new THREE.Vector2(1, 1));
  private readonly time = uniform(0);
  private readonly frameAspect = uniform(16 / 9);
  private readonly lens = { focusM: uniform(1), cocScalePx: uniform(0), maxRadiusPx: uniform(1) };
  private readonly clip = { nearM: uniform(0.01), farM: uniform(500) };
  private ramp: THREE.DataTexture | null = null;
  private disposed = false;

  constructor(readonly style: StyleName, private readonly renderer: THREE.WebGPURenderer, private readonly scene: THREE.Scene, private readonly camera: THREE.PerspectiveCamera) {}

  /** Renderer, scene and light settings of the style. */
  configure(lights: { hemisphere: THREE.HemisphereLight; sun: THREE.DirectionalLight }, backgroundHex: string): void {
    const s = this.style;
    this.renderer.toneMapping = s === 'photoreal' || s === 'cinematic' ? THREE.AgXToneMapping : s === 'anime' || s === 'sketch' ? THREE.NoToneMapping : THREE.ACESFilmicToneMapping;
    this.renderer.toneMappingExposure = s === 'cinematic' ? 1.1 : 1;
    lights.sun.shadow.radius = s === 'clay' ? 8 : s === 'photoreal' || s === 'cinematic' ? 4 : 1;
    lights.sun.intensity = { standard: 2.4, photoreal: 2.2, cinematic: 2.8, anime: 2.0, clay: 1.4, sketch: 2.0 }[s];
    lights.hemisphere.intensity = { standard: 1.1, photoreal: 0.35, cinematic: 0.25, anime: 1.2, clay: 1.8, sketch: 1.3 }[s];
    this.scene.environment = null;
    if (s === 'photoreal' || s === 'cinematic') {
      const pmrem = new THREE.PMREMGenerator(this.renderer);
      const room = new RoomEnvironment();
      this.environmentTarget = pmrem.fromScene(room, 0.04);
      room.traverse((o) => { if (o instanceof THREE.Mesh) { o.geometry.dispose(); (o.material as THREE.Material).dispose(); } });
      pmrem.dispose();
      this.scene.environment = this.environmentTarget.texture;
      this.scene.environmentIntensity = s === 'cinematic' ? 0.5 : 0.8;
    }
    const background = s === 'anime' ? '#8fd3ff' : s === 'clay' ? '#e9e2d8' : s === 'sketch' ? '#f5f0e4' : s === 'cinematic' ? '#1c2128' : backgroundHex;
    this.scene.background = new THREE.Color(background);
    if (this.scene.fog instanceof THREE.Fog) this.scene.fog.color.set(background);
    if (s === 'anime' || s === 'sketch') this.scene.fog = null;
  }

  /** A new material for one surface in this style (owned and disposed by the kit). */
  materialFor(surface: Surface): THREE.Material {
    const { look } = surface;
    const s = this.style;
    let material: THREE.Material;
    // Clay and sketch are untextured; anime keeps markings but paints the set in flat colour.
    const map = s === 'clay' || s === 'sketch' || (s === 'anime' && surface.isStatic) ? null : this.mapFor(surface);
    const color = map ? '#ffffff' : look.colorHex;
    if (s === 'anime') {
      this.ramp ??= this.own(toonRamp(3));
      material = new THREE.MeshToonNodeMaterial({ color, map, gradientMap: this.ramp });
    } else if (s === 'clay') {
      const c = new THREE.Color(look.colorHex);
      c.lerp(new THREE.Color('#d8c8b4'), surface.isStatic ? 0.6 : 0.35);
      material = new THREE.MeshPhysicalNodeMaterial({ color: c, roughness: 1, metalness: 0, sheen: 0.6, sheenRoughness: 0.8, sheenColor: new THREE.Color('#fff3e6') });
    } else if (s === 'sketch') {
      material = new THREE.MeshStandardNodeMaterial({ color: '#d9d9d9', roughness: 1, metalness: 0 });
    } else if (s === 'photoreal' || s === 'cinematic') {
      const glass = surface.material === 'glass';
      const physical = new THREE.MeshPhysicalNodeMaterial({ color, map, roughness: glass ? 0.02 : look.roughness, metalness: look.metalness });
      if (glass) { physical.transmission = 1; physical.thickness = 0.5; physical.ior = 1.5; }
      if (['billiard-ball', 'bowling-ball'].includes(surface.kind)) { physical.clearcoat = 1; physical.clearcoatRoughness = 0.05; }
      material = physical;
    } else {
      material = new THREE.MeshStandardNodeMaterial({ color, map, roughness: look.roughness, metalness: look.metalness });
    }
    if (!surface.isGround && surface.isStatic && map === null && s !== 'clay' && s !== 'sketch') (material as THREE.MeshStandardMaterial).color.offsetHSL?.(0, -0.05, 0.08);
    // Without transmission (photoreal and cinematic only), glass is drawn see-through so that what a
    // glass, a jar or a tank holds stays visible.
    if (surface.material === 'glass' && s !== 'photoreal' && s !== 'cinematic') {
      material.transparent = true;
      material.opacity = 0.35;
      material.depthWrite = false;
    }
    material.name = `${s}:${surface.kind}`;
    this.materials.push(material);
    return material;
  }

  /**
   * Called before each frame: keeps pipeline uniforms in step with the drawing buffer, and focuses the
   * cinematic lens `focusM` metres along the view axis.
   */
  beforeRender(widthPx: number, heightPx: number, timeS: number, focusM: number): void {
    this.texel.value.set(1 / Math.max(widthPx, 1), 1 / Math.max(heightPx, 1));
    this.frameAspect.value = widthPx / Math.max(heightPx, 1);
    this.time.value = timeS;
    this.clip.nearM.value = this.camera.near;
    this.clip.farM.value = this.camera.far;
    const lens = thinLens({ focusM, vFovDeg: this.camera.fov, aspect: this.camera.aspect, widthPx });
    this.lens.focusM.value = lens.focusM;
    this.lens.cocScalePx.value = lens.cocScalePx;
    this.lens.maxRadiusPx.value = Math.max(heightPx * MAX_BLUR_RADIUS_OF_HEIGHT, 1);
  }

  /** Draws one frame: through the style's pipeline if it has one, else directly. */
  render(): void {
    const pipeline = this.ensurePipeline();
    if (pipeline) pipeline.render();
    else this.renderer.render(this.scene, this.camera);
  }

  get hasPipeline(): boolean {
    return this.style !== 'standard' && this.style !== 'clay';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const m of this.materials) m.dispose();
    for (const t of this.textures) t.dispose();
    this.materials.length = this.textures.length = 0;
    this.environmentTarget?.dispose();
    this.environmentTarget = null;
    this.pipeline?.dispose();
    this.pipeline = null;
    for (const node of this.pipelineNodes) node.dispose();
    this.pipelineNodes.length = 0;
  }

  private ensurePipeline(): THREE.RenderPipeline | null {
    if (!this.hasPipeline) return null;
    if (this.pipeline) return this.pipeline;
    const scenePass = pass(this.scene, this.camera);
    scenePass.setMRT(this.style === 'cinematic' ? mrt({ output, velocity }) : mrt({ output, normal: normalView }));
    this.pipelineNodes.push(scenePass);
    const color = scenePass.getTextureNode('output');
    const pipeline = new THREE.RenderPipeline(this.renderer);
    if (this.style === 'cinematic') {
      // Lens blur first (it needs the sharp image and its depth), then a 180° shutter's worth of motion blur.
      const depthM = convertToTexture(nearestViewDepth(scenePass.getTextureNode('depth'), this.clip, this.texel));
      const focused = convertToTexture(lensBlur(color, depthM, this.texel, this.lens));
      this.pipelineNodes.push(depthM, focused);
      const blurred = motionBlur(focused, scenePass.getTextureNode('velocity').mul(0.5));
      pipeline.outputNode = cinematicGrade(blurred, this.time, this.frameAspect, 2.39);
    } else if (this.style === 'photoreal') {
      const occlusion = ao(scenePass.getTextureNode('depth'), scenePass.getTextureNode('normal'), this.camera);
      this.pipelineNodes.push(occlusion);
      occlusion.resolutionScale = 0.5;
      pipeline.outputNode = color.mul(vec4(vec3(occlusion.getTextureNode().r), 1));
    } else {
      const edges = inkEdges(scenePass.getTextureNode('depth'), this.clip, scenePass.getTextureNode('normal'), this.texel, this.style === 'anime' ? 1 : 1.5);
      pipeline.outputNode = this.style === 'anime' ? animeComposite(color, edges, [0.08, 0.07, 0.1]) : sketchComposite(color, edges);
    }
    this.pipeline = pipeline;
    return pipeline;
  }

  private mapFor(surface: Surface): THREE.Texture | null {
    const { look } = surface;
    if (surface.isGround && surface.groundTiles) {
      if (surface.material === 'wood') {
        const t = this.own(woodTexture(look.colorHex, 3));
        t.repeat.set(surface.groundTiles, surface.groundTiles);
        t.anisotropy = 8;
        return t;
      }
      return this.own(checkerTexture(look.colorHex, surface.groundTiles));
    }
    if (surface.kind === 'billiard-ball') return this.own(billiardTexture(surface.ballNumber ?? 0));
    if (surface.shape === 'sphere' && look.seamHex) return this.own(seamTexture(look));
    if (surface.material === 'wood') return this.own(woodTexture(look.colorHex, surface.kind.length));
    return null;
  }

  private own<T extends THREE.Texture>(t: T): T {
    this.textures.push(t);
    return t;
  }
}
