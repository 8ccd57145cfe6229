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
 *
 * The GPU figure (Python onnxruntime, CUDA provider, on an NVIDIA machine) is produced by the model's
 * training side (models/draft/); WebGPU in these machines' browsers is SwiftShader on the CPU, ~200×
 * slower than wasm, so it is not benched here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ModelManifest } from '../src/inference/manifest.ts';
import { buildFeeds, decodeOutput, DraftRunner } from '../src/inference/runner.ts';
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

function packingBench(manifest: ModelManifest | null): void {
  const channels = manifest?.inputs[0].channels ?? [...PASS_CHANNELS];
  const m: ModelManifest = manifest ?? parseManifest({
    format: 'worlddraft-model', version: 1, name: 'all-channels', file: 'x.onnx', sizeMultiple: 8,
    inputs: [{ name: 'gbuffer', dtype: 'float32', layout: 'NCHW', shape: [1, channels.length, 'H', 'W'], channels }],
    outputs: [{ name: 'draft', dtype: 'float32', layout: 'NCHW', shape: [1, 3, 'H', 'W'] }],
  });
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

async function main(): Promise<void> {
  const threadsArg = process.argv.indexOf('--threads');
  if (threadsArg > 0) return child(Number(process.argv[threadsArg + 1]));
  console.log('\n== draft model inference (onnxruntime-web wasm in Node) ==');
  const present = existsSync(join(DIR, 'manifest.json'));
  const manifest = present ? parseManifest(JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'))) : null;
  packingBench(manifest);
  if (!manifest) {
    console.log(`no shipped model in ${DIR}/ yet (manifest.json missing): model timings skipped`);
    return;
  }
  const self = fileURLToPath(import.meta.url);
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
