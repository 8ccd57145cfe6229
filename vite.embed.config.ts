// The embeddable <world-draft> element as one ES module: dist/embed/world-draft.js. It is built after
// the app (which empties dist/), so `vite preview` serves both, and public/embed-example.html uses it.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/embed',
    emptyOutDir: false,
    chunkSizeWarningLimit: 8192,
    lib: { entry: 'src/embed.ts', formats: ['es'], fileName: () => 'world-draft.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
