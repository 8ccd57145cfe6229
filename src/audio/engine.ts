/**
 * Tone.js playback of audio cues (browser-only; cue extraction is the pure cues.ts).
 *
 * Two ways to hear the same cues, built from the same voice code (VoiceBank):
 * - `AudioEngine`: live playback driven by the animation loop. `update(prev, now, speed)` triggers the
 *   cues whose time lies in (prev, now]; seeking backwards plays nothing, and a jump longer than
 *   MAX_FRAME_WALL_S of wall time (a seek forward, a stalled tab) is skipped rather than played as
 *   a burst.
 * - `renderOffline(cues, durationS)`: the cues scheduled at their exact times in a Tone.Offline
 *   context, returned as an AudioBuffer (tests find onsets in it; the exporter writes it to WAV/Opus).
 *
 * Sound design v1: an impact is a short pitched body (MembraneSynth: a sine that drops from
 * BODY_OCTAVES × pitch to pitch in a few ms, then decays in about BODY_CYCLES cycles) plus a brief
 * band-passed noise click, both scaled linearly by the cue's gain. Voices are a round-robin pool of
 * VOICE_COUNT: a seventh overlapping impact steals the oldest voice.
 *
 *   voice 0..N-1:  MembraneSynth (body) ───────────────────┐
 *                  NoiseSynth (click) ─► Filter (bandpass) ─┤
 *                                                            ▼
 *      Limiter(-1 dB) ─► Gain(½) ─► WaveShaper (soft clip) ─► Volume (mute) ─► destination
 *
 * Levels are set on purpose (ENVIRONMENT.md: Tone synths at default volume can clip): a full-scale
 * (0 dB) cue peaks at ≈ 0.25 on its own, so a few overlapping loud hits pass untouched. Tone.Limiter
 * is a DynamicsCompressorNode with a 3 ms attack and a soft knee, so it is not a brick wall: six
 * voices struck together at full scale still reached 1.39 through it (measured in Chromium). The soft
 * clipper after it (safetyClip) guarantees the output stays below SAFETY_CEILING whatever arrives.
 */
import * as Tone from 'tone';
import type { AudioCue } from './cues.ts';

/** Voices in the round-robin pool. */
export const VOICE_COUNT = 6;
/** Level of the pitched body at velocity 1, dB re full scale. */
export const BODY_VOLUME_DB = -12;
/** Level of the noise click at velocity 1, dB re full scale. */
export const CLICK_VOLUME_DB = -20;
/** The body's pitch starts this many times higher and drops to the cue pitch over BODY_PITCH_DECAY_S. */
export const BODY_OCTAVES = 1.5;
export const BODY_PITCH_DECAY_S = 0.008;
/** The body decays in about this many cycles of its pitch (low thuds ring longer than high clicks)… */
export const BODY_CYCLES = 12;
/** …within these bounds, seconds. */
export const BODY_MIN_DECAY_S = 0.05;
export const BODY_MAX_DECAY_S = 0.3;
/** Noise click decay, seconds. */
export const CLICK_DECAY_S = 0.012;
/** The click's band-pass centre, as a multiple of the cue pitch, and its ceiling, Hz. */
export const CLICK_CENTRE_RATIO = 8;
export const CLICK_MAX_CENTRE_HZ = 12000;
/** The soft clipper passes |x| ≤ SAFETY_KNEE unchanged and bends larger values towards SAFETY_CEILING. */
export const SAFETY_KNEE = 0.8;
export const SAFETY_CEILING = 0.98;
/** Limiter threshold, dB. */
export const LIMITER_THRESHOLD_DB = -1;
/**
 * Tone.Limiter is a Web Audio DynamicsCompressorNode, which delays its input by a fixed 6 ms look-ahead
 * (the shared WebKit/Chromium/Gecko DynamicsCompressorKernel's pre-delay). Live, 6 ms is inaudible;
 * renderOffline renders this much longer and drops it from the front, so cue times stay sample-exact.
 */
export const LIMITER_LATENCY_S = 0.006;
/**
 * Live playback schedules each cue this far after the frame that found it, minus how late the frame
 * found it, so cues keep their relative timing within a frame (at the cost of this much latency).
 */
export const LIVE_LOOKAHEAD_S = 0.03;
/** An update spanning more wall time than this is a jump: its cues are skipped, not played in a burst. */
export const MAX_FRAME_WALL_S = 0.25;

/** Linear velocity (0..1) for a cue gain in dB. */
export function velocityOf(gainDb: number): number {
  return Math.min(1, Math.max(0, Math.pow(10, gainDb / 20)));
}

/** Decay of the pitched body for a pitch, seconds. */
export function bodyDecayS(pitchHz: number): number {
  return Math.min(BODY_MAX_DECAY_S, Math.max(BODY_MIN_DECAY_S, BODY_CYCLES / pitchHz));
}

/**
 * The soft clipper's transfer curve, for |x| up to 2 (beyond, it holds at its value for 2):
 * identity below SAFETY_KNEE, then a tanh bend that approaches SAFETY_CEILING.
 */
export function safetyClip(x: number): number {
  const a = Math.min(2, Math.abs(x));
  if (a <= SAFETY_KNEE) return Math.sign(x) * a;
  const room = SAFETY_CEILING - SAFETY_KNEE;
  return Math.sign(x) * (SAFETY_KNEE + room * Math.tanh((a - SAFETY_KNEE) / room));
}

interface Voice {
  body: Tone.MembraneSynth;
  click: Tone.NoiseSynth;
  clickFilter: Tone.Filter;
  /** Last scheduled start, seconds of its context; starts on a voice must not go backwards. */
  lastStartS: number;
}

/**
 * The voice pool and its output chain, created in the current Tone context (the live one, or the
 * OfflineContext inside Tone.Offline). Shared by AudioEngine and renderOffline.
 */
class VoiceBank {
  readonly limiter: Tone.Limiter;
  /** Halves the signal so the WaveShaper's input range [-1, 1] covers |x| ≤ 2. */
  readonly clipInput: Tone.Gain;
  readonly clipper: Tone.WaveShaper;
  readonly output: Tone.Volume;
  private readonly voices: Voice[] = [];
  private next = 0;
  private disposed = false;

  constructor() {
    this.output = new Tone.Volume(0);
    // WaveShaper curves map inputs in [-1, 1]; the Gain(½) before it lets the curve see |x| up to 2.
    this.clipper = new Tone.WaveShaper((v) => safetyClip(2 * v), 4096).connect(this.output);
    this.clipInput = new Tone.Gain(0.5).connect(this.clipper);
    this.limiter = new Tone.Limiter(LIMITER_THRESHOLD_DB).connect(this.clipInput);
    for (let i = 0; i < VOICE_COUNT; i++) {
      const body = new Tone.MembraneSynth({
        volume: BODY_VOLUME_DB,
        octaves: BODY_OCTAVES,
        pitchDecay: BODY_PITCH_DECAY_S,
        oscillator: { type: 'sine' },
        envelope: { attack: 0.001, attackCurve: 'linear', decay: 0.1, sustain: 0, release: 0.02 },
      }).connect(this.limiter);
      const clickFilter = new Tone.Filter({ type: 'bandpass', frequency: 4000, Q: 0.8 }).connect(this.limiter);
      const click = new Tone.NoiseSynth({
        volume: CLICK_VOLUME_DB,
        noise: { type: 'white' },
        envelope: { attack: 0.0005, attackCurve: 'linear', decay: CLICK_DECAY_S, sustain: 0, release: 0.005 },
      }).connect(clickFilter);
      this.voices.push({ body, click, clickFilter, lastStartS: -Infinity });
    }
  }

  /** Plays one cue at `timeS` (seconds of this bank's context). */
  trigger(cue: AudioCue, timeS: number): void {
    if (this.disposed) return;
    const velocity = velocityOf(cue.gainDb);
    if (velocity <= 0) return;
    const voice = this.voices[this.next]!;
    this.next = (this.next + 1) % this.voices.length;
    const at = Math.max(timeS, voice.lastStartS + 1e-4);
    voice.lastStartS = at;

    const decayS = bodyDecayS(cue.pitchHz);
    voice.body.envelope.decay = decayS;
    voice.body.triggerAttackRelease(cue.pitchHz, decayS, at, velocity);
    voice.clickFilter.frequency.setValueAtTime(Math.min(CLICK_MAX_CENTRE_HZ, cue.pitchHz * CLICK_CENTRE_RATIO), at);
    voice.click.triggerAttackRelease(CLICK_DECAY_S, at, velocity);
  }

  /** Disposes every node this bank created. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.voices) {
      v.body.dispose();
      v.click.dispose();
      v.clickFilter.dispose();
    }
    this.voices.length = 0;
    this.limiter.dispose();
    this.clipInput.dispose();
    this.clipper.dispose();
    this.output.dispose();
  }

  /** Every Tone node this bank owns (for the dispose-cascades test). */
  nodes(): Tone.ToneAudioNode[] {
    return [...this.voices.flatMap((v) => [v.body, v.click, v.clickFilter]), this.limiter, this.clipInput, this.clipper, this.output];
  }
}

/** Live playback of cues, stepped by the animation loop. */
export class AudioEngine {
  private bank: VoiceBank | null = null;
  private cues: AudioCue[] = [];
  private muted = false;
  private disposed = false;

  /**
   * Starts the audio context and builds the voices. Call it from a user gesture (click, key press):
   * browsers keep audio suspended until one.
   */
  async start(): Promise<void> {
    if (this.disposed) throw new Error('AudioEngine.start: the engine has been disposed');
    await Tone.start();
    if (!this.bank) {
      this.bank = new VoiceBank();
      this.bank.output.mute = this.muted;
      this.bank.output.toDestination();
    }
  }

  get started(): boolean {
    return this.bank !== null;
  }

  /** Replaces the cue list (e.g. after a new simulation). Cues are sorted by t here. */
  setCues(cues: readonly AudioCue[]): void {
    this.cues = [...cues].sort((a, b) => a.t - b.t);
  }

  /**
   * Triggers every cue with prevTimeS < t ≤ timeS. Called once per animation frame with the previous
   * and current playback times (timeline seconds) and the playback speed (timeline s per wall s).
   * Backwards steps and paused frames play nothing; a step longer than MAX_FRAME_WALL_S of wall time
   * is treated as a seek and skipped.
   */
  update(prevTimeS: number, timeS: number, speed: number): void {
    const bank = this.bank;
    if (!bank || this.disposed || this.muted) return;
    if (!(timeS > prevTimeS) || !(speed > 0)) return;
    const wallS = (timeS - prevTimeS) / speed;
    if (wallS > MAX_FRAME_WALL_S) return;
    const now = Tone.immediate(); // the context's current time, without Tone's scheduling lookAhead
    for (let i = firstAfter(this.cues, prevTimeS); i < this.cues.length; i++) {
      const cue = this.cues[i]!;
      if (cue.t > timeS) break;
      const lateS = (timeS - cue.t) / speed;
      bank.trigger(cue, now + Math.max(0, LIVE_LOOKAHEAD_S - lateS));
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.bank) this.bank.output.mute = muted;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  /** Every Tone node the engine owns (empty before start and after dispose). */
  nodes(): Tone.ToneAudioNode[] {
    return this.bank ? this.bank.nodes() : [];
  }

  /** Disposes every Tone node the engine created. Idempotent; the engine cannot be restarted. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.bank?.dispose();
    this.bank = null;
    this.cues = [];
  }
}

/** Index of the first cue with t > timeS (cues sorted by t). */
function firstAfter(cues: readonly AudioCue[], timeS: number): number {
  let lo = 0;
  let hi = cues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid]!.t > timeS) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface OfflineRenderOptions {
  /** Samples per second; default 44100. */
  sampleRate?: number;
  /** 1 (mono, default) or 2. */
  channels?: number;
}

/**
 * Renders the cues offline with the live engine's voices, each at its exact time, and returns the
 * audio (durationS long, with the limiter's look-ahead removed). Cues at or after durationS are not
 * rendered.
 */
export async function renderOffline(
  cues: readonly AudioCue[],
  durationS: number,
  options: OfflineRenderOptions = {},
): Promise<AudioBuffer> {
  if (!(durationS > 0)) throw new Error(`renderOffline: durationS must be > 0 (got ${durationS})`);
  const sorted = [...cues].filter((c) => c.t >= 0 && c.t < durationS).sort((a, b) => a.t - b.t);
  const sampleRate = options.sampleRate ?? 44100;
  const channels = options.channels ?? 1;
  let bank: VoiceBank | null = null;
  try {
    const buffer = await Tone.Offline(
      () => {
        bank = new VoiceBank();
        bank.output.toDestination();
        for (const cue of sorted) bank.trigger(cue, cue.t);
      },
      durationS + 2 * LIMITER_LATENCY_S, // spare frames, so the trimmed buffer is exactly durationS long
      channels,
      sampleRate,
    );
    const rendered = buffer.get();
    if (!rendered) throw new Error('renderOffline: Tone.Offline returned an empty buffer');
    const skip = Math.round(LIMITER_LATENCY_S * rendered.sampleRate);
    const length = Math.min(Math.round(durationS * rendered.sampleRate), rendered.length - skip);
    const audio = new AudioBuffer({ length, sampleRate: rendered.sampleRate, numberOfChannels: rendered.numberOfChannels });
    for (let ch = 0; ch < rendered.numberOfChannels; ch++) {
      audio.copyToChannel(rendered.getChannelData(ch).subarray(skip, skip + length), ch);
    }
    return audio;
  } finally {
    (bank as VoiceBank | null)?.dispose();
  }
}
