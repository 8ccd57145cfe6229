/**
 * What the end-to-end tests share: waiting until the app has simulated its first scene, loading a
 * scene spec paused at t = 0, and the small known scene many of them draw.
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

/**
 * A rubber ball of `radiusM` at (0, 0.5, 0) rolling at +1 m/s in x without gravity, before a wall whose
 * face is 5 m from the fixed camera: every pixel of it is predictable, and a second of it is small
 * enough for the draft model on the CPU.
 */
export function rollingBallScene({ radiusM = 0.3, durationS = 1 }: { radiusM?: number; durationS?: number } = {}) {
  return {
    version: 1, seed: 1, gravity: [0, 0, 0], durationS,
    bodies: [{ id: 'ball-1', name: 'ball', kind: 'ball', material: 'rubber', shape: { type: 'sphere', radiusM }, positionM: [0, 0.5, 0], linearVelocityMps: [1, 0, 0] }],
    environment: { ground: { material: 'concrete' }, items: [{ id: 'wall-1', name: 'wall', kind: 'wall', material: 'concrete', positionM: [0, 0, -2.1], sizeM: [20, 10, 0.2] }] },
    camera: { mode: 'fixed', positionM: [0, 0.5, 3], targetM: [0, 0.5, 0], fovDeg: 40 },
  };
}
