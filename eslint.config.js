// Lint rules. The important ones enforce DESIGN.md's boundaries:
// - scene/, sim/ (outside sim/gpu/ and sim/browser/, the Web Worker glue), the pure parts of audio/,
//   the export formats (export/ outside export/browser/) and the draft model's manifests and tensor packing (inference/ outside session.ts
//   and inference/browser/) are DOM-free and deterministic: no three, tone, lit or onnxruntime imports, and no
//   wall clock or unseeded randomness.
// - scene/ comes before sim/ in the pipeline: sim/ reads scene/, never the other way (tests aside).
import tseslint from 'typescript-eslint';

const browserOnlyPackages = ['three', 'three/*', 'tone', 'lit', 'lit/*', 'onnxruntime-web', 'onnxruntime-web/*'];
const domFree = { group: browserOnlyPackages, message: 'scene/, sim/ and audio cues are DOM-free (DESIGN.md, Boundaries).' };

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/scene/**/*.ts', 'src/sim/**/*.ts', 'src/audio/cues.ts', 'src/audio/contracts.ts', 'src/audio/modal.ts', 'src/audio/mix.ts', 'src/audio/ambience.ts', 'src/export/**/*.ts', 'src/inference/**/*.ts'],
    ignores: ['src/sim/gpu/**', 'src/sim/browser/**', 'src/export/browser/**', 'src/inference/session.ts', 'src/inference/browser/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [domFree],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'DOM-free folder.' },
        { name: 'document', message: 'DOM-free folder.' },
        { name: 'performance', message: 'Simulation time advances only through step(dt).' },
        { name: 'setTimeout', message: 'Simulation time advances only through step(dt).' },
        { name: 'setInterval', message: 'Simulation time advances only through step(dt).' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator in scene/random.ts.' },
        { object: 'Date', property: 'now', message: 'Simulation time advances only through step(dt).' },
      ],
    },
  },
  {
    files: ['src/scene/**/*.ts'],
    ignores: ['src/scene/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [domFree, { group: ['**/sim/**'], message: 'scene/ comes before sim/ in the pipeline (DESIGN.md): sim/ may import scene/, not the other way.' }],
      }],
    },
  },
);
