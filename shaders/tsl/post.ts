/**
 * Post-processing shaders for the render styles, as TSL node functions (three.js Shading Language;
 * compiled to WGSL on WebGPU and GLSL on WebGL2, so one source serves both backends).
 *
 *   scene pass ─┬─ colour ─────────────┐
 *               ├─ depth → view z ─────┼─► inkEdges (Sobel on log depth + normal differences) ─► anime ink, sketch lines
 *               └─ normal (MRT) ───────┘
 *   depth ─► nearestViewDepth ─┐
 *   colour ────────────────────┴─► lensBlur (thin-lens circle of confusion, golden-angle gather)   (cinematic)
 *   colour ─► grade (contrast, teal/orange split tone) ─► vignette ─► grain ─► letterbox   (cinematic)
 *   colour ─► luminance ─► cross-hatching by tone (screen-space pencil strokes) on paper   (sketch)
 *
 * Edges follow the usual screen-space outline technique (Saito & Takahashi 1990, "Comprehensible
 * rendering of 3-D shapes"): discontinuities of depth and of normals between neighbouring pixels.
 * Grain is a per-frame hash (Dave Hoskins, "Hash without Sine", 2014) so it moves like film grain.
 * The lens blur is a scatter-as-gather depth of field after Dennis Gustafsson, "Bokeh depth of field in
 * a single pass" (blog.voxagon.se, 2018): taps on a Vogel (golden-angle) disc, each counted only where
 * its own circle of confusion reaches the pixel, so blur never smears a sharp subject and a sharp
 * subject never bleeds into the blurred background behind it.
 */
import { abs, clamp, cos, dot, float, Fn, fract, Loop, luminance, max, min, mix, perspectiveDepthToViewZ, screenCoordinate, select, sin, smoothstep, sqrt, step, uv, vec2, vec3, vec4 } from 'three/tsl';

// TSL's TypeScript typings track node types precisely; these helpers take and return nodes of several
// types, so they are typed loosely here and checked by running the shaders on both backends (e2e).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = any;

/**
 * The scene camera's near and far planes (m), as uniforms. Post passes are drawn as a screen quad with
 * an orthographic camera of its own, so TSL's cameraNear/cameraFar there are that quad camera's 0 and 1,
 * not the scene's: depth must be unprojected with these instead.
 */
export interface ClipUniforms {
  nearM: N;
  farM: N;
}

/** View-space depth (positive metres) of the depth texture at uv + offset texels. */
function viewDepthAt(depthTex: N, clip: ClipUniforms, coord: N, texel: N, dx: number, dy: number): N {
  const d = depthTex.sample(coord.add(texel.mul(vec2(dx, dy)))).x;
  return perspectiveDepthToViewZ(d, clip.nearM, clip.farM).negate();
}

/** Edge strength 0..1 from depth (relative Sobel on depth) and normal discontinuities. */
export function inkEdges(depthTex: N, clip: ClipUniforms, normalTex: N | null, texel: N, thickness = 1): N {
  return Fn(() => {
    const c = uv();
    const t = texel.mul(thickness);
    const z = viewDepthAt(depthTex, clip, c, t, 0, 0);
    const zl = viewDepthAt(depthTex, clip, c, t, -1, 0), zr = viewDepthAt(depthTex, clip, c, t, 1, 0);
    const zu = viewDepthAt(depthTex, clip, c, t, 0, 1), zd = viewDepthAt(depthTex, clip, c, t, 0, -1);
    // Second differences catch creases and silhouettes but not smooth slopes.
    const dz = abs(zl.add(zr).sub(z.mul(2))).add(abs(zu.add(zd).sub(z.mul(2)))).div(max(z, float(1e-3)));
    const depthEdge = smoothstep(0.02, 0.08, dz);
    if (!normalTex) return depthEdge;
    const n = normalTex.sample(c).xyz;
    const nl = normalTex.sample(c.add(t.mul(vec2(-1, 0)))).xyz, nr = normalTex.sample(c.add(t.mul(vec2(1, 0)))).xyz;
    const nu = normalTex.sample(c.add(t.mul(vec2(0, 1)))).xyz, nd = normalTex.sample(c.add(t.mul(vec2(0, -1)))).xyz;
    const dn = float(4).sub(dot(n, nl)).sub(dot(n, nr)).sub(dot(n, nu)).sub(dot(n, nd));
    // Only where this pixel shows a surface (the cleared background has a zero normal).
    const normalEdge = smoothstep(0.35, 0.8, dn).mul(step(0.5, n.length()));
    return max(depthEdge, normalEdge);
  })();
}

/** Per-frame lens settings of lensBlur, as uniforms (src/render/lens.ts computes them). */
export interface LensUniforms {
  /** Distance of the plane in focus along the view axis, m. */
  focusM: N;
  /** k in: circle-of-confusion diameter (px) = k · (1/focusM − 1/z). */
  cocScalePx: N;
  /** Largest blur radius drawn, px (the gather's reach). */
  maxRadiusPx: N;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * View depth (m) of the nearest surface at each pixel and its four neighbours, in x. The scene's colour
 * is multisampled but its depth is one sample per pixel, so a sharp subject's antialiased rim has the
 * colour of the subject and the depth of the background behind it; without this, the lens blur would
 * spread that rim into the background as a halo. With it, the rim counts as part of the subject.
 */
export function nearestViewDepth(depthTex: N, clip: ClipUniforms, texel: N): N {
  return Fn(() => {
    const c = uv();
    const z = min(
      min(viewDepthAt(depthTex, clip, c, texel, 0, 0), viewDepthAt(depthTex, clip, c, texel, 1, 0)),
      min(min(viewDepthAt(depthTex, clip, c, texel, -1, 0), viewDepthAt(depthTex, clip, c, texel, 0, 1)), viewDepthAt(depthTex, clip, c, texel, 0, -1)),
    );
    return vec4(z, 0, 0, 1);
  })();
}

/**
 * Depth of field: the scene colour blurred by each surface's circle of confusion, given the view depth
 * in metres (nearestViewDepth) in x of `depthMTex`. The gather reaches as far as this pixel's own blur,
 * or further where a nearer out-of-focus surface round it (a ring of 8 depth probes) could spread over
 * it; `taps` samples fill that disc evenly.
 */
export function lensBlur(colorTex: N, depthMTex: N, texel: N, lens: LensUniforms, taps = 40): N {
  return Fn(() => {
    const c = uv();
    const invFocus = float(1).div(lens.focusM);
    const radiusAt = (z: N) => min(abs(lens.cocScalePx.mul(invFocus.sub(float(1).div(z)))).mul(0.5), lens.maxRadiusPx);
    const zc = depthMTex.sample(c).x;
    const rc = radiusAt(zc);
    const reach = rc.toVar();
    for (let k = 0; k < 8; k++) {
      const probe = vec2(Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)).mul(lens.maxRadiusPx.mul(0.7));
      const z = depthMTex.sample(c.add(texel.mul(probe))).x;
      reach.assign(max(reach, select(z.lessThan(zc), radiusAt(z), 0)));
    }
    const sum = colorTex.sample(c).xyz.toVar();
    const weight = float(1).toVar();
    Loop(taps, ({ i }: N) => {
      const fi = float(i);
      const d = reach.mul(sqrt(fi.add(0.5).div(taps)));
      const angle = fi.mul(GOLDEN_ANGLE);
      const at = c.add(texel.mul(vec2(cos(angle), sin(angle)).mul(d)));
      const z = depthMTex.sample(at).x;
      // A surface behind this pixel may blur over it only about as much as this pixel is blurred itself.
      const r = select(z.greaterThan(zc), min(radiusAt(z), rc.mul(2)), radiusAt(z));
      const w = smoothstep(d.sub(0.5), d.add(0.5), r);
      sum.addAssign(colorTex.sample(at).xyz.mul(w));
      weight.addAssign(w);
    });
    return vec4(sum.div(weight), 1);
  })();
}

/** Toon-shaded colour with ink lines over a flat sky (anime). */
export function animeComposite(color: N, edges: N, inkHex: [number, number, number]): N {
  return vec4(mix(color.xyz, vec3(...inkHex), edges), 1);
}

/** Hash in [0, 1) of a 2D coordinate (Hoskins 2014, hash12). */
function hash12(p: N): N {
  const p3 = fract(vec3(p.x, p.y, p.x).mul(0.1031));
  const q = p3.add(dot(p3, vec3(p3.y, p3.z, p3.x).add(33.33)));
  return fract(q.x.add(q.y).mul(q.z));
}

/**
 * Cinematic finish: contrast S-curve and teal/orange split toning, vignette, animated grain, and
 * letterbox bars to `barAspect` (width/height) given the frame's own aspect.
 */
export function cinematicGrade(color: N, time: N, frameAspect: N, barAspect: number): N {
  return Fn(() => {
    const c = clamp(color.xyz, 0, 1);
    const l = luminance(c);
    const curved = mix(c, c.mul(c).mul(float(3).sub(c.mul(2))), 0.6);
    const toned = mix(curved.mul(vec3(0.92, 1.0, 1.06)), curved.mul(vec3(1.08, 1.0, 0.9)), smoothstep(0.25, 0.75, l));
    const p = uv().sub(0.5);
    const vignette = float(1).sub(dot(p, p).mul(0.9));
    const grain = hash12(screenCoordinate.xy.add(fract(time.mul(7.13)).mul(1000))).sub(0.5).mul(0.025);
    const graded = toned.mul(vignette).add(grain);
    // Bars: visible height fraction = frameAspect / barAspect (when the frame is wider than that, none).
    const keep = clamp(frameAspect.div(barAspect), 0, 1);
    const inside = step(abs(uv().y.sub(0.5)), keep.mul(0.5));
    return vec4(graded.mul(inside), 1);
  })();
}

/** Pencil sketch: graphite lines from edges and tone-dependent cross-hatching on warm paper. */
export function sketchComposite(color: N, edges: N): N {
  return Fn(() => {
    const l = luminance(clamp(color.xyz, 0, 1));
    const p = screenCoordinate.xy;
    const stroke = (angle: number, spacing: number) => {
      const d = p.x.mul(Math.cos(angle)).add(p.y.mul(Math.sin(angle)));
      return smoothstep(0.35, 0.0, abs(fract(d.div(spacing)).sub(0.5)));
    };
    const wobble = sin(p.y.mul(0.05)).mul(0.3);
    const h1 = stroke(0.785 + 0.0, 6).mul(step(l, 0.75));
    const h2 = stroke(-0.785, 6).mul(step(l, 0.5));
    const h3 = stroke(0.3, 4).mul(step(l, 0.28));
    const graphite = clamp(max(max(h1.mul(0.35), h2.mul(0.45)), max(h3.mul(0.55), edges.mul(0.9))).add(wobble.mul(0)), 0, 1);
    const paperGrain = hash12(p.floor()).mul(0.04);
    const paper = vec3(0.96, 0.94, 0.89).sub(paperGrain);
    return vec4(mix(paper, vec3(0.18, 0.18, 0.2), graphite), 1);
  })();
}
