/**
 * The webcam cameo: after the consent line, "Use one webcam frame" puts that frame on the person
 * stand-in's head, and the frame stays in the page's memory: the camera is stopped at once, no request
 * leaves the page, nothing is written to storage, and the scene (and so its share link) is unchanged.
 *
 * Chromium's fake camera plays a file made here: one magenta frame (YUV4MPEG2), so the face is easy to
 * find in the picture. The fake-camera flags are added only for this file's browser.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

/** One frame of one colour (Y, Cb, Cr) as a YUV4MPEG2 4:2:0 file, the format Chromium's fake camera plays. */
function y4mFrame(width: number, height: number, [y, cb, cr]: [number, number, number]): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  const chroma = (width / 2) * (height / 2);
  return Buffer.concat([header, Buffer.alloc(width * height, y), Buffer.alloc(chroma, cb), Buffer.alloc(chroma, cr)]);
}
// Magenta (R = B = 255, G = 0) in BT.601 studio range.
// One fixed name: every run writes the same bytes, so nothing piles up in the temp folder.
const CAMERA_FILE = join(tmpdir(), 'worlddraft-fake-camera.y4m');
writeFileSync(CAMERA_FILE, y4mFrame(64, 64, [106, 202, 222]));

test.use({
  launchOptions: async ({ launchOptions }, use) => {
    await use({ ...launchOptions, args: [...(launchOptions.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${CAMERA_FILE}`] });
  },
});

test('one webcam frame goes on the person stand-in after consent, and stays in memory', async ({ page }) => {
  // Keep hold of every camera stream the page opens, to check afterwards that each was stopped.
  await page.addInitScript(() => {
    const opened: MediaStream[] = [];
    (window as unknown as { openedStreams: MediaStream[] }).openedStreams = opened;
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      opened.push(stream);
      return stream;
    };
  });
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  await page.evaluate(async () => {
    const { controller } = window.worlddraft!;
    await controller.runPrompt('a person stands next to a table');
    controller.pause();
    controller.seek(0.5);
  });
  const app = page.locator('wd-app');
  expect(await page.evaluate(() => window.worlddraft!.controller.state.cameo)).toEqual({ on: false, people: 1 });
  await expect(app.getByRole('button', { name: 'Use one webcam frame' })).toBeDisabled();

  /**
   * The frame at a fixed size (the viewport's own size changes as the panel's text does), and which of
   * its pixels show the person (from the instance-id pass at the same size).
   */
  const frame = () => page.evaluate(async () => {
    const wd = window.worlddraft!;
    const { width, height, rgba } = await wd.captureAt(0.5, 640, 360);
    const passes = await wd.render.passes(0.5, width, height);
    const personIds = new Set(passes.instances.filter((i) => i.kind === 'person').map((i) => i.id));
    return { width, height, rgba, onPerson: Array.from(passes.ids, (id) => (personIds.has(id) ? 1 : 0)) };
  });
  const before = await frame();
  const saved = await page.evaluate(() => ({ spec: window.worlddraft!.controller.state.specJson, url: location.href, storage: localStorage.length + sessionStorage.length }));

  await app.getByLabel('I agree to use my likeness this way').check();
  const requests: string[] = [];
  // Every request from here on, except Chromium's own fetch of the page's icon, which it makes when it
  // pleases (CI once saw it land after the consent) and which carries nothing.
  page.on('request', (r) => { if (new URL(r.url()).pathname !== '/favicon.svg') requests.push(`${r.method()} ${r.url()}`); });
  await app.getByRole('button', { name: 'Use one webcam frame' }).click();
  await page.waitForFunction(() => window.worlddraft!.controller.state.cameo.on);
  const withCameo = await frame();
  const state = await page.evaluate(() => ({
    tracks: (window as unknown as { openedStreams: MediaStream[] }).openedStreams.map((s) => s.getTracks().map((t) => t.readyState)),
    spec: window.worlddraft!.controller.state.specJson, url: location.href, storage: localStorage.length + sessionStorage.length,
  }));
  await app.getByRole('button', { name: 'Remove' }).click();
  const without = await frame();

  // The camera's magenta is on the picture only with the cameo, and the cameo changes the person's
  // pixels and (nearly) nothing else.
  const magenta = (f: typeof before) => {
    let n = 0;
    for (let i = 0; i < f.rgba.length; i += 4) if (f.rgba[i] > 150 && f.rgba[i + 1] < 90 && f.rgba[i + 2] > 150) n++;
    return n;
  };
  expect(magenta(before)).toBe(0);
  expect(magenta(withCameo)).toBeGreaterThan(20);
  expect(magenta(without)).toBe(0);
  let changed = 0, changedOnPerson = 0;
  for (let p = 0; p < withCameo.width * withCameo.height; p++) {
    const i = 4 * p;
    const diff = Math.abs(withCameo.rgba[i] - without.rgba[i]) + Math.abs(withCameo.rgba[i + 1] - without.rgba[i + 1]) + Math.abs(withCameo.rgba[i + 2] - without.rgba[i + 2]);
    if (diff > 30) { changed++; changedOnPerson += withCameo.onPerson[p]; }
  }
  expect(changed).toBeGreaterThan(20);
  expect(changedOnPerson / changed).toBeGreaterThan(0.9);

  // Nothing beyond memory: the camera was opened once and stopped, no request went out, nothing was
  // stored, and the scene and its link do not carry the face.
  expect(state.tracks).toEqual([['ended']]);
  expect(requests).toEqual([]);
  expect({ spec: state.spec, url: state.url, storage: state.storage }).toEqual(saved);
});
