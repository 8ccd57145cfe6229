/**
 * Web Audio in Node: installs node-web-audio-api (IRCAM's bindings to the Rust web-audio-api crate,
 * a real, spec-following implementation) as the globals Tone.js expects, then loads the engine.
 * Used by the CLI (`worlddraft audio`), the Node tests and the bench; never by the browser build.
 *
 * Why not the package's own polyfill.js: it writes navigator.mediaDevices, and Node 20 has no
 * `navigator`, so it throws. Why a parked OfflineContext: Tone creates a realtime AudioContext on
 * first use, which in Node would open the sound card; an idle offline context avoids that
 * (Tone.Offline swaps in its own context for each render and restores this one).
 *
 *   installWebAudio() ─► globalThis.{AudioContext, OfflineAudioContext, AudioBuffer, …, window}
 *   loadNodeAudio()   ─► import('./engine.ts') ─► Tone.setContext(idle OfflineContext)
 */
import * as webaudio from 'node-web-audio-api';

let installed = false;

/** Puts the Web Audio classes on globalThis (and a `window` alias). Idempotent. */
export function installWebAudio(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  if (g.window === undefined) g.window = g;
  for (const [name, value] of Object.entries(webaudio)) {
    if (name === 'mediaDevices' || name === 'default') continue;
    if (g[name] === undefined) g[name] = value;
  }
}

type Engine = typeof import('./engine.ts');
let engine: Promise<Engine> | null = null;

/** The engine module, with Web Audio installed and Tone parked on an idle offline context. */
export function loadNodeAudio(): Promise<Engine> {
  installWebAudio();
  engine ??= (async () => {
    const Tone = await import('tone');
    Tone.setContext(new Tone.OfflineContext(1, 0.01, 44100));
    return import('./engine.ts');
  })();
  return engine;
}
