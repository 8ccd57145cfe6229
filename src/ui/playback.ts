/**
 * Playback clock logic, pure and unit-tested: how timeline time advances with wall time, speed and
 * looping, and which spans of timeline time were crossed (so sound cues in them can fire).
 * The requestAnimationFrame loop in main.ts feeds it wall-clock deltas; nothing here reads a clock.
 */

export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 1.5, 2] as const;

export interface PlaybackState {
  timeS: number;
  durationS: number;
  playing: boolean;
  speed: number;
  loop: boolean;
}

/** A span (fromS, toS] of timeline time crossed while playing. */
export type CrossedSpan = [fromS: number, toS: number];

/** Wall-clock gaps longer than this (a hidden tab, a breakpoint) are not played through. */
const MAX_WALL_STEP_S = 0.25;

export function advancePlayback(state: PlaybackState, wallDtS: number): { state: PlaybackState; crossed: CrossedSpan[] } {
  if (!state.playing || state.durationS <= 0) return { state, crossed: [] };
  const dt = Math.min(Math.max(wallDtS, 0), MAX_WALL_STEP_S) * state.speed;
  const target = state.timeS + dt;
  if (target < state.durationS) return { state: { ...state, timeS: target }, crossed: [[state.timeS, target]] };
  if (!state.loop) {
    return { state: { ...state, timeS: state.durationS, playing: false }, crossed: [[state.timeS, state.durationS]] };
  }
  const wrapped = (target - state.durationS) % state.durationS;
  // Cues exactly at t = 0 belong to the new loop: the second span starts just before zero.
  return { state: { ...state, timeS: wrapped }, crossed: [[state.timeS, state.durationS], [-Number.EPSILON, wrapped]] };
}

/** Parses a speed from a UI string; only the offered speeds are accepted. */
export function parseSpeed(text: string): number | null {
  const value = Number(text);
  return (PLAYBACK_SPEEDS as readonly number[]).includes(value) ? value : null;
}
