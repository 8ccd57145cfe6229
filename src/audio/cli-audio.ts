/**
 * The `worlddraft audio` command: a prompt or scene file → simulated timeline → cue list → offline
 * render (node-web-audio-api, see node.ts) → WAV file. Same (argv, io) → exit-code shape as
 * src/cli/main.ts's `main`, so the lead hooks it in with a few lines there.
 *
 *   worlddraft audio "<prompt>" | --scene f.json --out f.wav [--seconds S] [--seed N]
 *                                 [--setting room|gym|kitchen|outdoor|underwater|studio|none]
 *                                 [--mono] [--float]
 *   worlddraft audio --cues "<prompt>" | --scene f.json [--seconds S]   (prints the cue list JSON)
 *
 *   prompt ─► parsePrompt ─► simulate ─► extractCues ─┬─► stdout (--cues)
 *                                                      └─► renderOffline ─► encodeWav ─► --out
 *
 * The cue list is exactly what the app plays (main.ts calls extractCues on the same timeline).
 * Results: --cues prints JSON; a render prints one JSON line describing the file. Errors: one line
 * on stderr, exit 2 for bad input, 1 for anything unexpected.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exitCode, integerOption, loadSpec, numberOption, UsageError } from '../cli/options.ts';
import { loadRapier } from '../sim/rapier.ts';
import { simulate } from '../sim/simulate.ts';
import { extractCues } from './cues.ts';
import { SETTING_NAMES, type Setting } from './ambience.ts';
import { encodeWav } from './wav.ts';
import { loadNodeAudio } from './node.ts';

export interface AudioCliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: Uint8Array): Promise<unknown>;
}


export const AUDIO_HELP = `worlddraft audio "<prompt>" | --scene file.json --out file.wav [--seconds S] [--seed N]
                 [--setting NAME] [--mono] [--float]
worlddraft audio --cues "<prompt>" | --scene file.json [--seconds S] [--seed N]

Simulates the scene and writes its sound track as a WAV file (44.1 kHz, stereo, 16-bit PCM): every
impact synthesised from its materials, size and impulse (modal synthesis), rolling, sliding and
liquids where the timeline reports them, and the setting's ambience and reverb. Rendered offline in
Node with node-web-audio-api (a Web Audio implementation) and Tone.js. Prints one JSON line about
the file. With --cues, prints the cue list (JSON) instead: the same list the app plays.

  --out F       WAV file to write (required unless --cues)
  --scene F     read a SceneSpec JSON file instead of a prompt
  --seconds S   duration (default: the scene's durationS), 0 < S <= 600
  --seed N      seed when parsing a prompt (default 1)
  --setting N   acoustic space: ${SETTING_NAMES.join(', ')} or none (default: the scene's)
  --mono        one channel instead of two
  --float       32-bit float samples instead of 16-bit PCM
  --cues        print the cue list JSON and exit
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  cues: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  scene: { type: 'string' },
  seconds: { type: 'string' },
  seed: { type: 'string' },
  setting: { type: 'string' },
  mono: { type: 'boolean' },
  float: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

/** `worlddraft audio …` (argv without the word "audio"). Returns the exit code. */
export async function audioCommand(argv: string[], io: AudioCliIO): Promise<number> {
  return exitCode(io.stderr, () => run(argv, io));
}

async function run(argv: string[], io: AudioCliIO): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "worlddraft audio --help".`);
  }
  const { values, positionals } = parsed;
  if (values.help) return void io.stdout.write(AUDIO_HELP);
  if (positionals.length > 1) throw new UsageError(`expected one prompt in quotes, got ${positionals.length} words. Quote the prompt: worlddraft audio "a ball drops from 2 m" --out ball.wav.`);
  const prompt = positionals[0];
  if (!values.cues && values.out === undefined) throw new UsageError('--out file.wav is required (or --cues to print the cue list).');
  const seed = values.seed === undefined ? undefined : integerOption('--seed', values.seed, 0, 0xffffffff);
  const durationS = values.seconds === undefined ? undefined : numberOption('--seconds', values.seconds, 0, 600);
  let setting: Setting | null | undefined;
  if (values.setting !== undefined) {
    if (values.setting === 'none') setting = null;
    else if ((SETTING_NAMES as readonly string[]).includes(values.setting)) setting = values.setting as Setting;
    else throw new UsageError(`--setting must be one of ${SETTING_NAMES.join(', ')} or none, got "${values.setting}".`);
  }

  const spec = await loadSpec(prompt, values.scene, seed === undefined ? {} : { seed }, (path, encoding) => io.readFile(path, encoding), 'worlddraft audio "a ball drops from 2 m" --out ball.wav');
  const timeline = simulate(await loadRapier(), spec, durationS === undefined ? {} : { durationS });
  const cues = extractCues(timeline);
  if (values.cues) return void io.stdout.write(`${JSON.stringify(cues, null, 2)}\n`);

  const { renderOffline } = await loadNodeAudio();
  const channels = values.mono ? 1 : 2;
  const space = setting === undefined ? (spec.environment.setting as Setting) : setting;
  const seconds = durationS ?? timeline.durationS;
  const started = performance.now();
  const buffer = await renderOffline(cues, seconds, { channels, setting: space });
  const renderMs = performance.now() - started;
  const data = Array.from({ length: buffer.numberOfChannels }, (_, ch) => buffer.getChannelData(ch));
  let peak = 0;
  for (const ch of data) for (const x of ch) peak = Math.max(peak, Math.abs(x));
  const bytes = encodeWav(data, buffer.sampleRate, { bitDepth: values.float ? '32f' : '16' });
  try {
    await io.writeFile(values.out!, bytes);
  } catch (error) {
    throw new UsageError(`cannot write "${values.out}": ${(error as Error).message}`);
  }
  io.stdout.write(`${JSON.stringify({
    out: values.out, seconds, sampleRate: buffer.sampleRate, channels, setting: space, cues: cues.length,
    peak: Number(peak.toFixed(4)), renderMs: Math.round(renderMs), realTimeRatio: Number((renderMs / 1000 / seconds).toFixed(4)),
  })}\n`);
}

