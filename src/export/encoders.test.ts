/**
 * The pack's encoders: PNG (8/16-bit, every colour type, against hand-computed CRCs and a round trip),
 * NumPy .npy (header layout of NEP 1, round trip) and
 * Middlebury .flo (tag, size, unknown flow, round trip), and the Middlebury colour wheel. NumPy itself
 * reads the files in src/cli/pack-numpy.test.ts (Node-only, outside the DOM-free core).
 */
import { describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng } from './png.ts';
import { decodeNpy, encodeNpy } from './npy.ts';
import { colourWheel, decodeFlo, encodeFlo, flowColour, UNKNOWN_FLOW } from './flo.ts';

describe('PNG', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0xcbf43926);
  });

  for (const channels of [1, 2, 3, 4] as const) for (const bitDepth of [8, 16] as const) {
    it(`round-trips ${channels} channel(s) at ${bitDepth} bits`, () => {
      const width = 37, height = 11;
      const data = bitDepth === 8 ? new Uint8Array(width * height * channels) : new Uint16Array(width * height * channels);
      for (let i = 0; i < data.length; i++) data[i] = bitDepth === 8 ? (i * 31 + (i >> 5)) & 0xff : (i * 2654435761) % 65536;
      const png = encodePng({ width, height, channels, bitDepth, data });
      expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR right after the signature: length 13, "IHDR", width, height, depth, colour type.
      const view = new DataView(png.buffer);
      expect(view.getUint32(8)).toBe(13);
      expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
      expect([view.getUint32(16), view.getUint32(20), png[24], png[25]]).toEqual([width, height, bitDepth, { 1: 0, 2: 4, 3: 2, 4: 6 }[channels]]);
      const back = decodePng(png);
      expect([back.width, back.height, back.channels, back.bitDepth]).toEqual([width, height, channels, bitDepth]);
      expect(Array.from(back.data)).toEqual(Array.from(data));
    });
  }

  it('16-bit samples are big-endian, as the format requires', () => {
    // One pixel: 0x1388 = 5000 mm. Filter byte 0, then 0x13 0x88 in the inflated stream.
    const png = encodePng({ width: 1, height: 1, channels: 1, bitDepth: 16, data: Uint16Array.of(5000) }, 0);
    expect(decodePng(png).data[0]).toBe(5000);
    const idat = png.indexOf(0x49, 33); // 'I' of IDAT
    const stored = png.slice(idat + 4 + 2 + 5, idat + 4 + 2 + 5 + 3); // zlib header (2) + stored block header (5)
    expect(Array.from(stored)).toEqual([0, 0x13, 0x88]);
  });
});

describe('.npy (NEP 1)', () => {
  it('writes a 64-byte-aligned version 1.0 header and round-trips', () => {
    const tracks = Float32Array.from({ length: 3 * 4 * 2 }, (_, i) => i * 0.5 - 3.25);
    const npy = encodeNpy(tracks, [3, 4, 2]);
    expect(Array.from(npy.slice(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerLength = npy[8] | (npy[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = String.fromCharCode(...npy.slice(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 4, 2\), \} *\n$/);
    expect(npy.length).toBe(10 + headerLength + tracks.length * 4);
    const back = decodeNpy(npy);
    expect(back.shape).toEqual([3, 4, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(tracks));
    const vis = decodeNpy(encodeNpy(Uint8Array.of(1, 0, 1), [3], { bool: true }));
    expect([vis.dtype, vis.shape, Array.from(vis.data)]).toEqual(['|b1', [3], [1, 0, 1]]);
    expect(() => encodeNpy(tracks, [3, 4])).toThrow(/holds 12 values/);
  });
});

describe('.flo (Middlebury)', () => {
  it('writes the PIEH tag, the size, the flow and 1e10 where unknown', () => {
    const flow = Float32Array.of(1, 2, -0.5, 0.25, 9, 9);
    const flo = encodeFlo(3, 1, flow, Uint8Array.of(1, 1, 0));
    expect(String.fromCharCode(...flo.slice(0, 4))).toBe('PIEH');
    expect(flo.length).toBe(12 + 3 * 8);
    const back = decodeFlo(flo);
    expect([back.width, back.height]).toEqual([3, 1]);
    expect(Array.from(back.flow)).toEqual([1, 2, -0.5, 0.25, Math.fround(UNKNOWN_FLOW), Math.fround(UNKNOWN_FLOW)]);
  });

  it('colours directions with the 55-colour Middlebury wheel', () => {
    expect(colourWheel().length).toBe(55);
    // Rightward flow at full magnitude is the wheel's first colour, pure red; leftward its middle (index 27, blue-cyan).
    expect(Array.from(flowColour(Float32Array.of(1, 0), null, 1))).toEqual([255, 0, 0]);
    expect(Array.from(flowColour(Float32Array.of(-1, 0), null, 1))).toEqual(colourWheel()[27]);
    // Half magnitude is halfway to white.
    expect(Array.from(flowColour(Float32Array.of(0.5, 0), null, 1))).toEqual([255, 127, 127]);
    // Zero flow is white; unknown is black.
    expect(Array.from(flowColour(Float32Array.of(0, 0, UNKNOWN_FLOW, 0), null, 1))).toEqual([255, 255, 255, 0, 0, 0]);
  });
});
