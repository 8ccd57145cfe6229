/**
 * `npm run bench` (draft model part): figures, not tests. On these shared 2-core CPU machines quote
 * ratios, not absolute times.
 *
 * 1. Tensor packing at 512×288 (src/inference/pack.ts): passes → the input tensor (with the previous
 *    output warped along the flow) and the output tensor → RGBA bytes, median ms per frame.
 * 2. The shipped model (models/draft/, when present) on onnxruntime-web's wasm backend in Node at
 *    512×288: the first run (session creation and first inference, i.e. compile time) apart from the
 *    median of the following runs; each with 1 and with 2 wasm threads (the peer on the same work:
 *    onnxruntime fixes its thread count once per process, so each count runs in a child process).
 * 3. The input tensor packed on the CPU against packed on the GPU (src/inference/browser/gpu-pack.ts),
 *    ms per frame at three sizes, in Node on WebGPU through the `webgpu` package (Dawn), in a child
 *    started through scripts/with-swiftshader.mjs. Both start from the surface passes in RGBA32F
 *    textures, as the renderer leaves them, and end with the tensor in a GPU buffer, as onnxruntime's
 *    webgpu provider wants it: on the CPU, the three textures read back, buildFeeds (warp included)
 *    and the tensor uploaded (the RGBA → plane copies of draft-passes.ts are left out, so this is a
 *    lower bound); on the GPU, the per-pixel upload and the pack_input dispatch, until the queue is
 *    done. On these machines Dawn runs on SwiftShader, on the CPU: a correctness-and-scaling figure,
 *    not a GPU speed.
 *
 * The model's GPU figure (Python onnxruntime, CUDA provider, on an NVIDIA machine) is produced by the
 * model's training side (models/draft/); WebGPU in these machines' browsers is SwiftShader on the CPU,
 * ~200× slower than wasm for the model, so the model is not benched on it here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelManifest } from '../src/inference/manifest.ts';
import { buildFeeds, decodeOutput, DraftRunner } from '../src/inference/runner.ts';
import type { DraftPasses } from '../src/inference/passes.ts';
import { rgbaBytes } from '../src/inference/pack.ts';
import { PASS_CHANNELS } from '../src/inference/passes.ts';
import { syntheticPasses } from '../src/inference/test-models.ts';

const W = 512, H = 288;
const RUNS = Number(process.env.WD_BENCH_RUNS ?? 5);
const DIR = process.env.WD_DRAFT_DIR ?? 'models/draft';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Child: the shipped model with `threads` wasm threads; prints one JSON line. */
async function child(threads: number): Promise<void> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  const { OrtDraftSession } = await import('../src/inference/session.ts');
  const manifest = parseManifest(JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')));
  const bytes = new Uint8Array(readFileSync(join(DIR, manifest.file)));
  const start = performance.now();
  const session = await OrtDraftSession.create(bytes, manifest);
  const createMs = performance.now() - start;
  const runner = new DraftRunner(session, manifest);
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i <= RUNS; i++) {
    const passes = syntheticPasses(W, H, { flow: [0.5, 0], phase: i });
    const t0 = performance.now();
    await runner.run(passes, { frame: i, shot: 0 });
    const ms = performance.now() - t0;
    if (i === 0) first = ms; else times.push(ms);
  }
  await session.dispose();
  process.stdout.write(`${JSON.stringify({ threads, createMs, firstRunMs: first, medianMs: median(times), runs: times.length })}\n`);
}

/** A manifest over every pass channel, for the packing figures when no model ships. */
function allChannelsManifest(): ModelManifest {
  const channels = [...PASS_CHANNELS];
  return parseManifest({
    format: 'worlddraft-model', version: 1, name: 'all-channels', file: 'x.onnx', sizeMultiple: 8,
    inputs: [{ name: 'gbuffer', dtype: 'float32', layout: 'NCHW', shape: [1, channels.length, 'H', 'W'], channels }],
    outputs: [{ name: 'draft', dtype: 'float32', layout: 'NCHW', shape: [1, 3, 'H', 'W'] }],
  });
}

function packingBench(manifest: ModelManifest | null): void {
  const m = manifest ?? allChannelsManifest();
  const channels = m.inputs[0].channels;
  const passes = syntheticPasses(W, H, { flow: [0.5, 0.25] });
  const previous = new Float32Array(W * H * 3).fill(0.5);
  const pack: number[] = [], unpack: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const feeds = buildFeeds(m, passes, previous);
    const t1 = performance.now();
    const x = feeds[m.inputs[0].name];
    const [, , th, tw] = x.dims;
    const out = { [m.outputs[0].name]: { data: new Float32Array(3 * th * tw).fill(0.25), dims: [1, 3, th, tw] } };
    const t2 = performance.now();
    rgbaBytes(decodeOutput(m, out, W, H), W, H);
    unpack.push(performance.now() - t2);
    pack.push(t1 - t0);
  }
  console.log(`packing at ${W}×${H}, ${channels.length} channels${channels.some((c) => c.startsWith('previous.')) ? ' (previous warped)' : ''}: ${median(pack).toFixed(1)} ms; output → RGBA: ${median(unpack).toFixed(1)} ms (median of 7)`);
}

/** An RGBA32F texture holding up to four planes (values, stride, offset) per pixel, the rest 1, as a render target holds them. */
function rgbaTexture(device: GPUDevice, label: string, passes: DraftPasses, planes: [Float32Array, number, number][]): GPUTexture {
  const { width: w, height: h } = passes;
  const data = new Float32Array(w * h * 4).fill(1);
  for (let i = 0; i < w * h; i++) planes.forEach(([values, stride, offset], c) => { data[4 * i + c] = values[i * stride + offset]; });
  const texture = device.createTexture({ label, size: [w, h], format: 'rgba32float', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST });
  device.queue.writeTexture({ texture }, data, { bytesPerRow: w * 16 }, [w, h]);
  return texture;
}

/** Child (run through scripts/with-swiftshader.mjs): pack on the CPU against pack on the GPU; prints one JSON line. */
async function gpuPackChild(manifest: ModelManifest): Promise<void> {
  const { nodeGpuDevice } = await import('../src/sim/gpu/node-device.ts');
  const { GpuDraftPacker, submitChecked } = await import('../src/inference/browser/gpu-pack.ts');
  const gpu = await nodeGpuDevice();
  if (!gpu) { process.stdout.write(`${JSON.stringify({ skipped: 'no WebGPU device in Node (the webgpu package or an adapter is missing)' })}\n`); return; }
  const keep = setInterval(() => {}, 20); // Dawn's callbacks need the event loop
  const { device } = gpu;
  const shaders = { packInput: readFileSync('shaders/draft/pack_input.wgsl', 'utf8'), decodeOutput: readFileSync('shaders/draft/decode_output.wgsl', 'utf8') };
  const packer = new GpuDraftPacker(device, manifest, shaders);
  const rows: { size: string; cpu: number; cpuRead: number; cpuPack: number; cpuUpload: number; gpu: number }[] = [];
  for (const [w, h] of [[256, 144], [512, 288], [1024, 576]]) {
    const passes = syntheticPasses(w, h, { flow: [0.5, 0.25] });
    const previous = new Float32Array(w * h * 3).fill(0.5);
    const unsquash = passes.direct.map((v) => v / (1 - v));
    const textures = {
      albedo: rgbaTexture(device, 'bench albedo', passes, [[passes.albedo, 3, 0], [passes.albedo, 3, 1], [passes.albedo, 3, 2]]),
      parameters: rgbaTexture(device, 'bench parameters', passes, [[passes.roughness, 1, 0], [passes.metalness, 1, 0], [passes.fluidMask, 1, 0]]),
      direct: rgbaTexture(device, 'bench direct', passes, [[unsquash, 3, 0], [unsquash, 3, 1], [unsquash, 3, 2]]),
    };
    const beautyRgba = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) beautyRgba.set([passes.beauty[3 * i] * 255, passes.beauty[3 * i + 1] * 255, passes.beauty[3 * i + 2] * 255, 255], 4 * i);
    const frame = {
      width: w, height: h, normals: passes.normal, depthM: passes.depth, backwardFlow: passes.backwardFlow, backwardValid: passes.backwardValid,
      beautyRgba, background: [0.8, 0.85, 0.9] as const, textures, readBack: async () => passes,
    };
    const values = manifest.inputs[0].channels.length * Math.ceil(w / manifest.sizeMultiple) * manifest.sizeMultiple * Math.ceil(h / manifest.sizeMultiple) * manifest.sizeMultiple;
    const tensor = device.createBuffer({ label: 'bench uploaded tensor', size: values * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const staging = Object.values(textures).map((t) => device.createBuffer({ label: `bench read-back ${t.label}`, size: w * h * 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
    const cpu: number[] = [], cpuRead: number[] = [], cpuPack: number[] = [], cpuUpload: number[] = [], onGpu: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      const encoder = device.createCommandEncoder({ label: 'bench read-back' });
      Object.values(textures).forEach((texture, k) => encoder.copyTextureToBuffer({ texture }, { buffer: staging[k], bytesPerRow: w * 16 }, [w, h]));
      device.queue.submit([encoder.finish()]);
      await Promise.all(staging.map(async (b) => { await b.mapAsync(GPUMapMode.READ); b.getMappedRange().slice(0); b.unmap(); }));
      const t1 = performance.now();
      const feeds = buildFeeds(manifest, passes, previous);
      const t2 = performance.now();
      device.queue.writeBuffer(tensor, 0, feeds[manifest.inputs[0].name].data as Float32Array<ArrayBuffer>);
      await device.queue.onSubmittedWorkDone();
      const t3 = performance.now();
      const packed = submitChecked(device, 'bench pack', (e) => packer.encodePack(e, frame, previous));
      await device.queue.onSubmittedWorkDone();
      const problem = await packed.errors;
      if (problem) throw new Error(problem);
      packed.result.release();
      const t4 = performance.now();
      if (i < 2) continue; // warm-up: pipelines, pools, the first upload of `previous`
      cpu.push(t3 - t0); cpuRead.push(t1 - t0); cpuPack.push(t2 - t1); cpuUpload.push(t3 - t2); onGpu.push(t4 - t3);
    }
    rows.push({ size: `${w}×${h}`, cpu: median(cpu), cpuRead: median(cpuRead), cpuPack: median(cpuPack), cpuUpload: median(cpuUpload), gpu: median(onGpu) });
    for (const b of [tensor, ...staging]) b.destroy();
    for (const t of Object.values(textures)) t.destroy();
  }
  packer.dispose();
  clearInterval(keep);
  process.stdout.write(`${JSON.stringify({ adapter: gpu.adapterInfo, rows })}\n`);
  gpu.dispose();
}

/** Section 3: runs gpuPackChild with SwiftShader's Vulkan driver visible to Dawn. */
function gpuPackBench(self: string): void {
  let out = '';
  try {
    out = execFileSync(process.execPath, ['scripts/with-swiftshader.mjs', process.execPath, '--import', 'tsx', self, '--gpu-pack'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    console.log(`input tensor packing on the GPU: skipped (${(error as Error).message.split('\n')[0]})`);
    return;
  }
  const r = JSON.parse(out.trim().split('\n').pop()!) as { skipped?: string; adapter?: string; rows?: { size: string; cpu: number; cpuRead: number; cpuPack: number; cpuUpload: number; gpu: number }[] };
  if (r.skipped || !r.rows) { console.log(`input tensor packing on the GPU: skipped (${r.skipped})`); return; }
  const software = /swiftshader|llvmpipe|lavapipe/i.test(r.adapter ?? '');
  console.log(`input tensor, pack on the CPU vs pack on the GPU, ms per frame (median of 7; WebGPU adapter: ${r.adapter}${software ? ' — a software rasteriser on the CPU, so this is a correctness-and-scaling figure, not a GPU speed' : ''}):`);
  for (const row of r.rows) {
    console.log(`  ${row.size}: CPU ${row.cpu.toFixed(1)} (medians: read back ${row.cpuRead.toFixed(1)}, pack ${row.cpuPack.toFixed(1)}, upload ${row.cpuUpload.toFixed(1)}); GPU ${row.gpu.toFixed(1)}, ${(row.gpu / row.cpu).toFixed(2)}× the CPU path's time`);
  }
}

async function main(): Promise<void> {
  const threadsArg = process.argv.indexOf('--threads');
  if (threadsArg > 0) return child(Number(process.argv[threadsArg + 1]));
  const present = existsSync(join(DIR, 'manifest.json'));
  const manifest = present ? parseManifest(JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'))) : null;
  if (process.argv.includes('--gpu-pack')) return gpuPackChild(manifest ?? allChannelsManifest());
  const self = fileURLToPath(import.meta.url);
  console.log('\n== draft model inference (onnxruntime-web wasm in Node) ==');
  packingBench(manifest);
  gpuPackBench(self);
  if (!manifest) {
    console.log(`no shipped model in ${DIR}/ yet (manifest.json missing): model timings skipped`);
    return;
  }
  const results: { threads: number; createMs: number; firstRunMs: number; medianMs: number; runs: number }[] = [];
  for (const threads of [1, 2]) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--threads', String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    results.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  console.log(`${manifest.name} (${manifest.file}) at ${W}×${H}, per frame including packing:`);
  for (const r of results) {
    console.log(`  wasm, ${r.threads} thread${r.threads > 1 ? 's' : ''}: ${r.medianMs.toFixed(0)} ms per frame (median of ${r.runs}); first run ${r.firstRunMs.toFixed(0)} ms after ${r.createMs.toFixed(0)} ms session creation`);
  }
  console.log(`  2 threads / 1 thread: ${(results[1].medianMs / results[0].medianMs).toFixed(2)}× the time`);
}

await main();
