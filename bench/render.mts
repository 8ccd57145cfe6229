/**
 * Render benchmark: per backend, median ms per frame for the beauty render alone and for beauty plus
 * every conditioning pass (depth, normals, ids, semantic, flow with masks — two geometry renders and
 * read-backs — and Canny edges), and their ratio. Runs the production build in headless Chromium.
 *
 *   npx vite build --outDir dist-render && npx tsx bench/render.mts [--dist dist-render] [--port 4177] [--frames 20] [--style standard]
 *
 * On machines without a GPU, Chromium draws with SwiftShader on the CPU: absolute times are CPU
 * emulation figures; the ratio is the figure to watch.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type {} from '../src/main.ts';
import { STYLES } from '../src/scene/spec.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dist = arg('dist', 'dist-render');
const port = Number(arg('port', '4177'));
const frames = Number(arg('frames', '20'));
/** Render style of the beauty frames (styles.ts): the post-processing chains differ a lot in cost. */
const style = arg('style', 'standard');
if (!(STYLES as readonly string[]).includes(style)) {
  console.error(`--style must be one of ${STYLES.join(', ')} (got "${style}").`);
  process.exit(2);
}
const ARGS = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu',
  '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader',
];
const executablePath = process.env.WORLDDRAFT_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

if (!existsSync(`${dist}/index.html`)) {
  console.error(`No build in ${dist}/: run "npx vite build --outDir ${dist}" first.`);
  process.exit(2);
}
const server = spawn('npx', ['vite', 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath, args: ARGS });
  const rows: { backend: string; size: string; beautyMs: number; allMs: number; ratio: number }[] = [];
  for (const query of ['?renderer=webgpu', '?renderer=webgl2']) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 620 } });
    await page.goto(`http://127.0.0.1:${port}/${query}`);
    await page.waitForFunction(() => (window.worlddraft?.controller.state.durationS ?? 0) > 0, null, { timeout: 120_000 });
    const r = await page.evaluate(async ([n, styleName]) => {
      const wd = window.worlddraft!;
      wd.controller.pause();
      wd.render.setAspect('16:9');
      wd.render.setStyle(styleName as never);
      await wd.render.bench(3, true); // warm-up: compile pipelines
      const beautyMs = await wd.render.bench(n, false);
      const allMs = await wd.render.bench(n, true);
      return { backend: wd.controller.state.backend ?? '?', size: wd.render.size().join('×'), beautyMs, allMs };
    }, [frames, style] as const);
    rows.push({ ...r, ratio: r.allMs / r.beautyMs });
    await page.close();
  }
  await browser.close();
  console.log(`render (median ms per frame, default scene, ${style} style)`);
  for (const r of rows) console.log(`  ${r.backend.padEnd(7)} ${r.size.padEnd(9)} beauty ${r.beautyMs.toFixed(1)} ms   beauty+passes ${r.allMs.toFixed(1)} ms   ratio ${r.ratio.toFixed(2)}×`);
} finally {
  server.kill();
}
