/**
 * CPU reference vs WGSL kernels in Node (the `webgpu` package, Dawn on SwiftShader). It needs the
 * SwiftShader driver on the loader's path, so `npm test` runs it apart, as `npm run test:gpu`
 * (scripts/with-swiftshader.mjs sets that up); without a WebGPU device it fails, it is not skipped.
 * Tolerance: compare.ts (1e-3 cells in position after 20 substeps).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGpuDevice, type NodeGpu } from './node-device.ts';
import { readFluidShadersNode } from './shaders.ts';
import { compareCpuGpu } from './compare.ts';
import { GpuMpm } from './runner.ts';
import { comparisonFluid } from '../fluid/fixtures.ts';

let gpu: NodeGpu | null = null;
beforeAll(async () => { gpu = await nodeGpuDevice().catch(() => null); });
afterAll(() => gpu?.dispose());

describe('GPU fluid kernels (Node, webgpu package)', () => {
  it('agrees with the CPU reference after 20 substeps', async () => {
    if (!gpu) throw new Error('No WebGPU device in Node: run this through `npm run test:gpu`.');
    const keep = setInterval(() => {}, 20); // Dawn's callbacks need a live event loop
    try {
      const r = await compareCpuGpu(gpu.device, await readFluidShadersNode(process.cwd()), 20);
      expect(r.pass, JSON.stringify(r)).toBe(true);
    } finally { clearInterval(keep); }
  });

  it('dispose is idempotent', async () => {
    if (!gpu) throw new Error('No WebGPU device in Node: run this through `npm run test:gpu`.');
    const runner = new GpuMpm(gpu.device, await readFluidShadersNode(process.cwd()), comparisonFluid(), { dtS: 1e-4 });
    runner.dispose(); runner.dispose();
    expect(runner.isDisposed).toBe(true);
  });
});
