/**
 * Fluid frames for the SimTimeline, and how they are compressed.
 *
 * Each recorded frame stores every particle's position quantised to 16 bits per axis relative to the
 * fluid's domain box (`boundsM`): q = round((x − min)/(max − min) · 65535) − 32768, as little-endian
 * int16, base64 text. That is 6 bytes (8 characters) per particle instead of ~60 characters of JSON
 * numbers; on a 2 m domain the step is 31 µm, far below a particle's size. Frames are thinned in time
 * (every `fluidEvery`-th timeline frame, simulate.ts). Encoding uses only integer arithmetic and
 * Math.round, so the text is the same in every engine.
 */
import type { Vec3 } from '../../scene/geometry.ts';

export interface FluidFrame {
  /** Time, s. */
  t: number;
  fluidId: string;
  /** Particles in this frame. */
  count: number;
  /** The quantisation box [min, max], m. */
  boundsM: [Vec3, Vec3];
  /** count × [x, y, z] as int16 little-endian, base64 (see the header). */
  positionsB64: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i], b = i + 1 < bytes.length ? bytes[i + 1] : 0, c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = (ALPHABET.indexOf(clean[i]) << 18) | (ALPHABET.indexOf(clean[i + 1]) << 12)
      | ((i + 2 < clean.length ? ALPHABET.indexOf(clean[i + 2]) : 0) << 6) | (i + 3 < clean.length ? ALPHABET.indexOf(clean[i + 3]) : 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Quantises interleaved xyz positions (m) into a FluidFrame. */
export function encodeFluidFrame(t: number, fluidId: string, positionsM: ArrayLike<number>, count: number, boundsM: [Vec3, Vec3]): FluidFrame {
  const bytes = new Uint8Array(count * 6);
  for (let p = 0; p < count; p++) for (let k = 0; k < 3; k++) {
    const span = boundsM[1][k] - boundsM[0][k];
    const u = Math.min(1, Math.max(0, (positionsM[p * 3 + k] - boundsM[0][k]) / span));
    const q = Math.round(u * 65535) - 32768;
    const o = (p * 3 + k) * 2;
    bytes[o] = q & 255; bytes[o + 1] = (q >> 8) & 255;
  }
  return { t, fluidId, count, boundsM, positionsB64: base64Encode(bytes) };
}

/** The positions (m, interleaved xyz) of a FluidFrame. */
export function decodeFluidFrame(frame: FluidFrame): Float32Array {
  const bytes = base64Decode(frame.positionsB64);
  const out = new Float32Array(frame.count * 3);
  for (let i = 0; i < frame.count * 3; i++) {
    let q = bytes[i * 2] | (bytes[i * 2 + 1] << 8);
    if (q >= 32768) q -= 65536;
    const k = i % 3;
    out[i] = frame.boundsM[0][k] + ((q + 32768) / 65535) * (frame.boundsM[1][k] - frame.boundsM[0][k]);
  }
  return out;
}
