/**
 * The `worlddraft` command line: parse a prompt, simulate a scene, print JSON.
 *
 *   worlddraft parse "<prompt>" [--seed N]
 *   worlddraft simulate "<prompt>" | --scene file.json [--seconds S] [--fps N] [--seed N] [--fluid-solver cpu|webgpu]
 *
 * Results go to stdout as JSON; errors go to stderr as one line, with exit code 2 for bad input and
 * 1 for anything unexpected. Never a stack trace. `main` takes its streams and file reader as
 * arguments so tests can run it in-process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileURLToPath } from 'node:url';
import { exitCode, integerOption, loadSpec, numberOption, UsageError } from './options.ts';
import { loadRapier } from '../sim/rapier.ts';
import { simulate, type SimulateOptions } from '../sim/simulate.ts';
import type { SimTimeline } from '../sim/timeline.ts';
import type { SceneSpec } from '../scene/spec.ts';
import { GPU_LIQUID_PARTICLE_SCALE } from '../scene/parser.ts';
import { fluidSummary } from '../sim/fluid/summary.ts';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}


const USAGE = `worlddraft: a sentence becomes a physically simulated 3D scene.

Usage:
  worlddraft parse "<prompt>" [--seed N]
  worlddraft simulate "<prompt>" | --scene file.json [--seconds S] [--fps N] [--seed N] [--fluid-solver cpu|webgpu]
  worlddraft audio "<prompt>" | --scene file.json --out file.wav [--seconds S]   (--cues: the cue list)
  worlddraft render "<prompt>" | --scene file.json --out DIR [--video [--draft]] [--pack PRESET] [--glb] [--style S]
  worlddraft batch prompts.txt --out DIR [--jobs N] [--queue redis://host:port] [render's export flags]
  worlddraft worker --queue redis://host:port
  worlddraft <command> --help

Results are JSON on stdout; errors are one line on stderr (exit code 2 for bad input).
`;

const HELP: Record<string, string> = {
  parse: `worlddraft parse "<prompt>" [--seed N]

Prints the SceneSpec (JSON) the prompt becomes, with its interpretation: which words became which
fields, which words were not understood, and the assumptions made.

  --seed N     seed for random placement (integer 0..4294967295, default 1)
`,
  simulate: `worlddraft simulate "<prompt>" | --scene file.json [--seconds S] [--fps N] [--seed N] [--fluid-solver cpu|webgpu]

Simulates the scene and prints its SimTimeline (JSON): dt, fps, bodies (id, name, kind, material,
massKg), frames (t, positions [x,y,z] in m, quaternions [x,y,z,w], velocitiesMps, kineticJ and
potentialJ per body, and with joints jointAnchorsM [[a],[b]] and jointPotentialJ per joint), contacts
(t, a, b, impulseNs, pointM, normalSpeedMps), joints, shotCuts (t, endT, skippedS) and halted (null, or
why the explosion guard stopped the run). Axes: right-handed, y up, metres, seconds, joules.

  --scene F    read a SceneSpec JSON file instead of a prompt
  --seconds S  simulated duration (default: the scene's durationS), 0 < S <= 600
  --fps N      frames recorded per second (default: the scene's fps), integer 1..240
  --seed N     seed when parsing a prompt (default 1)
  --fluid-every N   record simulated liquids' particles every N-th frame (default 2; 0: none).
               fluidFrames hold int16 positions relative to each fluid's domain, base64. A scene
               with a block of liquid (fluids[].boxM) also gets columnWidth (m) and surgeFront
               [{t, x}] (s, m from the column's back wall), as for examples/dam-break.json.
  --fluid-solver cpu|webgpu   where simulated liquids are solved. cpu (default): the reference, the
               same timeline to the bit on every machine and in the browser. webgpu: the WGSL solver on
               this machine's GPU through the \`webgpu\` package (Dawn); close to the CPU's result, not
               bit for bit, and the JSON says fluidSolver. A prompt's liquids get 8 times the
               particles (half the cells). Without a WebGPU adapter it is an error.
`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  seed: { type: 'string' },
  scene: { type: 'string' },
  seconds: { type: 'string' },
  fps: { type: 'string' },
  'fluid-every': { type: 'string' },
  'fluid-solver': { type: 'string' },
} satisfies ParseArgsConfig['options'];

export async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === 'render') return (await import('./render.ts')).renderCommand(argv.slice(1), io);
  if (argv[0] === 'batch') return (await import('./batch.ts')).batchCommand(argv.slice(1), io);
  if (argv[0] === 'worker') return (await import('./batch.ts')).workerCommand(argv.slice(1), io);
  if (argv[0] === 'audio') {
    // Loaded only for `audio`, so the native Web Audio add-on stays out of every other command.
    const { audioCommand } = await import('../audio/cli-audio.ts');
    const { writeFile } = await import('node:fs/promises');
    return audioCommand(argv.slice(1), { ...io, writeFile });
  }
  return exitCode(io.stderr, () => run(argv, io));
}

async function run(argv: string[], io: CliIO): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "worlddraft --help".`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command) {
    if (values.help) return void io.stdout.write(USAGE);
    throw new UsageError('no command given. Run "worlddraft --help".');
  }
  const help = HELP[command];
  if (!help) throw new UsageError(`unknown command "${command}". Run "worlddraft --help".`);
  if (values.help) return void io.stdout.write(help);
  if (rest.length > 1) throw new UsageError(`expected one prompt in quotes, got ${rest.length} words. Quote the prompt: worlddraft ${command} "a ball drops from 2 m".`);

  const seed = values.seed === undefined ? undefined : integerOption('--seed', values.seed, 0, 0xffffffff);
  const solver = values['fluid-solver'] ?? 'cpu';
  if (solver !== 'cpu' && solver !== 'webgpu') throw new UsageError(`--fluid-solver must be cpu or webgpu, not "${solver}".`);
  // A prompt's liquids are staged for the solver's particle budget (the GPU's is 8 times the CPU's).
  const parse = { ...(seed === undefined ? {} : { seed }), ...(solver === 'webgpu' ? { liquidParticleScale: GPU_LIQUID_PARTICLE_SCALE } : {}) };
  const spec = await loadSpec(rest[0], values.scene, parse, (path, encoding) => io.readFile(path, encoding), 'worlddraft simulate "a ball drops from 2 m"');
  if (command === 'parse') {
    if (values.scene !== undefined) throw new UsageError('parse takes a prompt, not --scene.');
    return void io.stdout.write(`${JSON.stringify(spec, null, 2)}\n`);
  }
  const durationS = values.seconds === undefined ? undefined : numberOption('--seconds', values.seconds, 0, 600);
  const fps = values.fps === undefined ? undefined : integerOption('--fps', values.fps, 1, 240);
  const fluidEvery = values['fluid-every'] === undefined ? undefined : integerOption('--fluid-every', values['fluid-every'], 0, 1000);
  const options = { durationS, fps, ...(fluidEvery === undefined ? {} : { fluidEvery }) };
  if (solver === 'webgpu') {
    const { timeline, fluidSolver } = await simulateOnNodeGpu(spec, options);
    return void io.stdout.write(`${JSON.stringify({ ...fluidSummary(spec, timeline), ...timeline, fluidSolver })}\n`);
  }
  const timeline = simulate(await loadRapier(), spec, options);
  io.stdout.write(`${JSON.stringify({ ...fluidSummary(spec, timeline), ...timeline })}\n`);
}

/** The run with its liquids on this machine's GPU (sim/gpu/stepper.ts through the `webgpu` package); UsageError without one. */
async function simulateOnNodeGpu(spec: SceneSpec, options: SimulateOptions): Promise<{ timeline: SimTimeline; fluidSolver: string }> {
  const [{ nodeGpuDevice }, { readFluidShadersNode }, { gpuFluidStepper }, { simulateSessionOn }] = await Promise.all([
    import('../sim/gpu/node-device.ts'), import('../sim/gpu/shaders.ts'), import('../sim/gpu/stepper.ts'), import('../sim/session.ts')]);
  const gpu = await nodeGpuDevice();
  if (!gpu) throw new UsageError('--fluid-solver webgpu: this machine offers no WebGPU adapter to Node (the webgpu package found none); use --fluid-solver cpu.');
  const keepAlive = setInterval(() => {}, 20); // Dawn answers through the event loop
  try {
    const sources = await readFluidShadersNode(fileURLToPath(new URL('../..', import.meta.url)));
    const stepper = gpuFluidStepper(gpu.device, sources, `webgpu: ${gpu.adapterInfo}`);
    const session = await simulateSessionOn(await loadRapier(), spec, stepper, { ...options, snapshotEveryS: 0 });
    return { timeline: session.timeline, fluidSolver: session.fluidSolver ?? 'cpu' };
  } finally {
    clearInterval(keepAlive);
    gpu.dispose();
  }
}

