// Vite config: the app (index.html) in dev and preview, and the unit tests (vitest).
//
// onnxruntime-web (the draft model, src/inference/) runs WebAssembly threads, which need cross-origin
// isolation: COOP/COEP headers in dev and preview (and on any host that serves dist/). It is kept out
// of dev pre-bundling, and resolved to its build that loads the .wasm and its .mjs glue from URLs we
// give it (src/inference/browser/ort-assets.ts imports them with ?url): both become files of this
// site, so nothing is fetched from a CDN.
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8192 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
