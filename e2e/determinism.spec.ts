/**
 * Determinism across platforms: the same spec and seed give the same timeline hash in Node (this
 * test process) and in Chromium (the built app), bit for bit.
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
