/**
 * What the end-to-end tests share: waiting until the app has simulated its first scene, and loading a
 * scene spec paused at t = 0.
 */
import type { Page } from '@playwright/test';
import type {} from '../src/main.ts';

/** Waits until the app page has built and simulated its first scene. */
export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.worlddraft?.controller.state.durationS ?? 0) > 0, null, { timeout: 60_000 });
}

/** Runs a scene spec in the app and pauses it. */
export async function loadPausedSpec(page: Page, spec: unknown): Promise<void> {
  await page.evaluate(async (json) => {
    const wd = window.worlddraft!;
    await wd.controller.runSpecJson(json);
    wd.controller.pause();
  }, JSON.stringify(spec));
}
