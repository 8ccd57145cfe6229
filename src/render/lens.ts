/**
 * Thin-lens circle of confusion for the cinematic style's depth of field. Pure math, no three.js and
 * no DOM, so it is unit-tested in Node (lens.test.ts); the blur itself is `lensBlur` in
 * shaders/tsl/post.ts.
 *
 * A lens of focal length f and f-number N (aperture diameter A = f/N) focused at distance z_f images a
 * point at depth z as a disc on the sensor of diameter (thin-lens equation; Potmesil & Chakravarty 1981,
 * "A lens and aperture camera model for synthetic image generation"):
 *
 *   c(z) = A · f · (z − z_f) / (z · (z_f − f))  =  [A · f · z_f / (z_f − f)] · (1/z_f − 1/z)
 *
 * The bracket depends only on the lens and the focus, so the shader gets it once per frame, converted
 * to pixels, and evaluates scale · (1/z_f − 1/z) per pixel (negative: nearer than focus).
 *
 * The virtual camera is a 65 mm large-format cinema camera (ARRI ALEXA 65 open gate, 54.12 mm wide):
 * the frame's width is the sensor's and f follows from the shot's field of view. At a given field of
 * view and f-number, blur grows with the sensor size; on Super 35 (24.89 mm) our shot framings (35°
 * for a medium shot, a 22 mm lens there) would keep a background a few metres behind the subject
 * almost sharp. Wide shots of large scenes still keep most things sharp, while close-ups of small things
 * get a shallow, macro-like depth of field, as a real lens would.
 */

/** The cinematic style's lens: a 65 mm large-format sensor width, and a fast cinema prime wide open. */
export const CINEMA_LENS = { sensorWidthM: 0.05412, fNumber: 2 } as const;

/** Focal length (m) that gives a vertical field of view `vFovDeg` on a frame of `aspect` (w/h) whose width is `sensorWidthM`. */
export function focalLengthM(vFovDeg: number, aspect: number, sensorWidthM: number): number {
  const halfWidthAtUnitDistance = Math.tan((vFovDeg * Math.PI) / 360) * aspect;
  return sensorWidthM / 2 / halfWidthAtUnitDistance;
}

export interface LensInput {
  /** Distance to the plane in focus along the view axis, m. */
  focusM: number;
  /** The camera's vertical field of view, degrees, and its frame's width / height. */
  vFovDeg: number;
  aspect: number;
  /** Frame width, pixels. */
  widthPx: number;
  fNumber?: number;
  sensorWidthM?: number;
}

/**
 * The lens set for one frame: the focus distance it uses (kept at least two focal lengths away, 1:1
 * macro, where the thin-lens model still holds) and the factor k in pixels such that a surface at view
 * depth z has a circle of confusion of diameter k · (1/focusM − 1/z) pixels.
 */
export function thinLens(input: LensInput): { focusM: number; cocScalePx: number } {
  const { fNumber = CINEMA_LENS.fNumber, sensorWidthM = CINEMA_LENS.sensorWidthM } = input;
  const f = focalLengthM(input.vFovDeg, input.aspect, sensorWidthM);
  const focusM = Math.max(input.focusM, 2 * f);
  const apertureM = f / fNumber;
  return { focusM, cocScalePx: ((apertureM * f * focusM) / (focusM - f)) * (input.widthPx / sensorWidthM) };
}
