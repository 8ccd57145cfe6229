/**
 * End-to-end tests in headless Chromium against the production build (`vite preview`).
 *
 * Chromium: $WORLDDRAFT_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own download
 * (`npx playwright install chromium`). The flags give WebGL2 and a WebGPU adapter that can present
 * (SwiftShader on the CPU), and stop Chromium from reaching the internet at start-up (ENVIRONMENT.md).
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices, chromium } from '@playwright/test';

function chromiumPath(): string | undefined {
  const named = process.env.WORLDDRAFT_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`WORLDDRAFT_CHROMIUM is set to "${named}", which does not exist.`);
    return named;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser
  throw new Error('No Chromium found for the end-to-end tests: install one with "sudo apt-get install chromium" (Debian/Ubuntu) or "npx playwright install chromium", or set WORLDDRAFT_CHROMIUM to a Chromium or Chrome binary.');
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu',
  '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader',
  '--autoplay-policy=no-user-gesture-required',
];

/** Port and build folder can be changed so that two test runs on one machine do not collide. */
const PORT = Number(process.env.WD_E2E_PORT ?? 4173);
const DIST = process.env.WD_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
