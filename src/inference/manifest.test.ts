/**
 * Manifest validation and the pre-flight model check: a good manifest parses; each kind of bad
 * manifest, bad file or mismatch gives one sentence that names the problem; the protobuf reader finds
 * the real inputs, outputs and dimensions of a model built here.
 */
import { describe, expect, it } from 'vitest';
import { checkModel, MAX_MODEL_BYTES, ModelError, modelFrameSize, parseManifest, sha256Hex, tensorFrameSize } from './manifest.ts';
import { readOnnxModel } from './onnx-model.ts';
import { buildTestModel, testManifest, type TestModelSpec } from './test-models.ts';

const SPEC: TestModelSpec = {
  inputs: [{ name: 'gbuffer', channels: ['beauty.r', 'beauty.g', 'beauty.b', 'depth'] }],
  weights: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]],
};

/** One sentence: a capital letter, no full stop before the end, ends with a full stop. */
function expectOneSentence(message: string): void {
  expect(message).toMatch(/^[A-Z][^\n]*\.$/);
  expect(message.slice(0, -1)).not.toMatch(/\.\s/);
}

/** Text as bytes (the DOM-free core has no TextEncoder). */
function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function errorOf(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    expectOneSentence((error as ModelError).message);
    return error as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('parseManifest', () => {
  it('accepts the documented format and fills defaults', () => {
    const m = parseManifest(JSON.stringify({
      format: 'worlddraft-model', version: 1, name: 'draft-unet', file: 'draft.onnx', bytes: 123, sha256: 'ab'.repeat(32), opset: 17, sizeMultiple: 4,
      inputs: [{ name: 'gbuffer', dtype: 'float32', layout: 'NCHW', shape: [1, 2, 'H', 'W'], channels: ['albedo.r', 'previous.b'] }],
      outputs: [{ name: 'draft', dtype: 'float32', layout: 'NCHW', shape: [1, 3, 'H', 'W'], colorSpace: 'srgb', range: [0, 1] }],
      variants: [{ precision: 'fp16', file: 'draft.fp16.onnx', bytes: 1, sha256: 'cd'.repeat(32) }],
      training: { scenes: 4000 }, metrics: { psnr: 30 },
    }));
    expect(m.sizeMultiple).toBe(4);
    expect(m.inputs[0].channels).toEqual(['albedo.r', 'previous.b']);
    expect(parseManifest(testManifest(SPEC)).variants).toEqual([]);
  });

  const bad: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    ['not JSON', () => undefined, /not valid JSON/],
    ['wrong format', (m) => { m.format = 'onnx'; }, /format must be "worlddraft-model"/],
    ['unknown channel', (m) => { (m.inputs as { channels: string[] }[])[0].channels[1] = 'normals.x'; }, /inputs\[0\]\.channels\[1\] "normals\.x" is not a pass channel/],
    ['channel count', (m) => { (m.inputs as { shape: unknown[] }[])[0].shape[1] = 5; }, /lists 4 channels but its shape has 5/],
    ['bad dimension', (m) => { (m.inputs as { shape: unknown[] }[])[0].shape[2] = 'height'; }, /inputs\[0\]\.shape\[2\] must be a positive whole number, "H" or "W"/],
    ['batch', (m) => { (m.inputs as { shape: unknown[] }[])[0].shape[0] = 2; }, /batch size 1/],
    ['output channels', (m) => { (m.outputs as { shape: unknown[] }[])[0].shape[1] = 4; }, /must have 3 channels/],
    ['mixed sizes', (m) => { (m.outputs as { shape: unknown[] }[])[0].shape[2] = 64; }, /differs from H×W/],
    ['folder in file name', (m) => { m.file = '../secret.onnx'; }, /file must be a file name/],
    ['bad sha', (m) => { m.sha256 = 'xyz'; }, /sha256 must be 64 hexadecimal digits/],
  ];
  for (const [label, edit, pattern] of bad) {
    it(`rejects a manifest with ${label} in one sentence`, () => {
      const m = JSON.parse(JSON.stringify(testManifest(SPEC))) as unknown as Record<string, unknown>;
      edit(m);
      const text = label === 'not JSON' ? '{"format": ' : JSON.stringify(m);
      const error = errorOf(() => parseManifest(text));
      expect(error.kind).toBe('manifest');
      expect(error.message).toMatch(pattern);
    });
  }

  it('counts further problems without listing them', () => {
    const m = JSON.parse(JSON.stringify(testManifest(SPEC))) as unknown as Record<string, unknown>;
    m.format = 'x';
    m.version = 2;
    expect(errorOf(() => parseManifest(m)).message).toMatch(/\(and 1 more problem\);/);
  });

  it('sizes: fixed shapes win, "H"/"W" round up to sizeMultiple', () => {
    const free = parseManifest({ ...testManifest(SPEC), sizeMultiple: 8 });
    expect(modelFrameSize(free, [100, 50])).toEqual([100, 50]);
    expect(tensorFrameSize(free, 100, 50)).toEqual([104, 56]);
    const fixed = parseManifest(testManifest({ ...SPEC, fixedSize: [36, 64] }));
    expect(modelFrameSize(fixed, [100, 50])).toEqual([64, 36]);
    expect(tensorFrameSize(fixed, 64, 36)).toEqual([64, 36]);
  });
});

describe('readOnnxModel', () => {
  it('reads inputs, outputs, element types and symbolic or fixed dimensions', () => {
    const info = readOnnxModel(buildTestModel({ ...SPEC, inputs: [SPEC.inputs[0], { name: 'extra', channels: ['depth'] }], weights: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]] }))!;
    expect(info.irVersion).toBe(8);
    expect(info.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(info.inputs.map((i) => [i.name, i.elemType, i.dims])).toEqual([['gbuffer', 1, [1, 4, 'H', 'W']], ['extra', 1, [1, 1, 'H', 'W']]]);
    expect(info.outputs.map((o) => o.name)).toEqual(['draft']);
    expect(info.initializerCount).toBe(2); // w and b are weights, not inputs
    expect(readOnnxModel(buildTestModel({ ...SPEC, fixedSize: [36, 64], dtype: 'float16' }))!.inputs[0]).toEqual({ name: 'gbuffer', elemType: 10, dims: [1, 4, 36, 64] });
  });

  it('says null for things that are not ONNX', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const json = ascii(JSON.stringify(testManifest(SPEC)));
    const model = buildTestModel(SPEC);
    for (const bytes of [png, json, new Uint8Array(100), model.subarray(0, model.length - 7), Uint8Array.from(model, (b, i) => (i > 20 ? b ^ 0x5a : b))]) {
      expect(readOnnxModel(bytes)).toBeNull();
    }
  });
});

describe('checkModel', () => {
  const model = buildTestModel(SPEC);
  const manifest = parseManifest(testManifest(SPEC, { bytes: model.length, sha256: sha256Hex(model) }));

  it('passes a model that fits its manifest', () => {
    expect(checkModel(model, manifest).inputs[0].name).toBe('gbuffer');
  });

  it('rejects what is not ONNX before the runtime sees it', () => {
    const error = errorOf(() => checkModel(ascii('hello, I am a text file'), manifest));
    expect(error.kind).toBe('not-onnx');
    expect(error.message).toMatch(/is not an ONNX model/);
    expect(errorOf(() => checkModel(new Uint8Array(0), manifest)).message).toMatch(/is empty/);
  });

  it('rejects a damaged or different file by size and sha256', () => {
    const other = buildTestModel({ ...SPEC, bias: [0.5, 0, 0] });
    expect(errorOf(() => checkModel(other, manifest)).message).toMatch(/sha256 does not match/);
    expect(errorOf(() => checkModel(model, { ...manifest, bytes: model.length + 1 })).message).toMatch(/has \d+ bytes but the manifest says/);
  });

  it('rejects a file over the size limit without reading it', () => {
    const big = new Uint8Array(MAX_MODEL_BYTES + 1);
    const error = errorOf(() => checkModel(big, manifest));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/64\.0 MB limit/);
  });

  it('names the mismatch between model and manifest', () => {
    const loose = parseManifest(testManifest(SPEC));
    const cases: [Partial<typeof loose>, RegExp][] = [
      [{ inputs: [{ ...loose.inputs[0], name: 'gbuf' }] }, /input "gbuf" is not one of the model's inputs \("gbuffer"\)/],
      [{ inputs: [{ ...loose.inputs[0], dtype: 'float16' }] }, /input "gbuffer" is float32 in the model but float16 in the manifest/],
      [{ outputs: [{ ...loose.outputs[0], name: 'rgb' }] }, /output "rgb" is not one of the model's outputs \("draft"\)/],
      [{ inputs: [{ ...loose.inputs[0], shape: [1, 5, 'H', 'W'], channels: ['beauty.r', 'beauty.g', 'beauty.b', 'depth', 'depth'] }] }, /has shape \[1, 4, "H", "W"\] in the model, which does not fit/],
    ];
    for (const [patch, pattern] of cases) {
      const error = errorOf(() => checkModel(model, { ...loose, ...patch }));
      expect(error.kind).toBe('mismatch');
      expect(error.message).toMatch(pattern);
    }
    const twoInputs = buildTestModel({ ...SPEC, inputs: [SPEC.inputs[0], { name: 'extra', channels: ['depth'] }], weights: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]] });
    expect(errorOf(() => checkModel(twoInputs, loose)).message).toMatch(/needs an input "extra" that the manifest does not describe/);
    const fixed = buildTestModel({ ...SPEC, fixedSize: [36, 64] });
    expect(errorOf(() => checkModel(fixed, loose)).message).toMatch(/\[1, 4, 36, 64\] in the model, which does not fit the manifest's \[1,4,"H","W"\]/);
  });
});
