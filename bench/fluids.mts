/**
 * Fluid bench (the fluids issue). Two parts:
 *
 * 1. The CPU reference solver (APIC on a MAC grid with a pressure projection, src/sim/fluid/mpm.ts)
 *    at ~20k particles, in particle-substeps per second on one core (goal: 20k particles at 30
 *    substeps/s; at desk-top flow speeds it takes 1–3 substeps per 1/240 s step).
 * 2. When a WebGPU device is available in Node (the `webgpu` package; src/sim/gpu/node-device.ts
 *    says how it is found): the WGSL kernels (src/sim/gpu/runner.ts) checked against the CPU, then
 *    timed on a tank of water with a coupled body floating in it (fixtures.ts benchTank: every
 *    substep runs body_forces as well as the solver), at 100k, 200k and 1M particles on a real GPU.
 *    Each size: a warm-up, then timed runs of a batch of substeps each, submit → onSubmittedWorkDone
 *    (the batch amortises the submit), the median reported as particle-substeps per second next to
 *    the WebGPU-Ocean anchor (ENVIRONMENT.md: its MLS-MPM substep through Dawn on an H200) at the
 *    nearest measured count, and the ratio. Also printed: what one setMovingSolids costs on the host
 *    (the coupling's per-fixed-step upload). On a software adapter (SwiftShader, llvmpipe) the
 *    default size is 20k and the figure is a correctness-and-scaling figure, not a GPU figure.
 * 3. A whole scene end to end (fixtures.ts floodWithTapSpec: a flood, a tap, a ball in the way; Rapier,
 *    emitters, coupling, recording and snapshots included) as a session with its liquid on the CPU
 *    and on the GPU (sim/gpu/stepper.ts: a submission and an impulse read-back per fixed step), wall
 *    time of each and the ratio, measured in the same run. The GPU takes more, shorter substeps (its
 *    substep is fixed from a speed bound; the CPU's adapts to the flow).
 *
 * 4. Splat shapes for the screen-space surface (render/fluid-shapes.ts), per recorded frame, on the
 *    CPU solver's 20k particles (bulk) and on a sparse sheet, against decoding the same frame.
 *
 * Flags: --particles N[,N...] picks the sizes (e.g. --particles 5000 here).
 *
 *   npm run bench:fluids                       (here: SwiftShader through scripts/with-swiftshader.mjs)
 *   npm run bench:fluids -- --particles 5000
 *
 * On an NVIDIA machine without Node or internet (ENVIRONMENT.md, "Running on an NVIDIA GPU machine"):
 *   here:   npx esbuild bench/fluids.mts --bundle --platform=node --format=esm --outfile=fluids-bench.mjs \
 *             --external:webgpu
 *           cp /usr/bin/node node && strip node && xz -k node
 *           apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2   (amd64)
 *           carry fluids-bench.mjs, shaders/, node_modules/webgpu (with dist/linux-x64), node.xz, the debs
 *   there:  unxz node.xz && chmod +x node; for d in *.deb; do dpkg -x $d /; done; ldconfig
 *           export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
 *           WORLDDRAFT_WEBGPU=$PWD/node_modules/webgpu ./node fluids-bench.mjs
 *   (from the folder holding shaders/; the adapter line must say nvidia, not a fallback).
 */
import { benchTank, comparisonFluid, coupledTank, floodWithTapSpec } from '../src/sim/fluid/fixtures.ts';
import { nodeGpuDevice } from '../src/sim/gpu/node-device.ts';
import { readFluidShadersNode } from '../src/sim/gpu/shaders.ts';
import { GpuMpm } from '../src/sim/gpu/runner.ts';
import { compareCpuGpu } from '../src/sim/gpu/compare.ts';
import { simulateSession, simulateSessionOn, type SimSession } from '../src/sim/session.ts';
import { gpuFluidStepper } from '../src/sim/gpu/stepper.ts';
import { loadRapier } from '../src/sim/rapier.ts';
import { decodeFluidFrame, encodeFluidFrame } from '../src/sim/fluid/frames.ts';
import { splatShapes } from '../src/render/fluid-shapes.ts';

/** WebGPU-Ocean's MLS-MPM substep through Dawn on an H200, particle-substeps per second (ENVIRONMENT.md). */
const OCEAN_ANCHOR: [particles: number, perS: number][] = [[120_000, 247e6], [200_000, 256e6], [1_000_000, 309e6]];

const dt = 1 / 480;
const cpu = comparisonFluid(0.02, 0.5); // 25 × 25 × 4 cells of liquid × 8 = 20k particles
for (let s = 0; s < 5; s++) cpu.substep(dt); // warm-up
const N = 40;
const t0 = performance.now();
for (let s = 0; s < N; s++) cpu.substep(dt);
const ms = performance.now() - t0;
console.log(`CPU fluid solver: ${cpu.count} particles, grid ${cpu.nx}×${cpu.ny}×${cpu.nz}: ${(ms / N).toFixed(2)} ms/substep, ${(1000 * N / ms).toFixed(1)} substeps/s, ${((cpu.count * N) / (ms / 1000) / 1e6).toFixed(2)}M particle-substeps/s (one core)`);

benchSplatShapes('the collapsing column above (bulk)', Float32Array.from(cpu.positionsM()), 0.01);
benchSplatShapes('a sparse sheet on the floor', sparseSheet(70, 0.025), 0.01);

/**
 * Splat shapes (render/fluid-shapes.ts), which the surface path computes once per recorded fluid frame
 * on the page's thread: the median of 9 runs, against decoding the same frame from the timeline
 * (decodeFluidFrame), the other per-frame work playback already does.
 */
function benchSplatShapes(label: string, positions: Float32Array, spacingM: number): void {
  const count = positions.length / 3;
  const lo: [number, number, number] = [Infinity, Infinity, Infinity], hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) for (let a = 0; a < 3; a++) { lo[a] = Math.min(lo[a], positions[3 * i + a]); hi[a] = Math.max(hi[a], positions[3 * i + a]); }
  const frame = encodeFluidFrame(0, 'bench', positions, count, [lo, hi]);
  const median = (work: () => void) => {
    const times = Array.from({ length: 9 }, () => { const start = performance.now(); work(); return performance.now() - start; });
    return times.sort((a, b) => a - b)[4];
  };
  const decodeMs = median(() => decodeFluidFrame(frame));
  const shapeMs = median(() => splatShapes(positions, 1, spacingM, 1.5 * Math.cbrt(3 / (4 * Math.PI)) * spacingM));
  console.log(`splat shapes, ${label}: ${count} particles, ${shapeMs.toFixed(1)} ms per recorded frame (${((1000 * shapeMs) / count).toFixed(2)} µs a particle), ${(shapeMs / decodeMs).toFixed(1)}× decoding the frame (${decodeMs.toFixed(2)} ms)`);
}

/** A sheet of side × side particles `gapM` apart, up to 3 mm off the plane y = 5 mm (a fixed pseudo-random jitter). */
function sparseSheet(side: number, gapM: number): Float32Array {
  const out = new Float32Array(side * side * 3);
  for (let i = 0; i < side * side; i++) {
    const jitter = Math.sin(i * 12.9898) * 43758.5453;
    out.set([(i % side) * gapM, 0.005 + 0.003 * (2 * (jitter - Math.floor(jitter)) - 1), Math.floor(i / side) * gapM], 3 * i);
  }
  return out;
}

const keep = setInterval(() => {}, 20); // Dawn's callbacks need a live event loop
const gpu = await nodeGpuDevice().catch(() => null);
if (!gpu) {
  console.log('GPU: no WebGPU device in Node (install `webgpu`, or set WORLDDRAFT_WEBGPU, LD_LIBRARY_PATH and VK_ICD_FILENAMES): skipped');
} else {
  const software = /swiftshader|llvmpipe|lavapipe/i.test(gpu.adapterInfo);
  console.log(`GPU adapter: ${gpu.adapterInfo}${software ? ' (software: correctness-and-scaling figures only, not GPU figures)' : ''}`);
  const sources = await readFluidShadersNode(process.cwd());
  const cmp = await compareCpuGpu(gpu.device, sources);
  console.log(`GPU vs CPU, dam break, 20 substeps: max |Δx| ${cmp.maxPositionDiffCells.toExponential(2)} cells, max |Δv| ${cmp.maxVelocityDiffCellsPerS.toExponential(2)} cells/s: ${cmp.pass ? 'within' : 'OUTSIDE'} tolerance`);
  const tank = coupledTank();
  const coupled = await compareCpuGpu(gpu.device, sources, tank.fluid, { steps: 10, substepsPerStep: 2, bodiesAt: (k) => tank.bodiesAt(k / 240) });
  console.log(`GPU vs CPU, two moving bodies, 10 fixed steps: max |Δx| ${coupled.maxPositionDiffCells.toExponential(2)} cells, body impulses within ${coupled.maxImpulseDiffRel.toExponential(2)} of their size: ${coupled.pass ? 'within' : 'OUTSIDE'} tolerance`);

  const flag = process.argv.indexOf('--particles');
  const sizes = flag >= 0 ? process.argv[flag + 1].split(',').map(Number) : software ? [20_000] : [100_000, 200_000, 1_000_000];
  const [batch, runs] = software ? [2, 3] : [20, 10];
  for (const target of sizes) {
    const { fluid, bodies } = benchTank(target);
    const runner = new GpuMpm(gpu.device, sources, fluid, { dtS: dt, bodies: 1 });
    try {
      const h0 = performance.now();
      runner.setMovingSolids(bodies.bodyOf, bodies.velocity, bodies.centres, true);
      const hostMs = performance.now() - h0;
      const run = async (substeps: number) => {
        const e = gpu.device.createCommandEncoder({ label: 'fluid bench encoder' });
        runner.encode(e, substeps);
        const t = performance.now();
        gpu.device.queue.submit([e.finish()]);
        await gpu.device.queue.onSubmittedWorkDone();
        return performance.now() - t;
      };
      await run(2);
      const { count } = await runner.readParticles();
      const times: number[] = [];
      for (let r = 0; r < runs; r++) times.push(await run(batch));
      times.sort((a, b) => a - b);
      const perSubstepMs = times[Math.floor(times.length / 2)] / batch, rate = count / (perSubstepMs / 1000);
      const [anchorN, anchor] = OCEAN_ANCHOR.reduce((best, a) => (Math.abs(Math.log(a[0] / count)) < Math.abs(Math.log(best[0] / count)) ? a : best));
      console.log(`GPU fluid kernels + 1 coupled body: ${count} particles, grid ${fluid.nx}×${fluid.ny}×${fluid.nz}: ${perSubstepMs.toFixed(2)} ms/substep (median of ${runs} × ${batch}), ${(rate / 1e6).toFixed(2)}M particle-substeps/s; WebGPU-Ocean at ${anchorN / 1000}k on an H200: ${anchor / 1e6}M, ratio ${(rate / anchor).toExponential(2)}; setMovingSolids ${hostMs.toFixed(1)} ms on the host${software ? ' (software adapter: correctness and scaling only)' : ''}`);
    } finally {
      runner.dispose();
    }
  }

  const rapier = await loadRapier(), spec = floodWithTapSpec(0.3);
  const timed = async (run: () => SimSession | Promise<SimSession>) => {
    const t = performance.now();
    await run();
    return { ms: performance.now() - t };
  };
  const onCpu = await timed(() => simulateSession(rapier, spec));
  const onGpu = await timed(() => simulateSessionOn(rapier, spec, gpuFluidStepper(gpu.device, sources, gpu.adapterInfo)));
  console.log(`whole scene (floodWithTapSpec, 0.3 s, ${spec.fluids.length} liquids + a coupled ball): liquid on the CPU ${onCpu.ms.toFixed(0)} ms, on the GPU ${onGpu.ms.toFixed(0)} ms, ratio GPU/CPU speed ${(onCpu.ms / onGpu.ms).toFixed(2)}×${software ? ' (software adapter: not a GPU figure)' : ''}`);
  gpu.dispose();
}
clearInterval(keep);
