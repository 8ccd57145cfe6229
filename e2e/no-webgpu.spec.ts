/**
 * A browser without WebGPU (Chromium without --enable-unsafe-webgpu on Linux: navigator.gpu is there,
 * but it offers no adapter, in the page or in the simulation worker). The app draws with WebGL2, and
 * asking for the liquid on the GPU runs it on the CPU, with one sentence saying so; the scene is the
 * CPU reference's, bit for bit, and a prompt is staged with the CPU's particle budget (the GPU's would
 * make the CPU run minutes long). The flag is removed only for this file's browser.
 */
import { test, expect } from '@playwright/test';
import type {} from '../src/main.ts';
import { waitForApp, loadPausedSpec } from './support.ts';
import { floodWithTapSpec } from '../src/sim/fluid/fixtures.ts';
import { parsePrompt } from '../src/scene/parser.ts';

test.use({
  launchOptions: async ({ launchOptions }, use) => {
    await use({ ...launchOptions, args: (launchOptions.args ?? []).filter((a) => a !== '--enable-unsafe-webgpu') });
  },
});

test('without WebGPU, picking the GPU for liquids runs the CPU and says so in one sentence', async ({ page }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto('/');
  await waitForApp(page);
  expect(await page.evaluate(async () => (await navigator.gpu?.requestAdapter()) ?? null)).toBeNull();
  await expect(page.getByTestId('backend')).toHaveText('WebGL2');
  const spec = floodWithTapSpec(0.1);
  await loadPausedSpec(page, spec);
  const cpuHash = await page.evaluate(() => window.worlddraft!.currentHash());

  await page.locator('#tab-scene').click();
  await page.locator('input[name=fluid-solver][value=webgpu]').check();
  await expect(page.locator('wd-prompt-bar .notice')).toHaveText('WebGPU could not run the liquid in this browser, so it was simulated on the CPU.', { timeout: 120_000 });
  await expect(page.getByTestId('fluid-solver-used')).toHaveText('This scene\'s liquid ran on the CPU.');
  expect(await page.evaluate(() => window.worlddraft!.currentHash())).toBe(cpuHash);
  expect(await page.evaluate((s) => window.worlddraft!.simulateHash(s), spec)).toBe(cpuHash);

  // A prompt, with the GPU still chosen: staged for the CPU's budget, run on the CPU.
  const prompt = 'an ice cube drops into a glass of whiskey';
  await page.evaluate(async (p) => { await window.worlddraft!.controller.runPrompt(p); }, prompt);
  const staged = JSON.parse(await page.evaluate(() => window.worlddraft!.controller.state.specJson)) as { fluids: { cellM: number }[] };
  expect(staged.fluids[0]!.cellM).toBe(parsePrompt(prompt).fluids[0]!.cellM);
  await expect(page.getByTestId('fluid-solver-used')).toHaveText('This scene\'s liquid ran on the CPU.');
  expect(problems).toEqual([]);
});
