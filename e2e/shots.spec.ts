/**
 * The shot list: a prompt with two shots shows two strips with first-frame thumbnails; the
 * slow-motion shot plays at a quarter of the speed; a cut is instant; editing a shot re-simulates; the
 * contact sheet and the .glb's cameras follow the shots; a cameo face goes on the person stand-in.
 */
import { test, expect } from '@playwright/test';
import { WebIO } from '@gltf-transform/core';
import { decodePng, encodePng } from '../src/export/png.ts';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

test('two shots become two strips; slow motion plays slower; editing a shot re-simulates', async ({ page }) => {
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  const prompt = 'a basketball drops from 2 m, wide shot, then cut to a close-up in slow motion';
  await page.evaluate((p) => window.worlddraft!.controller.runPrompt(p), prompt);
  const list = page.locator('wd-shot-list');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('img')).toHaveCount(2, { timeout: 30_000 }); // thumbnails rendered
  const strips = await page.evaluate(() => window.worlddraft!.controller.state.shots.map((s) => [s.startS, s.endS, s.shot.playbackRate]));
  expect(strips).toEqual([[0, 2, 1], [2, 4, 0.25]]);

  // Playing through the controller's frame loop: in shot 1 time runs at 1×, in shot 2 at 0.25×.
  const advance = (from: number, wallS: number) => page.evaluate(([t, w]) => {
    const c = window.worlddraft!.controller as unknown as { seek(t: number): void; play(): void; pause(): void; frame(dt: number): void; state: { timeS: number } };
    c.pause(); c.seek(t); c.play();
    for (let i = 0; i < 10; i++) c.frame(w / 10);
    c.pause();
    return c.state.timeS - t;
  }, [from, wallS] as const);
  expect(await advance(0.5, 0.2)).toBeCloseTo(0.2, 6);
  expect(await advance(2.5, 0.2)).toBeCloseTo(0.05, 6);

  // Click the second strip: playback jumps to its start; make it a medium shot at normal speed.
  await list.getByRole('listitem').nth(1).click();
  expect(await page.evaluate(() => window.worlddraft!.controller.state.timeS)).toBe(2);
  await list.getByLabel('Speed').selectOption('1');
  await list.getByLabel('Shot size').selectOption('medium');
  await page.waitForFunction(() => {
    const shot = window.worlddraft!.controller.state.shots[1]?.shot;
    return shot?.playbackRate === 1 && shot.framing === 'medium';
  });
  expect(JSON.parse(await page.evaluate(() => window.worlddraft!.controller.state.specJson)).shots[1]).toMatchObject({ framing: 'medium', playbackRate: 1 });
});

test('the contact sheet holds each shot\'s key frames, and the .glb carries a camera per shot', async ({ page }) => {
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  await page.evaluate(() => window.worlddraft!.controller.runPrompt('a basketball drops from 2 m, wide shot, then cut to a close-up in slow motion'));
  const app = page.locator('wd-app');
  await app.getByRole('tab', { name: 'Export' }).click();
  const sheetDownload = page.waitForEvent('download');
  await app.getByRole('button', { name: 'Contact sheet' }).click();
  const sheet = new Uint8Array(Buffer.concat(await (await (await sheetDownload).createReadStream()).toArray()));
  const png = decodePng(sheet);
  expect([png.width, png.height]).toEqual([8 + 3 * 328, 8 + 2 * (180 + 18 + 8)]);

  const glbDownload = page.waitForEvent('download');
  await app.getByRole('button', { name: 'Export .glb' }).click();
  const glb = new Uint8Array(Buffer.concat(await (await (await glbDownload).createReadStream()).toArray()));
  const doc = await new WebIO().readBinary(glb);
  expect(doc.getRoot().listCameras().map((c) => c.getName())).toEqual(['viewport', 'shot-1', 'shot-2']);
});

test('a cameo photo appears on the person stand-in only after consent, and comes off again', async ({ page }) => {
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  await page.evaluate(() => window.worlddraft!.controller.runPrompt('a person stands next to a table'));
  const app = page.locator('wd-app');
  expect(await page.evaluate(() => window.worlddraft!.controller.state.cameo)).toEqual({ on: false, people: 1 });
  await expect(app.getByRole('button', { name: 'Choose a photo…' })).toBeDisabled();
  const magenta = () => page.evaluate(() => {
    const { rgba } = window.worlddraft!.capture();
    let n = 0;
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i] > 180 && rgba[i + 1] < 80 && rgba[i + 2] > 180) n++;
    return n;
  });
  expect(await magenta()).toBe(0);
  await app.getByLabel('I agree to use my likeness this way').check();
  // A bright magenta "photo", made here: no file leaves the test machine.
  const png = encodePng({ width: 64, height: 64, channels: 4, bitDepth: 8, data: new Uint8Array(64 * 64 * 4).map((_, i) => [255, 0, 255, 255][i % 4]) });
  await app.locator('input.cameo-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await page.waitForFunction(() => window.worlddraft!.controller.state.cameo.on);
  expect(await magenta()).toBeGreaterThan(20);
  await app.getByRole('button', { name: 'Remove' }).click();
  expect(await magenta()).toBe(0);
});
