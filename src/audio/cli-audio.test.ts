import { describe, expect, it } from 'vitest';
import { audioCommand, type AudioCliIO } from './cli-audio.ts';
import { decodeWav } from './wav.ts';
import { extractCues } from './cues.ts';
import { parsePrompt } from '../scene/parser.ts';
import { simulate } from '../sim/simulate.ts';
import { loadRapier } from '../sim/rapier.ts';

function memoryIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const io: AudioCliIO = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    readFile: async (path) => {
      if (!(path in files)) throw new Error('ENOENT');
      return files[path]!;
    },
    writeFile: async (path, data) => void written.set(path, data),
  };
  return { io, out, err, written };
}

describe('worlddraft audio', () => {
  const prompt = 'a tennis ball and a bowling ball are dropped from 3 m';

  it('--cues prints the same cue list the app plays', async () => {
    const { io, out } = memoryIO();
    expect(await audioCommand(['--cues', prompt], io)).toBe(0);
    const expected = extractCues(simulate(await loadRapier(), parsePrompt(prompt)));
    expect(JSON.parse(out.join(''))).toEqual(JSON.parse(JSON.stringify(expected)));
  }, 60_000);

  it('writes a stereo WAV of the scene with its sound at the contacts', async () => {
    const { io, out, written } = memoryIO();
    expect(await audioCommand([prompt, '--out', 'x.wav', '--seconds', '2'], io)).toBe(0);
    const summary = JSON.parse(out.join(''));
    expect(summary).toMatchObject({ out: 'x.wav', seconds: 2, channels: 2, sampleRate: 44100, setting: 'room' });
    const wav = decodeWav(written.get('x.wav')!);
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]!.length).toBe(88200);
    const peak = Math.max(...wav.channels[0]!.map(Math.abs));
    expect(peak).toBeGreaterThan(0.05);
    expect(peak).toBeLessThan(1);
  }, 60_000);

  it('rejects bad input with one line and exit code 2', async () => {
    for (const argv of [[prompt], ['--scene', 'missing.json', '--out', 'a.wav'], [prompt, '--out', 'a.wav', '--seconds', '0'], [prompt, '--out', 'a.wav', '--setting', 'moon']]) {
      const { io, err } = memoryIO();
      expect(await audioCommand(argv, io), argv.join(' ')).toBe(2);
      expect(err.join('')).toMatch(/^worlddraft: .+\n$/);
    }
  });
});
