/**
 * onnxruntime-web (its Node build, wasm backend) runs models that the test builds itself, and the
 * outputs equal the models' arithmetic: a clipped 1×1 convolution over packed passes, two inputs
 * concatenated, a float16 model, a fixed-size model, and the runner feeding a model its own warped
 * previous output. Failures come back as one sentence; dispose() is idempotent.
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.ts';
import { OrtDraftSession } from './session.ts';
import { buildFeeds, decodeOutput, DraftRunner } from './runner.ts';
import { warpPrevious } from './pack.ts';
import { buildTestModel, syntheticPasses, testManifest, type TestModelSpec } from './test-models.ts';
import type { DraftPasses } from './passes.ts';
import * as onnxProtoModule from 'onnx-proto';

const W = 13, H = 7;

/** What a clipped 1×1 convolution gives for pixel i of the passes: the test's own arithmetic. */
function expected(spec: TestModelSpec, p: DraftPasses, i: number): number[] {
  const channels = spec.inputs.flatMap((input) => input.channels);
  const value = (c: string): number => {
    const [pass, comp] = c.split('.');
    const stride = ['depth', 'roughness', 'metalness', 'fluidMask'].includes(pass) ? 1 : 3;
    const k = comp ? { r: 0, g: 1, b: 2, x: 0, y: 1, z: 2 }[comp]! : 0;
    return (p[(pass === 'previous' ? 'beauty' : pass) as 'beauty'])[i * stride + k];
  };
  return [0, 1, 2].map((k) => {
    const v = channels.reduce((sum, c, j) => sum + spec.weights[k][j] * value(c), spec.bias?.[k] ?? 0);
    return spec.clip ? Math.min(Math.max(v, 0), 1) : v;
  });
}

async function runOnce(spec: TestModelSpec, p: DraftPasses, sizeMultiple = 1) {
  const bytes = buildTestModel(spec);
  const manifest = parseManifest({ ...testManifest(spec), sizeMultiple });
  const session = await OrtDraftSession.create(bytes, manifest);
  try {
    expect(session.backend).toBe('wasm');
    const outputs = await session.run(buildFeeds(manifest, p, null));
    return decodeOutput(manifest, outputs, p.width, p.height);
  } finally {
    await session.dispose();
    await session.dispose();
  }
}

function expectMatches(spec: TestModelSpec, p: DraftPasses, out: Float32Array, digits = 5): void {
  for (let i = 0; i < p.width * p.height; i++) {
    const want = expected(spec, p, i);
    for (let k = 0; k < 3; k++) expect(out[3 * i + k]).toBeCloseTo(Math.min(Math.max(want[k], 0), 1), digits);
  }
}

describe('onnxruntime-web in Node (wasm)', () => {
  const conv: TestModelSpec = {
    inputs: [{ name: 'gbuffer', channels: ['beauty.r', 'beauty.g', 'beauty.b', 'normal.y', 'depth'] }],
    weights: [[-1, 0, 0, 0, 0], [0, 0, 0, 0.5, 0], [0, 0.5, 0, 0, 0.5]],
    bias: [1, 0.5, 0],
    clip: true,
  };

  it('runs a 1×1 convolution built here and gives its arithmetic, padded to sizeMultiple and cropped back', async () => {
    const p = syntheticPasses(W, H);
    expectMatches(conv, p, await runOnce(conv, p, 8));
  });

  it('feeds several inputs, each a list of channels', async () => {
    const spec: TestModelSpec = {
      inputs: [{ name: 'color', channels: ['albedo.r', 'albedo.g', 'albedo.b'] }, { name: 'light', channels: ['direct.r', 'roughness'] }],
      weights: [[0.5, 0, 0, 0.5, 0], [0, 1, 0, 0, 0], [0, 0, 0.25, 0, 0.75]],
    };
    const p = syntheticPasses(W, H);
    expectMatches(spec, p, await runOnce(spec, p));
  });

  it('runs float16 inputs and outputs within half precision', async () => {
    const spec: TestModelSpec = { ...conv, dtype: 'float16' };
    const p = syntheticPasses(W, H);
    expectMatches(spec, p, await runOnce(spec, p), 2);
  });

  it('runs a fixed-size model at its own size', async () => {
    const spec: TestModelSpec = { ...conv, fixedSize: [H, W] };
    const p = syntheticPasses(W, H);
    expectMatches(spec, p, await runOnce(spec, p));
  });

  it('gives the model its own previous output, warped, on the next frame', async () => {
    const spec: TestModelSpec = { inputs: [{ name: 'x', channels: ['previous.r', 'previous.g', 'previous.b', 'beauty.r'] }], weights: [[0.5, 0, 0, 0.5], [0, 1, 0, 0], [0, 0, 1, 0]] };
    const manifest = parseManifest(testManifest(spec));
    const session = await OrtDraftSession.create(buildTestModel(spec), manifest);
    const runner = new DraftRunner(session, manifest);
    const f0 = syntheticPasses(W, H, { flow: [1, 0] }), f1 = syntheticPasses(W, H, { flow: [1, 0], phase: 1 });
    const r0 = await runner.run(f0, { frame: 10, shot: 0 });
    const r1 = await runner.run(f1, { frame: 11, shot: 0 });
    const prev = warpPrevious(f1, r0.srgb);
    for (let i = 0; i < W * H; i++) {
      expect(r1.srgb[3 * i]).toBeCloseTo(0.5 * prev[3 * i] + 0.5 * f1.beauty[3 * i], 5);
      expect(r1.srgb[3 * i + 1]).toBeCloseTo(prev[3 * i + 1], 5);
    }
    await session.dispose();
  });

  it('turns runtime failures into one sentence', async () => {
    const { onnx } = (onnxProtoModule as unknown as { default?: typeof onnxProtoModule }).default ?? onnxProtoModule;
    // A graph with an operator no runtime has passes the header check and fails in onnxruntime.
    const bytes = onnx.ModelProto.encode(onnx.ModelProto.create({
      irVersion: 8, opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g', node: [{ opType: 'NoSuchOperator', input: ['gbuffer'], output: ['draft'] }],
        input: [{ name: 'gbuffer', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 5 }, { dimParam: 'H' }, { dimParam: 'W' }] } } } }],
        output: [{ name: 'draft', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }, { dimParam: 'H' }, { dimParam: 'W' }] } } } }],
      },
    })).finish();
    const error = (await OrtDraftSession.create(bytes, parseManifest(testManifest(conv))).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^The model uses the operator NoSuchOperator, which this browser's ONNX runtime does not support; [^\n]*\.$/);
    // Shapes that the manifest allows but the model cannot take fail at run time, in one sentence.
    const session = await OrtDraftSession.create(buildTestModel(conv), parseManifest(testManifest(conv)));
    const bad = await session.run({ gbuffer: { dtype: 'float32', data: new Float32Array(4 * 2 * 2), dims: [1, 4, 2, 2] } }).catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/^The model failed on this frame \([^\n]*\); check that the manifest's shapes match what the model expects\.$/);
    await session.dispose();
  });
});
