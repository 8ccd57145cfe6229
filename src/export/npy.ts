/**
 * NumPy .npy files, DOM-free: the format of NumPy Enhancement Proposal 1 (NEP 1, "A simple file format
 * for NumPy arrays"), version 1.0. Layout: the magic string "\x93NUMPY", major 1, minor 0, a
 * little-endian uint16 header length, then an ASCII Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (N, T, 2), }` padded with spaces and ending in
 * '\n' so that the data starts on a 64-byte boundary (what numpy ≥ 1.24 writes), then the raw data in
 * C (row-major) order. Multi-byte values are written little-endian whatever the host.
 *
 * Used for the pack's point tracks (N×T×2 float32) and their visibility (N×T bool); `decodeNpy` reads
 * back the same subset for the tests, and `np.load` reads the files (checked in npy.test.ts when a
 * python3 with numpy is present).
 */

export type NpyDtype = '<f4' | '<f8' | '|u1' | '|b1' | '<u2' | '<i2' | '<i4' | '<u4';
type NpyData = Float32Array | Float64Array | Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const SIZE: Record<NpyDtype, number> = { '<f4': 4, '<f8': 8, '|u1': 1, '|b1': 1, '<u2': 2, '<i2': 2, '<i4': 4, '<u4': 4 };

function dtypeOf(data: NpyData): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  return '<u4';
}

/** The Python literal of a shape tuple: (5,) for one dimension. */
function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Encodes `data` (C order) with `shape` as a .npy file. The dtype follows the array type; pass
 * `bool: true` with a Uint8Array of 0/1 for a numpy bool array ('|b1').
 */
export function encodeNpy(data: NpyData, shape: readonly number[], options: { bool?: boolean } = {}): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`encodeNpy: bad shape ${JSON.stringify(shape)}`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`encodeNpy: shape ${shapeLiteral(shape)} holds ${count} values, the array has ${data.length}`);
  let descr = dtypeOf(data);
  if (options.bool) {
    if (!(data instanceof Uint8Array)) throw new TypeError('encodeNpy: bool arrays come from a Uint8Array of 0/1');
    descr = '|b1';
  }
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerLength = header.length;
  const size = SIZE[descr];
  const out = new Uint8Array(MAGIC.length + 4 + headerLength + count * size);
  out.set(MAGIC, 0);
  out[6] = 1; // major
  out[7] = 0; // minor
  out[8] = headerLength & 0xff;
  out[9] = headerLength >>> 8;
  for (let i = 0; i < headerLength; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + headerLength;
  const view = new DataView(out.buffer, start);
  for (let i = 0; i < count; i++) {
    const v = data[i];
    switch (descr) {
      case '<f4': view.setFloat32(4 * i, v, true); break;
      case '<f8': view.setFloat64(8 * i, v, true); break;
      case '|u1': view.setUint8(i, v); break;
      case '|b1': view.setUint8(i, v ? 1 : 0); break;
      case '<u2': view.setUint16(2 * i, v, true); break;
      case '<i2': view.setInt16(2 * i, v, true); break;
      case '<i4': view.setInt32(4 * i, v, true); break;
      case '<u4': view.setUint32(4 * i, v, true); break;
    }
  }
  return out;
}

/** Reads a version 1.0 little-endian C-order .npy of the dtypes above. */
export function decodeNpy(bytes: Uint8Array): { dtype: NpyDtype; shape: number[]; data: NpyData } {
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) throw new Error('decodeNpy: not a .npy file (bad magic)');
  if (bytes[6] !== 1) throw new Error(`decodeNpy: version ${bytes[6]}.${bytes[7]} not supported`);
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1] as NpyDtype | undefined;
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !(descr in SIZE) || shapeText === undefined) throw new Error(`decodeNpy: unsupported header ${header.trim()}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('decodeNpy: Fortran order not supported');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 10 + headerLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * SIZE[descr]);
  const make = (): NpyData => {
    switch (descr) {
      case '<f4': return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
      case '<f8': return Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
      case '|u1': case '|b1': return Uint8Array.from({ length: count }, (_, i) => view.getUint8(i));
      case '<u2': return Uint16Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true));
      case '<i2': return Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i, true));
      case '<i4': return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
      case '<u4': return Uint32Array.from({ length: count }, (_, i) => view.getUint32(4 * i, true));
    }
  };
  return { dtype: descr, shape, data: make() };
}
