/**
 * PNG encoding and decoding for the conditioning pack, DOM-free (W3C PNG Specification, Third Edition:
 * chunks IHDR / IDAT / IEND, CRC-32, zlib stream, per-row filters). The zlib stream comes from fflate
 * (a maintained deflate implementation); this file only lays out the chunks and the filters.
 *
 * - Grey (colour type 0), grey + alpha (4), RGB (2) and RGBA (6), 8 or 16 bits per sample; 16-bit
 *   samples are written big-endian, as the format requires (16-bit metric depth in millimetres).
 * - Each row takes the filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute
 *   signed bytes, libpng's usual heuristic; no interlacing.
 * - `decodePng` reads back what `encodePng` writes (any filter, 8/16 bits, non-interlaced, no palette):
 *   the tests round-trip through it, and Chromium's own decoder reads the 8-bit files in e2e/pack.spec.ts.
 *
 * Pixels are row-major, row 0 at the TOP.
 */
import { unzlibSync, zlibSync } from 'fflate';

export type PngChannels = 1 | 2 | 3 | 4;
const COLOUR_TYPE: Record<PngChannels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const CHANNELS_OF: Record<number, PngChannels> = { 0: 1, 4: 2, 2: 3, 6: 4 };
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngImage {
  width: number;
  height: number;
  channels: PngChannels;
  bitDepth: 8 | 16;
  /** width × height × channels samples, row 0 at the top. */
  data: Uint8Array | Uint16Array;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309 / ITU-T V.42 polynomial 0xEDB88320), as PNG chunks use it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Encodes samples as a PNG. `data` holds width × height × channels samples (Uint8 for 8-bit,
 * Uint16 for 16-bit). `level` is the deflate level (0–9, default 6).
 */
export function encodePng(image: PngImage, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): Uint8Array {
  const { width, height, channels, bitDepth, data } = image;
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height))) throw new RangeError(`encodePng: bad size ${width}×${height}`);
  if (data.length !== width * height * channels) throw new RangeError(`encodePng: expected ${width * height * channels} samples, got ${data.length}`);
  const bpp = channels * (bitDepth / 8); // bytes per pixel
  const rowBytes = width * bpp;
  // Raw scanline bytes (big-endian for 16-bit).
  const raw = new Uint8Array(rowBytes * height);
  if (bitDepth === 8) raw.set(data as ArrayLike<number>);
  else for (let i = 0; i < data.length; i++) { raw[2 * i] = data[i] >>> 8; raw[2 * i + 1] = data[i] & 0xff; }

  const filtered = new Uint8Array((rowBytes + 1) * height);
  const candidate = new Uint8Array(rowBytes);
  const best = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes, prev = row - rowBytes;
    let bestSum = Infinity, bestType = 0;
    for (let type = 0; type < 5; type++) {
      let sum = 0;
      for (let i = 0; i < rowBytes; i++) {
        const x = raw[row + i];
        const a = i >= bpp ? raw[row + i - bpp] : 0;
        const b = y > 0 ? raw[prev + i] : 0;
        const c = y > 0 && i >= bpp ? raw[prev + i - bpp] : 0;
        const v = type === 0 ? x : type === 1 ? x - a : type === 2 ? x - b : type === 3 ? x - ((a + b) >> 1) : x - paeth(a, b, c);
        const byte = v & 0xff;
        candidate[i] = byte;
        sum += byte < 128 ? byte : 256 - byte;
        if (sum >= bestSum) break;
      }
      if (sum < bestSum) { bestSum = sum; bestType = type; best.set(candidate); }
    }
    filtered[y * (rowBytes + 1)] = bestType;
    filtered.set(best, y * (rowBytes + 1) + 1);
  }

  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = COLOUR_TYPE[channels];
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(filtered, { level })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
}

/** RGBA (4 samples per pixel) → RGB, dropping alpha. */
export function rgbaToRgb(rgba: ArrayLike<number>): Uint8Array {
  const n = rgba.length / 4;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) { out[3 * i] = rgba[4 * i]; out[3 * i + 1] = rgba[4 * i + 1]; out[3 * i + 2] = rgba[4 * i + 2]; }
  return out;
}

/** Decodes a non-interlaced, non-palette PNG (8 or 16 bits per sample): what `encodePng` writes. */
export function decodePng(bytes: Uint8Array): PngImage {
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) throw new Error('decodePng: not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8, width = 0, height = 0, bitDepth = 8, colourType = 0;
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes, offset + 4, offset + 8 + length) !== view.getUint32(offset + 8 + length)) throw new Error(`decodePng: bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      bitDepth = data[8];
      colourType = data[9];
      if (data[12] !== 0) throw new Error('decodePng: interlaced PNGs are not supported');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS_OF[colourType];
  if (!channels || (bitDepth !== 8 && bitDepth !== 16)) throw new Error(`decodePng: unsupported colour type ${colourType} / bit depth ${bitDepth}`);
  const joined = new Uint8Array(idat.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of idat) { joined.set(p, o); o += p.length; }
  const filtered = unzlibSync(joined);
  const bpp = channels * (bitDepth / 8), rowBytes = width * bpp;
  const raw = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1, row = y * rowBytes, prev = row - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? raw[row + i - bpp] : 0;
      const b = y > 0 ? raw[prev + i] : 0;
      const c = y > 0 && i >= bpp ? raw[prev + i - bpp] : 0;
      const x = filtered[src + i];
      raw[row + i] = (type === 0 ? x : type === 1 ? x + a : type === 2 ? x + b : type === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
  }
  if (bitDepth === 8) return { width, height, channels, bitDepth: 8, data: raw };
  const data = new Uint16Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (raw[2 * i] << 8) | raw[2 * i + 1];
  return { width, height, channels, bitDepth: 16, data };
}
