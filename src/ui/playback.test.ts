import { describe, expect, it } from 'vitest';
import { advancePlayback, parseSpeed, wholeTimeline, type PlaybackState } from './playback.ts';

const base: PlaybackState = { timeS: 1, segments: wholeTimeline(4), playing: true, speed: 1, loop: true };

describe('advancePlayback', () => {
  it('advances by wall time times speed and reports the crossed span', () => {
    const { state, crossed } = advancePlayback({ ...base, speed: 0.5 }, 0.1);
    expect(state.timeS).toBeCloseTo(1.05, 12);
    expect(crossed).toEqual([[1, state.timeS, 1]]);
  });

  it('does nothing while paused', () => {
    const paused = { ...base, playing: false };
    expect(advancePlayback(paused, 0.1)).toEqual({ state: paused, crossed: [] });
  });

  it('wraps around at the end when looping, crossing both spans', () => {
    const { state, crossed } = advancePlayback({ ...base, timeS: 3.95 }, 0.1);
    expect(state.timeS).toBeCloseTo(0.05, 12);
    expect(crossed[0]).toEqual([3.95, 4, 1]);
    expect(crossed[1][0]).toBeLessThan(0);
    expect(crossed[1][1]).toBeCloseTo(0.05, 12);
  });

  it('stops at the end without looping', () => {
    const { state } = advancePlayback({ ...base, timeS: 3.95, loop: false }, 0.1);
    expect(state).toMatchObject({ timeS: 4, playing: false });
  });

  it('does not play through a long wall-clock gap', () => {
    const { state } = advancePlayback(base, 10);
    expect(state.timeS).toBeCloseTo(1.25, 12);
  });

  it('plays a slow-motion shot at its rate and cuts over skipped time', () => {
    // Shot 1: 0–2 s at normal rate; 10 s skipped; shot 2: 12–14 s in quarter-speed slow motion.
    const shots = [{ startS: 0, endS: 2, rate: 1 }, { startS: 12, endS: 14, rate: 0.25 }];
    const cut = advancePlayback({ ...base, segments: shots, timeS: 1.95 }, 0.1);
    expect(cut.crossed[0]).toEqual([1.95, 2, 1]);
    expect(cut.crossed[1][2]).toBe(0.25);
    expect(cut.crossed[1][0]).toBeLessThan(12);
    expect(cut.crossed[1][0]).toBeGreaterThan(11.99); // the skipped 10 s are not crossed
    expect(cut.state.timeS).toBeCloseTo(12 + 0.05 * 0.25, 12);
    const slow = advancePlayback(cut.state, 0.2);
    expect(slow.state.timeS - cut.state.timeS).toBeCloseTo(0.05, 12);
  });
});

describe('parseSpeed', () => {
  it('accepts the offered speeds only', () => {
    expect(parseSpeed('0.25')).toBe(0.25);
    expect(parseSpeed('2')).toBe(2);
    expect(parseSpeed('3')).toBeNull();
    expect(parseSpeed('fast')).toBeNull();
  });
});
