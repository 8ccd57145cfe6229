/**
 * The headless CLI (src/cli/render.ts, src/cli/batch.ts), run in-process from the Playwright runner
 * against the same build ($WD_DIST or dist/): `render` with --glb and a tiny --pack; `batch` with a
 * failing prompt among good ones, then resumed; and `batch --queue` through BullMQ on a local Redis
 * (Debian's redis-server on a free loopback port) with two workers, one job failing every attempt and
 * one failing its first attempt only; `render --video --draft` through the shipped draft model, its
 * frame compared with the raw video's (decoded in the app page), and a build whose model file is
 * damaged, which must stop the render with one line. Each launches its own Chromium.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { renderCommand } from '../src/cli/render.ts';
import { batchCommand, workerCommand } from '../src/cli/batch.ts';
import { decodeNpy } from '../src/export/npy.ts';
import { loadPausedSpec, rollingBallScene, waitForApp } from './support.ts';

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, out: () => out.join(''), err: () => err.join('') };
}

const PROMPTS = 'a tennis ball drops from 1 m\n# a comment\nxyzzy plugh frobnicate\na marble rolls down a 20 degree ramp\n';

test('render: a prompt to .glb and a conditioning pack; bad input is one line and exit 2', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'wd-render-'));
  const c = capture();
  const code = await renderCommand(['a tennis ball drops from 1 m', '--out', dir, '--glb', '--pack', '64x48:5@8'], c.io);
  expect(code, c.err()).toBe(0);
  const result = JSON.parse(c.out());
  expect(result.files.map((f: { path: string }) => f.path).sort()).toEqual(['scene.json', 'worlddraft-pack.zip', 'worlddraft-scene.glb']);
  expect(c.err()).toContain('pack: wrote worlddraft-pack.zip');
  const glb = readFileSync(join(dir, 'worlddraft-scene.glb'));
  expect(glb.subarray(0, 4).toString('latin1')).toBe('glTF');
  const files = unzipSync(readFileSync(join(dir, 'worlddraft-pack.zip')));
  expect(Object.keys(files).filter((f) => f.startsWith('frames/')).length).toBe(5);
  expect(decodeNpy(files['tracks.npy']).shape.slice(1)).toEqual([5, 2]);
  expect(existsSync(join(dir, 'result.json'))).toBe(true);

  const bad = capture();
  expect(await renderCommand(['a ball', '--out', dir, '--pack', 'huge'], bad.io)).toBe(2);
  expect(bad.err().trim().split('\n')).toHaveLength(1);
  expect(bad.err()).toContain('unknown pack preset "huge"');
});

test('batch: a failing prompt does not stop the rest, and a second run skips finished items', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'wd-batch-'));
  const prompts = join(dir, 'prompts.txt');
  writeFileSync(prompts, PROMPTS);
  const c = capture();
  const code = await batchCommand([prompts, '--out', join(dir, 'out'), '--jobs', '2', '--glb'], c.io);
  expect(code, c.err()).toBe(1); // one item failed
  const summary = JSON.parse(c.out());
  expect(summary.items.map((i: { status: string }) => i.status)).toEqual(['done', 'failed', 'done']);
  expect(summary.items[1].error).toContain('No object found');
  expect(c.err()).toMatch(/2 done, 0 skipped, 1 failed/);
  expect(readFileSync(join(dir, 'out', 'summary.tsv'), 'utf8').split('\n')[0]).toBe('index\tstatus\tseconds\tfiles\tprompt\terror');
  expect(existsSync(join(summary.items[0].dir, 'worlddraft-scene.glb'))).toBe(true);

  const again = capture();
  expect(await batchCommand([prompts, '--out', join(dir, 'out'), '--glb'], again.io)).toBe(1);
  expect(JSON.parse(again.out()).items.map((i: { status: string }) => i.status)).toEqual(['skipped', 'failed', 'skipped']);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const port = (s.address() as { port: number }).port; s.close(() => resolve(port)); });
  });
}

test('batch --queue: BullMQ on a local Redis with two workers survives a failing prompt and retries a failed attempt', async () => {
  test.skip(!existsSync('/usr/bin/redis-server'), 'needs redis-server (apt-get install -y redis-server)');
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'wd-queue-'));
  const port = await freePort();
  const redis: ChildProcess = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const queue = `redis://127.0.0.1:${port}`;
    const prompts = join(dir, 'prompts.txt');
    writeFileSync(prompts, PROMPTS);
    // The first item's first attempt fails: a folder stands where its scene.json goes. Once a worker
    // reports that attempt failed, the folder goes, and the retry (after BullMQ's 1 s backoff) succeeds.
    const outDir = join(dir, 'out');
    const blocker = join(outDir, '0001-a-tennis-ball-drops-from-1-m', 'scene.json');
    mkdirSync(blocker, { recursive: true });
    const batch = capture(), w1 = capture(), w2 = capture();
    const unblock = async () => {
      while (!/\[1\] failed/.test(w1.err() + w2.err())) await new Promise((r) => setTimeout(r, 50));
      rmdirSync(blocker);
    };
    const [code, c1, c2] = await Promise.all([
      batchCommand([prompts, '--out', outDir, '--queue', queue, '--glb'], batch.io),
      workerCommand(['--queue', queue, '--idle-exit', '8'], w1.io),
      workerCommand(['--queue', queue, '--idle-exit', '8'], w2.io),
      unblock(),
    ]);
    expect([c1, c2], w1.err() + w2.err()).toEqual([0, 0]);
    expect(code, batch.err()).toBe(1);
    const items = JSON.parse(batch.out()).items;
    // The retried item counts as done; the prompt that fails both attempts counts once, as failed.
    expect(items.map((i: { status: string }) => i.status)).toEqual(['done', 'failed', 'done']);
    expect(batch.err()).toMatch(/2 done, 0 skipped, 1 failed/);
    expect(batch.err().match(/\[2\] failed/g)).toHaveLength(1);
    expect(batch.err()).not.toMatch(/\[1\] failed/);
    expect(w1.err() + w2.err()).toMatch(/0001-a-tennis-ball-drops-from-1-m attempt 1 of 2 failed, will retry/);
    // Both workers took part.
    const rendered = [JSON.parse(w1.out()).rendered, JSON.parse(w2.out()).rendered];
    expect(rendered[0] + rendered[1]).toBe(2);
    // On disk too: results for the done items, and error.txt only for the item that failed for good.
    expect([0, 1, 2].map((i) => existsSync(join(items[i].dir, 'result.json')))).toEqual([true, false, true]);
    expect([0, 1, 2].map((i) => existsSync(join(items[i].dir, 'error.txt')))).toEqual([false, true, false]);
    // The failed job is in BullMQ's failed set (the dead-letter list) after its 2 attempts; the retried
    // one is completed, on its second attempt.
    const { Queue } = await import('bullmq');
    const q = new Queue('worlddraft-render', { connection: { host: '127.0.0.1', port } });
    const failed = await q.getFailed();
    const completed = await q.getCompleted();
    await q.close();
    expect(failed.length).toBe(1);
    expect(failed[0].attemptsMade).toBe(2);
    expect(failed[0].data.item.index).toBe(1);
    expect(completed.map((j) => [j.data.item.index, j.attemptsMade]).sort()).toEqual([[0, 2], [2, 1]]);
  } finally {
    redis.kill('SIGTERM');
  }
});

/** draft.spec.ts's scene: a ball rolling past a wall for 1 s, 24 frames, small enough for the draft model on the CPU. */
const DRAFT_SCENE = rollingBallScene();

/** Mean absolute difference per RGB channel (0..255) of two RGBA images of one size. */
function meanDiff(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) for (let k = 0; k < 3; k++) sum += Math.abs(a[i + k] - b[i + k]);
  return sum / ((a.length / 4) * 3);
}

test('render --video --draft: every frame through the shipped draft model, measurably unlike the raw video and not blank', async ({ page }) => {
  test.setTimeout(480_000);
  const dir = mkdtempSync(join(tmpdir(), 'wd-render-draft-'));
  const scene = join(dir, 'scene.json');
  writeFileSync(scene, JSON.stringify(DRAFT_SCENE));
  const flags = ['--scene', scene, '--video', '--size', '256x144', '--fps', '24'];
  const raw = capture(), draft = capture();
  expect(await renderCommand([...flags, '--out', join(dir, 'raw')], raw.io), raw.err()).toBe(0);
  expect(await renderCommand([...flags, '--draft', '--out', join(dir, 'draft')], draft.io), draft.err()).toBe(0);
  expect(draft.err()).toMatch(/draft model: [\w-]+ \(shipped, fp(32|16)\) on (wasm|webgpu)/);
  expect(JSON.parse(draft.out()).files.map((f: { path: string }) => f.path).sort()).toEqual(['scene.json', 'worlddraft.webm']);
  const seconds = [JSON.parse(raw.out()).seconds, JSON.parse(draft.out()).seconds];
  console.log(`24 frames at 256x144: raw ${seconds[0].toFixed(1)} s, draft ${seconds[1].toFixed(1)} s (the whole render: model, scene, sound and video)`);

  // Decoded in the app page, beside the scene's raw frame rendered there at the video's size.
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  await loadPausedSpec(page, DRAFT_SCENE);
  const videos = [raw, draft].map((_, i) => Array.from(readFileSync(join(dir, ['raw', 'draft'][i], 'worlddraft.webm'))));
  const r = await page.evaluate(async ([rawBytes, draftBytes]) => {
    const wd = window.worlddraft!;
    return { raw: await wd.decodeVideoFrame(rawBytes, 0.5), draft: await wd.decodeVideoFrame(draftBytes, 0.5), render: await wd.captureAt(0.5, 256, 144) };
  }, videos);
  expect([r.draft.width, r.draft.height]).toEqual([256, 144]);
  const codecLoss = meanDiff(r.raw.rgba, r.render.rgba); // the raw video is the raw render, up to VP9's loss
  const draftToRaw = meanDiff(r.draft.rgba, r.raw.rgba);
  console.log(`frame at 0.5 s, mean |difference| per channel: raw video vs raw render ${codecLoss.toFixed(2)}, draft video vs raw video ${draftToRaw.toFixed(2)}`);
  expect(codecLoss).toBeLessThan(6);
  expect(draftToRaw).toBeGreaterThan(Math.max(4, 3 * codecLoss));
  // The draft frame is a picture: neither black, white nor one flat colour.
  const values = r.draft.rgba.filter((_, i) => i % 4 !== 3);
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  expect(mean).toBeGreaterThan(5);
  expect(mean).toBeLessThan(250);
  expect(std).toBeGreaterThan(5);
});

test('render --draft: without --video it is a usage error; with a damaged model it writes nothing and says why in one line', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'wd-render-broken-'));
  const scene = join(dir, 'scene.json');
  writeFileSync(scene, JSON.stringify(DRAFT_SCENE));

  const usage = capture();
  expect(await renderCommand(['--scene', scene, '--out', join(dir, 'x'), '--glb', '--draft'], usage.io)).toBe(2);
  expect(usage.err()).toBe('worlddraft render: --draft goes with --video: only the video takes the draft look (the pack and .glb hold the scene itself)\n');

  // The same build, with its model files overwritten by bytes that are not ONNX.
  const broken = join(dir, 'dist');
  cpSync(process.env.WD_DIST ?? 'dist', broken, { recursive: true });
  const models = readdirSync(join(broken, 'assets')).filter((f) => f.endsWith('.onnx'));
  expect(models.length).toBeGreaterThan(0);
  for (const f of models) writeFileSync(join(broken, 'assets', f), 'not a model at all');
  const saved = process.env.WD_DIST;
  process.env.WD_DIST = broken;
  try {
    const c = capture();
    const out = join(dir, 'out');
    expect(await renderCommand(['--scene', scene, '--out', out, '--video', '--draft', '--size', '256x144', '--fps', '24'], c.io)).toBe(1);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.err()).toMatch(/^worlddraft render: --draft: the draft model could not be loaded, so no video was written: the file draft[\w.]*\.onnx is not an ONNX model/);
    expect(c.out()).toBe('');
    expect(existsSync(out)).toBe(false); // nothing written, not even scene.json
  } finally {
    if (saved === undefined) delete process.env.WD_DIST;
    else process.env.WD_DIST = saved;
  }
});
