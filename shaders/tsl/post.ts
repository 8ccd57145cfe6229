/**
 * Post-processing shaders for the render styles, as TSL node functions (three.js Shading Language;
 * compiled to WGSL on WebGPU and GLSL on WebGL2, so one source serves both backends).
 *
 *   scene pass ─┬─ colour ─────────────┐
 *               ├─ depth → view z ─────┼─► inkEdges (Sobel on log depth + normal differences) ─► anime ink, sketch lines
 *               └─ normal (MRT) ───────┘
 *   colour ─► grade (contrast, teal/orange split tone) ─► vignette ─► grain ─► letterbox   (cinematic)
 *   colour ─► luminance ─► cross-hatching by tone (screen-space pencil strokes) on paper   (sketch)
 *
 * Edges follow the usual screen-space outline technique (Saito & Takahashi 1990, "Comprehensible
 * rendering of 3-D shapes"): discontinuities of depth and of normals between neighbouring pixels.
 * Grain is a per-frame hash (Dave Hoskins, "Hash without Sine", 2014) so it moves like film grain.
 */
import { abs, clamp, dot, float, Fn, fract, luminance, max, mix, perspectiveDepthToViewZ, screenCoordinate, sin, smoothstep, step, uv, vec2, vec3, vec4, cameraNear, cameraFar } from 'three/tsl';

// TSL's TypeScript typings track node types precisely; these helpers take and return nodes of several
// types, so they are typed loosely here and checked by running the shaders on both backends (e2e).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = any;

/** View-space depth (positive metres) of the depth texture at uv + offset texels. */
function viewDepthAt(depthTex: N, coord: N, texel: N, dx: number, dy: number): N {
  const d = depthTex.sample(coord.add(texel.mul(vec2(dx, dy)))).x;
  return perspectiveDepthToViewZ(d, cameraNear, cameraFar).negate();
}

/** Edge strength 0..1 from depth (relative Sobel on depth) and normal discontinuities. */
export function inkEdges(depthTex: N, normalTex: N | null, texel: N, thickness = 1): N {
  return Fn(() => {
    const c = uv();
    const t = texel.mul(thickness);
    const z = viewDepthAt(depthTex, c, t, 0, 0);
    const zl = viewDepthAt(depthTex, c, t, -1, 0), zr = viewDepthAt(depthTex, c, t, 1, 0);
    const zu = viewDepthAt(depthTex, c, t, 0, 1), zd = viewDepthAt(depthTex, c, t, 0, -1);
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
