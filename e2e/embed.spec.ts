/**
 * The embeddable element in a plain HTML page with no build step (public/embed-example.html): it
 * becomes ready, plays, fires contact events, its pixels move, its methods pause and seek, and it
 * exports a video. Its attributes are parsed leniently (src/embed-attributes.test.ts).
 */
import { test, expect } from '@playwright/test';
import type {} from '../src/embed.ts';

test('<world-draft> works in a plain page: ready, contact events, moving pixels, methods, video', async ({ page }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/embed-example.html');
  await page.evaluate(() => {
    const el = document.querySelector('world-draft')!;
    (window as unknown as { contacts: number }).contacts = 0;
    el.addEventListener('contact', () => { (window as unknown as { contacts: number }).contacts++; });
  });
  const el = page.locator('world-draft[ready]');
  await expect(el).toHaveCount(1, { timeout: 60_000 });
  await expect(el.getByRole('button', { name: 'Pause' })).toBeVisible(); // controls, autoplay
  await page.waitForFunction(() => (window as unknown as { contacts: number }).contacts > 0, null, { timeout: 30_000 });

  // Paused at two times, the picture differs.
  await page.evaluate(() => { const w = document.querySelector('world-draft')!; w.pause(); w.seek(0.2); });
  const a = await el.locator('canvas').screenshot();
  await page.evaluate(() => document.querySelector('world-draft')!.seek(1.2));
  const b = await el.locator('canvas').screenshot();
  expect(a.equals(b)).toBe(false);

  const video = await page.evaluate(async () => {
    const blob = await document.querySelector('world-draft')!.exportVideo({ width: 160, height: 90, fps: 24 });
    return { type: blob.type, size: blob.size };
  });
  expect(video.type).toBe('video/webm');
  expect(video.size).toBeGreaterThan(1000);
  expect(problems).toEqual([]);
});
