/**
 * `worlddraft batch` and `worlddraft worker`: many prompts rendered by a pool of browser workers.
 *
 *   worlddraft batch prompts.txt --out DIR [--jobs N] [--glb] [--pack P] [--video [--draft]] [--style S] …
 *   worlddraft batch prompts.txt --out DIR --queue redis://host:port [--no-wait]   (enqueue; BullMQ)
 *   worlddraft worker --queue redis://host:port [--jobs N] [--idle-exit S]       (render queued jobs)
 *
 * prompts.txt holds one prompt per line (blank lines and lines starting with # are skipped). Item i
 * writes into DIR/NNNN-slug/ whatever `worlddraft render` writes, result.json last; an item whose
 * result.json exists is finished and skipped, so an interrupted batch resumes where it stopped. A failing
 * prompt is recorded (DIR/NNNN-slug/error.txt) and the rest go on. The summary table goes to stderr and
 * DIR/summary.tsv, the summary JSON to stdout; exit code 0 when every item is done, 1 when some failed,
 * 2 for bad input.
 *
 * Local pool: one headless Chromium (render.ts RenderService), N pages pulling from a shared list.
 * Past one machine: BullMQ on Redis (an existing job engine, not a home-made one). `batch --queue` adds
 * one job per unfinished item (job id = the item's folder, so re-running does not duplicate), with 2
 * attempts and exponential backoff; an item counts, and is recorded, as failed only when its last
 * attempt fails (a failed attempt that is retried leaves no error.txt); jobs that fail every attempt
 * stay in BullMQ's failed set (the dead-letter list, `Queue.getFailed()`); progress comes from
 * `job.updateProgress`. Workers on any machine that sees the same DIR (a shared disk) render them and
 * write the outputs plus result.json.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXPORT_OPTIONS, errorLine, isUsageError, jobFrom, oneLine, RenderService, RenderUsageError, rendererOption, type RenderIO, type RenderResult, type RenderWorker } from './render.ts';

export const QUEUE_NAME = 'worlddraft-render';

export interface BatchItem {
  index: number;
  prompt: string;
  dir: string;
}

/** The export options every item shares (the render command's flags). */
export interface BatchOptions { glb?: boolean; pack?: string; video?: boolean; draft?: boolean; style?: string; format?: string; fps?: string; size?: string; seed?: string }

export interface ItemOutcome {
  index: number;
  prompt: string;
  dir: string;
  status: 'done' | 'skipped' | 'failed';
  seconds: number;
  files: number;
  error?: string;
}

/** Prompts file → items with their folders (NNNN-slug). */
export function batchItems(text: string, outDir: string): BatchItem[] {
  const prompts = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return prompts.map((prompt, i) => {
    const slug = prompt.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'item';
    return { index: i, prompt, dir: join(outDir, `${String(i + 1).padStart(4, '0')}-${slug}`) };
  });
}

export const isFinished = (item: BatchItem): boolean => existsSync(join(item.dir, 'result.json'));

/**
 * Renders one item on a worker page; failures are returned, never thrown. The item's folder records
 * the result: error.txt for a failure that is final (`final`: false for a queue attempt that will be
 * retried), and no error.txt beside a result, whatever an earlier attempt or run left there.
 */
export async function renderItem(worker: RenderWorker, item: BatchItem, options: BatchOptions, log?: (line: string) => void, final = true): Promise<ItemOutcome> {
  const started = Date.now();
  const label = `[${item.index + 1}] `;
  const errorFile = join(item.dir, 'error.txt');
  try {
    const job = jobFrom({ prompt: item.prompt }, options);
    const result: RenderResult = await worker.render(job, item.dir, label);
    await rm(errorFile, { force: true });
    log?.(`${label}done in ${result.seconds.toFixed(1)} s: ${item.prompt}`);
    return { index: item.index, prompt: item.prompt, dir: item.dir, status: 'done', seconds: result.seconds, files: result.files.length };
  } catch (error) {
    const message = oneLine(error);
    log?.(`${label}failed${final ? '' : ' (will retry)'}: ${message}`);
    if (final) {
      await mkdir(item.dir, { recursive: true }).catch(() => undefined);
      await writeFile(errorFile, `${message}\n`).catch(() => undefined);
    }
    if (!isUsageError(error)) await worker.reset().catch(() => undefined);
    return { index: item.index, prompt: item.prompt, dir: item.dir, status: 'failed', seconds: (Date.now() - started) / 1000, files: 0, error: message };
  }
}

/** The summary as a plain-text table (also written as TSV). */
export function summaryTable(outcomes: readonly ItemOutcome[]): string {
  const rows = [['#', 'status', 'seconds', 'files', 'prompt / error']];
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    rows.push([String(o.index + 1), o.status, o.seconds.toFixed(1), String(o.files), o.error ? `${o.prompt}  (${o.error})` : o.prompt]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const counts = (s: ItemOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return `${rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n')}\n${counts('done')} done, ${counts('skipped')} skipped, ${counts('failed')} failed\n`;
}

async function writeSummary(outDir: string, outcomes: ItemOutcome[], io: RenderIO): Promise<number> {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  await writeFile(join(outDir, 'summary.tsv'), `index\tstatus\tseconds\tfiles\tprompt\terror\n${sorted.map((o) => [o.index + 1, o.status, o.seconds.toFixed(2), o.files, o.prompt, o.error ?? ''].join('\t')).join('\n')}\n`);
  io.stderr.write(summaryTable(sorted));
  io.stdout.write(`${JSON.stringify({ out: outDir, items: sorted }, null, 2)}\n`);
  return sorted.some((o) => o.status === 'failed') ? 1 : 0;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string', short: 'o' },
  jobs: { type: 'string', short: 'j' },
  queue: { type: 'string' },
  'no-wait': { type: 'boolean' },
  'idle-exit': { type: 'string' },
  ...EXPORT_OPTIONS,
} satisfies ParseArgsConfig['options'];

export const BATCH_HELP = `worlddraft batch prompts.txt --out DIR [--jobs N] [--glb] [--pack P] [--video [--draft]] [--style S] [--format F] [--fps N] [--size WxH]
worlddraft batch prompts.txt --out DIR --queue redis://host:port [--no-wait] [export flags]
worlddraft worker --queue redis://host:port [--jobs N] [--idle-exit S]

One prompt per line (# comments). Each item goes to DIR/NNNN-slug/ with the files of "worlddraft render";
finished items (result.json present) are skipped, failures are recorded and the rest go on. A summary
table on stderr and in DIR/summary.tsv; JSON on stdout. Exit 0 all done, 1 some failed, 2 bad input.
The export flags are those of "worlddraft render" (see its --help): --draft, with --video only, runs
every frame through the shipped draft model; an item whose model cannot load fails, with that sentence.
With --queue, jobs go to BullMQ (queue "${QUEUE_NAME}") for "worlddraft worker" processes to render,
with the export flags (--draft included) in each job.
`;

function jobsOption(text: string | undefined): number {
  const n = Number(text ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new RenderUsageError(`--jobs must be an integer from 1 to 32, got "${text}"`);
  return n;
}

/** Checks redis://host:port and returns a factory of ioredis clients (BullMQ wants its own per Queue, Worker, QueueEvents). */
export async function redisConnection(url: string): Promise<() => import('ioredis').Redis> {
  let parsed: URL;
  try { parsed = new URL(url); } catch { throw new RenderUsageError(`--queue must be redis://host:port, got "${url}"`); }
  if (parsed.protocol !== 'redis:') throw new RenderUsageError(`--queue must be redis://host:port, got "${url}"`);
  const { Redis } = await import('ioredis');
  return () => {
    const client = new Redis(url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined); // reported through the BullMQ calls that fail
    clients.add(client);
    return client;
  };
}

/** Clients handed to BullMQ are ours to close (it leaves passed-in connections open). */
const clients = new Set<import('ioredis').Redis>();
function closeClients(): void {
  for (const c of clients) c.disconnect();
  clients.clear();
}

function exportOptions(o: BatchOptions): BatchOptions {
  return { glb: o.glb, pack: o.pack, video: o.video, draft: o.draft, style: o.style, format: o.format, fps: o.fps, size: o.size, seed: o.seed };
}

export async function batchCommand(argv: string[], io: RenderIO): Promise<number> {
  try {
    let parsed;
    try { parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }); } catch (error) {
      throw new RenderUsageError(`${(error as Error).message}. Run "worlddraft batch --help".`);
    }
    const { values: o, positionals } = parsed;
    if (o.help) { io.stdout.write(BATCH_HELP); return 0; }
    if (positionals.length !== 1) throw new RenderUsageError('give one prompts file: worlddraft batch prompts.txt --out DIR');
    if (!o.out) throw new RenderUsageError('--out DIR is required');
    const outDir = resolve(o.out);
    let text: string;
    try { text = await readFile(positionals[0], 'utf8'); } catch { throw new RenderUsageError(`cannot read prompts file "${positionals[0]}": check the path`); }
    const items = batchItems(text, outDir);
    if (!items.length) throw new RenderUsageError(`"${positionals[0]}" holds no prompts`);
    const options = exportOptions(o);
    // Check the shared flags once, before any browser starts (a prompt's own problems are per item).
    jobFrom({ sceneJson: JSON.stringify({ version: 1, seed: 1, bodies: [{ id: 'b', name: 'b', kind: 'ball', material: 'rubber', shape: { type: 'sphere', radiusM: 0.1 }, positionM: [0, 1, 0] }], environment: { ground: null } }) }, options);
    await mkdir(outDir, { recursive: true });
    const log = (line: string) => io.stderr.write(`worlddraft batch: ${line}\n`);
    if (o.queue) return await enqueue(items, options, o.queue, !o['no-wait'], outDir, io, log);

    const outcomes: ItemOutcome[] = [];
    const todo: BatchItem[] = [];
    for (const item of items) {
      if (isFinished(item)) outcomes.push({ index: item.index, prompt: item.prompt, dir: item.dir, status: 'skipped', seconds: 0, files: 0 });
      else todo.push(item);
    }
    if (todo.length) {
      const jobs = Math.min(jobsOption(o.jobs), todo.length);
      log(`${todo.length} to render (${outcomes.length} already done) with ${jobs} worker(s)`);
      const service = await RenderService.open({ renderer: rendererOption(o.renderer), log });
      try {
        let next = 0;
        await Promise.all(Array.from({ length: jobs }, async () => {
          const worker = await service.worker();
          try {
            while (next < todo.length) outcomes.push(await renderItem(worker, todo[next++], options, log));
          } finally {
            await worker.close();
          }
        }));
      } finally {
        await service.close();
      }
    }
    return await writeSummary(outDir, outcomes, io);
  } catch (error) {
    io.stderr.write(`worlddraft batch: ${errorLine(error)}\n`);
    return isUsageError(error) ? 2 : 1;
  }
}

interface QueueData { item: BatchItem; options: BatchOptions }

async function enqueue(items: BatchItem[], options: BatchOptions, url: string, wait: boolean, outDir: string, io: RenderIO, log: (line: string) => void): Promise<number> {
  const { Queue, QueueEvents } = await import('bullmq');
  const connect = await redisConnection(url);
  const queue = new Queue<QueueData, ItemOutcome>(QUEUE_NAME, { connection: connect() });
  const events = wait ? new QueueEvents(QUEUE_NAME, { connection: connect() }) : null;
  try {
    const outcomes = new Map<number, ItemOutcome>();
    const pending: BatchItem[] = [];
    for (const item of items) {
      if (isFinished(item)) outcomes.set(item.index, { index: item.index, prompt: item.prompt, dir: item.dir, status: 'skipped', seconds: 0, files: 0 });
      else pending.push(item);
    }
    // A failed job of an earlier run is retried: remove it so the same job id can be added again.
    for (const item of pending) {
      const old = await queue.getJob(jobId(item));
      if (old && (await old.isFailed())) await old.remove();
    }
    const jobs = await queue.addBulk(pending.map((item) => ({
      name: 'render', data: { item, options },
      opts: { jobId: jobId(item), attempts: 2, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
    })));
    log(`queued ${jobs.length} job(s) on ${QUEUE_NAME} (${outcomes.size} already done)`);
    if (!events) {
      io.stdout.write(`${JSON.stringify({ out: outDir, queued: jobs.map((j) => j.id) })}\n`);
      return 0;
    }
    await events.waitUntilReady();
    for (const job of jobs) {
      const item = job.data.item;
      try {
        const outcome = await job.waitUntilFinished(events);
        outcomes.set(item.index, outcome);
        log(`[${item.index + 1}] ${outcome.status}`);
      } catch (error) {
        outcomes.set(item.index, { index: item.index, prompt: item.prompt, dir: item.dir, status: 'failed', seconds: 0, files: 0, error: oneLine(error) });
        log(`[${item.index + 1}] failed: ${oneLine(error)}`);
      }
    }
    return await writeSummary(outDir, [...outcomes.values()], io);
  } finally {
    await events?.close();
    await queue.close();
    closeClients();
  }
}

const jobId = (item: BatchItem) => item.dir.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** `worlddraft worker --queue redis://host:port [--jobs N] [--idle-exit S]`: renders queued items. */
export async function workerCommand(argv: string[], io: RenderIO): Promise<number> {
  let service: RenderService | null = null;
  try {
    let parsed;
    try { parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }); } catch (error) {
      throw new RenderUsageError(`${(error as Error).message}. Run "worlddraft batch --help".`);
    }
    const o = parsed.values;
    if (o.help) { io.stdout.write(BATCH_HELP); return 0; }
    if (!o.queue) throw new RenderUsageError('--queue redis://host:port is required');
    const connect = await redisConnection(o.queue);
    const concurrency = jobsOption(o.jobs);
    const idleExitS = o['idle-exit'] === undefined ? null : Number(o['idle-exit']);
    if (idleExitS !== null && !(idleExitS > 0)) throw new RenderUsageError(`--idle-exit must be a number of seconds > 0, got "${o['idle-exit']}"`);
    const log = (line: string) => io.stderr.write(`worlddraft worker ${process.pid}: ${line}\n`);
    service = await RenderService.open({ renderer: rendererOption(o.renderer), log });
    const free: RenderWorker[] = [];
    for (let i = 0; i < concurrency; i++) free.push(await service.worker());
    const { Worker } = await import('bullmq');
    let done = 0;
    const worker = new Worker<QueueData, ItemOutcome>(QUEUE_NAME, async (job) => {
      const page = free.pop()!;
      try {
        const { item, options } = job.data;
        if (isFinished(item)) return { index: item.index, prompt: item.prompt, dir: item.dir, status: 'skipped', seconds: 0, files: 0 };
        await job.updateProgress(0);
        // Only the last attempt's failure is the item's; an earlier one is retried (BullMQ's backoff).
        const outcome = await renderItem(page, item, options, log, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
        await job.updateProgress(100);
        if (outcome.status === 'failed') throw new Error(outcome.error);
        done++;
        return outcome;
      } finally {
        free.push(page);
      }
    }, { connection: connect(), concurrency });
    let idleSince = Date.now();
    worker.on('active', () => { idleSince = Infinity; });
    worker.on('drained', () => { idleSince = Date.now(); });
    worker.on('completed', () => { if (!worker.isRunning()) return; idleSince = Date.now(); });
    worker.on('failed', (job, error) => {
      const retried = job !== undefined && job.attemptsMade < (job.opts.attempts ?? 1);
      log(`job ${job?.id} attempt ${job?.attemptsMade} of ${job?.opts.attempts ?? 1} failed${retried ? ', will retry' : ''}: ${error.message}`);
      idleSince = Date.now();
    });
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (idleExitS !== null) {
        const timer = setInterval(() => {
          if (Date.now() - idleSince > idleExitS * 1000) { clearInterval(timer); stop(); }
        }, 250);
      }
    });
    await worker.close();
    closeClients();
    io.stdout.write(`${JSON.stringify({ rendered: done })}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`worlddraft worker: ${errorLine(error)}\n`);
    return isUsageError(error) ? 2 : 1;
  } finally {
    await service?.close();
  }
}
