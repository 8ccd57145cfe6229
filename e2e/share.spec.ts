/**
 * Share, reproduce and export: a share link round-trips to an identical timeline hash (the same hash Node
 * computes), a damaged link says so and opens the default scene, scene files save, open and drop in,
 * and the scene exports as a .glb that passes the Khronos validator.
 */
import { test, expect, type Page } from '@playwright/test';
import { parsePrompt } from '../src/scene/parser.ts';
import { loadRapier } from '../src/sim/rapier.ts';
import { simulate } from '../src/sim/simulate.ts';
import { timelineHash } from '../src/sim/hash.ts';
import { encodeShare } from '../src/export/share.ts';
import { WebIO } from '@gltf-transform/core';
import type {} from '../src/main.ts';

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.worlddraft?.controller.state.durationS ?? 0) > 0 && !window.worlddraft!.controller.state.busy, null, { timeout: 60_000 });
}

test('a share link reproduces the identical world, edits included', async ({ page }) => {
  const spec = parsePrompt('two billiard balls collide head-on at 2 m/s', { seed: 9 });
  spec.bodies[0].linearVelocityMps = [3, 0, 0]; // an edit
  const nodeHash = timelineHash(simulate(await loadRapier(), spec));
  await page.goto(`/?renderer=webgl2#scene=${encodeShare(spec)}`);
  await ready(page);
  expect(await page.evaluate(() => window.worlddraft!.currentHash())).toBe(nodeHash);

  // Copying the link from the app gives a URL that reproduces it again.
  await page.locator('wd-app').getByRole('button', { name: 'Copy share link' }).click();
  const link = page.url();
  expect(link).toContain('#scene=');
  const again = await page.context().newPage();
  await again.goto(link);
  await ready(again);
  expect(await again.evaluate(() => window.worlddraft!.currentHash())).toBe(nodeHash);
});

test('a damaged share link says so in one sentence and opens the default scene', async ({ page }) => {
  await page.goto('/?renderer=webgl2#scene=AAAA');
  await page.waitForFunction(() => window.worlddraft?.controller.state.prompt.startsWith('a basketball'), null, { timeout: 60_000 });
  const error = await page.evaluate(() => window.worlddraft!.controller.state.error);
  expect(error).toMatch(/^This share link is damaged .*\.$/);
  await expect(page.locator('wd-app').getByRole('alert').first()).toContainText('share link is damaged');
});

test('a scene file saves, and opens again by picking or dropping it', async ({ page }) => {
  await page.goto('/?renderer=webgl2');
  await ready(page);
  const app = page.locator('wd-app');
  const download = page.waitForEvent('download');
  await app.getByRole('button', { name: 'Save scene…' }).click();
  const saved = JSON.parse(await (await download).createReadStream().then((s) => s.toArray()).then((c) => Buffer.concat(c).toString('utf8')));
  expect(saved.bodies[0].kind).toBe('basketball');

  // Open a different scene through the file picker.
  const other = parsePrompt('a wooden crate slides across the floor at 4 m/s');
  await app.locator('input.scene-file').setInputFiles({ name: 'crate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
  await page.waitForFunction(() => window.worlddraft!.controller.state.prompt.includes('crate'));

  // Drop the saved basketball scene onto the page.
  await app.evaluate((el, json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'scene.json', { type: 'application/json' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, JSON.stringify(saved));
  await page.waitForFunction(() => window.worlddraft!.controller.state.prompt.includes('basketball'));
});

test('the scene exports as an animated .glb that passes the glTF validator', async ({ page }) => {
  await page.goto('/?renderer=webgl2');
  await ready(page);
  const download = page.waitForEvent('download');
  await page.locator('wd-app').getByRole('tab', { name: 'Export' }).click();
  await page.locator('wd-app').getByRole('button', { name: 'Export .glb' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('worlddraft-scene.glb');
  const glb = await (await file.createReadStream()).toArray().then((chunks) => new Uint8Array(Buffer.concat(chunks)));
  // @ts-expect-error: the Khronos validator ships without type declarations
  const { validateBytes } = await import('gltf-validator');
  const report = await validateBytes(glb);
  expect(report.issues.numErrors).toBe(0);
  expect(report.info.animationCount).toBe(1);
  const doc = await new WebIO().readBinary(glb);
  expect(doc.getRoot().listCameras().map((c) => c.getName())).toEqual(['viewport']);
  expect(doc.getRoot().listNodes().map((n) => n.getName())).toContain('basketball-1');
});
