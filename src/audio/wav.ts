/**
 * WAV encoding of rendered audio, with wavefile (rochars/wavefile: a maintained, spec-following RIFF
 * reader/writer; no browser APIs). 16-bit PCM by default (what every player opens), 32-bit float on
 * request (lossless for analysis). Input is plain channel arrays so it works on any AudioBuffer.
 */
import * as wavefile from 'wavefile';

// Node loads wavefile's UMD build (a default export holding WaveFile); bundlers its ES module (named).
type WaveFileClass = typeof import('wavefile').WaveFile;
const mod = wavefile as unknown as { WaveFile?: WaveFileClass; default?: { WaveFile: WaveFileClass } };
const WaveFile: WaveFileClass = mod.WaveFile ?? mod.default!.WaveFile;

export interface WavOptions {
  /** '16' (default) or '32f'. */
  bitDepth?: '16' | '32f';
}

/** Encodes channels (each a Float32Array of the same length, −1..1) as a WAV file. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number, options: WavOptions = {}): Uint8Array {
  if (channels.length === 0) throw new Error('encodeWav: no channels');
  const depth = options.bitDepth ?? '16';
  const wav = new WaveFile();
  if (depth === '16') {
    const ints = channels.map((ch) => {
      const out = new Int16Array(ch.length);
      for (let i = 0; i < ch.length; i++) out[i] = Math.round(Math.max(-1, Math.min(1, ch[i]!)) * 32767);
      return out;
    });
    wav.fromScratch(channels.length, sampleRate, '16', ints);
  } else {
    wav.fromScratch(channels.length, sampleRate, '32f', channels.map((c) => Float64Array.from(c)));
  }
  return wav.toBuffer();
}

/** Decodes a WAV file into float channels (for tests). */
export function decodeWav(bytes: Uint8Array): { sampleRate: number; channels: Float32Array[] } {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as { sampleRate: number; bitsPerSample: number };
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array[] | Float64Array;
  const list = Array.isArray(raw) ? raw : [raw];
  const scale = fmt.bitsPerSample === 16 ? 1 / 32768 : 1;
  return { sampleRate: fmt.sampleRate, channels: list.map((c) => Float32Array.from(c, (x) => x * scale)) };
}
