/**
 * Liquids in the browser (the fluids issue): the dam-break example (examples/dam-break.json, cut to
 * 0.6 s so the CPU solver finishes quickly in the page) is simulated by the app, and its liquid is
 * drawn by render/fluid-view.ts. Asserted by pixels: water-tinted pixels exist, and their centroid
 * moves towards +x (down the tank, away from the back wall) between t = 0.05 s and t = 0.55 s.
 * The CPU-vs-GPU comparison in the browser is not here yet (it runs in Node on SwiftShader: test:gpu).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type {} from '../src/main.ts';
import { waitForApp, loadPausedSpec } from './support.ts';

const W = 320, H = 180;
const scene = JSON.parse(readFileSync(new URL('../examples/dam-break.json', import.meta.url), 'utf8')) as Record<string, unknown>;
scene.durationS = 0.6;
// Looking almost straight down into the open tank: the glass walls draw nearly opaque, so a view
// through them would hide the water. WD_FLUID_QUERY='/?renderer=webgl2' runs it on WebGL2.
scene.camera = { mode: 'fixed', positionM: [0, 2.6, 0.25], targetM: [0, 0, 0], fovDeg: 55 };

/** Pixels whose colour is the water preset's blue (b clearly above r and g), and their centroid x. */
function waterPixels(rgba: number[]): { count: number; meanX: number } {
  let count = 0, sumX = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
    if (b > 90 && b > r + 40 && b > g + 10) { count++; sumX += (i / 4) % W; }
  }
  return { count, meanX: count ? sumX / count : NaN };
}

test('the dam break renders liquid that moves down the tank', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.setViewportSize({ width: 900, height: 560 });
  await page.goto(process.env.WD_FLUID_QUERY ?? '/');
  await waitForApp(page);
  await loadPausedSpec(page, scene);
  expect(await page.evaluate(() => window.worlddraft!.controller.state.error)).toBeNull();
  const frames = await page.evaluate(() => (window.worlddraft!.controller as unknown as { timeline?: { fluidFrames: unknown[] } }).timeline?.fluidFrames.length ?? 0);
  expect(frames).toBeGreaterThan(5);
  const early = await page.evaluate(({ W, H }) => window.worlddraft!.captureAt(0.05, W, H), { W, H });
  const late = await page.evaluate(({ W, H }) => window.worlddraft!.captureAt(0.55, W, H), { W, H });
  const a = waterPixels(early.rgba), b = waterPixels(late.rgba);
  console.log(`water pixels: t=0.05 s ${a.count} (mean x ${a.meanX.toFixed(1)}), t=0.55 s ${b.count} (mean x ${b.meanX.toFixed(1)})`);
  expect(a.count).toBeGreaterThan(200);
  expect(b.count).toBeGreaterThan(200);
  // The column collapses and the surge runs towards +x: the water's centroid moves right on screen.
  expect(b.meanX - a.meanX).toBeGreaterThan(10);
  expect(problems).toEqual([]);
});
