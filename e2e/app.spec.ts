/**
 * The app as a user meets it: it loads without errors and plays the default scene, typed prompts
 * build their scenes, the picture moves where the ball is, bad prompts keep the scene, no request
 * leaves the page's own origin, and the sound lands on the contacts.
 */
import { test, expect, type Page } from '@playwright/test';
import { detectOnsets } from '../src/audio/onsets.ts';
import type { DraftState } from '../src/ui/controller.ts';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

const DROP = 'a basketball drops from 2 meters onto a wooden floor and bounces';
const PROMPTS = [
  DROP,
  'a tennis ball and a bowling ball are dropped from 3 m',
  'a rubber ball rolls down a 30 degree ramp',
  'two billiard balls collide head-on at 2 m/s',
  'a wooden crate slides across the floor at 4 m/s',
  'three golf balls fall onto a table',
];

async function state(page: Page): Promise<DraftState> {
  return page.evaluate(() => window.worlddraft!.controller.state);
}

/** Opens the app and waits until the default scene is simulated. */
async function openApp(page: Page, query = ''): Promise<{ consoleProblems: string[]; foreignRequests: string[] }> {
  const ownOrigin = new URL(test.info().project.use.baseURL!).origin;
  const consoleProblems: string[] = [];
  const foreignRequests: string[] = [];
  // Errors and warnings both count: a deprecation warning today is a break tomorrow.
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(m.text()); });
  page.on('pageerror', (e) => consoleProblems.push(String(e)));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== ownOrigin) foreignRequests.push(r.url());
  });
  await page.goto(`/${query}`);
  await waitForApp(page);
  return { consoleProblems, foreignRequests };
}

async function runPrompt(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Prompt' });
  await input.fill(text);
  await input.press('Enter');
  await page.waitForFunction((t) => { const s = window.worlddraft!.controller.state; return !s.busy && (s.prompt === t || s.error); }, text);
}

/** Pauses, seeks, renders and returns the canvas pixels. */
async function frameAt(page: Page, timeS: number) {
  return page.evaluate((t) => {
    const wd = window.worlddraft!;
    wd.controller.pause();
    wd.controller.seek(t);
    return { ...wd.capture(), ball: wd.projectBody(0) };
  }, timeS);
}

test('loads without errors, plays the default scene, and asks nothing of other hosts', async ({ page }) => {
  const { consoleProblems, foreignRequests } = await openApp(page);
  const s = await state(page);
  expect(s.prompt).toBe('a basketball misses the hoop and rebounds off the backboard');
  expect(s.error).toBeNull();
  const spec = JSON.parse(s.specJson);
  expect(spec.bodies[0].kind).toBe('basketball');
  expect(spec.environment.items.map((i: { kind: string }) => i.kind)).toContain('hoop');
  // The default demo really strikes the backboard.
  const cues = await page.evaluate(() => window.worlddraft!.cues());
  expect(cues.some((c) => c.sourceIds.includes(spec.environment.items[0].id))).toBe(true);
  await expect(page.getByTestId('backend')).toHaveText(/^(WebGPU|WebGL2)$/);
  // It plays on its own.
  const t0 = (await state(page)).timeS;
  await page.waitForFunction((t) => window.worlddraft!.controller.state.timeS !== t, t0);
  await page.screenshot({ path: 'test-results/default-scene.png' });
  expect(consoleProblems).toEqual([]);
  expect(foreignRequests).toEqual([]);
});

for (const [label, query] of [['WebGPU if it can present, else WebGL2', ''], ['WebGL2', '?renderer=webgl2']]) {
  test(`frames 0.5 s apart differ where the ball is (${label})`, async ({ page }) => {
    const { consoleProblems } = await openApp(page, query);
    if (query) await expect(page.getByTestId('backend')).toHaveText('WebGL2');
    await runPrompt(page, DROP);
    const a = await frameAt(page, 0.2);
    const b = await frameAt(page, 0.7);
    expect(a.width).toBeGreaterThan(100);
    // Bounding box of the pixels that changed.
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, changed = 0;
    for (let i = 0; i < a.rgba.length; i += 4) {
      const d = Math.abs(a.rgba[i] - b.rgba[i]) + Math.abs(a.rgba[i + 1] - b.rgba[i + 1]) + Math.abs(a.rgba[i + 2] - b.rgba[i + 2]);
      if (d < 30) continue;
      changed++;
      const x = (i / 4) % a.width, y = Math.floor(i / 4 / a.width);
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    expect(changed).toBeGreaterThan(200);
    // Both ball positions lie in the changed region, and the change is local, not the whole frame.
    for (const [x, y] of [a.ball, b.ball]) {
      expect(x).toBeGreaterThanOrEqual(minX - 2); expect(x).toBeLessThanOrEqual(maxX + 2);
      expect(y).toBeGreaterThanOrEqual(minY - 2); expect(y).toBeLessThanOrEqual(maxY + 2);
    }
    expect(changed).toBeLessThan((a.width * a.height) / 4);
    expect(b.ball[1]).toBeGreaterThan(a.ball[1]); // it fell: lower on screen
    expect(consoleProblems).toEqual([]);
  });
}

test('each starter prompt builds its scene', async ({ page }) => {
  const { consoleProblems } = await openApp(page);
  const expectedBodies = [1, 2, 1, 2, 1, 3];
  for (const [i, prompt] of PROMPTS.entries()) {
    const started = Date.now();
    await runPrompt(page, prompt);
    const s = await state(page);
    expect(s.error, prompt).toBeNull();
    expect(s.prompt).toBe(prompt);
    expect(JSON.parse(s.specJson).bodies).toHaveLength(expectedBodies[i]);
    expect(Date.now() - started, `${prompt} took too long`).toBeLessThan(10_000);
    await page.screenshot({ path: `test-results/prompt-${i}.png` });
  }
  expect(consoleProblems).toEqual([]);
});

test('a bad prompt shows one sentence and keeps the current scene', async ({ page }) => {
  await openApp(page);
  const before = await state(page);
  for (const bad of ['', 'hello world', '<script>alert(1)</script>']) {
    await runPrompt(page, bad);
    const after = await state(page);
    expect(after.error, `prompt "${bad}"`).toMatch(/^[^\n]+[.!]$/);
    expect(after.specJson).toBe(before.specJson);
  }
  await expect(page.getByRole('alert')).toContainText(/./);
  // The script tag was shown as text, never run as HTML.
  expect(await page.locator('wd-app').evaluate((el) => el.shadowRoot!.querySelectorAll('script').length)).toBe(0);
});

test('the playback controls pause, scrub, change speed and restart', async ({ page }) => {
  await openApp(page);
  const app = page.locator('wd-app');
  await app.getByRole('button', { name: 'Pause' }).click();
  const paused = (await state(page)).timeS;
  await page.waitForTimeout(300);
  expect((await state(page)).timeS).toBe(paused);
  await app.getByLabel('Speed', { exact: true }).selectOption('0.25');
  expect((await state(page)).speed).toBe(0.25);
  const slider = app.getByLabel('Time', { exact: true });
  await slider.fill('1.5');
  expect((await state(page)).timeS).toBeCloseTo(1.5, 5);
  await app.getByRole('button', { name: 'Restart' }).click();
  const s = await state(page);
  expect(s.playing).toBe(true);
  expect(s.timeS).toBeLessThan(0.5);
  // Sound starts after that first gesture.
  await page.waitForFunction(() => window.worlddraft!.controller.state.audio === 'on');
});

test('every audible contact makes a sound at its time, louder for a harder hit', async ({ page }) => {
  await openApp(page);
  await runPrompt(page, DROP);
  const cues: { t: number; gainDb: number }[] = await page.evaluate(() => window.worlddraft!.cues());
  expect(cues.length).toBeGreaterThanOrEqual(3);
  const audio = await page.evaluate(() => window.worlddraft!.renderAudio(3));
  const samples = Float32Array.from(audio.samples);
  const onsets = detectOnsets(samples, audio.sampleRate);
  const inWindow = cues.filter((c) => c.t < 2.95);
  for (const cue of inWindow) {
    const nearest = Math.min(...onsets.map((o) => Math.abs(o - cue.t)));
    expect(nearest, `cue at ${cue.t}`).toBeLessThan(0.005);
  }
  // No onset without a cue.
  for (const onset of onsets) expect(Math.min(...cues.map((c) => Math.abs(c.t - onset)))).toBeLessThan(0.005);
  // Peak level after each cue follows its gain: the first (hardest) bounce is the loudest.
  const peakAfter = (t: number) => {
    let peak = 0;
    for (let i = Math.round(t * audio.sampleRate); i < Math.round((t + 0.03) * audio.sampleRate); i++) peak = Math.max(peak, Math.abs(samples[i]));
    return peak;
  };
  expect(peakAfter(inWindow[0].t)).toBeGreaterThan(peakAfter(inWindow[2].t));
  expect(samples.reduce((peak, x) => Math.max(peak, Math.abs(x)), 0)).toBeLessThan(1);
});

test('the chips show what each word became and highlight the words not understood', async ({ page }) => {
  await openApp(page);
  await runPrompt(page, 'a basketball drops from 2 m and wobbulates');
  const app = page.locator('wd-app');
  const unknown = app.locator('wd-prompt-bar .piece.unknown');
  await expect(unknown).toHaveText(['wobbulates']);
  await expect(app.locator('wd-prompt-bar .piece.object')).toHaveText(['basketball']);
  await expect(app.getByTestId('unknown-words')).toContainText('wobbulates');
});

test('an edited spec runs; an invalid edit lists path-precise errors and keeps the last good scene', async ({ page }) => {
  await openApp(page);
  const editor = page.locator('wd-app').getByTestId('spec-json');
  const spec = JSON.parse(await editor.inputValue());
  spec.bodies[0].positionM[1] = 1.12; // drop from 1 m instead of 2 m
  await editor.fill(JSON.stringify(spec));
  await page.locator('wd-app').getByRole('button', { name: 'Run edited spec' }).click();
  await page.waitForFunction(() => !window.worlddraft!.controller.state.busy && JSON.parse(window.worlddraft!.controller.state.specJson).bodies[0].positionM[1] === 1.12);
  const good = await state(page);
  expect(good.error).toBeNull();

  spec.bodies[0].massKg = -1;
  spec.bodies[0].shape.radiusM = 'big';
  await editor.fill(JSON.stringify(spec));
  await page.locator('wd-app').getByRole('button', { name: 'Run edited spec' }).click();
  await page.waitForFunction(() => window.worlddraft!.controller.state.specErrors.length > 0);
  const bad = await state(page);
  expect(bad.specErrors.join('\n')).toContain('bodies[0].massKg');
  expect(bad.specErrors.join('\n')).toContain('bodies[0].shape.radiusM');
  expect(bad.error).toMatch(/^The scene is invalid/);
  expect(bad.specJson).toBe(good.specJson);
  await expect(page.locator('wd-app').getByTestId('spec-errors')).toContainText('bodies[0].massKg');

  await editor.fill('{"version": 1,');
  await page.locator('wd-app').getByRole('button', { name: 'Run edited spec' }).click();
  await page.waitForFunction(() => /not valid JSON/.test(window.worlddraft!.controller.state.specErrors.join(' ')));
  expect((await state(page)).specJson).toBe(good.specJson);
});

test('the measure tab reads out, plots, re-simulates from a slider, steps frames and exports CSV', async ({ page }) => {
  await openApp(page);
  await runPrompt(page, DROP);
  const app = page.locator('wd-app');
  await app.getByRole('tab', { name: 'Measure' }).click();
  const panel = app.locator('wd-teaching-panel');
  await expect(panel.getByTestId('readouts')).toContainText('max height');
  // The plot drew something: its canvas has non-background pixels.
  await expect(panel.locator('canvas')).toHaveCount(1);
  const inked = await panel.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(500);

  // One frame forward, one back.
  await app.getByRole('button', { name: 'Pause' }).click();
  const t0 = (await state(page)).timeS;
  await app.getByRole('button', { name: 'Next frame' }).click();
  expect((await state(page)).timeS).toBeCloseTo(Math.round(t0 * 60 + 1) / 60, 9);
  await app.getByRole('button', { name: 'Previous frame' }).click();
  expect((await state(page)).timeS).toBeCloseTo(Math.round(t0 * 60) / 60, 9);

  // Gravity slider to the Moon's value: the scene re-simulates with it, the first impact comes later.
  const firstImpact = async () => page.evaluate(() => window.worlddraft!.cues()[0].t);
  const earth = await firstImpact();
  await panel.getByLabel('Gravity').fill('1.62');
  await page.waitForFunction(() => Math.abs(JSON.parse(window.worlddraft!.controller.state.specJson).gravity[1] + 1.62) < 1e-9);
  const moon = await firstImpact();
  expect(moon / earth).toBeCloseTo(Math.sqrt(9.81 / 1.62), 1);

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('worlddraft-basketball-1.csv');
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text.split('\n')[0]).toBe('t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,height_m,speed_mps,kinetic_j,potential_j,total_j');

  const plot = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Plot PNG' }).click();
  const png = await (await (await plot).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
});

test('overlays draw the trail and vectors in the view and stay out of the passes; the stopwatch times', async ({ page }) => {
  await openApp(page);
  await runPrompt(page, DROP);
  const app = page.locator('wd-app');
  await app.getByRole('button', { name: 'Pause' }).click();
  const frame = () => page.evaluate(() => { window.worlddraft!.controller.seek(0.5); return window.worlddraft!.capture(); });
  const depthSum = () => page.evaluate(async () => {
    const passes = await window.worlddraft!.render.passes(0.5, 160, 90);
    let sum = 0;
    for (const d of passes.depth) if (Number.isFinite(d)) sum += d;
    return sum;
  });
  const plain = await frame();
  const plainDepth = await depthSum();
  await app.getByRole('tab', { name: 'Measure' }).click();
  const panel = app.locator('wd-teaching-panel');
  for (const name of ['trail', 'velocity', 'net force', 'height ruler']) await panel.getByLabel(name).check();
  const drawn = await frame();
  let changed = 0;
  for (let i = 0; i < plain.rgba.length; i += 4) if (Math.abs(plain.rgba[i] - drawn.rgba[i]) + Math.abs(plain.rgba[i + 1] - drawn.rgba[i + 1]) > 40) changed++;
  expect(changed).toBeGreaterThan(300);
  expect(await depthSum()).toBe(plainDepth);

  await panel.getByRole('button', { name: 'Start' }).click();
  await page.evaluate(() => window.worlddraft!.controller.seek(1.25));
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByTestId('stopwatch')).toHaveText('Δt = 0.750 s');
});

test('a slider change from this moment branches: the past stays, the future changes, the original comes back', async ({ page }) => {
  await openApp(page);
  await runPrompt(page, DROP);
  const app = page.locator('wd-app');
  const original = await page.evaluate(() => ({ hash: window.worlddraft!.currentHash(), cues: window.worlddraft!.cues().map((c) => c.t) }));
  await app.getByRole('button', { name: 'Pause' }).click();
  await page.evaluate(() => window.worlddraft!.controller.seek(1));
  await app.getByRole('tab', { name: 'Measure' }).click();
  const panel = app.locator('wd-teaching-panel');
  await panel.getByLabel(/change from this moment/).check();
  await panel.getByLabel('Restitution').fill('0.2');
  await expect(panel.getByTestId('branch')).toHaveText('branched at 1.00 s');
  const branched = await page.evaluate(() => ({ hash: window.worlddraft!.currentHash(), cues: window.worlddraft!.cues().map((c) => c.t), time: window.worlddraft!.controller.state.timeS }));
  expect(branched.hash).not.toBe(original.hash);
  expect(branched.time).toBe(1);
  // Before the branch nothing changed; the next impact (already on its way) comes at the same time,
  // and after it the ball barely bounces, so fewer audible impacts follow.
  expect(branched.cues.filter((t) => t <= 1)).toEqual(original.cues.filter((t) => t <= 1));
  const next = (cues: number[]) => cues.find((t) => t > 1)!;
  expect(next(branched.cues)).toBeCloseTo(next(original.cues), 6);
  const after = (cues: number[]) => cues.filter((t) => t > next(original.cues) + 0.01);
  expect(after(branched.cues).length).toBeLessThan(after(original.cues).length);
  await panel.getByRole('button', { name: 'Back to original' }).click();
  await page.waitForFunction((h) => window.worlddraft!.currentHash() === h, original.hash);
});
