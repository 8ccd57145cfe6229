/**
 * Optical flow files and pictures, DOM-free.
 *
 * .flo is the Middlebury optical-flow format (Baker, Scharstein, Lewis, Roth, Black, Szeliski, "A
 * Database and Evaluation Methodology for Optical Flow", IJCV 2011; the flow-code README and
 * readFlowFile.m / writeFlowFile.m): the float32 tag 202021.25 (bytes "PIEH"), int32 width, int32
 * height, then width × height pairs (u, v) of float32, row by row from the top, all little-endian.
 * u is rightwards and v downwards, in pixels. Unknown flow is stored as 1e10; readers treat any
 * |value| > 1e9 as unknown (UNKNOWN_FLOW_THRESH).
 *
 * `flowColour` is the Middlebury colour coding (computeColor.m; the same wheel as the flow_vis package):
 * a 55-colour wheel (RY 15, YG 6, GC 4, CB 11, BM 13, MR 6) for the direction, saturation for the
 * magnitude divided by `maxPx`, black where the flow is unknown.
 */

export const FLO_TAG = 202021.25;
export const UNKNOWN_FLOW = 1e10;
export const UNKNOWN_FLOW_THRESHOLD = 1e9;

/** Writes a .flo file; pixels with `valid[i] === 0` get the unknown value 1e10. */
export function encodeFlo(width: number, height: number, flow: Float32Array, valid?: Uint8Array): Uint8Array {
  const n = width * height;
  if (flow.length !== 2 * n) throw new RangeError(`encodeFlo: expected ${2 * n} values for ${width}×${height}, got ${flow.length}`);
  const out = new Uint8Array(12 + 8 * n);
  const view = new DataView(out.buffer);
  view.setFloat32(0, FLO_TAG, true);
  view.setInt32(4, width, true);
  view.setInt32(8, height, true);
  for (let i = 0; i < n; i++) {
    const known = !valid || valid[i];
    view.setFloat32(12 + 8 * i, known ? flow[2 * i] : UNKNOWN_FLOW, true);
    view.setFloat32(16 + 8 * i, known ? flow[2 * i + 1] : UNKNOWN_FLOW, true);
  }
  return out;
}

export function decodeFlo(bytes: Uint8Array): { width: number; height: number; flow: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getFloat32(0, true) !== FLO_TAG) throw new Error('decodeFlo: not a .flo file (bad tag)');
  const width = view.getInt32(4, true), height = view.getInt32(8, true);
  if (bytes.byteLength !== 12 + 8 * width * height) throw new Error(`decodeFlo: ${width}×${height} needs ${12 + 8 * width * height} bytes, got ${bytes.byteLength}`);
  const flow = new Float32Array(2 * width * height);
  for (let i = 0; i < flow.length; i++) flow[i] = view.getFloat32(12 + 4 * i, true);
  return { width, height, flow };
}

let wheel: number[][] | null = null;

/** The Middlebury colour wheel: 55 RGB colours. */
export function colourWheel(): number[][] {
  if (wheel) return wheel;
  const [RY, YG, GC, CB, BM, MR] = [15, 6, 4, 11, 13, 6];
  const w: number[][] = [];
  for (let i = 0; i < RY; i++) w.push([255, Math.floor((255 * i) / RY), 0]);
  for (let i = 0; i < YG; i++) w.push([255 - Math.floor((255 * i) / YG), 255, 0]);
  for (let i = 0; i < GC; i++) w.push([0, 255, Math.floor((255 * i) / GC)]);
  for (let i = 0; i < CB; i++) w.push([0, 255 - Math.floor((255 * i) / CB), 255]);
  for (let i = 0; i < BM; i++) w.push([Math.floor((255 * i) / BM), 0, 255]);
  for (let i = 0; i < MR; i++) w.push([255, 0, 255 - Math.floor((255 * i) / MR)]);
  wheel = w;
  return w;
}

/**
 * Flow → RGB (3 bytes per pixel) with the Middlebury colour coding; magnitude `maxPx` (> 0) is full
 * saturation. Pixels with `valid[i] === 0` (or |u|, |v| > 1e9) are black.
 */
export function flowColour(flow: ArrayLike<number>, valid: ArrayLike<number> | null, maxPx: number): Uint8Array {
  const w = colourWheel(), ncols = w.length;
  const n = flow.length / 2;
  const out = new Uint8Array(3 * n);
  const scale = 1 / Math.max(maxPx, 1e-6);
  for (let i = 0; i < n; i++) {
    let u = flow[2 * i], v = flow[2 * i + 1];
    if ((valid && !valid[i]) || Math.abs(u) > UNKNOWN_FLOW_THRESHOLD || Math.abs(v) > UNKNOWN_FLOW_THRESHOLD) continue;
    u *= scale; v *= scale;
    const rad = Math.hypot(u, v);
    const a = Math.atan2(-v, -u) / Math.PI;
    const fk = ((a + 1) / 2) * (ncols - 1);
    const k0 = Math.floor(fk), k1 = k0 + 1 === ncols ? 0 : k0 + 1, f = fk - k0;
    for (let c = 0; c < 3; c++) {
      let col = (1 - f) * (w[k0][c] / 255) + f * (w[k1][c] / 255);
      col = rad <= 1 ? 1 - rad * (1 - col) : col * 0.75;
      out[3 * i + c] = Math.floor(255 * col);
    }
  }
  return out;
}
