/**
 * The headless CLI (src/cli/render.ts, src/cli/batch.ts), run in-process from the Playwright runner
 * against the same build ($WD_DIST or dist/): `render` with --glb and a tiny --pack; `batch` with a
 * failing prompt among good ones, then resumed; and `batch --queue` through BullMQ on a local Redis
 * (Debian's redis-server on a free loopback port) with two workers, one job failing every attempt and
 * one failing its first attempt only. Each launches its own Chromium.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { renderCommand } from '../src/cli/render.ts';
import { batchCommand, workerCommand } from '../src/cli/batch.ts';
import { decodeNpy } from '../src/export/npy.ts';

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
