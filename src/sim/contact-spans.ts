/**
 * Continuous contacts: rolling and sliding spans, the sound stage's input for rumbles and scrapes
 * (src/audio/cues.ts maps them; the contract is ContactSpan in sim/timeline.ts).
 *
 * At every recorded frame the physics world reports each touching pair with its slip speed (the
 * tangential speed of the two surfaces at the contact point), its roll speed (how fast the contact
 * point travels over a body: |ω × r| tangential) and its normal force. A span opens when a touching
 * pair moves faster than MOVING_SPEED_MPS, gathers one sample per frame, and closes when the pair
 * separates or stays slower than that for QUIET_FRAMES frames. Values are rounded to fixed decimals,
 * as the rest of the timeline's derived values, so the JSON is the same in every engine.
 *
 * The tracker's whole state is plain data (`save`/`load`), so world snapshots carry it and a run
 * restored from a snapshot records exactly the spans the original did.
 */
import type { ContactSpan } from './timeline.ts';

/** Below this slip and roll speed a touching pair is resting, not rolling or sliding, m/s. */
export const MOVING_SPEED_MPS = 0.01;
/** Frames a pair must stay quiet (or apart) before its span closes. */
const QUIET_FRAMES = 2;

/** What the world observed about one touching pair at one frame. */
export interface PairObservation {
  /** Stable key of the collider pair. */
  key: string;
  a: string;
  b: string;
  pointM: [number, number, number];
  slipSpeedMps: number;
  rollSpeedMps: number;
  normalForceN: number;
}

interface OpenSpan {
  span: ContactSpan;
  quietFrames: number;
}

export interface ContactSpanState {
  open: [string, OpenSpan][];
  closed: ContactSpan[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round3 = (x: number) => Math.round(x * 1e3) / 1e3;

export class ContactSpanTracker {
  private open = new Map<string, OpenSpan>();
  private closed: ContactSpan[] = [];

  /** Takes one frame's observations at time tS. */
  sample(tS: number, observations: readonly PairObservation[]): void {
    const seen = new Set<string>();
    for (const o of observations) {
      seen.add(o.key);
      const moving = o.slipSpeedMps > MOVING_SPEED_MPS || o.rollSpeedMps > MOVING_SPEED_MPS;
      let entry = this.open.get(o.key);
      if (!entry) {
        if (!moving) continue;
        entry = { span: { a: o.a, b: o.b, tStartS: tS, tEndS: tS, pointM: o.pointM.map(round4) as [number, number, number], samples: [] }, quietFrames: 0 };
        this.open.set(o.key, entry);
      }
      entry.quietFrames = moving ? 0 : entry.quietFrames + 1;
      if (entry.quietFrames >= QUIET_FRAMES) {
        this.close(o.key);
        continue;
      }
      entry.span.samples.push({
        t: tS,
        slipSpeedMps: round4(o.slipSpeedMps),
        rollSpeedMps: round4(o.rollSpeedMps),
        normalForceN: round3(o.normalForceN),
        pointM: o.pointM.map(round4) as [number, number, number],
      });
      entry.span.tEndS = tS;
    }
    // Pairs that came apart end their spans.
    for (const key of [...this.open.keys()]) if (!seen.has(key)) this.close(key);
  }

  /** Every span so far in start order, the open ones ending at their last sample. */
  spans(): ContactSpan[] {
    const open = [...this.open.values()].filter((e) => e.span.samples.length > 0).map((e) => e.span);
    return [...this.closed, ...open].sort((x, y) => x.tStartS - y.tStartS || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  }

  save(): ContactSpanState {
    return JSON.parse(JSON.stringify({ open: [...this.open.entries()], closed: this.closed })) as ContactSpanState;
  }

  load(state: ContactSpanState): void {
    const copy = JSON.parse(JSON.stringify(state)) as ContactSpanState;
    this.open = new Map(copy.open);
    this.closed = copy.closed;
  }

  private close(key: string): void {
    const entry = this.open.get(key)!;
    this.open.delete(key);
    if (entry.span.samples.length > 0) this.closed.push(entry.span);
  }
}
