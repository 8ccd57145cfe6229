/**
 * The draft model in the page (src/inference, the Draft tab):
 * (a) bring your own model: a 1×1 convolution the test builds itself is checked, loaded and run, and
 *     the Draft view shows exactly its arithmetic of the passes, next to the raw frame;
 * (b) a corrupt .onnx and a manifest that does not fit each give one sentence, the current model and
 *     the raw render stay; with no model at all, the raw render stays;
 * (c) the shipped model (when models/draft/ has one): the draft is not blank and not the input; and a
 *     damaged shipped file falls back to the raw render with one sentence;
 * plus the WebGPU execution provider's arithmetic (forced), and a video exported through the model.
 * Every request stays on the page's own origin (onnxruntime's .wasm included), and the page is
 * cross-origin isolated. Frames are small: SwiftShader draws on the CPU.
 *
 * (d) the GPU route (src/inference/browser/gpu-pack.ts): with the renderer on WebGPU and onnxruntime
 * forced onto its webgpu provider, both on the renderer's GPUDevice, consecutive frames are each drawn
 * once and taken both ways from that render (gpu-check.ts). The model is a 1×1 convolution over all 19
 * pass channels (every channel's packing reaches the output), with a mean and std per channel and
 * frames padded to a multiple of 8. The input tensor packed on the GPU equals pack.ts's to 1e-5
 * relative to max(1, |value|) (f32 on the GPU against the CPU's f64 arithmetic rounded to f32); so
 * does an NHWC twin of it, normalised differently, and the twin's linear-output decode against
 * readOutput. The second frame carries the first frame's output over as `previous`, warped along real
 * motion. The draft from the GPU route equals the CPU path's to 1e-5 (sRGB 0..1: the same onnxruntime
 * kernels on the same device, fed inputs that differ by at most that much). The Draft view and a video
 * export then take the GPU route, and a GPU route broken under the engine falls back to the CPU path
 * for that frame with the same picture.
 */
import { existsSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import type {} from '../src/main.ts';
import { waitForApp, loadPausedSpec, rollingBallScene } from './support.ts';
import { buildTestModel, testManifest, type TestModelSpec } from '../src/inference/test-models.ts';
import { PASS_CHANNELS } from '../src/inference/passes.ts';

const SCENE = rollingBallScene();

/** r = 1 − beauty.r, g = ½ + ½ normal.y, b = depth, clipped: a model whose every pixel can be predicted. */
const MODEL: TestModelSpec = {
  inputs: [{ name: 'gbuffer', channels: ['beauty.r', 'normal.y', 'depth'] }],
  weights: [[-1, 0, 0], [0, 0.5, 0], [0, 0, 1]],
  bias: [1, 0.5, 0],
  clip: true,
};
const SHIPPED = existsSync('models/draft/manifest.json');

function predicted(passes: Record<string, number[]>, i: number): number[] {
  const v = [1 - passes.beauty[3 * i], 0.5 + 0.5 * passes.normal[3 * i + 1], passes.depth[i]];
  return v.map((x) => Math.round(Math.min(Math.max(x, 0), 1) * 255));
}

async function open(page: Page, query = ''): Promise<{ problems: string[]; foreign: string[]; requests: string[] }> {
  const problems: string[] = [], foreign: string[] = [], requests: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => {
    requests.push(r.url());
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.host !== new URL(page.url() === 'about:blank' ? r.url() : page.url()).host) foreign.push(r.url());
  });
  await page.setViewportSize({ width: 1000, height: 620 });
  await page.goto(`/${query}`);
  await waitForApp(page);
  await loadPausedSpec(page, SCENE);
  await page.evaluate(() => window.worlddraft!.controller.seek(0.5));
  await page.locator('#tab-draft').click();
  await page.getByTestId('draft-width').selectOption('256');
  return { problems, foreign, requests };
}

/** The Draft view's two canvases, once both show the current time at the chosen width (the draft one from model `name`, or none). */
async function viewPixels(page: Page, name: string | null, width = 256): Promise<{ width: number; height: number; raw: number[]; draft: number[] | null }> {
  await page.waitForFunction(({ name, width }) => {
    const root = document.querySelector('wd-app')?.shadowRoot?.querySelector('wd-draft-panel')?.shadowRoot;
    const t = String(window.worlddraft!.controller.state.timeS);
    const raw = root?.querySelector<HTMLCanvasElement>('canvas[data-which=raw]');
    const draft = root?.querySelector<HTMLCanvasElement>('canvas[data-which=draft]');
    return raw?.dataset.time === t && raw.width === width && (name === null ? !draft : draft?.dataset.time === t && draft.width === width && draft.dataset.model === name);
  }, { name, width }, { timeout: 90_000 });
  return page.evaluate(() => {
    const root = document.querySelector('wd-app')!.shadowRoot!.querySelector('wd-draft-panel')!.shadowRoot!;
    const read = (c: HTMLCanvasElement | null) => (c ? Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) : null);
    const raw = root.querySelector<HTMLCanvasElement>('canvas[data-which=raw]')!;
    return { width: raw.width, height: raw.height, raw: read(raw)!, draft: read(root.querySelector<HTMLCanvasElement>('canvas[data-which=draft]')) };
  });
}

async function chooseModel(page: Page, model: Uint8Array, manifest: unknown, fileName = 'test.onnx'): Promise<void> {
  await page.getByTestId('draft-model-file').setInputFiles({ name: fileName, mimeType: 'application/octet-stream', buffer: Buffer.from(model) });
  await page.getByTestId('draft-manifest-file').setInputFiles({ name: 'manifest.json', mimeType: 'application/json', buffer: Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest)) });
  await page.getByTestId('draft-use-model').click();
}

function maxDiff(a: number[], b: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function oneSentence(text: string): void {
  expect(text).toMatch(/^[A-Z][^\n]*\.$/);
  expect(text.slice(0, -1)).not.toMatch(/\.\s/);
}

test('bring your own model: a test-built 1×1 convolution runs, and the Draft view shows its arithmetic', async ({ page }) => {
  test.setTimeout(240_000);
  const { problems, foreign, requests } = await open(page);
  const model = buildTestModel(MODEL);
  await chooseModel(page, model, testManifest(MODEL));
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  // wasm here (SwiftShader's WebGPU is software); a machine with a real GPU runs it on webgpu.
  await expect(page.getByTestId('draft-status')).toContainText(/test-conv1x1 \(your model, fp32\) on (wasm|webgpu)/);
  const view = await viewPixels(page, 'test-conv1x1');
  expect(view.width).toBe(256);

  // The same frame through the API, with the passes the model saw.
  const api = (await page.evaluate(({ w, h }) => window.worlddraft!.draftFrame(w, h), { w: view.width, h: view.height }))!;
  expect(api.draft).not.toBeNull();
  let worst = 0, differsFromRaw = 0;
  for (let i = 0; i < api.width * api.height; i++) {
    const want = predicted(api.passes, i);
    for (let k = 0; k < 3; k++) {
      worst = Math.max(worst, Math.abs(api.draft![4 * i + k] - want[k]));
      if (Math.abs(api.draft![4 * i + k] - api.raw[4 * i + k]) > 8) differsFromRaw++;
    }
  }
  expect(worst).toBeLessThanOrEqual(1); // the model's arithmetic, to the byte
  expect(differsFromRaw).toBeGreaterThan(api.width * api.height * 0.2);
  // The view shows that output and that raw frame.
  expect(maxDiff(view.draft!, api.draft!)).toBeLessThanOrEqual(2);
  expect(maxDiff(view.raw, api.raw)).toBeLessThanOrEqual(2);
  expect(new Set(view.raw.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(8); // the raw frame is a picture

  // Nothing left the origin; onnxruntime's wasm came from the page's own site; threads were possible.
  expect(foreign).toEqual([]);
  expect(requests.some((u) => /ort-wasm-simd-threaded\.jsep-[\w-]+\.wasm$/.test(u) && u.startsWith(new URL(page.url()).origin))).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(problems).toEqual([]);
});

test('the WebGPU execution provider gives the same arithmetic (forced: on SwiftShader it is for correctness, not speed)', async ({ page }) => {
  test.setTimeout(240_000);
  // Keep the shipped U-Net off SwiftShader's WebGPU (minutes of CPU): this test is about the test model.
  await page.route(/\/assets\/[^/]*\.onnx$/, (route) => route.fulfill({ status: 404, body: '' }));
  const { problems } = await open(page, '?draft-ep=webgpu');
  await chooseModel(page, buildTestModel(MODEL), testManifest(MODEL));
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-backend', 'webgpu');
  const api = (await page.evaluate(() => window.worlddraft!.draftFrame(128, 72)))!;
  expect(api.draft, (await page.evaluate(() => window.worlddraft!.controller.state.draft.error)) ?? undefined).not.toBeNull();
  let worst = 0;
  for (let i = 0; i < api.width * api.height; i++) {
    const want = predicted(api.passes, i);
    for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(api.draft![4 * i + k] - want[k]));
  }
  expect(worst).toBeLessThanOrEqual(1);

  // Offscreen work at three sizes asked for at once (the Draft view refreshing while a tool calls in,
  // as in CI once) waits its turn: each comes back at its own size with the picture it has alone.
  const together = await page.evaluate(async () => {
    const wd = window.worlddraft!;
    const frames = await Promise.all([wd.draftFrame(128, 72), wd.draftFrame(96, 54), wd.captureAt(0.25, 64, 36)]);
    return frames.map((f) => f && { width: f.width, height: f.height, rgba: 'raw' in f ? f.raw : f.rgba });
  });
  const alone = await page.evaluate(async () => {
    const wd = window.worlddraft!;
    const frames = [await wd.draftFrame(128, 72), await wd.draftFrame(96, 54), await wd.captureAt(0.25, 64, 36)];
    return frames.map((f) => f && { width: f.width, height: f.height, rgba: 'raw' in f ? f.raw : f.rgba });
  });
  expect(together.map((f) => [f!.width, f!.height])).toEqual([[128, 72], [96, 54], [64, 36]]);
  together.forEach((f, i) => expect(maxDiff(f!.rgba, alone[i]!.rgba)).toBeLessThanOrEqual(2));
  expect(problems).toEqual([]);
});

const ALL_CHANNELS = [...PASS_CHANNELS];
/** Each output channel mixes every input channel; previous.* and beauty.* weigh most, so the warp shows. */
const ALL_CHANNELS_MODEL: TestModelSpec = {
  inputs: [{ name: 'gbuffer', channels: ALL_CHANNELS }],
  weights: [0, 1, 2].map((k) => ALL_CHANNELS.map((c, i) => (c === `previous.${'rgb'[k]}` ? 0.5 : c === `beauty.${'rgb'[k]}` ? 0.3 : 0.02 * (((i + k) % 5) - 2)))),
  bias: [0.1, 0.05, 0],
  clip: true,
};
const ALL_CHANNELS_MANIFEST = testManifest(ALL_CHANNELS_MODEL, { sizeMultiple: 8 });
ALL_CHANNELS_MANIFEST.inputs[0].mean = ALL_CHANNELS.map((_, i) => (i % 3) * 0.25);
ALL_CHANNELS_MANIFEST.inputs[0].std = ALL_CHANNELS.map((_, i) => 1 + (i % 4) * 0.5);
const GPU_TOLERANCE = 1e-5;

test('the GPU route: the input tensor packed on the GPU and the draft equal the CPU path\'s, previous frame carried over', async ({ page }) => {
  test.setTimeout(300_000);
  await page.route(/\/assets\/[^/]*\.onnx$/, (route) => route.fulfill({ status: 404, body: '' }));
  const gpuErrors: string[] = [];
  page.on('console', (m) => { if (/WebGPU|GPUValidationError|validation error/i.test(m.text())) gpuErrors.push(m.text()); });
  const { problems } = await open(page, '?draft-ep=webgpu');
  expect(await page.evaluate(() => window.worlddraft!.controller.state.backend)).toBe('webgpu');
  await chooseModel(page, buildTestModel(ALL_CHANNELS_MODEL), ALL_CHANNELS_MANIFEST);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-backend', 'webgpu');
  await viewPixels(page, 'test-conv1x1'); // the Draft view has drawn: nothing else renders meanwhile

  // 118 × 66 pads to 120 × 72: the padding repeats the last column and row.
  const W = 118, H = 66;
  const { comparisons, why } = await page.evaluate(({ w, h }) => window.worlddraft!.draftGpuCheck(w, h, 2), { w: W, h: H });
  expect(comparisons, `the GPU route is off: ${why}`).not.toBeNull();
  const [first, second] = comparisons!;
  expect([first.continued, second.continued]).toEqual([false, true]);
  // The warp had work to do: the ball moves, and the carried output differs from the raw frame.
  expect(second.movingPixels).toBeGreaterThan(50);
  expect(second.previousPixels).toBeGreaterThan(W * H * 0.5);
  for (const frame of comparisons!) {
    expect(frame.inputs.map((i) => [i.name, i.layout])).toEqual([['gbuffer', 'NCHW'], ['twin', 'NHWC']]);
    for (const input of frame.inputs) {
      expect(input.values).toBe(19 * 120 * 72);
      expect(input.std).toBeGreaterThan(0.1); // a tensor of one value would prove little
      expect(input.maxRel, `${input.name}: max |GPU − CPU| / max(1, |CPU|)`).toBeLessThanOrEqual(GPU_TOLERANCE);
    }
    expect(frame.decode.maxAbs).toBeLessThanOrEqual(GPU_TOLERANCE);
    expect(frame.picture.mean).toBeGreaterThan(0.05); // a picture, not zeros
    expect(frame.picture.maxAbs).toBeLessThanOrEqual(GPU_TOLERANCE);
  }
  console.log(`GPU route vs CPU path, max |difference|: inputs ${Math.max(...comparisons!.flatMap((f) => f.inputs.map((i) => i.maxAbs))).toExponential(2)}, decode ${Math.max(...comparisons!.map((f) => f.decode.maxAbs)).toExponential(2)}, draft ${Math.max(...comparisons!.map((f) => f.picture.maxAbs)).toExponential(2)}`);

  // The Draft view's own frames take the GPU route; the draft is the model's arithmetic of the passes it
  // saw (a first frame at this size and time: previous is beauty).
  const { mean, std } = ALL_CHANNELS_MANIFEST.inputs[0];
  const arithmeticError = (api: { draft: number[] | null; passes: Record<string, number[]> }): number => {
    const channel = (name: string, i: number): number => {
      const [pass, part] = name.split('.');
      const values = api.passes[pass === 'previous' ? 'beauty' : pass];
      return values[i * (values.length / (W * H)) + (part ? 'rgbxyz'.indexOf(part) % 3 : 0)];
    };
    let worst = 0;
    for (let i = 0; i < W * H; i++) {
      for (let k = 0; k < 3; k++) {
        let v = ALL_CHANNELS_MODEL.bias![k];
        ALL_CHANNELS.forEach((c, j) => { v += ALL_CHANNELS_MODEL.weights[k][j] * (channel(c, i) - mean![j]) / std![j]; });
        worst = Math.max(worst, Math.abs(api.draft![4 * i + k] - Math.round(Math.min(Math.max(v, 0), 1) * 255)));
      }
    }
    return worst;
  };
  const onGpu = (await page.evaluate(({ w, h }) => window.worlddraft!.draftFrame(w, h), { w: W, h: H }))!;
  expect(await page.evaluate(() => window.worlddraft!.draftPacking())).toEqual({ last: 'gpu', gpuRouteOff: null });
  expect(arithmeticError(onGpu)).toBeLessThanOrEqual(1);
  expect(gpuErrors).toEqual([]);

  // An export through the model takes the GPU route too: at the timeline's 60 fps each frame continues
  // the one before, with the previous output kept on the GPU.
  const video = await page.evaluate(async () => {
    const wd = window.worlddraft!;
    const bytes = await wd.controller.exportVideo({ format: 'webm', fps: 60, width: 160, height: 90, draft: true }, new AbortController().signal);
    const decoded = await wd.decodeVideoFrame(Array.from(bytes!), 0.5);
    const raw = await wd.captureAt(0.5, 160, 90);
    let toRaw = 0;
    for (let i = 0; i < decoded.rgba.length; i += 4) for (let k = 0; k < 3; k++) toRaw += Math.abs(decoded.rgba[i + k] - raw.rgba[i + k]);
    return { width: decoded.width, height: decoded.height, toRaw: toRaw / (decoded.rgba.length * 0.75), packing: wd.draftPacking() };
  });
  expect([video.width, video.height]).toEqual([160, 90]);
  expect(video.packing).toEqual({ last: 'gpu', gpuRouteOff: null });
  expect(video.toRaw).toBeGreaterThan(10); // the model's frames, not the raw render
  expect(gpuErrors).toEqual([]);
  await viewPixels(page, 'test-conv1x1');

  // A GPU route that breaks (here: its channel table destroyed under it, a validation error on submit)
  // falls back to the CPU path for that frame: the same picture, no error shown, the model stays.
  await page.evaluate(() => {
    const engine = (window.worlddraft!.controller as unknown as { draft: { packer: { perInput: { channels: GPUBuffer }[] } } }).draft;
    engine.packer.perInput[0].channels.destroy();
  });
  const fallback = (await page.evaluate(({ w, h }) => window.worlddraft!.draftFrame(w, h), { w: W, h: H }))!;
  const packing = await page.evaluate(() => window.worlddraft!.draftPacking());
  expect(packing.last).toBe('cpu');
  expect(packing.gpuRouteOff).toMatch(/^the GPU route failed: the GPU packing failed \(.*destroyed/i);
  expect(arithmeticError(fallback)).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('draft-error')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a video exported through the draft model shows the model\'s frames', async ({ page }) => {
  test.setTimeout(240_000);
  const { problems } = await open(page);
  await chooseModel(page, buildTestModel(MODEL), testManifest(MODEL));
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const r = await page.evaluate(async () => {
    const wd = window.worlddraft!;
    const bytes = await wd.controller.exportVideo({ format: 'webm', fps: 24, width: 320, height: 180, draft: true }, new AbortController().signal);
    const decoded = await wd.decodeVideoFrame(Array.from(bytes!), 0.5);
    wd.controller.seek(0.5);
    const frame = (await wd.draftFrame(320, 180))!;
    let toDraft = 0, toRaw = 0;
    for (let i = 0; i < decoded.rgba.length; i += 4) {
      for (let k = 0; k < 3; k++) { toDraft += Math.abs(decoded.rgba[i + k] - frame.draft![i + k]); toRaw += Math.abs(decoded.rgba[i + k] - frame.raw[i + k]); }
    }
    const n = (decoded.rgba.length / 4) * 3;
    return { width: decoded.width, height: decoded.height, toDraft: toDraft / n, toRaw: toRaw / n };
  });
  expect([r.width, r.height]).toEqual([320, 180]);
  expect(r.toDraft).toBeLessThan(6); // the model's frame, up to VP9's loss
  expect(r.toRaw).toBeGreaterThan(20);
  expect(problems).toEqual([]);
});

test('a corrupt .onnx and a manifest that does not fit each give one sentence; the model and the raw render stay', async ({ page }) => {
  test.setTimeout(240_000);
  const { problems } = await open(page);
  const model = buildTestModel(MODEL);
  await chooseModel(page, model, testManifest(MODEL));
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const before = await viewPixels(page, 'test-conv1x1');

  // Each case's sentence differs from the one before, so waiting for it is waiting for that check.
  const cases: [Uint8Array, unknown, string, RegExp][] = [
    [model.subarray(0, model.length - 9), testManifest(MODEL), 'truncated.onnx', /^The file truncated\.onnx is not an ONNX model/],
    [Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251), testManifest(MODEL), 'noise.onnx', /^The file noise\.onnx is not an ONNX model/],
    [model, testManifest({ ...MODEL, inputs: [{ name: 'gbuf', channels: MODEL.inputs[0].channels }] }), 'test.onnx', /^The model does not fit its manifest: the manifest's input "gbuf" is not one of the model's inputs \("gbuffer"\)/],
    [model, '{"format": "worlddraft-model", "version": 1', 'test.onnx', /^The model manifest is not valid JSON/],
    [model, { ...testManifest(MODEL), inputs: [{ ...testManifest(MODEL).inputs[0], channels: ['beauty.r', 'normals.y', 'depth'] }] }, 'test.onnx', /^The model manifest is invalid: inputs\[0\]\.channels\[1\] "normals\.y" is not a pass channel/],
  ];
  for (const [bytes, manifest, fileName, pattern] of cases) {
    await chooseModel(page, bytes, manifest, fileName);
    const error = page.getByTestId('draft-error');
    await expect(error).toHaveText(pattern, { timeout: 60_000 });
    const text = (await error.textContent())!.trim();
    oneSentence(text);
    await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('draft-status')).toContainText('test-conv1x1');
  }
  // Still the same model's draft next to the raw frame, for a new time too.
  await page.evaluate(() => window.worlddraft!.controller.seek(0.6));
  const after = await viewPixels(page, 'test-conv1x1');
  expect(after.draft).not.toBeNull();
  expect(maxDiff(after.raw, before.raw)).toBeGreaterThan(0); // the ball moved
  expect(problems).toEqual([]);
});

test('with no working model the raw render stays, with one sentence', async ({ page }) => {
  test.setTimeout(180_000);
  // A shipped model that is damaged on the way (or none at all) must leave the raw render.
  await page.route(/\/assets\/[^/]*\.onnx$/, (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('not a model at all') }));
  const { problems } = await open(page);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', SHIPPED ? 'failed' : 'unavailable', { timeout: 90_000 });
  const text = (await page.getByTestId('draft-error').textContent())!.trim();
  oneSentence(text);
  expect(text).toMatch(SHIPPED ? /^The shipped draft model could not be used, so the raw render stays: the file [\w.-]+\.onnx is not an ONNX model/ : /^No draft model ships with this build yet/);
  // A corrupt model of one's own changes nothing either.
  await chooseModel(page, Uint8Array.from([8, 8, 0x3a, 0xff, 0xff, 0xff, 0x0f]), testManifest(MODEL));
  await expect(page.getByTestId('draft-error')).toContainText('is not an ONNX model');
  const view = await viewPixels(page, null);
  expect(new Set(view.raw.filter((_, i) => i % 4 === 1)).size).toBeGreaterThan(8);
  await expect(page.getByTestId('draft-output-empty')).toBeVisible();
  expect(problems).toEqual([]);
});

test('the shipped model renders a draft that is neither blank nor the input', async ({ page }) => {
  test.setTimeout(300_000);
  const { problems, foreign } = await open(page);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(page.getByTestId('draft-status')).toContainText(/\(shipped, fp(32|16)\) on (wasm|webgpu)/);
  const name = await page.evaluate(() => window.worlddraft!.controller.state.draft.name);
  const view = await viewPixels(page, name);
  const draft = view.draft!;
  const n = view.width * view.height;
  let mean = 0, diff = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) { mean += draft[4 * i + k]; diff += Math.abs(draft[4 * i + k] - view.raw[4 * i + k]); }
  mean /= 3 * n;
  let variance = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) variance += (draft[4 * i + k] - mean) ** 2;
  const std = Math.sqrt(variance / (3 * n));
  expect(mean).toBeGreaterThan(5);
  expect(mean).toBeLessThan(250);
  expect(std).toBeGreaterThan(5); // a picture, not a flat colour
  expect(diff / (3 * n)).toBeGreaterThan(1); // not the raw frame handed through
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
});
