/**
 * Model manifests, DOM-free: the JSON that says how WorldDraft's passes feed a model and how to read
 * its output. The shipped model (models/draft/manifest.json) and every bring-your-own model use the
 * same schema:
 *
 *   { "format": "worlddraft-model", "version": 1, "name": "draft-unet", "file": "draft.onnx",
 *     "bytes": 123, "sha256": "hex", "opset": 17, "sizeMultiple": 4,
 *     "inputs":  [{ "name": "gbuffer", "dtype": "float32", "layout": "NCHW", "shape": [1, 16, "H", "W"],
 *                   "channels": ["albedo.r", …, "previous.b"], "mean"?: […], "std"?: […] }],
 *     "outputs": [{ "name": "draft", "dtype": "float32", "layout": "NCHW", "shape": [1, 3, "H", "W"],
 *                   "colorSpace": "srgb", "range": [0, 1] }],
 *     "variants": [{ "precision": "fp16", "file": "draft.fp16.onnx", "bytes": 1, "sha256": "hex" }],
 *     "training": {…}, "metrics": {…} }
 *
 * "H"/"W" in a shape mean any frame size that is a multiple of `sizeMultiple` (frames are padded up
 * and the output cropped back); numbers fix the size. Channels name entries of PASS_CHANNELS
 * (passes.ts); an input's optional mean/std normalise each channel as (x − mean) / std.
 *
 * Checking a model before it runs (`checkModel`): size limit, "is it ONNX at all" (onnx-model.ts reads
 * the protobuf header), byte count and sha256 when the manifest gives them, then every manifest input
 * and output against the graph's own names, element types and dimensions. Each failure is a
 * `ModelError` whose message is one sentence naming the problem and what to do.
 */
import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PASS_CHANNELS } from './passes.ts';
import { ONNX_ELEM_TYPES, readOnnxModel, type OnnxDim, type OnnxModelInfo, type OnnxValueInfo } from './onnx-model.ts';

/** The largest model file WorldDraft will load (it is read into memory, then into WebAssembly). */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

export type ModelErrorKind = 'manifest' | 'not-onnx' | 'too-large' | 'checksum' | 'mismatch' | 'load' | 'memory' | 'operator' | 'run' | 'missing';

/** A model or manifest problem; `message` is one sentence for the user. */
export class ModelError extends Error {
  constructor(readonly kind: ModelErrorKind, message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

const CHANNEL_HELP = 'albedo.r/g/b, normal.x/y/z, depth, direct.r/g/b, roughness, metalness, fluidMask, beauty.r/g/b, previous.r/g/b';

const dim = z.union([z.number().int().positive(), z.enum(['H', 'W'])], { error: 'must be a positive whole number, "H" or "W"' });
const tensorFields = {
  name: z.string().min(1),
  dtype: z.enum(['float32', 'float16']),
  layout: z.enum(['NCHW', 'NHWC']),
  shape: z.array(dim).length(4, { error: 'must have 4 entries (batch, channels, height, width in the layout\'s order)' }),
};
const channel = z.enum(PASS_CHANNELS, { error: (issue) => `${JSON.stringify(issue.input)} is not a pass channel (use ${CHANNEL_HELP})` });

const inputSchema = z.object({
  ...tensorFields,
  channels: z.array(channel).min(1),
  mean: z.array(z.number()).optional(),
  std: z.array(z.number().positive()).optional(),
});

const outputSchema = z.object({
  ...tensorFields,
  colorSpace: z.enum(['srgb', 'linear']).default('srgb'),
  range: z.tuple([z.number(), z.number()]).default([0, 1]),
});

const sha = z.string().regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hexadecimal digits' });
const fileName = z.string().min(1).refine((f) => !f.includes('/') && !f.includes('\\') && f !== '..', { error: 'must be a file name next to the manifest, without folders' });

export const modelManifestSchema = z.object({
  format: z.literal('worlddraft-model', { error: 'must be "worlddraft-model"' }),
  version: z.literal(1, { error: 'must be 1' }),
  name: z.string().min(1),
  file: fileName,
  bytes: z.number().int().positive().optional(),
  sha256: sha.optional(),
  opset: z.number().int().positive().optional(),
  sizeMultiple: z.number().int().min(1).max(256).default(1),
  inputs: z.array(inputSchema).min(1),
  outputs: z.array(outputSchema).min(1),
  variants: z.array(z.object({
    precision: z.string().min(1),
    file: fileName,
    bytes: z.number().int().positive().optional(),
    sha256: sha.optional(),
  })).default([]),
  training: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type ManifestInput = ModelManifest['inputs'][number];
export type ManifestOutput = ModelManifest['outputs'][number];
export type ManifestTensor = ManifestInput | ManifestOutput;

/** Where batch, channels, height and width sit in a shape of this layout. */
export function axes(layout: 'NCHW' | 'NHWC'): { n: number; c: number; h: number; w: number } {
  return layout === 'NCHW' ? { n: 0, c: 1, h: 2, w: 3 } : { n: 0, c: 3, h: 1, w: 2 };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function manifestError(problem: string, more = 0): ModelError {
  const extra = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
  return new ModelError('manifest', `The model manifest is invalid: ${problem}${extra}; fix the manifest and pick it again.`);
}

/**
 * Parses and checks a manifest (JSON text or an already parsed value). Throws a ModelError with one
 * sentence naming the first problem.
 */
export function parseManifest(input: string | unknown): ModelManifest {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ModelError('manifest', 'The model manifest is not valid JSON; pick the manifest .json that came with the model.');
    }
  }
  const result = modelManifestSchema.safeParse(value);
  if (!result.success) {
    const [first, ...rest] = result.error.issues;
    const where = formatPath(first.path);
    throw manifestError(where ? `${where} ${first.message}` : first.message, rest.length);
  }
  const manifest = result.data;
  const problems = crossCheck(manifest);
  if (problems.length) throw manifestError(problems[0], problems.length - 1);
  return manifest;
}

/** Checks that need more than one field: channel counts, batch 1, one frame size shared by all tensors. */
function crossCheck(m: ModelManifest): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  let frame: string | null = null;
  const tensors: [string, ManifestTensor][] = [...m.inputs.map((t, i) => [`inputs[${i}]`, t] as [string, ManifestTensor]), ...m.outputs.map((t, i) => [`outputs[${i}]`, t] as [string, ManifestTensor])];
  for (const [where, t] of tensors) {
    if (names.has(t.name)) problems.push(`${where}.name "${t.name}" is used twice`);
    names.add(t.name);
    const a = axes(t.layout);
    if (t.shape[a.n] !== 1) problems.push(`${where}.shape must have batch size 1`);
    if (typeof t.shape[a.c] !== 'number') problems.push(`${where}.shape needs a fixed number of channels`);
    const [h, w] = [t.shape[a.h], t.shape[a.w]];
    if (h === 'W' || w === 'H') problems.push(`${where}.shape has "H" and "W" in each other's place for layout ${t.layout}`);
    const size = `${h}×${w}`;
    if (frame === null) frame = size;
    else if (frame !== size) problems.push(`${where}.shape's height×width ${size} differs from ${frame} (every tensor is one frame of the same size)`);
  }
  for (const [i, input] of m.inputs.entries()) {
    const c = input.shape[axes(input.layout).c];
    if (typeof c === 'number' && c !== input.channels.length) problems.push(`inputs[${i}] lists ${input.channels.length} channels but its shape has ${c}`);
    for (const key of ['mean', 'std'] as const) {
      const v = input[key];
      if (v && v.length !== input.channels.length) problems.push(`inputs[${i}].${key} has ${v.length} values for ${input.channels.length} channels`);
    }
  }
  const out = m.outputs[0];
  const oc = out.shape[axes(out.layout).c];
  if (oc !== 3) problems.push(`outputs[0] (the draft picture) must have 3 channels (r, g, b), not ${oc}`);
  if (!(out.range[1] > out.range[0])) problems.push('outputs[0].range must go from low to high');
  return problems;
}

/** The frame size a model runs at: its fixed size, or `wanted` when its shapes say "H" and "W". */
export function modelFrameSize(m: ModelManifest, wanted: [number, number]): [number, number] {
  const t = m.inputs[0];
  const a = axes(t.layout);
  const [h, w] = [t.shape[a.h], t.shape[a.w]];
  return [typeof w === 'number' ? w : wanted[0], typeof h === 'number' ? h : wanted[1]];
}

/** The tensor size for a frame: fixed dimensions as they are, "H"/"W" rounded up to sizeMultiple. */
export function tensorFrameSize(m: ModelManifest, width: number, height: number): [number, number] {
  const t = m.inputs[0];
  const a = axes(t.layout);
  const up = (v: number) => Math.ceil(v / m.sizeMultiple) * m.sizeMultiple;
  const [h, w] = [t.shape[a.h], t.shape[a.w]];
  return [typeof w === 'number' ? w : up(width), typeof h === 'number' ? h : up(height)];
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function describeDims(dims: OnnxDim[] | null): string {
  return dims ? `[${dims.map((d) => (d === null ? '?' : typeof d === 'string' ? `"${d}"` : d)).join(', ')}]` : 'no shape';
}

/** Does a graph dimension accept the manifest's? A symbolic graph dim accepts anything; a fixed one only itself. */
function dimFits(graph: OnnxDim, manifest: number | 'H' | 'W'): boolean {
  if (graph === null || typeof graph === 'string') return true;
  return typeof manifest === 'number' && graph === manifest;
}

function checkTensor(kind: 'input' | 'output', t: ManifestTensor, graph: OnnxValueInfo | undefined, available: OnnxValueInfo[]): string | null {
  const names = available.map((v) => `"${v.name}"`).join(', ') || 'none';
  if (!graph) return `the manifest's ${kind} "${t.name}" is not one of the model's ${kind}s (${names})`;
  const wanted = t.dtype === 'float32' ? 1 : 10;
  if (graph.elemType !== wanted) return `${kind} "${t.name}" is ${ONNX_ELEM_TYPES[graph.elemType] ?? `type ${graph.elemType}`} in the model but ${t.dtype} in the manifest`;
  if (graph.dims) {
    if (graph.dims.length !== t.shape.length) return `${kind} "${t.name}" has ${graph.dims.length} dimensions ${describeDims(graph.dims)} in the model but 4 in the manifest`;
    for (let i = 0; i < 4; i++) {
      if (!dimFits(graph.dims[i], t.shape[i])) return `${kind} "${t.name}" has shape ${describeDims(graph.dims)} in the model, which does not fit the manifest's ${JSON.stringify(t.shape)}`;
    }
  }
  return null;
}

/** Compares the graph's inputs and outputs with the manifest's; returns the first problem, or null. */
export function matchModelToManifest(info: OnnxModelInfo, m: ModelManifest): string | null {
  for (const input of m.inputs) {
    const problem = checkTensor('input', input, info.inputs.find((v) => v.name === input.name), info.inputs);
    if (problem) return problem;
  }
  const unfed = info.inputs.find((v) => !m.inputs.some((i) => i.name === v.name));
  if (unfed) return `the model needs an input "${unfed.name}" that the manifest does not describe`;
  for (const output of m.outputs) {
    const problem = checkTensor('output', output, info.outputs.find((v) => v.name === output.name), info.outputs);
    if (problem) return problem;
  }
  return null;
}

/**
 * Everything that can be checked before onnxruntime sees the file. `expect` gives the byte count and
 * sha256 to hold the file to (the manifest's own, or a variant's). Returns the parsed interface.
 */
export function checkModel(bytes: Uint8Array, m: ModelManifest, expect: { bytes?: number; sha256?: string; file?: string } = m): OnnxModelInfo {
  const file = expect.file ?? m.file;
  if (bytes.length === 0) throw new ModelError('not-onnx', `The model file ${file} is empty; pick the .onnx file itself.`);
  if (bytes.length > MAX_MODEL_BYTES) {
    throw new ModelError('too-large', `The model file is ${megabytes(bytes.length)}, over the ${megabytes(MAX_MODEL_BYTES)} limit; use a smaller model (fewer channels or fp16).`);
  }
  const info = readOnnxModel(bytes);
  if (!info) throw new ModelError('not-onnx', `The file ${file} is not an ONNX model (it does not contain an ONNX ModelProto); pick the .onnx file the manifest describes.`);
  if (info.externalData) throw new ModelError('not-onnx', 'The model keeps its weights in a separate file (ONNX external data), which a browser cannot load; export it as a single .onnx file.');
  if (expect.bytes !== undefined && expect.bytes !== bytes.length) {
    throw new ModelError('checksum', `The model file has ${bytes.length} bytes but the manifest says ${expect.bytes}; pick the model the manifest was written for.`);
  }
  if (expect.sha256 !== undefined && sha256Hex(bytes) !== expect.sha256.toLowerCase()) {
    throw new ModelError('checksum', 'The model file\'s sha256 does not match the manifest\'s, so it is damaged or a different model; pick the model the manifest was written for.');
  }
  const problem = matchModelToManifest(info, m);
  if (problem) throw new ModelError('mismatch', `The model does not fit its manifest: ${problem}; fix the manifest or pick the matching model.`);
  return info;
}
