/**
 * The timeline hash: SHA-256 of the timeline's JSON text. JSON.stringify writes every number in its
 * shortest round-trip form, and key order is fixed by the code that builds the timeline, so the same
 * timeline gives the same text, and the same hash, in Node and in every browser.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { SimTimeline } from './timeline.ts';

export function timelineHash(timeline: SimTimeline): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(timeline))));
}
