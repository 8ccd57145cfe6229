/**
 * Tone.js playback of audio cues (the Tone graph; cue extraction is the pure cues.ts, the samples of
 * each cue the pure modal.ts, space and voice budget the pure mix.ts and ambience.ts).
 *
 * Two ways to hear the same cues, built from the same graph code (MixGraph):
 * - `AudioEngine`: live playback driven by the animation loop. `update(prev, now, speed)` triggers the
 *   cues whose time lies in (prev, now]; seeking backwards plays nothing, and a jump longer than
 *   MAX_FRAME_WALL_S of wall time (a seek forward, a stalled tab) is skipped rather than played as
 *   a burst. `setListener(positionM, forward, up)` places the ears at the shot's camera;
 *   `setSetting(setting)` picks the ambience bed and reverb.
 * - `renderOffline(cues, durationS, options)`: the cues scheduled at their exact times in a
 *   Tone.Offline context, returned as an AudioBuffer. In the browser it runs on the page's Web Audio;
 *   in Node on node-web-audio-api (node.ts installs it), for the CLI, tests and bench.
 *
 * Each cue is synthesised into a buffer (modal.ts: modal impact, rolling, sliding, bubbles) and
 * played by a one-shot voice; at most MAX_VOICES sound at once (mix.ts: the quietest is stolen).
 *
 *   voice: ToneBufferSource ─► Panner (pan) ─► Gain (distance) ─┐
 *                                                                ▼
 *            sourceBus ─┬─► [Filter: underwater low-pass] ──────────────► master
 *                       └─► reverbSend ─► Convolver (IR from ambience.ts) ─► master
 *   ambience: ToneBufferSource (looped noise bed) ─► Filter (◄─ LFO sweep) ─► Gain (fade-in) ─► master
 *             [Oscillator (hum) ─► Gain] ─► master
 *   master ─► Compressor(-1 dB, 20:1, hard knee) ─► Gain(½) ─► WaveShaper (soft clip) ─► Volume (mute) ─► destination
 *
 * Levels are set on purpose (ENVIRONMENT.md: Tone synths at default volume can clip): a full-scale
 * (0 dB) cue peaks at PEAK (≈ 0.3) on its own (0.21 per channel in stereo, centre-panned). The
 * limiter is a DynamicsCompressorNode with an attack, so it is not a brick wall; the soft clipper after it (safetyClip) guarantees
 * the output stays below SAFETY_CEILING whatever arrives. The compressor delays its input by a fixed
 * look-ahead that differs between implementations (6 ms in Chromium, 8.7 ms in node-web-audio-api's
 * Rust engine), so renderOffline measures it once per sample rate and trims it: cue times stay exact.
 */
import * as Tone from 'tone';
import type { AudioCue } from './cues.ts';
import type { ListenerPose } from './contracts.ts';
import { cueLengthS, synthCue } from './modal.ts';
import { MAX_VOICES, planVoices, spatialize, VoiceBudget } from './mix.ts';
import { AMBIENCE, AMBIENCE_FADE_S, noiseBed, synthImpulseResponse, type Setting } from './ambience.ts';

/** The soft clipper passes |x| ≤ SAFETY_KNEE unchanged and bends larger values towards SAFETY_CEILING. */
export const SAFETY_KNEE = 0.8;
export const SAFETY_CEILING = 0.98;
/**
 * The limiter: a hard-knee compressor. Not Tone.Limiter: its 30 dB soft knee starts compressing at
 * −31 dB, which in node-web-audio-api pulled a lone 0.3 peak down to 0.12 (and differs from Chromium).
 */
export const LIMITER_THRESHOLD_DB = -1;
export const LIMITER_RATIO = 20;
export const LIMITER_ATTACK_S = 0.001;
export const LIMITER_RELEASE_S = 0.05;
/** Used when the limiter's latency cannot be measured (Chromium's DynamicsCompressorKernel pre-delay). */
export const LIMITER_LATENCY_S = 0.006;
/**
 * Live playback schedules each cue this far after the frame that found it, minus how late the frame
 * found it, so cues keep their relative timing within a frame (at the cost of this much latency).
 */
export const LIVE_LOOKAHEAD_S = 0.03;
/** An update spanning more wall time than this is a jump: its cues are skipped, not played in a burst. */
export const MAX_FRAME_WALL_S = 0.25;
/** A stolen voice fades out over this long, seconds. */
export const STEAL_FADE_S = 0.01;
/** Length of the looped ambience noise bed, seconds. */
export const BED_LOOP_S = 4;

/** Linear velocity (0..1) for a cue gain in dB. */
export function velocityOf(gainDb: number): number {
  return Math.min(1, Math.max(0, Math.pow(10, gainDb / 20)));
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

const dbToGain = (db: number): number => Math.pow(10, db / 20);

interface Voice {
  source: Tone.ToneBufferSource;
  panner: Tone.Panner;
  gain: Tone.Gain;
}

/** The setting-dependent part of the graph: ambience bed, hum, reverb, underwater filter. */
class Space {
  private readonly nodes: Tone.ToneAudioNode[] = [];
  private readonly sources: (Tone.ToneBufferSource | Tone.Oscillator | Tone.LFO)[] = [];
  private disposed = false;

  constructor(setting: Setting, sourceBus: Tone.Gain, master: Tone.Gain, ambience: boolean, startS: number) {
    const spec = AMBIENCE[setting];
    const sampleRate = Tone.getContext().sampleRate;
    // Sources: straight to master, or through the underwater low-pass.
    if (spec.sourceLowpassHz) {
      const lp = new Tone.Filter({ type: 'lowpass', frequency: spec.sourceLowpassHz, Q: 0.7 }).connect(master);
      sourceBus.connect(lp);
      this.nodes.push(lp);
    } else {
      sourceBus.connect(master);
    }
    const [left, right] = synthImpulseResponse(setting, sampleRate);
    const convolver = new Tone.Convolver().connect(master);
    convolver.buffer = Tone.ToneAudioBuffer.fromArray([left, right]);
    const send = new Tone.Gain(dbToGain(spec.reverb.sendDb)).connect(convolver);
    sourceBus.connect(send);
    this.nodes.push(convolver, send);
    if (!ambience) return;

    const fade = new Tone.Gain(0).connect(master);
    fade.gain.setValueAtTime(0, startS);
    fade.gain.linearRampToValueAtTime(dbToGain(spec.levelDb), startS + AMBIENCE_FADE_S);
    const filter = new Tone.Filter({ type: spec.filter.type, frequency: spec.filter.frequencyHz, Q: spec.filter.q }).connect(fade);
    const bed = new Tone.ToneBufferSource({ url: Tone.ToneAudioBuffer.fromArray(noiseBed(spec.noise, BED_LOOP_S, sampleRate, 7)), loop: true }).connect(filter);
    bed.start(startS);
    this.nodes.push(fade, filter);
    this.sources.push(bed);
    if (spec.sweep) {
      const lfo = new Tone.LFO({ frequency: spec.sweep.rateHz, min: spec.sweep.minHz, max: spec.sweep.maxHz }).connect(filter.frequency);
      lfo.start(startS);
      this.sources.push(lfo);
    }
    if (spec.hum) {
      const humGain = new Tone.Gain(0).connect(master);
      humGain.gain.setValueAtTime(0, startS);
      humGain.gain.linearRampToValueAtTime(dbToGain(spec.hum.levelDb), startS + AMBIENCE_FADE_S);
      const hum = new Tone.Oscillator({ frequency: spec.hum.hz, type: 'sine' }).connect(humGain);
      hum.start(startS);
      this.nodes.push(humGain);
      this.sources.push(hum);
    }
  }

  all(): Tone.ToneAudioNode[] {
    return [...this.nodes, ...this.sources];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.sources) s.dispose();
    for (const n of this.nodes) n.dispose();
    this.sources.length = 0;
    this.nodes.length = 0;
  }
}

/**
 * The mix graph, created in the current Tone context (the live one, or the OfflineContext inside
 * Tone.Offline). Shared by AudioEngine and renderOffline.
 */
class MixGraph {
  readonly sourceBus: Tone.Gain;
  readonly master: Tone.Gain;
  readonly limiter: Tone.Compressor;
  /** Halves the signal so the WaveShaper's input range [-1, 1] covers |x| ≤ 2. */
  readonly clipInput: Tone.Gain;
  readonly clipper: Tone.WaveShaper;
  readonly output: Tone.Volume;
  private space: Space | null = null;
  private readonly voices = new Set<Voice>();
  private disposed = false;

  constructor() {
    this.output = new Tone.Volume(0);
    this.clipper = new Tone.WaveShaper((v) => safetyClip(2 * v), 4096).connect(this.output);
    this.clipInput = new Tone.Gain(0.5).connect(this.clipper);
    this.limiter = new Tone.Compressor({
      threshold: LIMITER_THRESHOLD_DB, ratio: LIMITER_RATIO, knee: 0, attack: LIMITER_ATTACK_S, release: LIMITER_RELEASE_S,
    }).connect(this.clipInput);
    this.master = new Tone.Gain(1).connect(this.limiter);
    this.sourceBus = new Tone.Gain(1);
    this.sourceBus.connect(this.master);
  }

  /** Rebuilds the setting-dependent part; null: dry, no ambience. */
  setSpace(setting: Setting | null, ambience: boolean, startS: number): void {
    if (this.disposed) return;
    this.space?.dispose();
    this.space = null;
    this.sourceBus.disconnect();
    if (setting) this.space = new Space(setting, this.sourceBus, this.master, ambience, startS);
    else this.sourceBus.connect(this.master);
  }

  /** Plays one cue at `timeS` (seconds of this graph's context), placed by `pan`/`gain`. */
  play(cue: AudioCue, timeS: number, pan: number, gain: number, stopAtS: number | null = null): Voice | null {
    if (this.disposed || velocityOf(cue.gainDb) <= 0) return null;
    const samples = synthCue(cue, Tone.getContext().sampleRate);
    const voiceGain = new Tone.Gain(gain).connect(this.sourceBus);
    const panner = new Tone.Panner(pan).connect(voiceGain);
    const source = new Tone.ToneBufferSource({ url: Tone.ToneAudioBuffer.fromArray(samples), fadeIn: 0, fadeOut: STEAL_FADE_S, curve: 'linear' }).connect(panner);
    const voice: Voice = { source, panner, gain: voiceGain };
    this.voices.add(voice);
    source.onended = () => {
      // Live: free the voice once it has played (offline: dispose() frees everything).
      if (this.disposed || !this.voices.has(voice)) return;
      this.voices.delete(voice);
      queueMicrotask(() => this.disposeVoice(voice));
    };
    source.start(timeS);
    if (stopAtS !== null) source.stop(stopAtS);
    return voice;
  }

  /** Stops a playing voice at timeS with a short fade (voice stealing). */
  stop(voice: Voice, timeS: number): void {
    if (this.voices.has(voice)) voice.source.stop(timeS);
  }

  private disposeVoice(v: Voice): void {
    v.source.dispose();
    v.panner.dispose();
    v.gain.dispose();
  }

  /** Disposes every node this graph created. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.voices) this.disposeVoice(v);
    this.voices.clear();
    this.space?.dispose();
    this.space = null;
    this.sourceBus.dispose();
    this.master.dispose();
    this.limiter.dispose();
    this.clipInput.dispose();
    this.clipper.dispose();
    this.output.dispose();
  }

  /** Every Tone node this graph owns (for the dispose-cascades test). */
  nodes(): Tone.ToneAudioNode[] {
    return [
      ...[...this.voices].flatMap((v) => [v.source, v.panner, v.gain]),
      ...(this.space?.all() ?? []),
      this.sourceBus, this.master, this.limiter, this.clipInput, this.clipper, this.output,
    ];
  }
}

/** Live playback of cues, stepped by the animation loop. */
export class AudioEngine {
  private graph: MixGraph | null = null;
  private cues: AudioCue[] = [];
  private muted = false;
  private disposed = false;
  private listener: ListenerPose | null = null;
  private setting: Setting | null = null;
  private readonly budget = new VoiceBudget<Voice>(MAX_VOICES);

  /**
   * Starts the audio context and builds the graph. Call it from a user gesture (click, key press):
   * browsers keep audio suspended until one.
   */
  async start(): Promise<void> {
    if (this.disposed) throw new Error('AudioEngine.start: the engine has been disposed');
    await Tone.start();
    if (!this.graph) {
      this.graph = new MixGraph();
      this.graph.output.mute = this.muted;
      this.graph.output.toDestination();
      this.graph.setSpace(this.setting, true, Tone.immediate());
    }
  }

  get started(): boolean {
    return this.graph !== null;
  }

  /** Replaces the cue list (e.g. after a new simulation). Cues are sorted by t here. */
  setCues(cues: readonly AudioCue[]): void {
    this.cues = [...cues].sort((a, b) => a.t - b.t);
  }

  /** Places the ears at the current shot's camera (world metres; y up). */
  setListener(positionM: [number, number, number], forward: [number, number, number], up: [number, number, number]): void {
    this.listener = { positionM: [...positionM], forward: [...forward], up: [...up] };
  }

  /** The acoustic space (SceneSpec environment.setting); null: dry, no bed. */
  setSetting(setting: Setting | null): void {
    if (setting === this.setting) return;
    this.setting = setting;
    this.graph?.setSpace(setting, true, Tone.immediate());
  }

  /**
   * Triggers every cue with prevTimeS < t ≤ timeS. Called once per animation frame with the previous
   * and current playback times (timeline seconds) and the playback speed (timeline s per wall s).
   * Backwards steps and paused frames play nothing; a step longer than MAX_FRAME_WALL_S of wall time
   * is treated as a seek and skipped.
   */
  update(prevTimeS: number, timeS: number, speed: number): void {
    const graph = this.graph;
    if (!graph || this.disposed || this.muted) return;
    if (!(timeS > prevTimeS) || !(speed > 0)) return;
    const wallS = (timeS - prevTimeS) / speed;
    if (wallS > MAX_FRAME_WALL_S) return;
    const now = Tone.immediate(); // the context's current time, without Tone's scheduling lookAhead
    for (let i = firstAfter(this.cues, prevTimeS); i < this.cues.length; i++) {
      const cue = this.cues[i]!;
      if (cue.t > timeS) break;
      const lateS = (timeS - cue.t) / speed;
      const at = now + Math.max(0, LIVE_LOOKAHEAD_S - lateS);
      const { pan, gain } = spatialize(cue.positionM, this.listener);
      const level = velocityOf(cue.gainDb) * gain;
      const admitted = this.budget.admit(at, at + cueLengthS(cue) / speed, level);
      if (!admitted) continue;
      if (admitted.stolen) graph.stop(admitted.stolen, at);
      const voice = graph.play(cue, at, pan, gain);
      if (voice) admitted.set(voice);
    }
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.graph) this.graph.output.mute = muted;
  }

  get isMuted(): boolean {
    return this.muted;
  }

  /** Every Tone node the engine owns (empty before start and after dispose). */
  nodes(): Tone.ToneAudioNode[] {
    return this.graph ? this.graph.nodes() : [];
  }

  /** Disposes every Tone node the engine created. Idempotent; the engine cannot be restarted. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.graph?.dispose();
    this.graph = null;
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
  /** Acoustic space: ambience bed + reverb; default none (dry). */
  setting?: Setting | null;
  /** With a setting, whether its ambience bed plays (default true); the reverb always does. */
  ambience?: boolean;
  /** Ears at the camera; default none (centred, no distance attenuation). */
  listener?: ListenerPose | null;
  /** Most voices at once; default MAX_VOICES. */
  maxVoices?: number;
}

const latencyBySampleRate = new Map<number, number>();

/**
 * The limiter's fixed delay in this Web Audio implementation, seconds, measured once per sample
 * rate by sending a step through a DynamicsCompressorNode with the limiter's settings.
 */
export async function limiterLatencyS(sampleRate: number): Promise<number> {
  const known = latencyBySampleRate.get(sampleRate);
  if (known !== undefined) return known;
  let latency = LIMITER_LATENCY_S;
  try {
    const startS = 0.01;
    const ctx = new OfflineAudioContext(1, Math.round(0.05 * sampleRate), sampleRate);
    const step = ctx.createBuffer(1, 64, sampleRate);
    step.getChannelData(0).fill(0.1);
    const src = ctx.createBufferSource();
    src.buffer = step;
    const comp = ctx.createDynamicsCompressor();
    comp.threshold.value = LIMITER_THRESHOLD_DB;
    comp.ratio.value = LIMITER_RATIO;
    comp.knee.value = 0;
    src.connect(comp).connect(ctx.destination);
    src.start(startS);
    const out = (await ctx.startRendering()).getChannelData(0);
    const first = out.findIndex((x) => Math.abs(x) > 1e-6);
    if (first >= 0) latency = Math.max(0, first / sampleRate - startS);
  } catch {
    // keep the Chromium figure
  }
  latencyBySampleRate.set(sampleRate, latency);
  return latency;
}

/**
 * Renders the cues offline with the live engine's graph, each at its exact time, and returns the
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
  const latencyS = await limiterLatencyS(sampleRate);
  const plan = planVoices(sorted, (c) => cueLengthS(c, sampleRate), options.listener ?? null, options.maxVoices ?? MAX_VOICES);
  let graph: MixGraph | null = null;
  try {
    const buffer = await Tone.Offline(
      () => {
        graph = new MixGraph();
        graph.output.toDestination();
        graph.setSpace(options.setting ?? null, options.ambience ?? true, 0);
        for (const v of plan) graph.play(v.cue, v.cue.t, v.placement.pan, v.placement.gain, v.stopAtS);
      },
      durationS + 2 * latencyS + 0.002, // spare frames, so the trimmed buffer is exactly durationS long
      channels,
      sampleRate,
    );
    const rendered = buffer.get();
    if (!rendered) throw new Error('renderOffline: Tone.Offline returned an empty buffer');
    const skip = Math.round(latencyS * rendered.sampleRate);
    const length = Math.min(Math.round(durationS * rendered.sampleRate), rendered.length - skip);
    const audio = new AudioBuffer({ length, sampleRate: rendered.sampleRate, numberOfChannels: rendered.numberOfChannels });
    for (let ch = 0; ch < rendered.numberOfChannels; ch++) {
      audio.copyToChannel(rendered.getChannelData(ch).subarray(skip, skip + length), ch);
    }
    return audio;
  } finally {
    (graph as MixGraph | null)?.dispose();
  }
}
