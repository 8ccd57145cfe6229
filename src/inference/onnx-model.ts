/**
 * A cheap look inside an .onnx file before onnxruntime sees it, DOM-free. ONNX models are Protocol
 * Buffers messages (`ModelProto`, onnx/onnx.proto3); this walks the wire format directly (Protocol
 * Buffers encoding: varint keys `field << 3 | wireType`, LEN-prefixed sub-messages) and reads only
 * what validation needs: the IR version, the opsets, the graph's inputs and outputs (name, element
 * type, dimensions), the names of the weights, and whether any weight lives in an external file.
 * Everything else (nodes, weight bytes) is skipped by length, so a 60 MB model is read in
 * milliseconds.
 *
 *   ModelProto ── 1 ir_version, 8 opset_import{1 domain, 2 version}, 7 graph
 *   GraphProto ── 5 initializer{8 name, 14 data_location}, 11 input, 12 output
 *   ValueInfoProto ── 1 name, 2 type{1 tensor_type{1 elem_type, 2 shape{1 dim{1 dim_value, 2 dim_param}}}}
 *
 * A file that does not parse as that structure is "not an ONNX file": `readOnnxModel` returns null.
 */

/** ONNX TensorProto.DataType values that WorldDraft meets. */
export const ONNX_ELEM_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

/** One dimension: a fixed size, a named symbolic size, or unknown (null). */
export type OnnxDim = number | string | null;

export interface OnnxValueInfo {
  name: string;
  /** ONNX element type number (1 = float32, 10 = float16), 0 when the value is not a tensor. */
  elemType: number;
  /** null when the graph gives no shape at all. */
  dims: OnnxDim[] | null;
}

export interface OnnxModelInfo {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  /** Graph inputs that are fed at run time (weights listed as inputs, as old exporters do, are left out). */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializerCount: number;
  /** Some weight is stored outside this file (ONNX external data), which a browser cannot load. */
  externalData: boolean;
}

class WireError extends Error {}

/** A Protocol Buffers reader over one message's bytes. */
class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let value = 0, scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.bytes[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** The next field's number and wire type. */
  key(): [number, number] {
    const key = this.varint();
    const field = Math.floor(key / 8), wire = key % 8;
    if (field === 0 || wire === 3 || wire === 4 || wire > 5) throw new WireError(`bad key ${key}`);
    return [field, wire];
  }

  /** A LEN field's [start, end). */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos, end = start + length;
    if (end > this.end) throw new WireError('length past the end');
    this.pos = end;
    return [start, end];
  }

  sub(): Reader {
    const [start, end] = this.span();
    return new Reader(this.bytes, start, end);
  }

  string(): string {
    const [start, end] = this.span();
    return utf8(this.bytes.subarray(start, end));
  }

  skip(wire: number): void {
    switch (wire) {
      case 0: this.varint(); return;
      case 1: this.advance(8); return;
      case 2: this.span(); return;
      case 5: this.advance(4); return;
      default: throw new WireError(`wire type ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new WireError('fixed field past the end');
    this.pos += n;
  }
}

/** UTF-8 bytes to a string (TextDecoder is not part of the DOM-free core's library). */
function utf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let cp = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
    out += String.fromCodePoint(cp <= 0x10ffff ? cp : 0xfffd);
    i += n;
  }
  return out;
}

function expectWire(wire: number, wanted: number): void {
  if (wire !== wanted) throw new WireError(`wire type ${wire}, expected ${wanted}`);
}

function readDims(r: Reader): OnnxDim[] {
  const dims: OnnxDim[] = [];
  while (!r.done) {
    const [field, wire] = r.key();
    if (field !== 1) { r.skip(wire); continue; }
    expectWire(wire, 2);
    const d = r.sub();
    let dim: OnnxDim = null;
    while (!d.done) {
      const [f, w] = d.key();
      if (f === 1 && w === 0) dim = d.varint();
      else if (f === 2 && w === 2) dim = d.string() || null;
      else d.skip(w);
    }
    dims.push(dim);
  }
  return dims;
}

function readValueInfo(r: Reader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', elemType: 0, dims: null };
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 1 && wire === 2) info.name = r.string();
    else if (field === 2 && wire === 2) {
      const type = r.sub();
      while (!type.done) {
        const [f, w] = type.key();
        if (f !== 1 || w !== 2) { type.skip(w); continue; }
        const tensor = type.sub();
        while (!tensor.done) {
          const [tf, tw] = tensor.key();
          if (tf === 1 && tw === 0) info.elemType = tensor.varint();
          else if (tf === 2 && tw === 2) info.dims = readDims(tensor.sub());
          else tensor.skip(tw);
        }
      }
    } else r.skip(wire);
  }
  return info;
}

/** An initializer (TensorProto): its name (field 8) and whether its data is external (field 14 = 1). */
function readInitializer(r: Reader): { name: string; external: boolean } {
  let name = '', external = false;
  while (!r.done) {
    const [field, wire] = r.key();
    if (field === 8 && wire === 2) name = r.string();
    else if (field === 14 && wire === 0) external = r.varint() === 1;
    else r.skip(wire);
  }
  return { name, external };
}

/**
 * Reads the model's interface, or returns null when `bytes` is not an ONNX model (not a well-formed
 * ModelProto with an IR version and a graph).
 */
export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo | null {
  try {
    const r = new Reader(bytes, 0, bytes.length);
    let irVersion = 0, graph: Reader | null = null;
    const opsets: { domain: string; version: number }[] = [];
    while (!r.done) {
      const [field, wire] = r.key();
      if (field === 1) { expectWire(wire, 0); irVersion = r.varint(); }
      else if (field === 7) { expectWire(wire, 2); graph = r.sub(); }
      else if (field === 8) {
        expectWire(wire, 2);
        const o = r.sub();
        const opset = { domain: '', version: 0 };
        while (!o.done) {
          const [f, w] = o.key();
          if (f === 1 && w === 2) opset.domain = o.string();
          else if (f === 2 && w === 0) opset.version = o.varint();
          else o.skip(w);
        }
        opsets.push(opset);
      } else r.skip(wire);
    }
    if (irVersion < 1 || irVersion > 100 || !graph) return null;
    const inputs: OnnxValueInfo[] = [], outputs: OnnxValueInfo[] = [];
    const weights = new Set<string>();
    let externalData = false;
    while (!graph.done) {
      const [field, wire] = graph.key();
      if (field === 5 && wire === 2) {
        const init = readInitializer(graph.sub());
        weights.add(init.name);
        externalData ||= init.external;
      } else if (field === 11 && wire === 2) inputs.push(readValueInfo(graph.sub()));
      else if (field === 12 && wire === 2) outputs.push(readValueInfo(graph.sub()));
      else graph.skip(wire);
    }
    if (outputs.length === 0) return null;
    return { irVersion, opsets, inputs: inputs.filter((i) => !weights.has(i.name)), outputs, initializerCount: weights.size, externalData };
  } catch (error) {
    if (error instanceof WireError) return null;
    throw error;
  }
}
