/**
 * The seeded pseudo-random generator behind every random choice in scene/ (DESIGN.md, "Time and
 * randomness"): the same seed gives the same sequence, bit for bit, in Node and in every browser,
 * because it uses only 32-bit integer arithmetic (Math.imul, shifts) and one exact division.
 *
 * Algorithm: mulberry32 by Tommy Ettinger (public domain), as collected in bryc's "PRNGs.md"
 * (https://github.com/bryc/code/blob/master/jshash/PRNGs.md). A 32-bit state, period 2^32, which
 * passes gjrand's tests; plenty for scattering a few objects, and tiny.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  range(min: number, max: number): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
}

/** A generator seeded with `seed` (any number; it is reduced to an unsigned 32-bit integer). */
export function createRandom(seed: number): Random {
  let state = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
  };
}
