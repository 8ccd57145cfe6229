/**
 * CPU reference vs WGSL kernels in Node (the `webgpu` package, Dawn on SwiftShader). It needs the
 * SwiftShader driver on the loader's path, so `npm test` runs it apart, as `npm run test:gpu`
 * (scripts/with-swiftshader.mjs sets that up); without a WebGPU device it fails, it is not skipped.
 * Tolerances: compare.ts (1e-3 cells in position, the same particles alive, body impulses within
 * 1e-3 of their size). Each fixture exercises one boundary condition of mpm.ts: free-slip walls
 * (water), no-slip walls (honey), open sides (particles leave), moving bodies (push-out, removal,
 * pressure force and torque).
 *
 * Then a whole scene with the liquid on the GPU (stepper.ts, simulateSessionOn) against the same scene
 * on the CPU: a flood with a stream pouring in and a ball in its way. The GPU's substep is fixed and
 * shorter than the CPU's adaptive one, so the two differ by the time discretisation, not only by f32:
 * the liquid's centre of mass agrees to a quarter cell frame by frame, the particle counts (emitters
 * run on the CPU in both) exactly, and the ball is pushed along the tank by about as much. And the CLI's
 * `--fluid-solver webgpu` on the dam-break example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGpuDevice, type NodeGpu } from './node-device.ts';
import { readFluidShadersNode, type FluidShaderSources } from './shaders.ts';
import { COMPARISON_CASES, compareCpuGpu, type ComparisonCase } from './compare.ts';
import { GpuMpm } from './runner.ts';
import { comparisonFluid, floodWithTapSpec } from '../fluid/fixtures.ts';
import { loadRapier } from '../rapier.ts';
import { simulateSession, simulateSessionOn } from '../session.ts';
import { liquidRunsGap } from '../fluid/analysis.ts';
import { gpuFluidStepper } from './stepper.ts';
import { readFile } from 'node:fs/promises';
import { main } from '../../cli/main.ts';

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

describe('a scene with its liquids on the GPU (stepper.ts) against the CPU', () => {
  it('the same particle counts, the liquid\'s centre of mass within a quarter cell, the ball pushed as far', async () => {
    if (!gpu) throw new Error('No WebGPU device in Node: run this through `npm run test:gpu`.');
    const rapier = await loadRapier();
    const keep = setInterval(() => {}, 20);
    try {
      const cpu = simulateSession(rapier, floodWithTapSpec());
      const onGpu = await simulateSessionOn(rapier, floodWithTapSpec(), gpuFluidStepper(gpu.device, sources, `webgpu: ${gpu.adapterInfo}`));
      expect(onGpu.fluidSolver).toContain('webgpu');
      expect(onGpu.timeline.halted).toBeNull();
      const a = cpu.timeline.fluidFrames, b = onGpu.timeline.fluidFrames;
      expect(a.length).toBeGreaterThan(8);
      const gap = liquidRunsGap(a, b), cells = gap.centreGapM / cpu.timeline.fluids![0]!.cellM;
      console.log(`liquid on ${onGpu.fluidSolver}: ${a.length} fluid frames, centre of mass at most ${cells.toFixed(3)} cells from the CPU's`);
      expect(gap.sameCounts).toBe(true);
      expect(cells).toBeLessThan(0.25);
      // The tap's liquid entered on both: its last frame holds more than its first.
      const tap = b.filter((f) => f.fluidId === 'tap').map((f) => f.count);
      expect(tap.at(-1)!).toBeGreaterThan(tap[0]! + 50);
      // The flood pushed the ball along the tank on both, by about as much.
      const pushed = (frames: typeof cpu.timeline.frames) => frames.at(-1)!.positions[0]![0] - frames[0]!.positions[0]![0];
      console.log(`ball pushed ${(pushed(cpu.timeline.frames) * 1000).toFixed(1)} mm on the CPU, ${(pushed(onGpu.timeline.frames) * 1000).toFixed(1)} mm with the liquid on the GPU`);
      expect(pushed(cpu.timeline.frames)).toBeGreaterThan(0.005);
      expect(Math.abs(pushed(onGpu.timeline.frames) - pushed(cpu.timeline.frames))).toBeLessThan(0.3 * pushed(cpu.timeline.frames));
    } finally { clearInterval(keep); }
  }, 120_000);

  it('worlddraft simulate --fluid-solver webgpu: the dam break\'s surge front within a cell of the CPU\'s, and the JSON says where the liquid ran', async () => {
    const out = (argv: string[]) => {
      let stdout = '', stderr = '';
      const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readFile: (path: string) => readFile(path, 'utf8') };
      return main(argv, io).then((code) => ({ code, json: stdout ? JSON.parse(stdout) : null, stderr }));
    };
    const args = ['simulate', '--scene', 'examples/dam-break.json', '--seconds', '0.15'];
    const [cpu, onGpu] = [await out(args), await out([...args, '--fluid-solver', 'webgpu'])];
    expect([cpu.code, onGpu.code, onGpu.stderr]).toEqual([0, 0, '']);
    expect(cpu.json.fluidSolver).toBeUndefined();
    expect(onGpu.json.fluidSolver).toMatch(/^webgpu: /);
    const fronts = (j: { surgeFront: { t: number; x: number }[] }) => j.surgeFront.map((f) => f.x);
    expect(fronts(onGpu.json).length).toBe(fronts(cpu.json).length);
    fronts(onGpu.json).forEach((x, i) => expect(Math.abs(x - fronts(cpu.json)[i]!)).toBeLessThan(0.04)); // examples/dam-break.json's cell
    expect(fronts(onGpu.json).at(-1)!).toBeGreaterThan(fronts(onGpu.json)[0]! + 0.05); // the surge ran
  }, 120_000);
});
