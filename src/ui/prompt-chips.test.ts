import { describe, expect, it } from 'vitest';
import { promptPieces } from './prompt-chips.ts';

describe('promptPieces', () => {
  it('marks used words with their role and field, and everything else as unknown', () => {
    const prompt = 'a ball wobbulates from 2 m';
    const pieces = promptPieces(prompt, [
      { start: 0, end: 1, role: 'grammar' },
      { start: 2, end: 6, role: 'object', field: 'bodies[0].kind' },
      { start: 18, end: 22, role: 'relation' },
      { start: 23, end: 26, role: 'number', field: 'bodies[0].positionM[1]' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(prompt);
    expect(pieces.filter((p) => p.role === 'unknown').map((p) => p.text)).toEqual(['wobbulates']);
    expect(pieces.find((p) => p.text === 'ball')).toEqual({ text: 'ball', role: 'object', field: 'bodies[0].kind' });
  });

  it('keeps markup as plain text pieces', () => {
    const pieces = promptPieces('<b>hi</b>', []);
    expect(pieces).toEqual([{ text: '<b>hi</b>', role: 'unknown' }]);
  });
});
