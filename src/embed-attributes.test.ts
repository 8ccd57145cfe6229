import { describe, expect, it } from 'vitest';
import { parseLook, parseTimeScale } from './embed-attributes.ts';

describe('<world-draft> attributes', () => {
  it('time-scale accepts 0.1 to 4 and falls back to 1', () => {
    expect(parseTimeScale('0.25')).toBe(0.25);
    expect(parseTimeScale('4')).toBe(4);
    for (const bad of [null, '', 'fast', '0', '-1', '10', 'NaN']) expect(parseTimeScale(bad)).toBe(1);
  });

  it('look accepts the styles, any case, and falls back to standard', () => {
    expect(parseLook('anime')).toBe('anime');
    expect(parseLook(' Clay ')).toBe('clay');
    expect(parseLook('watercolour')).toBe('standard');
    expect(parseLook(null)).toBe('standard');
  });
});
