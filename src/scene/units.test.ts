import { describe, expect, it } from 'vitest';
import { formatNumber, parseQuantity, readNumber, readQuantity, tokenize } from './units.ts';

describe('tokenize', () => {
  it('keeps character offsets for words, numbers and symbols', () => {
    const text = 'a ball, 2.5m/s!';
    const tokens = tokenize(text);
    expect(tokens.map((t) => [t.text, t.kind])).toEqual([
      ['a', 'word'], ['ball', 'word'], [',', 'symbol'], ['2.5', 'number'], ['m', 'word'], ['/', 'symbol'], ['s', 'word'], ['!', 'symbol'],
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[3]!.value).toBe(2.5);
  });

  it('reads exponents, powers and leading-dot decimals', () => {
    expect(tokenize('1e9')[0]!.value).toBe(1e9);
    expect(tokenize('2.5E-3')[0]!.value).toBe(0.0025);
    expect(tokenize('10^9')[0]!.value).toBe(1e9);
    expect(tokenize('.5')[0]!.value).toBe(0.5);
    // "2e" is not an exponent: a number then a word.
    expect(tokenize('2e').map((t) => t.kind)).toEqual(['number', 'word']);
  });

  it('splits hyphenated words at the hyphen and keeps emoji whole', () => {
    expect(tokenize('head-on').map((t) => t.text)).toEqual(['head', '-', 'on']);
    expect(tokenize('a 🙂').map((t) => t.text)).toEqual(['a', '🙂']);
  });
});

describe('readNumber', () => {
  const read = (text: string) => readNumber(tokenize(text), 0);
  it('reads digits and number words', () => {
    expect(read('7')?.value).toBe(7);
    expect(read('one')?.value).toBe(1);
    expect(read('twelve')?.value).toBe(12);
    expect(read('twenty')?.value).toBe(20);
    expect(read('twenty five')?.value).toBe(25);
    expect(read('thirty-two')?.value).toBe(32);
  });
  it('reads count phrases, marking guesses as vague', () => {
    expect(read('a dozen')).toMatchObject({ value: 12, vague: false, next: 2 });
    expect(read('half a dozen')).toMatchObject({ value: 6, next: 3 });
    expect(read('a couple of')).toMatchObject({ value: 2, next: 3 });
    expect(read('a few')).toMatchObject({ value: 3, vague: true });
  });
  it('does not read an article alone or other words', () => {
    expect(read('a ball')).toBeNull();
    expect(read('ball')).toBeNull();
  });
});

describe('parseQuantity', () => {
  const si = (text: string) => parseQuantity(text)?.value;
  it('converts lengths to metres', () => {
    expect(si('150 cm')).toBeCloseTo(1.5, 12);
    expect(si('6 ft')).toBeCloseTo(1.8288, 12);
    expect(si('6 feet')).toBeCloseTo(1.8288, 12);
    expect(si('1 foot')).toBeCloseTo(0.3048, 12);
    expect(si('10 in')).toBeCloseTo(0.254, 12);
    expect(si('3 inches')).toBeCloseTo(0.0762, 12);
    expect(si('2 meters')).toBe(2);
    expect(si('2 metres')).toBe(2);
    expect(si('250 mm')).toBeCloseTo(0.25, 12);
    expect(si('2m')).toBe(2);
    expect(si('two metres')).toBe(2);
  });
  it('converts speeds to m/s', () => {
    expect(si('10 mph')).toBeCloseTo(4.4704, 12);
    expect(si('36 km/h')).toBeCloseTo(10, 12);
    expect(si('36 kph')).toBeCloseTo(10, 12);
    expect(si('2 m/s')).toBe(2);
    expect(si('2 meters per second')).toBe(2);
    expect(si('60 miles per hour')).toBeCloseTo(26.8224, 10);
    expect(si('3 ft/s')).toBeCloseTo(0.9144, 12);
    expect(parseQuantity('2 m/s')?.dimension).toBe('speed');
  });
  it('converts masses to kg', () => {
    expect(si('2 kg')).toBe(2);
    expect(si('57 g')).toBeCloseTo(0.057, 12);
    expect(si('57 grams')).toBeCloseTo(0.057, 12);
    expect(si('16 lb')).toBeCloseTo(7.25747792, 8);
    expect(si('1 lbs')).toBeCloseTo(0.45359237, 12);
    expect(si('2 pounds')).toBeCloseTo(0.90718474, 12);
  });
  it('keeps angles in degrees', () => {
    expect(si('30 degrees')).toBe(30);
    expect(si('30 degree')).toBe(30);
    expect(si('30 deg')).toBe(30);
    expect(si('30°')).toBe(30);
    expect(si('30-degree')).toBe(30);
    expect(parseQuantity('30°')?.dimension).toBe('angle');
  });
  it('reads durations in seconds', () => {
    expect(si('5 s')).toBe(5);
    expect(si('2 minutes')).toBe(120);
  });
  it('rejects text that is not exactly one quantity', () => {
    expect(parseQuantity('2')).toBeNull();
    expect(parseQuantity('2 balls')).toBeNull();
    expect(parseQuantity('2 m high')).toBeNull();
    expect(parseQuantity('a few m')).toBeNull();
  });
  it('reads a quantity inside a token stream and says where it ends', () => {
    const tokens = tokenize('from 150 cm onto');
    const read = readQuantity(tokens, 1);
    expect(read?.quantity.value).toBeCloseTo(1.5, 12);
    expect(read?.quantity.written).toBe(150);
    expect(read?.next).toBe(3);
  });
});

describe('formatNumber', () => {
  it('prints short numbers', () => {
    expect(formatNumber(1000)).toBe('1000');
    expect(formatNumber(0.2)).toBe('0.2');
    expect(formatNumber(1 / 3)).toBe('0.3333');
    expect(formatNumber(1e9)).toBe('1.00e9');
  });
});
