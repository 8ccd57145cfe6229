/**
 * Every style renders on both backends without console problems, is not blank, and differs visibly
 * from every other style (mean colour difference and edge density), on the basketball drop scene.
 */
import { test, expect } from '@playwright/test';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

const STYLES = ['standard', 'photoreal', 'cinematic', 'anime', 'clay', 'sketch'] as const;

for (const [label, query] of [['auto backend', ''], ['WebGL2', '?renderer=webgl2']] as const) {
  test(`each style renders and differs from the others (${label})`, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.setViewportSize({ width: 760, height: 520 });
    await page.goto(`/${query}`);
    await waitForApp(page);
    await page.evaluate(() => window.worlddraft!.controller.runPrompt('a basketball drops from 2 meters onto a wooden floor and bounces'));
    const stats = await page.evaluate(async (styles) => {
      const wd = window.worlddraft!;
      wd.controller.pause();
      wd.controller.seek(0.3);
      const out: { style: string; small: number[]; mean: number; std: number; edges: number }[] = [];
      for (const style of styles) {
        wd.render.setStyle(style as never);
        wd.capture(); // first frame compiles the pipelines
        await new Promise((r) => setTimeout(r, 50));
        const { width, height, rgba } = wd.capture();
        let sum = 0, sum2 = 0, edges = 0;
        const small: number[] = [];
        const lum = (i: number) => 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
        for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
          const l = lum(y * width + x);
          sum += l; sum2 += l * l;
          if (x > 0 && y > 0 && Math.abs(l - lum(y * width + x - 1)) + Math.abs(l - lum((y - 1) * width + x)) > 40) edges++;
        }
        // A 16×9 thumbnail of RGB means, for pairwise differences.
        for (let by = 0; by < 9; by++) for (let bx = 0; bx < 16; bx++) for (let c = 0; c < 3; c++) {
          let s = 0, n = 0;
          for (let y = Math.floor((by * height) / 9); y < Math.floor(((by + 1) * height) / 9); y += 2) for (let x = Math.floor((bx * width) / 16); x < Math.floor(((bx + 1) * width) / 16); x += 2) { s += rgba[4 * (y * width + x) + c]; n++; }
          small.push(s / Math.max(n, 1));
        }
        const n = width * height, mean = sum / n;
        out.push({ style, small, mean, std: Math.sqrt(sum2 / n - mean * mean), edges: edges / n });
      }
      return out;
    }, STYLES);
    console.log(JSON.stringify(stats.map((s) => ({ style: s.style, mean: s.mean.toFixed(1), std: s.std.toFixed(1), edges: s.edges.toFixed(4) }))));
    for (const s of stats) {
      expect(s.std, `${s.style} is blank`).toBeGreaterThan(8);
    }
    for (let i = 0; i < stats.length; i++) for (let j = i + 1; j < stats.length; j++) {
      const a = stats[i], b = stats[j];
      const diff = a.small.reduce((s, v, k) => s + Math.abs(v - b.small[k]), 0) / a.small.length;
      expect(diff, `${a.style} vs ${b.style}`).toBeGreaterThan(6);
    }
    const by = Object.fromEntries(stats.map((s) => [s.style, s]));
    // Ink and pencil lines add edges; the cinematic bars darken the frame.
    expect(by.anime.edges).toBeGreaterThan(by.clay.edges);
    expect(by.sketch.edges).toBeGreaterThan(by.clay.edges);
    expect(by.cinematic.mean).toBeLessThan(by.standard.mean);
    await page.screenshot({ path: `test-results/styles-${query ? 'webgl2' : 'auto'}.png` });
    expect(problems).toEqual([]);
  });
}
