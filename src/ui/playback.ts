/**
 * Playback clock logic, pure and unit-tested: how timeline time advances with wall time, speed, the
 * shot list and looping, and which spans of timeline time were crossed (so sound cues in them fire).
 *
 * The timeline is played as segments, one per shot: within a shot, time runs at wall time × speed ×
 * the shot's rate (0.25 for slow motion); at a shot's end playback cuts straight to the next shot's
 * start, so world time skipped between shots ("cut to 10 seconds later") is neither shown nor heard.
 * The requestAnimationFrame loop in main.ts feeds it wall-clock deltas; nothing here reads a clock.
 */

export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 1.5, 2] as const;

/** A stretch of timeline time played at `rate` × the playback speed. */
export interface PlaybackSegment {
  startS: number;
  endS: number;
  rate: number;
}

export interface PlaybackState {
  timeS: number;
  /** In time order; the timeline ends where the last one ends. */
  segments: readonly PlaybackSegment[];
  playing: boolean;
  speed: number;
  loop: boolean;
}

/** A span (fromS, toS] of timeline time crossed while playing, and its segment's rate. */
export type CrossedSpan = [fromS: number, toS: number, rate: number];

/** Wall-clock gaps longer than this (a hidden tab, a breakpoint) are not played through. */
const MAX_WALL_STEP_S = 0.25;
/** Entering a segment crosses from just before its start, so a cue exactly at the cut plays. */
const BEFORE = 1e-9;

/** One segment covering [0, durationS] at normal rate: the timeline without a shot list. */
export function wholeTimeline(durationS: number): PlaybackSegment[] {
  return [{ startS: 0, endS: durationS, rate: 1 }];
}

export function advancePlayback(state: PlaybackState, wallDtS: number): { state: PlaybackState; crossed: CrossedSpan[] } {
  const segments = state.segments.filter((s) => s.endS > s.startS);
  if (!state.playing || segments.length === 0) return { state, crossed: [] };
  let wall = Math.min(Math.max(wallDtS, 0), MAX_WALL_STEP_S) * state.speed;
  let k = segments.findIndex((s) => state.timeS < s.endS);
  let t = state.timeS;
  if (k < 0) k = segments.length - 1;
  else if (t < segments[k].startS) t = segments[k].startS; // paused in a gap: start at the next shot
  const crossed: CrossedSpan[] = [];
  let from = t === state.timeS ? t : t - BEFORE;
  for (;;) {
    const segment = segments[k];
    const target = t + wall * segment.rate;
    if (target < segment.endS) {
      crossed.push([from, target, segment.rate]);
      return { state: { ...state, timeS: target }, crossed };
    }
    crossed.push([from, segment.endS, segment.rate]);
    wall -= (segment.endS - t) / segment.rate;
    k++;
    if (k === segments.length) {
      if (!state.loop) return { state: { ...state, timeS: segment.endS, playing: false }, crossed };
      k = 0;
    }
    t = segments[k].startS;
    from = t - BEFORE;
  }
}

/** Parses a speed from a UI string; only the offered speeds are accepted. */
export function parseSpeed(text: string): number | null {
  const value = Number(text);
  return (PLAYBACK_SPEEDS as readonly number[]).includes(value) ? value : null;
}
