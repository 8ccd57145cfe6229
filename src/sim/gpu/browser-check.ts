/**
 * The CPU-vs-GPU fluid comparison (compare.ts) in a browser: the device from navigator.gpu, the WGSL
 * kernels as Vite bundles them (shaders-vite.ts), every case of COMPARISON_CASES. e2e/fluids.spec.ts
 * runs it in headless Chromium on SwiftShader (the fluids issue asks for that check there, besides
 * Node's `npm run test:gpu`); `window.worlddraft.fluidGpuCheck()` runs it on any browser's own GPU.
 * The app page loads this module only when asked.
 */
import { COMPARISON_CASES, compareCpuGpu, type Comparison } from './compare.ts';
import { FLUID_SHADERS } from './shaders-vite.ts';

export type BrowserComparison = Comparison & { adapter: string };

export async function checkGpuFluidInBrowser(): Promise<Record<keyof typeof COMPARISON_CASES, BrowserComparison>> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('This browser offers no WebGPU adapter, so the GPU fluid solver cannot run here; the CPU solver does the work.');
  const device = await adapter.requestDevice({ label: 'worlddraft fluid check device' });
  const name = `${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}`.trim();
  try {
    const results: Partial<Record<keyof typeof COMPARISON_CASES, BrowserComparison>> = {};
    for (const key of Object.keys(COMPARISON_CASES) as (keyof typeof COMPARISON_CASES)[]) {
      const { cpu, options } = COMPARISON_CASES[key]();
      results[key] = { ...(await compareCpuGpu(device, FLUID_SHADERS, cpu, options)), adapter: name };
    }
    return results as Record<keyof typeof COMPARISON_CASES, BrowserComparison>;
  } finally {
    device.destroy();
  }
}
