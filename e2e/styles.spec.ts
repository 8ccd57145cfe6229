/**
 * Every style renders on both backends without console problems, is not blank, and differs visibly
 * from every other style (mean colour difference and edge density), on the basketball drop scene; the
 * cinematic style's depth of field blurs a far fence and keeps the subject in focus sharp.
 */
import { writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { encodePng } from '../src/export/png.ts';
import type {} from '../src/main.ts';
import { waitForApp, loadPausedSpec } from './support.ts';

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

/**
 * A basketball in a close-up, with a fence of white and black slats 10 m behind it: the cinematic
 * lens (focused on the subject) should blur the fence and keep the ball's seams sharp. Photoreal has
 * the same materials and no depth of field, so it is the sharp reference.
 */
const SLATS = Array.from({ length: 16 }, (_, k) => ({
  id: `slat-${k}`, name: `slat ${k}`, kind: 'wall', material: k % 2 ? 'asphalt' : 'celluloid',
  positionM: [-6.4 + 0.4 * k, 0, -10], sizeM: [0.4, 5, 0.2],
}));
const DOF_SCENE = {
  version: 1, seed: 1, durationS: 1,
  bodies: [{ id: 'ball', name: 'basketball', kind: 'basketball', material: 'rubber', shape: { type: 'sphere', radiusM: 0.12 }, positionM: [0, 0.12, 0] }],
  environment: { ground: { material: 'concrete' }, items: SLATS },
  shots: [{ id: 'close', durationS: 1, framing: 'close-up', subjectId: 'ball' }],
};

for (const [label, query] of [['auto backend', ''], ['WebGL2', '?renderer=webgl2']] as const) {
  test(`the cinematic lens blurs the far background and keeps the subject sharp (${label})`, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`/${query}`);
    await waitForApp(page);
    await loadPausedSpec(page, DOF_SCENE);
    const W = 640, H = 360;
    const shots = await page.evaluate(async ([w, h]) => {
      const wd = window.worlddraft!;
      wd.render.setAspect('16:9'); // the viewport's shot camera then matches the exported frame's
      const out: Record<string, { rgba: number[]; ball: [number, number] }> = {};
      for (const style of ['photoreal', 'cinematic'] as const) {
        wd.render.setStyle(style);
        await wd.captureAt(0.5, w, h); // the first frame compiles the pipeline
        const { rgba } = await wd.captureAt(0.5, w, h);
        const [x, y] = wd.render.projectBodyAt(0.5, 0), [vw, vh] = wd.render.size();
        out[style] = { rgba, ball: [(x / vw) * w, (y / vh) * h] };
      }
      return out;
    }, [W, H] as const);
    /**
     * Sharp edges in a rectangle: the share of 2×2 blocks whose mean luminance steps by more than 40
     * levels to a neighbouring block, and the mean squared step (a blur spreads a step's total change
     * over more pixels, so the sum of squares falls). Blocks average away the cinematic grain (one
     * hash per pixel); a sharp edge between slats or seams survives them, a lens-blurred one does not.
     */
    const edges = (rgba: number[], x0: number, y0: number, x1: number, y1: number) => {
      const lum = (x: number, y: number) => { const i = 4 * (y * W + x); return 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]; };
      const block = (x: number, y: number) => (lum(x, y) + lum(x + 1, y) + lum(x, y + 1) + lum(x + 1, y + 1)) / 4;
      let sharp = 0, total = 0, n = 0;
      for (let y = Math.max(y0, 2); y < Math.min(y1, H - 1); y += 2) for (let x = Math.max(x0, 2); x < Math.min(x1, W - 1); x += 2) {
        const l = block(x, y), step = Math.max(Math.abs(l - block(x - 2, y)), Math.abs(l - block(x, y - 2)));
        if (step > 40) sharp++;
        total += step * step;
        n++;
      }
      return { sharp: sharp / n, energy: total / n };
    };
    const [bx, by] = shots.cinematic.ball;
    const r = Math.round(0.1 * H); // inside the ball (its seams), which is about 0.3 H across
    const subject = (s: keyof typeof shots) => edges(shots[s].rgba, Math.round(bx) - r, Math.round(by) - r, Math.round(bx) + r, Math.round(by) + r);
    // The fence: the middle third of a band under the top letterbox bar (2.39:1 bars cover 13 % of a
    // 16:9 frame's height at each edge); the dark sky beside it carries the cinematic grain.
    const far = (s: keyof typeof shots) => edges(shots[s].rgba, Math.round(W / 3), Math.round(0.16 * H), Math.round((2 * W) / 3), Math.round(0.3 * H));
    const stats = { subject: { photoreal: subject('photoreal'), cinematic: subject('cinematic') }, far: { photoreal: far('photoreal'), cinematic: far('cinematic') } };
    console.log(JSON.stringify({ ...stats, ball: shots.cinematic.ball }));
    for (const s of ['photoreal', 'cinematic'] as const) {
      writeFileSync(test.info().outputPath(`dof-${s}.png`), encodePng({ width: W, height: H, channels: 4, bitDepth: 8, data: Uint8Array.from(shots[s].rgba) }));
    }
    expect(stats.far.photoreal.sharp, 'the reference shows the fence sharply').toBeGreaterThan(0.05);
    expect(stats.far.cinematic.sharp).toBeLessThan(stats.far.photoreal.sharp * 0.2);
    expect(stats.subject.photoreal.sharp, 'the ball shows its seams').toBeGreaterThan(0.01);
    expect(stats.subject.cinematic.sharp).toBeGreaterThan(stats.subject.photoreal.sharp * 0.7);
    expect(problems).toEqual([]);
  });
}
