/**
 * `worlddraft render`: the app's exports, headless. A prompt or scene file is parsed and validated in
 * Node, then the built app (dist/, built with vite when missing) is served on a free loopback port and
 * driven in headless Chromium through Playwright; each export runs through `window.worlddraft`
 * (main.ts exportDownload), the very code behind the Export tab, and arrives as a browser download.
 *
 *   worlddraft render "<prompt>" | --scene file.json --out DIR [--video [--draft]] [--pack PRESET] [--glb]
 *                     [--style S] [--format webm|mp4] [--fps N] [--size WxH] [--seed N] [--renderer R]
 *
 *   spec (Node) ─► static server (127.0.0.1:0, dist/) ◄─ Chromium page ─► runSpecJson ─► exports
 *                                                                          └─ downloads ─► DIR/
 *
 * Files are saved as NAME.part and renamed when complete, and `result.json` is written last, so an
 * interrupted render leaves no half-written file under its final name (batch.ts resumes on that).
 * Progress goes to stderr, the result (file list JSON) to stdout; errors are one line on stderr with
 * exit code 2 (bad input, or a scene the app refuses) or 1 (a draft model that cannot load, or anything
 * unexpected).
 *
 * `--video --draft` runs every frame through the draft model, as the Export tab's "through the draft
 * model" does: the page loads the model the build ships (models/draft/, controller.startDraft(), the
 * Draft tab's loader) before anything is written, and a model that cannot load stops the render with
 * one sentence rather than writing the raw look.
 *
 * `RenderService` (one browser + server) and `RenderWorker` (one page) are shared with batch.ts.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { parsePrompt, PromptError } from '../scene/parser.ts';
import { parseSceneSpecJson, SceneSpecError, STYLES, type SceneSpec } from '../scene/spec.ts';
import { PACK_PRESETS, PackSettingsError, parsePackPreset, type PackSettings } from '../export/pack.ts';
import type {} from '../main.ts';

export interface RenderIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Bad input or a scene the app refuses: one line, exit code 2. */
export class RenderUsageError extends Error {}

/** A failure that is not a bug and not bad input (the draft model cannot load): one line, exit code 1. */
export class RenderFailure extends Error {}

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The Chromium flags of playwright.config.ts (ENVIRONMENT.md): WebGL2 / WebGPU on SwiftShader, no network at start-up. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu',
  '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader',
  '--autoplay-policy=no-user-gesture-required',
];

/** The video export's settings (ui/controller.ts VideoSettings); `draft`: every frame through the draft model. */
export interface VideoJob { format: 'webm' | 'mp4'; fps: number; width: number; height: number; draft: boolean }

/** One render: the scene and which exports to write. */
export interface RenderJob {
  spec: SceneSpec;
  video: VideoJob | null;
  pack: PackSettings | null;
  glb: boolean;
}

export interface RenderResult {
  out: string;
  files: { path: string; kind: string; bytes: number }[];
  durationS: number;
  timelineHash: string | null;
  seconds: number;
}

// ---- the browser side ------------------------------------------------------------------------------

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream', '.glb': 'model/gltf-binary', '.woff2': 'font/woff2', '.txt': 'text/plain',
};

/** A tiny static server for the built app on 127.0.0.1 (a free port), with the app's isolation headers. */
async function serveDist(dist: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      let file = normalize(join(dist, path));
      if (!file.startsWith(dist + sep) && file !== dist) { response.writeHead(403).end(); return; }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
          'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Chromium as playwright.config.ts finds it: $WORLDDRAFT_CHROMIUM, /usr/bin/chromium, or Playwright's own. */
async function chromiumPath(): Promise<string | undefined> {
  const named = process.env.WORLDDRAFT_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new RenderUsageError(`WORLDDRAFT_CHROMIUM is set to "${named}", which does not exist.`);
    return named;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  if (existsSync(chromium.executablePath())) return undefined;
  throw new RenderUsageError('no Chromium found: install one with "sudo apt-get install chromium" or "npx playwright install chromium", or set WORLDDRAFT_CHROMIUM.');
}

export interface ServiceOptions {
  /** The built app; default $WD_DIST or dist/ in the repository (built with vite when missing). */
  dist?: string;
  /** ?renderer= for the page: 'webgl2' (default: fastest on SwiftShader), 'webgpu' or 'auto'. */
  renderer?: 'webgl2' | 'webgpu' | 'auto';
  log?(line: string): void;
}

/** One headless Chromium and one static server; `worker()` opens a page on the app. */
export class RenderService {
  private constructor(private readonly browser: Browser, private readonly server: Server, readonly url: string, private readonly options: ServiceOptions) {}

  static async open(options: ServiceOptions = {}): Promise<RenderService> {
    const dist = resolve(options.dist ?? process.env.WD_DIST ?? join(ROOT, 'dist'));
    if (!existsSync(join(dist, 'index.html'))) {
      options.log?.(`building the app into ${dist} (vite)…`);
      const { build } = await import('vite');
      await build({ root: ROOT, logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
    }
    const executablePath = await chromiumPath();
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      const { server, url } = await serveDist(dist);
      return new RenderService(browser, server, url, options);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async worker(): Promise<RenderWorker> {
    const context = await this.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const query = this.options.renderer === 'auto' ? '' : `?renderer=${this.options.renderer ?? 'webgl2'}`;
    const worker = new RenderWorker(page, `${this.url}/${query}`, this.options.log);
    await worker.open();
    return worker;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

/** One page of the app, reused for job after job. */
export class RenderWorker {
  constructor(private readonly page: Page, private readonly url: string, private readonly log?: (line: string) => void) {}

  async open(): Promise<void> {
    await this.page.goto(this.url);
    // The opening scene has loaded (or failed): from here on only our scenes load.
    await this.page.waitForFunction(() => {
      const s = window.worlddraft?.controller.state;
      return !!s && !s.busy && (s.durationS > 0 || s.error !== null);
    }, null, { timeout: 120_000 });
  }

  async render(job: RenderJob, outDir: string, label = ''): Promise<RenderResult> {
    const started = Date.now();
    // Before anything is written: without its model a draft video cannot be made.
    if (job.video?.draft) await this.loadDraftModel();
    await mkdir(outDir, { recursive: true });
    const error = await this.page.evaluate(async (json) => {
      const c = window.worlddraft!.controller;
      await c.runSpecJson(json);
      c.pause();
      return c.state.error;
    }, JSON.stringify(job.spec));
    if (error) throw new RenderUsageError(`the app refused the scene: ${error}`);
    const files: RenderResult['files'] = [];
    const sceneBytes = new TextEncoder().encode(`${JSON.stringify(job.spec, null, 2)}\n`);
    await writeFile(join(outDir, 'scene.json'), sceneBytes);
    files.push({ path: 'scene.json', kind: 'scene', bytes: sceneBytes.length });
    const exports: [kind: 'glb' | 'video' | 'pack', settings: unknown][] = [];
    if (job.glb) exports.push(['glb', undefined]);
    if (job.pack) exports.push(['pack', job.pack]);
    if (job.video) exports.push(['video', job.video]);
    for (const [kind, settings] of exports) {
      this.log?.(`${label}${kind}: started`);
      const progress = setInterval(() => {
        this.page.evaluate(() => window.worlddraft?.controller.state.exportProgress ?? null)
          .then((p) => { if (p) this.log?.(`${label}${kind}: ${p.framesDone}/${p.framesTotal}`); })
          .catch(() => undefined);
      }, 2000);
      try {
        const [download, result] = await Promise.all([
          this.page.waitForEvent('download', { timeout: 0 }),
          this.page.evaluate(([k, s]) => window.worlddraft!.exportDownload(k as 'glb', s as never), [kind, settings] as const),
        ]).catch(async (error: unknown) => {
          // A model that stops on a frame says why in the page's state.
          const draft = kind === 'video' && job.video?.draft ? await this.page.evaluate(() => window.worlddraft!.controller.state.draft) : null;
          if (draft?.status === 'failed') throw new RenderFailure(`--draft: the draft model failed during the video, so no video was written: ${draft.error}`);
          throw error;
        });
        if (!result) throw new Error(`the ${kind} export produced nothing`);
        const target = join(outDir, result.filename);
        await download.saveAs(`${target}.part`);
        await rename(`${target}.part`, target);
        files.push({ path: result.filename, kind, bytes: (await stat(target)).size });
        this.log?.(`${label}${kind}: wrote ${result.filename} (${result.bytes} bytes)`);
      } finally {
        clearInterval(progress);
      }
    }
    const state = await this.page.evaluate(() => ({ durationS: window.worlddraft!.controller.state.durationS, hash: window.worlddraft!.currentHash() }));
    const result: RenderResult = { out: outDir, files, durationS: state.durationS, timelineHash: state.hash, seconds: (Date.now() - started) / 1000 };
    await writeFile(join(outDir, 'result.json.part'), `${JSON.stringify(result, null, 2)}\n`);
    await rename(join(outDir, 'result.json.part'), join(outDir, 'result.json'));
    return result;
  }

  /**
   * Loads the shipped draft model into the page (once per page; later calls find it ready) and waits
   * until it has loaded and run its trial frame, or failed; a failure is a RenderFailure in one sentence.
   */
  private async loadDraftModel(): Promise<void> {
    await this.page.evaluate(() => window.worlddraft!.controller.startDraft());
    // startDraft resolves at once when a load is already under way; wait for that load's outcome.
    await this.page.waitForFunction(() => window.worlddraft!.controller.state.draft.status !== 'loading', null, { timeout: 300_000 });
    const draft = await this.page.evaluate(() => window.worlddraft!.controller.state.draft);
    if (draft.status === 'ready') {
      this.log?.(`draft model: ${draft.name} (${draft.source}, ${draft.precision}) on ${draft.backend}`);
      return;
    }
    if (draft.status === 'unavailable') throw new RenderFailure('--draft: this build of the app has no draft model (models/draft/manifest.json was missing when it was built), so no video was written; rebuild it with the model in place.');
    // The page's sentence speaks of the Draft tab ("…, so the raw render stays: why"); keep its why.
    const why = (draft.error ?? 'it did not load').replace(/^The shipped draft model could not be used, so the raw render stays: /, '');
    throw new RenderFailure(`--draft: the draft model could not be loaded, so no video was written: ${why}`);
  }

  /** After a failure, start again from a fresh page. */
  async reset(): Promise<void> {
    await this.open();
  }

  async close(): Promise<void> {
    await this.page.context().close().catch(() => undefined);
  }
}

// ---- the command -------------------------------------------------------------------------------------

export const RENDER_HELP = `worlddraft render "<prompt>" | --scene file.json --out DIR [--video [--draft]] [--pack PRESET] [--glb]
                  [--style S] [--format webm|mp4] [--fps N] [--size WxH] [--seed N] [--renderer R]

Renders the scene in headless Chromium (Playwright) with the app itself, and writes the files the
Export tab writes into DIR: scene.json always, and
  --glb          worlddraft-scene.glb, the animated scene (glTF 2.0)
  --video        worlddraft.webm or .mp4, the video with its sound (--format, --fps 24|30|60, --size, default webm 30 fps 1280x720)
  --draft        with --video: the draft look, every frame through the draft model the app ships
                 (models/draft/; on wasm, on the CPU, so several times slower: a small --size helps).
                 The raw look otherwise. Only the video takes a look (the pack and .glb hold the scene
                 itself), so --draft needs --video. If the model cannot load, nothing is written and the
                 exit code is 1.
  --pack PRESET  worlddraft-pack.zip, the conditioning pack: ${Object.keys(PACK_PRESETS).join(', ')},
                 or WIDTHxHEIGHT:FRAMES@FPS (e.g. 96x64:9@8). A clip longer than the scene lengthens the simulation.
  --style S      ${STYLES.join(', ')}
  --renderer R   webgl2 (default), webgpu or auto
Then result.json. Progress on stderr; the result (file list) as JSON on stdout.
Chromium: $WORLDDRAFT_CHROMIUM, /usr/bin/chromium or Playwright's own. The app: $WD_DIST or dist/ (built when missing).
`;

/** The export flags `render`, `batch` and `worker` share (jobFrom reads them). */
export const EXPORT_OPTIONS = {
  video: { type: 'boolean' },
  draft: { type: 'boolean' },
  pack: { type: 'string' },
  glb: { type: 'boolean' },
  style: { type: 'string' },
  format: { type: 'string' },
  fps: { type: 'string' },
  size: { type: 'string' },
  seed: { type: 'string' },
  renderer: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  scene: { type: 'string' },
  out: { type: 'string', short: 'o' },
  ...EXPORT_OPTIONS,
} satisfies ParseArgsConfig['options'];

/** Builds the job's spec and export settings from the options shared by render, batch and worker. */
export function jobFrom(source: { prompt?: string; sceneJson?: string }, o: { video?: boolean; draft?: boolean; pack?: string; glb?: boolean; style?: string; format?: string; fps?: string; size?: string; seed?: string }): RenderJob {
  let spec: SceneSpec;
  if (source.sceneJson !== undefined) spec = parseSceneSpecJson(source.sceneJson);
  else if (source.prompt !== undefined && source.prompt.trim()) {
    const seed = o.seed === undefined ? undefined : Number(o.seed);
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new RenderUsageError(`--seed must be an integer from 0 to 4294967295, got "${o.seed}"`);
    spec = parsePrompt(source.prompt, seed === undefined ? {} : { seed });
  } else throw new RenderUsageError('no prompt given: worlddraft render "a ball drops from 2 m" --out DIR, or --scene file.json');
  if (o.style !== undefined) {
    if (!(STYLES as readonly string[]).includes(o.style)) throw new RenderUsageError(`--style must be one of ${STYLES.join(', ')}, got "${o.style}"`);
    spec = { ...spec, style: o.style as SceneSpec['style'] };
  }
  let pack: PackSettings | null = null;
  if (o.pack !== undefined) {
    pack = parsePackPreset(o.pack);
    const clipS = pack.frames / pack.fps;
    if (clipS > spec.durationS) spec = { ...spec, durationS: Math.ceil(clipS * 1000) / 1000 };
  }
  let video: VideoJob | null = null;
  if (o.video) {
    const format = o.format ?? 'webm';
    if (format !== 'webm' && format !== 'mp4') throw new RenderUsageError(`--format must be webm or mp4, got "${format}"`);
    const fps = Number(o.fps ?? 30);
    if (![24, 30, 60].includes(fps)) throw new RenderUsageError(`--fps must be 24, 30 or 60, got "${o.fps}"`);
    const m = /^(\d+)x(\d+)$/.exec(o.size ?? '1280x720');
    const [width, height] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || width % 2 || height % 2 || width < 16 || height < 16 || width > 3840 || height > 3840) throw new RenderUsageError(`--size must be WIDTHxHEIGHT with even sizes from 16 to 3840, got "${o.size}"`);
    video = { format, fps, width, height, draft: !!o.draft };
  } else if (o.format !== undefined || o.fps !== undefined || o.size !== undefined) throw new RenderUsageError('--format, --fps and --size go with --video');
  else if (o.draft) throw new RenderUsageError('--draft goes with --video: only the video takes the draft look (the pack and .glb hold the scene itself)');
  return { spec, video, pack, glb: !!o.glb };
}

export function isUsageError(error: unknown): boolean {
  return error instanceof RenderUsageError || error instanceof PromptError || error instanceof SceneSpecError || error instanceof PackSettingsError;
}

/** An error as the command's one line: bad input and known failures as they are, anything else as an internal error. */
export function errorLine(error: unknown): string {
  return isUsageError(error) || error instanceof RenderFailure ? oneLine(error) : `internal error: ${oneLine(error)}`;
}

export function oneLine(error: unknown): string {
  const message = error instanceof SceneSpecError ? `invalid scene: ${error.issues.join('; ')}` : (error as Error).message;
  return message.split('\n')[0];
}

export function rendererOption(text: string | undefined): ServiceOptions['renderer'] {
  if (text === undefined) return 'webgl2';
  if (text === 'webgl2' || text === 'webgpu' || text === 'auto') return text;
  throw new RenderUsageError(`--renderer must be webgl2, webgpu or auto, got "${text}"`);
}

export async function renderCommand(argv: string[], io: RenderIO): Promise<number> {
  let service: RenderService | null = null;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new RenderUsageError(`${(error as Error).message}. Run "worlddraft render --help".`);
    }
    const { values: o, positionals } = parsed;
    if (o.help) { io.stdout.write(RENDER_HELP); return 0; }
    if (positionals.length > 1) throw new RenderUsageError(`expected one prompt in quotes, got ${positionals.length} words`);
    if (o.scene !== undefined && positionals.length) throw new RenderUsageError('give either a prompt or --scene, not both');
    if (!o.out) throw new RenderUsageError('--out DIR is required');
    let sceneJson: string | undefined;
    if (o.scene !== undefined) {
      try { sceneJson = await readFile(o.scene, 'utf8'); } catch { throw new RenderUsageError(`cannot read scene file "${o.scene}": check the path`); }
    }
    const job = jobFrom({ prompt: positionals[0], sceneJson }, o);
    const log = (line: string) => io.stderr.write(`worlddraft render: ${line}\n`);
    service = await RenderService.open({ renderer: rendererOption(o.renderer), log });
    const worker = await service.worker();
    const result = await worker.render(job, resolve(o.out));
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`worlddraft render: ${errorLine(error)}\n`);
    return isUsageError(error) ? 2 : 1;
  } finally {
    await service?.close();
  }
}
