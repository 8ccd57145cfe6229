/**
 * Fluid bench (the fluids issue): particle-substeps per second of the CPU reference solver (APIC on a
 * MAC grid with a pressure projection, src/sim/fluid/mpm.ts) at ~20k particles (goal: 20k particles
 * at 30 substeps/s on one core; at desk-top flow speeds it takes 1–3 substeps per 1/240 s step, where
 * the weakly compressible solver it replaced took ~20 at this cell), and, when a WebGPU device is
 * available in Node (the `webgpu` package; see src/sim/gpu/node-device.ts for the env variables),
 * the WGSL kernels on it. On SwiftShader that GPU figure is a correctness-and-scaling figure only;
 * real-GPU timings need an NVIDIA machine (ENVIRONMENT.md).
 */
import { comparisonFluid } from '../src/sim/fluid/fixtures.ts';
import { nodeGpuDevice } from '../src/sim/gpu/node-device.ts';
import { readFluidShadersNode } from '../src/sim/gpu/shaders.ts';
import { GpuMpm } from '../src/sim/gpu/runner.ts';
import { compareCpuGpu } from '../src/sim/gpu/compare.ts';

const cpu = comparisonFluid(0.02, 0.5); // 25 × 25 × 4 cells of liquid × 8 = 20k particles
const dt = 1 / 480;
for (let s = 0; s < 5; s++) cpu.substep(dt); // warm-up
const N = 40;
const t0 = performance.now();
for (let s = 0; s < N; s++) cpu.substep(dt);
const ms = performance.now() - t0;
console.log(`CPU fluid solver: ${cpu.count} particles, grid ${cpu.nx}×${cpu.ny}×${cpu.nz}: ${(ms / N).toFixed(2)} ms/substep, ${(1000 * N / ms).toFixed(1)} substeps/s, ${((cpu.count * N) / (ms / 1000) / 1e6).toFixed(2)}M particle-substeps/s (one core)`);

const keep = setInterval(() => {}, 20);
const gpu = await nodeGpuDevice().catch(() => null);
if (!gpu) {
  console.log('GPU: no WebGPU device in Node (install `webgpu`, or set WORLDDRAFT_WEBGPU, LD_LIBRARY_PATH and VK_ICD_FILENAMES): skipped');
} else {
  const sources = await readFluidShadersNode(process.cwd());
  const cmp = await compareCpuGpu(gpu.device, sources, 20);
  console.log(`GPU (${gpu.adapterInfo}) vs CPU after 20 substeps: max |Δx| ${cmp.maxPositionDiffCells.toExponential(2)} cells, max |Δv| ${cmp.maxVelocityDiffCellsPerS.toExponential(2)} cells/s: ${cmp.pass ? 'within' : 'OUTSIDE'} tolerance`);
  for (const cellM of [0.02, 0.01]) { // 20k and 80k particles
    const state = comparisonFluid(cellM, 0.5);
    const runner = new GpuMpm(gpu.device, sources, state, { dtS: 1 / 480 });
    const run = async (n: number) => { const e = gpu.device.createCommandEncoder({ label: 'bench encoder' }); runner.encode(e, n); gpu.device.queue.submit([e.finish()]); await gpu.device.queue.onSubmittedWorkDone(); };
    await run(2);
    const t1 = performance.now();
    await run(10);
    const g = performance.now() - t1;
    console.log(`GPU fluid kernels: ${state.count} particles: ${(g / 10).toFixed(2)} ms/substep, ${((state.count * 10) / (g / 1000) / 1e6).toFixed(2)}M particle-substeps/s (SwiftShader: correctness and scaling only)`);
    runner.dispose();
  }
  gpu.dispose();
}
clearInterval(keep);
