/**
 * The CLI contract: JSON on stdout, one line on stderr and exit code 2 for bad input, never a stack
 * trace. Most cases run `main` in-process; one runs the real `worlddraft` bin as a user would.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from './main.ts';

async function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '', stderr = '';
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readFile: async (path: string) => {
      if (path in files) return files[path];
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const goodScene = JSON.stringify({
  version: 1, seed: 3, durationS: 1,
  bodies: [{ id: 'ball', name: 'ball', kind: 'ball', shape: { type: 'sphere', radiusM: 0.1 }, material: 'rubber', positionM: [0, 1.1, 0] }],
  environment: { ground: { material: 'wood' } },
});

describe('worlddraft parse', () => {
  it('prints the SceneSpec with its interpretation', async () => {
    const { code, stdout, stderr } = await run(['parse', 'a tennis ball and a bowling ball are dropped from 3 m']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const spec = JSON.parse(stdout);
    expect(spec.version).toBe(1);
    expect(spec.bodies.map((b: { kind: string }) => b.kind)).toEqual(['tennis-ball', 'bowling-ball']);
    expect(spec.interpretation.unknown).toEqual([]);
  });
});

describe('worlddraft simulate', () => {
  it('prints a timeline from a prompt, honouring --seconds and --fps', async () => {
    const { code, stdout } = await run(['simulate', 'a basketball drops from 2 meters onto a wooden floor and bounces', '--seconds', '1', '--fps', '30']);
    expect(code).toBe(0);
    const timeline = JSON.parse(stdout);
    expect(timeline.frames).toHaveLength(31);
    expect(timeline.bodies[0]).toMatchObject({ id: 'basketball-1', kind: 'basketball', material: 'rubber' });
    expect(timeline.frames[30].positions[0]).toHaveLength(3);
    expect(timeline.frames[30].quaternions[0]).toHaveLength(4);
    expect(timeline.contacts[0]).toMatchObject({ a: 'basketball-1', b: 'floor' });
    expect(timeline.contacts[0].t).toBeCloseTo(Math.sqrt((2 * 2) / 9.81), 2);
  });

  it('reads a scene file', async () => {
    const { code, stdout } = await run(['simulate', '--scene', 'scene.json'], { 'scene.json': goodScene });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).seed).toBe(3);
  });
});

/** A 2 m liquid domain in 5 mm cells: 32 million cells (sim/fluid/scene.ts MAX_GRID_CELLS). */
const HUGE_LIQUID_GRID = JSON.stringify({"version":1,"seed":1,"durationS":1,"bodies":[{"id":"ball","name":"ball","kind":"ball","shape":{"type":"sphere","radiusM":0.05},"material":"rubber","positionM":[0.5,0.5,0.5]}],"environment":{"ground":{"material":"wood"}},"fluids":[{"id":"water","name":"water","liquid":"water","action":"flood","volumeL":10,"boxM":{"minM":[0,0,0],"maxM":[0.2,0.2,0.2]},"domainM":{"minM":[-1,0,-1],"maxM":[1,1,1]},"cellM":0.005}]});

describe('bad input: one line on stderr, exit code 2', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['an empty prompt', ['parse', ''], {}, /prompt is empty/i],
    ['a prompt with no object', ['simulate', 'hello world'], {}, /hello world/],
    ['invalid JSON', ['simulate', '--scene', 's.json'], { 's.json': '{"version": 1,' }, /not valid JSON/],
    ['an unknown field', ['simulate', '--scene', 's.json'], { 's.json': goodScene.replace('"seed":3', '"seed":3,"colour":"red"') }, /Unrecognized key: "colour"/],
    ['a negative size', ['simulate', '--scene', 's.json'], { 's.json': goodScene.replace('"radiusM":0.1', '"radiusM":-0.1') }, /bodies\[0\]\.shape\.radiusM: radiusM must be greater than 0/],
    ['a NaN option', ['simulate', 'a ball drops', '--seconds', 'NaN'], {}, /--seconds must be a number/],
    ['a missing file', ['simulate', '--scene', 'missing.json'], {}, /cannot read scene file "missing.json"/],
    ['an unknown command', ['fly', 'x'], {}, /unknown command "fly"/],
    ['an unknown option', ['simulate', 'a ball', '--colour', 'red'], {}, /Unknown option '--colour'/],
    ['an unknown liquid solver', ['simulate', 'a ball', '--fluid-solver', 'gpu'], {}, /--fluid-solver must be cpu or webgpu, not "gpu"/],
    ['a liquid grid too large to hold', ['simulate', '--scene', 's.json'], { 's.json': HUGE_LIQUID_GRID }, /water's grid would be 400 × 200 × 400 cells of 5 mm, more than the 1 million the solver can hold: give it a larger cellM or a smaller domainM/],
  ];
  for (const [name, argv, files, message] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await run(argv, files);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('help', () => {
  it('prints help for each command', async () => {
    for (const command of ['parse', 'simulate']) {
      const { code, stdout } = await run([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`worlddraft ${command}`);
    }
    expect((await run(['--help'])).stdout).toContain('Usage:');
  });
});

describe('the installed bin', () => {
  it('runs as `worlddraft` and exits 2 with one line for bad input', async () => {
    const bin = new URL('../../bin/worlddraft.mjs', import.meta.url).pathname;
    const ok = await promisify(execFile)(process.execPath, [bin, 'parse', 'a marble'], { encoding: 'utf8' });
    expect(JSON.parse(ok.stdout).bodies[0].kind).toBe('marble');
    const failure = await promisify(execFile)(process.execPath, [bin, 'simulate', '--scene', '/nonexistent/scene.json'], { encoding: 'utf8' })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).bin.worlddraft).toBe('bin/worlddraft.mjs');
  });
});
