/**
 * The shipped model (models/draft/): its manifest parses with the app's own schema,
 * the file passes the app's pre-flight check (size, ONNX header, sha256, inputs and outputs against
 * the graph), and onnxruntime-web (wasm, in Node) reproduces PyTorch's outputs on the fixture inputs
 * within 1e-3 (and the fp16 variant within 1e-2). The fixtures are the trainer's (models/draft/train/train.py): packed, padded input
 * tensors and PyTorch fp32 outputs as .npy, listed in the manifest's "fixtures".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModel, parseManifest } from './manifest.ts';
import { OrtDraftSession } from './session.ts';
import { decodeNpy } from '../export/npy.ts';

/** WD_DRAFT_DIR points the test at another model folder of the same layout. */
const DIR = process.env.WD_DRAFT_DIR ?? 'models/draft';

interface FixtureEntry { input: string; output: string }

describe('the shipped draft model', () => {
  const raw = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { fixtures?: FixtureEntry[] };

  it('has a manifest the app accepts and a file that passes its checks', () => {
    const manifest = parseManifest(raw);
    const bytes = new Uint8Array(readFileSync(join(DIR, manifest.file)));
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/); // the shipped one is always pinned
    const info = checkModel(bytes, manifest);
    expect(info.inputs.map((i) => i.name)).toEqual(manifest.inputs.map((i) => i.name));
    for (const variant of manifest.variants) {
      const file = join(DIR, variant.file);
      if (existsSync(file)) checkModel(new Uint8Array(readFileSync(file)), manifest, variant);
    }
  });

  /** The worst absolute difference between onnxruntime-web's output for `file` and PyTorch's on every fixture. */
  async function worstOnFixtures(file: string): Promise<number> {
    const manifest = parseManifest(raw);
    const fixtures = raw.fixtures ?? [];
    expect(fixtures.length).toBeGreaterThan(0);
    const session = await OrtDraftSession.create(new Uint8Array(readFileSync(join(DIR, file))), manifest, { checked: true });
    let worst = 0;
    try {
      for (const fixture of fixtures) {
        const input = decodeNpy(new Uint8Array(readFileSync(join(DIR, fixture.input))));
        const expected = decodeNpy(new Uint8Array(readFileSync(join(DIR, fixture.output))));
        expect(input.dtype).toBe('<f4');
        expect(input.shape[1]).toBe(manifest.inputs[0].channels.length);
        expect(input.shape[2] % manifest.sizeMultiple + input.shape[3] % manifest.sizeMultiple).toBe(0);
        // The channel order agrees with the manifest: on these frames `previous` is the beauty.
        const channels = manifest.inputs[0].channels, plane = input.shape[2] * input.shape[3];
        for (const c of ['r', 'g', 'b']) {
          const p = channels.indexOf(`previous.${c}` as never), b = channels.indexOf(`beauty.${c}` as never);
          if (p >= 0 && b >= 0) expect(input.data.subarray(p * plane, (p + 1) * plane)).toEqual(input.data.subarray(b * plane, (b + 1) * plane));
        }
        const out = await session.run({ [manifest.inputs[0].name]: { dtype: 'float32', data: input.data as Float32Array, dims: input.shape } });
        const got = out[manifest.outputs[0].name];
        expect(got.dims).toEqual(expected.shape);
        const a = got.data as Float32Array, b = expected.data as Float32Array;
        for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
    } finally {
      await session.dispose();
    }
    return worst;
  }

  it('matches PyTorch on the fixtures within 1e-3 (fp32, onnxruntime-web wasm)', async () => {
    expect(await worstOnFixtures(parseManifest(raw).file)).toBeLessThan(1e-3);
  }, 300_000);

  it('its fp16 variant, where shipped, stays within 1e-2 of PyTorch fp32 (wasm)', async () => {
    const half = parseManifest(raw).variants.find((v) => v.precision === 'fp16' && existsSync(join(DIR, v.file)));
    if (!half) return;
    expect(await worstOnFixtures(half.file)).toBeLessThan(1e-2);
  }, 300_000);
});
