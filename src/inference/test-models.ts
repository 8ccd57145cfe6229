/**
 * Small ONNX models that the tests build themselves (no model is downloaded): a 1×1 convolution over
 * the concatenated inputs, optionally clipped to 0..1, so every output pixel is plain arithmetic of
 * the input channels:
 *
 *   input_0 ─┐
 *   input_1 ─┴─ Concat(axis 1) ─ Conv 1×1 (weights[k][c], bias[k]) ─ [Clip 0..1] ─ output
 *
 * Written with onnx-proto (the ONNX protobuf schema compiled for JavaScript) and checked against
 * onnxruntime-web in Node (session.test.ts) and in the page (e2e/draft.spec.ts). Also the manifests
 * that describe them, right or deliberately wrong.
 */
import * as onnxProtoModule from 'onnx-proto';
import type { DraftPasses, PassChannel } from './passes.ts';
import type { ModelManifest } from './manifest.ts';

type OnnxProto = typeof onnxProtoModule;
// onnx-proto is CommonJS: Node's ESM loader puts it under `default`, bundlers may not.
const { onnx } = (onnxProtoModule as unknown as { default?: OnnxProto }).default ?? onnxProtoModule;

export interface TestModelSpec {
  inputs: { name: string; channels: PassChannel[] }[];
  outputName?: string;
  /** 3 rows (r, g, b) of one weight per input channel, in input order. */
  weights: number[][];
  bias?: [number, number, number];
  clip?: boolean;
  /** Fixed [height, width] instead of symbolic "H"/"W". */
  fixedSize?: [number, number];
  dtype?: 'float32' | 'float16';
}

function valueInfo(name: string, channels: number, spatial: (number | string)[], elemType: number) {
  const dim = [1, channels, ...spatial].map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** The .onnx bytes of a test model. */
export function buildTestModel(spec: TestModelSpec): Uint8Array {
  const channels = spec.inputs.reduce((n, i) => n + i.channels.length, 0);
  if (spec.weights.length !== 3 || spec.weights.some((row) => row.length !== channels)) throw new RangeError(`buildTestModel: weights must be 3 rows of ${channels}`);
  const spatial = spec.fixedSize ?? ['H', 'W'];
  const elemType = spec.dtype === 'float16' ? 10 : 1;
  const nodes: onnxProtoModule.onnx.INodeProto[] = [];
  let x = spec.inputs[0].name;
  if (spec.inputs.length > 1) {
    nodes.push({ opType: 'Concat', name: 'concat', input: spec.inputs.map((i) => i.name), output: ['stacked'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] });
    x = 'stacked';
  }
  const out = spec.outputName ?? 'draft';
  const convOut = spec.clip ? 'conv' : out;
  const initializer: onnxProtoModule.onnx.ITensorProto[] = [
    { name: 'w', dims: [3, channels, 1, 1], dataType: 1, floatData: spec.weights.flat() },
    { name: 'b', dims: [3], dataType: 1, floatData: spec.bias ?? [0, 0, 0] },
  ];
  if (elemType === 10) {
    nodes.push({ opType: 'Cast', name: 'to32', input: [x], output: ['x32'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] });
    x = 'x32';
  }
  // Conv's attributes are all optional in ONNX, but onnxruntime's WebGPU kernel wants them spelled out (as exporters do).
  const ints = (name: string, values: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
  nodes.push({
    opType: 'Conv', name: 'conv1x1', input: [x, 'w', 'b'], output: [elemType === 10 ? 'y32' : convOut],
    attribute: [ints('dilations', [1, 1]), { name: 'group', type: onnx.AttributeProto.AttributeType.INT, i: 1 }, ints('kernel_shape', [1, 1]), ints('pads', [0, 0, 0, 0]), ints('strides', [1, 1])],
  });
  if (elemType === 10) nodes.push({ opType: 'Cast', name: 'to16', input: ['y32'], output: [convOut], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: 10 }] });
  if (spec.clip) {
    const lo = elemType === 10 ? { name: 'lo', dims: [], dataType: 10, int32Data: [0] } : { name: 'lo', dims: [], dataType: 1, floatData: [0] };
    const hi = elemType === 10 ? { name: 'hi', dims: [], dataType: 10, int32Data: [0x3c00] } : { name: 'hi', dims: [], dataType: 1, floatData: [1] };
    initializer.push(lo, hi);
    nodes.push({ opType: 'Clip', name: 'clip', input: [convOut, 'lo', 'hi'], output: [out] });
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'worlddraft-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'test-conv1x1',
      node: nodes,
      initializer,
      input: spec.inputs.map((i) => valueInfo(i.name, i.channels.length, spatial, elemType)),
      output: [valueInfo(out, 3, spatial, elemType)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The manifest that describes a test model (bytes and sha256 left out unless given). */
export function testManifest(spec: TestModelSpec, extra: Partial<ModelManifest> = {}): ModelManifest {
  const spatial: (number | 'H' | 'W')[] = spec.fixedSize ?? ['H', 'W'];
  const dtype = spec.dtype ?? 'float32';
  return {
    format: 'worlddraft-model', version: 1, name: 'test-conv1x1', file: 'test.onnx', sizeMultiple: 1, opset: 17,
    inputs: spec.inputs.map((i) => ({ name: i.name, dtype, layout: 'NCHW' as const, shape: [1, i.channels.length, ...spatial], channels: i.channels })),
    outputs: [{ name: spec.outputName ?? 'draft', dtype, layout: 'NCHW' as const, shape: [1, 3, ...spatial], colorSpace: 'srgb' as const, range: [0, 1] as [number, number] }],
    variants: [],
    ...extra,
  };
}

/**
 * Deterministic made-up passes of width × height: smooth ramps in every channel (values 0..1, normals
 * unit length), a backward flow of `flow` pixels everywhere, valid except in the first column.
 */
export function syntheticPasses(width: number, height: number, options: { flow?: [number, number]; phase?: number } = {}): DraftPasses {
  const n = width * height;
  const [fx, fy] = options.flow ?? [0, 0];
  const phase = options.phase ?? 0;
  const p: DraftPasses = {
    width, height,
    albedo: new Float32Array(3 * n), normal: new Float32Array(3 * n), depth: new Float32Array(n), direct: new Float32Array(3 * n),
    roughness: new Float32Array(n), metalness: new Float32Array(n), fluidMask: new Float32Array(n), beauty: new Float32Array(3 * n),
    backwardFlow: new Float32Array(2 * n), backwardValid: new Uint8Array(n),
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const u = (x + 0.5) / width, v = (y + 0.5) / height;
      const a = Math.sin(u * 6.283 + phase) * 0.5 + 0.5;
      p.albedo.set([u, v, a], 3 * i);
      const nx = u - 0.5, ny = 0.5 - v, nz = 0.8;
      const len = Math.hypot(nx, ny, nz);
      p.normal.set([nx / len, ny / len, nz / len], 3 * i);
      p.depth[i] = 0.2 + 0.6 * v;
      p.direct.set([0.5 * u, 0.4 * a, 0.3 * v], 3 * i);
      p.roughness[i] = a;
      p.metalness[i] = x % 2;
      p.fluidMask[i] = y > height / 2 ? 1 : 0;
      p.beauty.set([0.25 + 0.5 * u, 0.25 + 0.5 * v, a], 3 * i);
      p.backwardFlow.set([fx, fy], 2 * i);
      p.backwardValid[i] = x === 0 ? 0 : 1;
    }
  }
  return p;
}
