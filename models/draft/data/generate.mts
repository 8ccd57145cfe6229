/**
 * Training and evaluation data for the draft model: WorldDraft's own scenes, rendered by the app
 * itself in headless Chromium, one sample per frame.
 *
 *   eval/prompts.json ──parsePrompt──► SceneSpec (+ a random shot: framing, angle, subject) ──► the app
 *   the app ──► draftPasses(t)        the model's inputs, exactly as the browser renders them
 *           ├─► frameDescription(t)   camera, lights, primitives: what the path tracer renders
 *           ├─► frameDescription(t − 1/60)   the previous frame, for the temporal input
 *           └─► ambientOcclusion(t)   the "three.js + GTAO" baseline
 *
 * Scenes come from the prompt corpus, shuffled with a fixed seed; the held-out split takes whole
 * prompts that the training split never sees. Scenes with simulated liquids are skipped: the path
 * tracer draws every primitive exactly, and thousands of liquid spheres per frame are beyond the
 * CPU-scale data set this script is sized for (the fluid-mask input stays, at zero).
 *
 *   npx vite build --outDir dist-draft
 *   npx tsx models/draft/data/generate.mts --out models/draft/.data --train 240 --holdout 100
 *
 * Each sample is a folder: inputs.npy (float32 16×H×W: PASS_CHANNELS without `previous`),
 * flow.npy (float32 2×H×W backward flow, px), valid.npy (uint8 H×W), ao.npy (float32 3×H×W sRGB),
 * frame.json, previous.json and meta.json (prompt, time, split). Each sample also carries the
 * previous frame's passes (previous-inputs.npy, …): its albedo textures the previous reference, and
 * on held-out samples the model runs on both frames so that its temporal flicker can be measured.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type {} from '../../../src/main.ts';
import { parsePrompt } from '../../../src/scene/parser.ts';
import { SHOT_ANGLES, SHOT_FRAMINGS, type SceneSpec } from '../../../src/scene/spec.ts';
import { createRandom } from '../../../src/scene/random.ts';
import { encodeNpy } from '../../../src/export/npy.ts';
import { PASS_CHANNELS } from '../../../src/inference/passes.ts';
import { CHROMIUM_ARGS } from '../../../playwright.config.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const out = arg('out', 'models/draft/.data');
const dist = arg('dist', 'dist-draft');
const port = Number(arg('port', '4180'));
const trainCount = Number(arg('train', '240'));
const holdoutCount = Number(arg('holdout', '100'));
const width = Number(arg('width', '128'));
const height = Number(arg('height', '72'));
const FPS = 60;

if (!existsSync(`${dist}/index.html`)) {
  console.error(`No build in ${dist}/: run "npx vite build --outDir ${dist}" first.`);
  process.exit(2);
}

interface Job { name: string; split: 'train' | 'holdout'; prompt: string; spec: SceneSpec; tS: number }

/** Whole prompts go to one split; training prompts are reused with other shots and times. */
function plan(): Job[] {
  const random = createRandom(20261125);
  const prompts = (JSON.parse(readFileSync('eval/prompts.json', 'utf8')) as { prompt: string }[]).map((p) => p.prompt);
  const usable: { prompt: string; spec: SceneSpec }[] = [];
  for (const prompt of prompts) {
    try {
      const spec = parsePrompt(prompt, { seed: 7 });
      if (spec.fluids.length === 0 && spec.bodies.length > 0) usable.push({ prompt, spec });
    } catch { /* prompts the parser refuses are not scenes */ }
  }
  for (let i = usable.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [usable[i], usable[j]] = [usable[j], usable[i]];
  }
  const held = usable.slice(0, holdoutCount), rest = usable.slice(holdoutCount);
  const job = (split: Job['split'], k: number, { prompt, spec }: { prompt: string; spec: SceneSpec }): Job => {
    const body = spec.bodies[random.int(0, spec.bodies.length - 1)];
    const shot = {
      id: 'draft', durationS: 4, skipBeforeS: 0, move: 'static' as const, playbackRate: 1,
      framing: SHOT_FRAMINGS[random.int(0, 3)], angle: SHOT_ANGLES[random.int(0, SHOT_ANGLES.length - 1)],
      ...(random.next() < 0.5 ? { subjectId: body.id } : {}),
    };
    const tS = Math.round(random.range(0.1, 2.5) * FPS) / FPS;
    return { name: `${split}-${String(k).padStart(4, '0')}`, split, prompt, spec: { ...spec, style: 'standard', shots: [shot] }, tS };
  };
  return [...held.map((s, k) => job('holdout', k, s)), ...Array.from({ length: trainCount }, (_, k) => job('train', k, rest[k % rest.length]))];
}

const bytesOf = (b64: string) => Buffer.from(b64, 'base64');
const floats = (b64: string) => { const b = bytesOf(b64); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

type Planes = Record<'albedo' | 'normal' | 'depth' | 'direct' | 'roughness' | 'metalness' | 'fluidMask' | 'beauty' | 'flow' | 'valid', string>;

/** Writes one frame's passes channel-major: inputs.npy in PASS_CHANNELS order (without `previous`), flow.npy, valid.npy. */
function writePasses(dir: string, prefix: string, r: Planes): void {
  const n = width * height;
  const planes: [Float32Array, number][] = [
    [floats(r.albedo), 3], [floats(r.normal), 3], [floats(r.depth), 1], [floats(r.direct), 3],
    [floats(r.roughness), 1], [floats(r.metalness), 1], [floats(r.fluidMask), 1], [floats(r.beauty), 3],
  ];
  const channels = planes.reduce((s, [, c]) => s + c, 0);
  if (channels !== PASS_CHANNELS.length - 3) throw new Error('pass layout and PASS_CHANNELS disagree');
  const inputs = new Float32Array(channels * n);
  let c0 = 0;
  for (const [data, c] of planes) {
    for (let c1 = 0; c1 < c; c1++) for (let k = 0; k < n; k++) inputs[(c0 + c1) * n + k] = data[k * c + c1];
    c0 += c;
  }
  const flowHwc = floats(r.flow), flow = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) { flow[k] = flowHwc[2 * k]; flow[n + k] = flowHwc[2 * k + 1]; }
  writeFileSync(join(dir, `${prefix}inputs.npy`), encodeNpy(inputs, [channels, height, width]));
  writeFileSync(join(dir, `${prefix}flow.npy`), encodeNpy(flow, [2, height, width]));
  writeFileSync(join(dir, `${prefix}valid.npy`), encodeNpy(new Uint8Array(bytesOf(r.valid)), [height, width]));
}

const jobs = plan();
mkdirSync(out, { recursive: true });
const server = spawn('npx', ['vite', 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  // tsx names every arrow function through a `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.goto(`http://127.0.0.1:${port}/?renderer=${arg('renderer', 'webgpu')}`);
  await page.waitForFunction(() => (window.worlddraft?.controller.state.durationS ?? 0) > 0, null, { timeout: 120_000 });
  const started = Date.now();
  for (const [index, job] of jobs.entries()) {
    const dir = join(out, job.name);
    if (existsSync(join(dir, 'meta.json'))) continue;
    const r = await page.evaluate(async ({ json, tS, w, h, dt }) => {
      const wd = window.worlddraft!;
      await wd.controller.runSpecJson(json);
      wd.controller.pause();
      const b64 = (a: ArrayBufferView) => {
        const u8 = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        let s = '';
        for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
        return btoa(s);
      };
      const p = await wd.render.draftPasses(tS, w, h);
      const q = await wd.render.draftPasses(Math.max(0, tS - dt), w, h);
      const frame = await wd.render.frameDescription(tS, w, h);
      const previous = await wd.render.frameDescription(Math.max(0, tS - dt), w, h);
      const ao = await wd.render.ambientOcclusion(tS, w, h);
      const planes = (x: typeof p) => ({
        albedo: b64(x.albedo), normal: b64(x.normal), depth: b64(x.depth), direct: b64(x.direct), roughness: b64(x.roughness), metalness: b64(x.metalness),
        fluidMask: b64(x.fluidMask), beauty: b64(x.beauty), flow: b64(x.backwardFlow), valid: b64(x.backwardValid),
      });
      return {
        current: planes(p), previousPasses: planes(q), ao: b64(ao.data), frame, previous, backend: wd.controller.state.backend,
      };
    }, { json: JSON.stringify(job.spec), tS: job.tS, w: width, h: height, dt: 1 / FPS });
    mkdirSync(dir, { recursive: true });
    writePasses(dir, '', r.current);
    writePasses(dir, 'previous-', r.previousPasses);
    const n = width * height;
    const aoBytes = bytesOf(r.ao), ao = new Float32Array(3 * n);
    for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) ao[c * n + k] = aoBytes[4 * k + c] / 255;
    writeFileSync(join(dir, 'ao.npy'), encodeNpy(ao, [3, height, width]));
    writeFileSync(join(dir, 'frame.json'), JSON.stringify(r.frame));
    writeFileSync(join(dir, 'previous.json'), JSON.stringify(r.previous));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ prompt: job.prompt, tS: job.tS, split: job.split, backend: r.backend, spec: job.spec }));
    if (index % 20 === 0) console.log(`${index + 1}/${jobs.length} ${job.name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await browser.close();
  console.log(`${jobs.length} samples in ${out}`);
} finally {
  server.kill();
}
