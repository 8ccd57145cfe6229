/**
 * onnxruntime-web's WebAssembly binary and its JavaScript glue, as files of this site: Vite copies them
 * into the build (`?url`) and the runtime is told to load exactly these (env.wasm.wasmPaths), so the
 * draft model never reaches for a CDN. The JSEP build carries both the wasm and the WebGPU execution
 * providers. Threads are used when the page is cross-origin isolated (vite.config.ts sets the headers).
 */
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import type { OrtModule } from '../session.ts';

/** Points the runtime at this site's copies of its files; runs once, before the first session. */
export function configureOrt(ort: OrtModule): void {
  ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, location.href).href, mjs: new URL(mjsUrl, location.href).href };
  ort.env.wasm.proxy = false;
  // numThreads stays onnxruntime's own choice: half the cores (at most 4) when cross-origin isolated, else 1.
  ort.env.logLevel = 'error';
}
