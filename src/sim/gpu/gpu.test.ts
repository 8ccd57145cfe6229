/**
 * CPU reference vs WGSL kernels in Node (the `webgpu` package, Dawn on SwiftShader). It needs the
 * SwiftShader driver on the loader's path, so `npm test` runs it apart, as `npm run test:gpu`
 * (scripts/with-swiftshader.mjs sets that up); without a WebGPU device it fails, it is not skipped.
 * Tolerances: compare.ts (1e-3 cells in position, the same particles alive, body impulses within
 * 1e-3 of their size). Each fixture exercises one boundary condition of mpm.ts: free-slip walls
 * (water), no-slip walls (honey), open sides (particles leave), moving bodies (push-out, removal,
 * pressure force and torque).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGpuDevice, type NodeGpu } from './node-device.ts';
import { readFluidShadersNode, type FluidShaderSources } from './shaders.ts';
import { COMPARISON_CASES, compareCpuGpu, type ComparisonCase } from './compare.ts';
import { GpuMpm } from './runner.ts';
import { comparisonFluid } from '../fluid/fixtures.ts';

let gpu: NodeGpu | null = null;
let sources: FluidShaderSources;
beforeAll(async () => {
  gpu = await nodeGpuDevice().catch(() => null);
  sources = await readFluidShadersNode(process.cwd());
});
afterAll(() => gpu?.dispose());

/** Runs the comparison with the event loop kept alive (Dawn's callbacks need it). */
async function compare({ cpu, options }: ComparisonCase) {
  if (!gpu) throw new Error('No WebGPU device in Node: run this through `npm run test:gpu`.');
  const keep = setInterval(() => {}, 20);
  try {
    return await compareCpuGpu(gpu.device, sources, cpu, options);
  } finally { clearInterval(keep); }
}

describe('GPU fluid kernels (Node, webgpu package)', () => {
  it('agrees with the CPU reference after 20 substeps (water, free-slip walls)', async () => {
    const r = await compare(COMPARISON_CASES.water());
    expect(r.pass, JSON.stringify(r)).toBe(true);
  });

  it('agrees with the CPU reference for honey, whose walls are no-slip', async () => {
    const honey = COMPARISON_CASES.honey();
    expect(honey.cpu.noSlip).toBe(true);
    const r = await compare(honey);
    expect(r.pass, JSON.stringify(r)).toBe(true);
  });

  it('with open sides, the same particles leave on both (60 substeps)', async () => {
    const r = await compare(COMPARISON_CASES.openSides());
    expect(r.particles, JSON.stringify(r)).toBeLessThan(r.particlesStart - 20);
    expect(r.pass, JSON.stringify(r)).toBe(true);
  });

  it('with a box pushed through the liquid and a spinning ball: the same particles and the same force and torque on each body (10 fixed steps)', async () => {
    const r = await compare(COMPARISON_CASES.movingBodies());
    // The liquid inside the bodies was removed at the start, and the bodies felt the liquid.
    expect(r.particles, JSON.stringify(r)).toBeLessThan(r.particlesStart);
    expect(r.maxImpulseNs, JSON.stringify(r)).toBeGreaterThan(0.1);
    expect(r.pass, JSON.stringify(r)).toBe(true);
  });

  it('dispose is idempotent', () => {
    if (!gpu) throw new Error('No WebGPU device in Node: run this through `npm run test:gpu`.');
    const runner = new GpuMpm(gpu.device, sources, comparisonFluid(), { dtS: 1e-4 });
    runner.dispose(); runner.dispose();
    expect(runner.isDisposed).toBe(true);
  });
});
