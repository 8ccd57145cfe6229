/**
 * Determinism across platforms: the same spec and seed give the same timeline hash in Node (this
 * test process) and in Chromium (the built app), bit for bit: on the page's own thread, and in the
 * app's simulation Web Worker (sim/browser/worker.ts) for a scene with a liquid coupled to bodies,
 * during whose run the page keeps drawing and shows its progress.
 */
import { test, expect } from '@playwright/test';
import { parsePrompt } from '../src/scene/parser.ts';
import { validateSceneSpec } from '../src/scene/spec.ts';
import { loadRapier } from '../src/sim/rapier.ts';
import { simulate } from '../src/sim/simulate.ts';
import { timelineHash } from '../src/sim/hash.ts';
import { pileSpec } from '../src/sim/fixtures.ts';
import type {} from '../src/main.ts';
import { waitForApp } from './support.ts';

const PROMPTS = [
  'a basketball drops from 2 meters onto a wooden floor and bounces',
  'two billiard balls collide head-on at 2 m/s',
  'three golf balls fall onto a table',
];

test('Node and Chromium produce identical timelines', async ({ page }) => {
  const rapier = await loadRapier();
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);

  const pile = pileSpec();
  const nodePile = timelineHash(simulate(rapier, validateSceneSpec(pile)));
  const browserPile = await page.evaluate((spec) => window.worlddraft!.simulateHash(spec), pile);
  expect(browserPile).toBe(nodePile);

  for (const prompt of PROMPTS) {
    const nodeHash = timelineHash(simulate(rapier, parsePrompt(prompt)));
    const browserHash = await page.evaluate((p) => window.worlddraft!.parseAndSimulateHash(p), prompt);
    expect(browserHash, prompt).toBe(nodeHash);
  }
});

test('a liquid scene simulated in the app\'s Web Worker has Node\'s timeline hash, and the page stays responsive while it runs', async ({ page }) => {
  const rapier = await loadRapier();
  const spec = validateSceneSpec({ ...parsePrompt('a dam breaks and the water floods a row of dominoes'), durationS: 1 });
  const nodeHash = timelineHash(simulate(rapier, spec));
  await page.goto('/?renderer=webgl2');
  await waitForApp(page);
  const run = await page.evaluate(async (json) => {
    const controller = window.worlddraft!.controller;
    // The page's event loop, ticked through a MessageChannel: the longest gap between ticks is the
    // longest the page was unresponsive (a simulation on the page's thread would be one long gap).
    let ticks = 0, longestGapMs = 0, last = performance.now(), running = true, progressUpdates = 0;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      ticks++;
      if (running) channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
    const stop = controller.subscribe(() => { if (controller.state.simProgress) progressUpdates++; });
    const t0 = performance.now();
    await controller.runSpecJson(json);
    const ms = performance.now() - t0;
    running = false;
    stop();
    return { ticks, longestGapMs, ms, progressUpdates, hash: window.worlddraft!.currentHash(), error: controller.state.error };
  }, JSON.stringify(spec));
  console.log(`worker run: ${run.ms.toFixed(0)} ms; the page's event loop ticked ${run.ticks} times meanwhile, longest gap ${run.longestGapMs.toFixed(0)} ms; ${run.progressUpdates} progress updates`);
  expect(run.error).toBeNull();
  expect(run.hash).toBe(nodeHash);
  // The page stayed responsive: its longest stall (a frame drawn, here by SwiftShader) is a small part of the run.
  expect(run.longestGapMs).toBeLessThan(0.4 * run.ms);
  expect(run.ticks).toBeGreaterThan(100);
  expect(run.progressUpdates).toBeGreaterThan(0);
});
