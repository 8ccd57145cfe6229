/**
 * Screen-space fluid surface shaders, as TSL node graphs (compiled to WGSL on WebGPU and GLSL on
 * WebGL2, so one source serves both backends). src/render/fluid-surface.ts owns the targets and runs
 * the passes; this file is only the shading.
 *
 *   particle ellipsoids ─► splatDepth ───► nearest ellipsoid depth, m (R32F; depth-tested)
 *                    └► splatThickness ──► summed chord lengths, m (R16F; additive)
 *   depth ─► narrowRangeFilter (x) ─► narrowRangeFilter (y) ─► smoothed depth
 *   thickness ─► thicknessFilter (x) ─► thicknessFilter (y) ─► smoothed thickness
 *   smoothed depth + thickness + the scene drawn so far ─► fluidComposite ─► liquid colour and depth
 *
 * The method is screen-space fluid rendering (van der Laan, Green & Sainz, "Screen Space Fluid
 * Rendering with Curvature Flow", I3D 2009; Green, "Screen Space Fluid Rendering for Games", GDC 2010):
 * particles are drawn as camera-facing impostors into a depth target (ellipsoids rather than the
 * paper's spheres, shaped by render/fluid-shapes.ts after Yu & Turk 2013, so that sheets and threads
 * stay whole), the depth is smoothed so the splats melt into one surface, normals come from the
 * smoothed depth, and the surface is shaded
 * over the scene. The smoothing here is not the paper's curvature flow but the narrow-range filter of
 * Truong & Yuksel ("A Narrow-Range Filter for Screen-Space Fluid Rendering", I3D 2018), run separably
 * (x then y): a Gaussian over neighbours whose depth lies within a narrow range of the centre's;
 * neighbours more than `threshold` in front belong to another layer and are ignored, neighbours more
 * than `threshold` behind (or off the liquid) count as `clampM` behind, which rounds the silhouettes
 * down like a real surface instead of leaving flat-topped plates. The kernel's width is a fixed world
 * size projected at the pixel's depth (capped at `maxReachPx` each side, so very close views are
 * smoothed less), so the look barely changes with distance or resolution.
 *
 * Shading (Green 2010): Schlick Fresnel (water, F0 = 0.02) between a reflection of the sky (the
 * scene's hemisphere light, as radiance) plus the sun's highlight, and what lies behind: the scene
 * drawn so far, sampled at a point shifted by the surface normal times the liquid's thickness (a thin
 * lens approximation of refraction, lateral shift ≈ thickness · (1 − 1/n) per unit normal tilt, n = 1.33),
 * attenuated by Beer–Lambert absorption exp(−σ·thickness) with σ_c = −ln(colour_c) / referenceDepth, so a
 * layer `referenceDepth` thick transmits exactly the liquid's colour and thinner layers are clearer,
 * and by the liquid's turbidity exp(−thickness / scatterDepth), the same for every colour (milk is
 * opaque within a couple of millimetres, a clear liquid never). Light the turbidity takes from the view
 * ray comes back as the lit liquid's colour, so milk is white; of the light absorbed, a share
 * (`SCATTER`, per channel) comes back as single scattering tinted by the colour.
 */
import { abs, attribute, ceil, cameraFar, cameraPosition, cameraNear, cameraProjectionMatrix, cameraViewMatrix, cameraWorldMatrix, clamp, cross, Discard, dot, exp, float, Fn, If, int, ivec2, Loop, mix, normalize, pow, positionGeometry, reflect, screenUV, select, sqrt, varying, vec2, vec3, vec4, viewportSharedTexture, viewZToPerspectiveDepth } from 'three/tsl';

// TSL's TypeScript typings track node types precisely; these helpers take and return nodes of several
// types, so they are typed loosely here and checked by running the shaders on both backends (e2e).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = any;

/** The plane's corner (−1..1) and the fragment's place on the target (0..1, y down), loosely typed. */
const corner: N = positionGeometry.xy;
const onScreen: N = screenUV;

/** Schlick's F0 for water (n = 1.33): ((n − 1) / (n + 1))². */
const WATER_F0 = 0.02;
/** Lateral refraction shift per metre of thickness and unit normal tilt: 1 − 1/n for n = 1.33. */
const REFRACTION_SHIFT = 1 - 1 / 1.33;
/** Share of the light absorbed along the view ray that comes back as scattering in the liquid's colour. */
const SCATTER = 0.35;
/** Blinn–Phong exponent of the sun's highlight on the smooth liquid. */
const SHININESS = 400;

/**
 * The instanced splat attributes (render/fluid-surface.ts fills them): the particle's centre, world
 * space (metres); the inverse of its shape S (the symmetric matrix mapping the unit sphere onto its
 * ellipsoid, render/fluid-shapes.ts) as its diagonal (xx, yy, zz) and off-diagonal (xy, xz, yz); and
 * (half the square's side, m: at least the ellipsoid's largest semi-axis; the thickness scale, the
 * rest volume the particle stands for / the ellipsoid's volume).
 */
const center = attribute('center', 'vec3');
const inverseShapeDiagonal = attribute('inverseShapeDiagonal', 'vec3');
const inverseShapeOffDiagonal = attribute('inverseShapeOffDiagonal', 'vec3');
const splatSize = attribute('splatSize', 'vec2');

/** The splat square's corner, view space: camera-facing, of side 2·extent round the particle. */
function splatCornerView(): N {
  const centerView = cameraViewMatrix.mul(vec4(center, 1)).xyz;
  return centerView.add(vec3(corner.mul(splatSize.x), 0));
}

/** A camera-facing square round each particle, in clip space. */
function splatVertex(): N {
  return cameraProjectionMatrix.mul(vec4(splatCornerView(), 1));
}

/**
 * Per fragment of a splat: where the view ray through it enters and leaves the particle's ellipsoid,
 * as multiples of the camera→fragment vector (discards a ray that misses), and that vector in view
 * space. The ray is taken into the ellipsoid's unit-sphere frame by S⁻¹, where the hit is a quadratic.
 */
function ellipsoidHit(): { enter: N; leave: N; rayView: N } {
  const rayView: N = varying(splatCornerView(), 'vSplatCornerView');
  const diagonal: N = varying(inverseShapeDiagonal, 'vSplatInverseDiagonal');
  const off: N = varying(inverseShapeOffDiagonal, 'vSplatInverseOffDiagonal');
  const toUnit = (v: N): N => vec3(
    diagonal.x.mul(v.x).add(off.x.mul(v.y)).add(off.y.mul(v.z)),
    off.x.mul(v.x).add(diagonal.y.mul(v.y)).add(off.z.mul(v.z)),
    off.y.mul(v.x).add(off.z.mul(v.y)).add(diagonal.z.mul(v.z)),
  );
  const o = toUnit(cameraPosition.sub(varying(center, 'vSplatCenter')));
  const d = toUnit(cameraWorldMatrix.mul(vec4(rayView, 0)).xyz);
  const a = dot(d, d), b = dot(o, d), c = dot(o, o).sub(1);
  const discriminant = b.mul(b).sub(a.mul(c));
  If(discriminant.lessThan(0), () => { Discard(); });
  const root = sqrt(discriminant);
  return { enter: b.negate().sub(root).div(a), leave: b.negate().add(root).div(a), rayView };
}

/**
 * Ellipsoid-impostor depth splats: colour = distance along the view axis to the ellipsoid's front
 * surface (m), hardware depth = the same point's depth, so the depth test keeps the nearest one.
 */
export function splatDepth(): { vertexNode: N; fragmentNode: N; depthNode: N } {
  const frontZ = Fn(() => {
    const { enter, rayView } = ellipsoidHit();
    return rayView.z.mul(enter);
  })();
  return {
    vertexNode: splatVertex(),
    fragmentNode: vec4(frontZ.negate(), 0, 0, 1),
    depthNode: viewZToPerspectiveDepth(frontZ, cameraNear, cameraFar),
  };
}

/**
 * Thickness splats, summed additively: each ellipsoid adds its chord length at the pixel times its
 * thickness scale (the rest volume it stands for / its own volume), so the thickness integrated over
 * the image is the liquid's volume even though the drawn ellipsoids overlap.
 */
export function splatThickness(): { vertexNode: N; fragmentNode: N } {
  const chord = Fn(() => {
    const { enter, leave, rayView } = ellipsoidHit();
    return leave.sub(enter).mul(rayView.length()).mul(varying(splatSize.y, 'vSplatThicknessScale'));
  })();
  return { vertexNode: splatVertex(), fragmentNode: vec4(chord, 0, 0, 1) };
}

/** Per-frame parameters of the narrow-range filter, as uniforms. */
export interface FilterUniforms {
  /** Size of the target, px. */
  sizePx: N;
  /** Pixels per metre at 1 m depth (the projection's y scale × half the target height). */
  pxPerM: N;
  /** Gaussian half-width of the kernel, m (world space). */
  radiusM: N;
  /** Neighbours further than this from the centre's depth are off its layer, m. */
  thresholdM: N;
  /** Where a neighbour behind the range (or off the liquid) is counted, m behind the centre. */
  clampM: N;
}

/**
 * What both filter passes start from, inside their Fn: this pixel, the target's size, the liquid's
 * depth here (a pixel without liquid is discarded) and the Gaussian's width in pixels, the kernel's
 * world size projected at that depth, at most `maxReachPx / 2`.
 */
function filterPixel(depthTex: N, f: FilterUniforms, maxReachPx: number): { size: N; p: N; z: N; sigmaPx: N } {
  const size: N = ivec2(f.sizePx);
  const p: N = ivec2(onScreen.mul(f.sizePx));
  const z = depthTex.load(p).x;
  If(z.lessThanEqual(0), () => { Discard(); });
  return { size, p, z, sigmaPx: clamp(f.radiusM.mul(f.pxPerM).div(z), 0.5, maxReachPx / 2) };
}

/**
 * One separable pass of the narrow-range filter (header) over a depth target (0 = no liquid), along
 * `axis`: every pixel out to two Gaussian half-widths (the kernel's world size projected at this
 * pixel's depth), at most `maxReachPx` each side. Every pixel, not sparse taps: a particle lattice
 * seen at a distance is a fine periodic pattern, and sparse taps alias it into moiré. Drawn as a
 * screen quad into a target of the same size; pixels without liquid are discarded.
 */
export function narrowRangeFilter(depthTex: N, axis: [number, number], f: FilterUniforms, maxReachPx = 24): N {
  return Fn(() => {
    const { size, p, z, sigmaPx } = filterPixel(depthTex, f, maxReachPx);
    const reach = int(ceil(sigmaPx.mul(2)));
    const sum = z.toVar(), weight = float(1).toVar();
    const tap = (k: N): void => {
      const at = clamp(p.add(ivec2(axis[0], axis[1]).mul(k)), ivec2(0, 0) as N, size.sub(1));
      const s = depthTex.load(at).x;
      // Off the liquid counts as far behind; behind the range is clamped; in front of it is ignored.
      const behind = s.lessThanEqual(0).or(s.greaterThan(z.add(f.thresholdM)));
      const inFront = s.greaterThan(0).and(s.lessThan(z.sub(f.thresholdM)));
      const sample = select(behind, z.add(f.clampM), s);
      const offset = float(k);
      const w = select(inFront, float(0), exp(offset.mul(offset).div(sigmaPx.mul(sigmaPx).mul(-2))));
      sum.addAssign(sample.mul(w));
      weight.addAssign(w);
    };
    Loop({ start: int(1), end: reach, condition: '<=' }, ({ i }: N) => {
      tap(i);
      tap(i.negate());
    });
    return vec4(sum.div(weight), 0, 0, 1);
  })();
}

/**
 * One separable pass of a plain Gaussian over the thickness target, along `axis`, its width the same
 * projected world size as the depth filter's at this pixel's depth (read from `depthTex`). Summed
 * splats show every particle of a thin sheet as its own bump of thickness, and so of tint; blurred,
 * the sheet absorbs evenly (Green 2010 blurs thickness the same way).
 */
export function thicknessFilter(thicknessTex: N, depthTex: N, axis: [number, number], f: FilterUniforms, maxReachPx = 24): N {
  return Fn(() => {
    const { size, p, sigmaPx } = filterPixel(depthTex, f, maxReachPx);
    const sum = thicknessTex.load(p).x.toVar(), weight = float(1).toVar();
    Loop({ start: int(1), end: int(ceil(sigmaPx.mul(2))), condition: '<=' }, ({ i }: N) => {
      const offset = float(i);
      const w = exp(offset.mul(offset).div(sigmaPx.mul(sigmaPx).mul(-2)));
      for (const k of [i, i.negate()]) {
        sum.addAssign(thicknessTex.load(clamp(p.add(ivec2(axis[0], axis[1]).mul(k)), ivec2(0, 0) as N, size.sub(1))).x.mul(w));
        weight.addAssign(w);
      }
    });
    return vec4(sum.div(weight), 0, 0, 1);
  })();
}

/** Per-frame inputs of the composite, as uniforms (linear colours). */
export interface CompositeUniforms {
  /** Size of the depth and thickness targets, px. */
  sizePx: N;
  /** The camera projection's x and y scales (projectionMatrix elements 0 and 5). */
  projection: N;
  /** Absorption coefficient per channel, 1/m (header). */
  sigma: N;
  /** Turbidity: the thickness over which scattering takes 1 − 1/e of the light behind, m (header). */
  scatterDepthM: N;
  /** The liquid's colour (its scattering albedo). */
  albedo: N;
  /** Hemisphere light irradiance from the sky and from the ground (colour × intensity). */
  skyIrradiance: N;
  groundIrradiance: N;
  /** Unit vector towards the sun, view space, and its irradiance (colour × intensity). */
  sunDirectionView: N;
  sunIrradiance: N;
}

/**
 * The liquid surface, drawn as a full-screen quad (a 2 × 2 plane) in the scene's transparent queue: colour (linear
 * radiance; the renderer tone-maps it with the rest) and depth at each pixel with liquid, discarding
 * the rest. `smoothTex` holds the smoothed depth (m), `thicknessTex` the thickness (m).
 */
export function fluidComposite(smoothTex: N, thicknessTex: N, u: CompositeUniforms): { vertexNode: N; colorNode: N; depthNode: N } {
  const size: N = ivec2(u.sizePx);
  const p: N = ivec2(onScreen.mul(u.sizePx));
  const depthAt = (q: N): N => smoothTex.load(clamp(q, ivec2(0, 0) as N, size.sub(1))).x;
  /** View-space position of target pixel q at depth d (screen y runs down, view y up). */
  const viewAt = (q: N, d: N): N => {
    const ndc = vec2(q).add(0.5).div(u.sizePx).mul(2).sub(1).mul(vec2(1, -1));
    return vec3(ndc.div(u.projection).mul(d) as N, d.negate());
  };
  const d = depthAt(p);
  const colorNode = Fn(() => {
    If(d.lessThanEqual(0), () => { Discard(); });
    const position = viewAt(p, d);
    // Normal from the smoothed depth: per axis, the one-sided difference with the smaller depth step
    // (van der Laan et al. 2009), so silhouettes do not bend the normals of the surface behind them.
    const side = (dx: number, dy: number): N => {
      const qa = p.add(ivec2(dx, dy)), qb = p.sub(ivec2(dx, dy));
      const da = depthAt(qa), db = depthAt(qb);
      const useA = da.greaterThan(0).and(db.lessThanEqual(0).or(abs(da.sub(d)).lessThan(abs(db.sub(d)))));
      return select(useA, viewAt(qa, da).sub(position), position.sub(viewAt(qb, db)));
    };
    const hasX = depthAt(p.add(ivec2(1, 0))).greaterThan(0).or(depthAt(p.sub(ivec2(1, 0))).greaterThan(0));
    const hasY = depthAt(p.add(ivec2(0, 1))).greaterThan(0).or(depthAt(p.sub(ivec2(0, 1))).greaterThan(0));
    const ddx = select(hasX, side(1, 0), vec3(1, 0, 0));
    // +1 in target rows is down the screen: negate to point up in view space.
    const ddy = select(hasY, side(0, 1).negate(), vec3(0, 1, 0));
    const n = normalize(cross(ddx, ddy)).toVar();
    const toEye: N = normalize(position.negate());
    If(dot(n, toEye).lessThan(0), () => { n.assign(n.negate()); });

    const thickness = thicknessTex.load(p).x;
    const cosView = clamp(dot(n, toEye), 0, 1);
    const fresnel = float(WATER_F0).add(float(1 - WATER_F0).mul(pow(float(1).sub(cosView), 5)));
    const worldUp = (v: N): N => cameraWorldMatrix.mul(vec4(v, 0)).y;
    const skyRadiance = (up: N): N => mix(u.groundIrradiance, u.skyIrradiance, clamp(up.mul(0.5).add(0.5), 0, 1)).div(Math.PI);
    const reflected = skyRadiance(worldUp(reflect(toEye.negate(), n)));
    const half = normalize(u.sunDirectionView.add(toEye));
    const cosSun = clamp(dot(n, u.sunDirectionView), 0, 1);
    const highlight = u.sunIrradiance.mul(pow(clamp(dot(n, half), 0, 1), SHININESS).mul((SHININESS + 8) / (8 * Math.PI)).mul(cosSun));
    // What lies behind, shifted by refraction, through the liquid's thickness.
    const shiftView = n.xy.mul(thickness.mul(REFRACTION_SHIFT));
    const shiftUv = shiftView.mul(u.projection).div(d.mul(2)).mul(vec2(1, -1));
    const behind = viewportSharedTexture(clamp(onScreen.add(shiftUv), 0, 1)).rgb;
    const absorbed = exp(u.sigma.mul(thickness).negate());
    const unscattered = exp(thickness.div(u.scatterDepthM).negate());
    const lit = u.albedo.mul(skyRadiance(worldUp(n)).add(u.sunIrradiance.mul(cosSun).div(Math.PI)));
    const scattered = vec3(float(1).sub(unscattered)).add(unscattered.mul(vec3(1).sub(absorbed)).mul(SCATTER));
    const body = behind.mul(absorbed.mul(unscattered)).add(lit.mul(scattered));
    const fresnelSun = float(WATER_F0).add(float(1 - WATER_F0).mul(pow(float(1).sub(clamp(dot(half, toEye), 0, 1)), 5)));
    return vec4(mix(body, reflected, fresnel).add(highlight.mul(fresnelSun)), 1);
  })();
  // The quad covers the screen whatever the camera: clip space straight from the plane's corners.
  return { vertexNode: vec4(corner, 0, 1), colorNode, depthNode: viewZToPerspectiveDepth(d.negate(), cameraNear, cameraFar) };
}
