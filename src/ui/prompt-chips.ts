/**
 * Splits a prompt into the pieces the interpretation chips show: each span the parser used (with its
 * role and the spec field it set) and each stretch it did not understand. Pure, so it is unit-tested;
 * <wd-prompt-bar> renders the pieces as text, never as HTML.
 */
import type { PromptSpan } from './controller.ts';

export interface PromptPiece {
  text: string;
  /** The parser's role for the words, 'unknown' for words it did not use, 'space' between words. */
  role: string;
  field?: string;
}

export function promptPieces(prompt: string, spans: readonly PromptSpan[]): PromptPiece[] {
  const pieces: PromptPiece[] = [];
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let at = 0;
  const gap = (end: number) => {
    // Words outside every span were not understood; whitespace between them is just space.
    for (const match of prompt.slice(at, end).matchAll(/\s+|\S+/g)) {
      pieces.push({ text: match[0], role: /^\s+$/.test(match[0]) ? 'space' : 'unknown' });
    }
    at = end;
  };
  for (const span of sorted) {
    if (span.start < at) continue; // overlapping spans: the first one wins
    gap(span.start);
    pieces.push({ text: prompt.slice(span.start, span.end), role: span.role, ...(span.field ? { field: span.field } : {}) });
    at = span.end;
  }
  gap(prompt.length);
  return pieces;
}
