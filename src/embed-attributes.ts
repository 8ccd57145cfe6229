/**
 * Parsing of <world-draft>'s string attributes, pure and unit-tested (google/model-viewer's habit):
 * a bad value falls back to the default rather than breaking the page it is embedded in.
 */
import { STYLES } from './scene/spec.ts';

export type Look = (typeof STYLES)[number];

/** `time-scale`: playback speed, 0.1 to 4; anything else is 1. */
export function parseTimeScale(text: string | null): number {
  const value = Number(text);
  return text !== null && text.trim() !== '' && Number.isFinite(value) && value >= 0.1 && value <= 4 ? value : 1;
}

/** `look`: one of the styles; anything else is 'standard'. */
export function parseLook(text: string | null): Look {
  const value = (text ?? '').trim().toLowerCase();
  return (STYLES as readonly string[]).includes(value) ? (value as Look) : 'standard';
}
