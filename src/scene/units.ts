/**
 * The lexical layer of the prompt parser: a tokenizer that keeps character offsets, and readers for
 * numbers ("2", "1.5", "1e9", "10^9", "twenty-five", "a dozen") and quantities with units
 * ("150 cm", "10 mph", "30°", "2 kg", "5 seconds"), converted to the SI units SceneSpec uses
 * (metres, m/s, kg, seconds; angles stay in degrees, as `angleDeg` does).
 *
 * Why here and pure: parser.ts maps every prompt character to what it became, so numbers and units
 * are read from the same offset-carrying tokens as everything else; and unit conversion is the part
 * a physics teacher checks first, so it is small, table-driven and unit-tested on its own.
 *
 * Tokens: a word is a run of letters (with inner apostrophes: "ball's"); a number is digits with an
 * optional fraction and exponent ("1.5", ".5", "1e9", "10^9"); every other non-space character is a
 * one-character symbol. A hyphen is a symbol, so "head-on", "ping-pong" and "30-degree" are read as
 * words joined by "-"; the readers below accept that joiner where English uses it.
 */

export type TokenKind = 'word' | 'number' | 'symbol';

export interface Token {
  /** The characters as typed. */
  readonly text: string;
  /** Lower-cased text, what the lexicons match. */
  readonly lower: string;
  readonly kind: TokenKind;
  /** Offsets into the prompt: text === prompt.slice(start, end). */
  readonly start: number;
  readonly end: number;
  /** For number tokens, the value. */
  readonly value?: number;
}

export type Dimension = 'length' | 'speed' | 'mass' | 'angle' | 'time' | 'stiffness';

export interface UnitDef {
  readonly dimension: Dimension;
  /** Multiply by this to get SI (m, m/s, kg, s) or degrees. */
  readonly factor: number;
  /** The canonical symbol, for assumption lines: "cm", "mph". */
  readonly symbol: string;
}

export interface Quantity {
  /** The value in SI units (degrees for angles). */
  readonly value: number;
  /** The value as written, before conversion. */
  readonly written: number;
  readonly unit: UnitDef;
  readonly dimension: Dimension;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const LETTER = /\p{L}/u;
const isLetter = (ch: string | undefined): boolean => ch !== undefined && LETTER.test(ch);
const isSpace = (ch: string): boolean => ch.trim() === '';

/** Splits text into words, numbers and one-character symbols, each with its [start, end) offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: number) => {
    const t = text.slice(start, end);
    tokens.push(value === undefined ? { text: t, lower: t.toLowerCase(), kind, start, end } : { text: t, lower: t.toLowerCase(), kind, start, end, value });
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1]))) {
      const start = i;
      while (isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      let value = Number(text.slice(start, i));
      // Exponent: 1e9, 2.5E-3 (only when digits follow, so "2e" stays a number and a word).
      const sign = text[i + 1] === '+' || text[i + 1] === '-' ? 1 : 0;
      if ((text[i] === 'e' || text[i] === 'E') && isDigit(text[i + 1 + sign])) {
        i += 1 + sign;
        while (isDigit(text[i])) i++;
        value = Number(text.slice(start, i));
      } else if (text[i] === '^' && (isDigit(text[i + 1]) || (text[i + 1] === '-' && isDigit(text[i + 2])))) {
        // Power notation: 10^9.
        const expStart = i + 1;
        i = expStart + (text[expStart] === '-' ? 1 : 0);
        while (isDigit(text[i])) i++;
        value = value ** Number(text.slice(expStart, i));
      }
      push('number', start, i, value);
    } else if (isLetter(ch)) {
      const start = i;
      while (isLetter(text[i]) || ((text[i] === "'" || text[i] === '’') && isLetter(text[i + 1]))) i++;
      push('word', start, i);
    } else {
      // One symbol; a surrogate pair (an emoji) stays one token.
      const code = text.codePointAt(i)!;
      const width = code > 0xffff ? 2 : 1;
      push('symbol', i, i + width);
      i += width;
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/**
 * Phrases that stand for a count. `vague` ones ("a few") are a guess, which the parser records
 * as an assumption. Matched before the plain number words; longest first.
 */
const COUNT_PHRASES: ReadonlyArray<{ words: readonly string[]; value: number; vague: boolean }> = [
  { words: ['half', 'a', 'dozen'], value: 6, vague: false },
  { words: ['a', 'couple', 'of'], value: 2, vague: false },
  { words: ['a', 'pair', 'of'], value: 2, vague: false },
  { words: ['a', 'dozen'], value: 12, vague: false },
  { words: ['a', 'few'], value: 3, vague: true },
  { words: ['dozen'], value: 12, vague: false },
  { words: ['several'], value: 3, vague: true },
  { words: ['pair', 'of'], value: 2, vague: false },
  { words: ['couple', 'of'], value: 2, vague: false },
];

export interface NumberRead {
  readonly value: number;
  /** Index of the first token after the number. */
  readonly next: number;
  /** True for guesses such as "a few" and "several". */
  readonly vague: boolean;
}

/** Whether tokens[i..] spell `words`, allowing a "-" joiner between words; returns the end index. */
function matchWords(tokens: readonly Token[], i: number, words: readonly string[]): number | null {
  let j = i;
  for (let w = 0; w < words.length; w++) {
    if (w > 0 && tokens[j]?.lower === '-') j++;
    if (tokens[j]?.lower !== words[w]) return null;
    j++;
  }
  return j;
}

/**
 * Reads a number at tokens[i]: a numeral ("2.5", "1e9"), a count phrase ("a dozen", "half a
 * dozen", "a couple of"), or number words up to ninety-nine ("seven", "twenty five", "thirty-two").
 */
export function readNumber(tokens: readonly Token[], i: number): NumberRead | null {
  const token = tokens[i];
  if (!token) return null;
  if (token.kind === 'number') return { value: token.value!, next: i + 1, vague: false };
  if (token.kind !== 'word') return null;
  for (const phrase of COUNT_PHRASES) {
    const end = matchWords(tokens, i, phrase.words);
    if (end !== null) return { value: phrase.value, next: end, vague: phrase.vague };
  }
  const tens = TENS[token.lower];
  if (tens !== undefined) {
    // "twenty five" / "twenty-five"
    const j = tokens[i + 1]?.lower === '-' ? i + 2 : i + 1;
    const unit = SMALL_NUMBERS[tokens[j]?.lower ?? ''];
    if (unit !== undefined && unit >= 1 && unit <= 9) return { value: tens + unit, next: j + 1, vague: false };
    return { value: tens, next: i + 1, vague: false };
  }
  const small = SMALL_NUMBERS[token.lower];
  if (small !== undefined) return { value: small, next: i + 1, vague: false };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Units

interface UnitWords { readonly words: readonly string[]; readonly factor: number; readonly symbol: string }

const LENGTH_UNITS: readonly UnitWords[] = [
  { words: ['m', 'meter', 'meters', 'metre', 'metres'], factor: 1, symbol: 'm' },
  { words: ['cm', 'centimeter', 'centimeters', 'centimetre', 'centimetres'], factor: 0.01, symbol: 'cm' },
  { words: ['mm', 'millimeter', 'millimeters', 'millimetre', 'millimetres'], factor: 0.001, symbol: 'mm' },
  { words: ['km', 'kilometer', 'kilometers', 'kilometre', 'kilometres'], factor: 1000, symbol: 'km' },
  { words: ['ft', 'foot', 'feet'], factor: 0.3048, symbol: 'ft' },
  { words: ['in', 'inch', 'inches'], factor: 0.0254, symbol: 'in' },
  { words: ['yd', 'yard', 'yards'], factor: 0.9144, symbol: 'yd' },
  { words: ['mi', 'mile', 'miles'], factor: 1609.344, symbol: 'mi' },
];
const TIME_UNITS: readonly UnitWords[] = [
  { words: ['s', 'sec', 'secs', 'second', 'seconds'], factor: 1, symbol: 's' },
  { words: ['ms', 'millisecond', 'milliseconds'], factor: 0.001, symbol: 'ms' },
  { words: ['min', 'mins', 'minute', 'minutes'], factor: 60, symbol: 'min' },
  { words: ['h', 'hr', 'hrs', 'hour', 'hours'], factor: 3600, symbol: 'h' },
];
const MASS_UNITS: readonly UnitWords[] = [
  { words: ['kg', 'kgs', 'kilogram', 'kilograms', 'kilogramme', 'kilogrammes', 'kilo', 'kilos'], factor: 1, symbol: 'kg' },
  { words: ['g', 'gram', 'grams', 'gramme', 'grammes'], factor: 0.001, symbol: 'g' },
  { words: ['lb', 'lbs', 'pound', 'pounds'], factor: 0.45359237, symbol: 'lb' },
  { words: ['oz', 'ounce', 'ounces'], factor: 0.028349523125, symbol: 'oz' },
  { words: ['t', 'tonne', 'tonnes'], factor: 1000, symbol: 't' },
];
const ANGLE_UNITS: readonly UnitWords[] = [
  { words: ['°', 'deg', 'degs', 'degree', 'degrees'], factor: 1, symbol: '°' },
  { words: ['rad', 'rads', 'radian', 'radians'], factor: 180 / Math.PI, symbol: 'rad' },
];
/** Speed units spelled as one word. */
const SPEED_WORDS: readonly UnitWords[] = [
  { words: ['mph'], factor: 0.44704, symbol: 'mph' },
  { words: ['kph', 'kmh', 'kmph'], factor: 1 / 3.6, symbol: 'km/h' },
  { words: ['mps'], factor: 1, symbol: 'm/s' },
  { words: ['knot', 'knots', 'kn', 'kt'], factor: 1852 / 3600, symbol: 'kn' },
];

/** Every unit as a word sequence; speeds also as "<length> / <time>" and "<length> per <time>". */
const UNIT_PHRASES: ReadonlyArray<{ words: readonly string[]; unit: UnitDef }> = (() => {
  const phrases: Array<{ words: readonly string[]; unit: UnitDef }> = [];
  const add = (list: readonly UnitWords[], dimension: Dimension) => {
    for (const u of list) for (const w of u.words) phrases.push({ words: [w], unit: { dimension, factor: u.factor, symbol: u.symbol } });
  };
  add(LENGTH_UNITS, 'length');
  add(TIME_UNITS, 'time');
  add(MASS_UNITS, 'mass');
  add(ANGLE_UNITS, 'angle');
  add(SPEED_WORDS, 'speed');
  // Spring stiffness: "100 N/m", "50 newtons per metre", "2 N/cm", "1 kN/m".
  const forces = [{ words: ['n', 'newton', 'newtons'], factor: 1, symbol: 'N' }, { words: ['kn', 'kilonewton', 'kilonewtons'], factor: 1000, symbol: 'kN' }];
  for (const f of forces) {
    for (const l of LENGTH_UNITS.slice(0, 3)) {
      const unit: UnitDef = { dimension: 'stiffness', factor: f.factor / l.factor, symbol: `${f.symbol}/${l.symbol}` };
      for (const fw of f.words) {
        for (const lw of l.words) {
          phrases.push({ words: [fw, '/', lw], unit });
          phrases.push({ words: [fw, 'per', lw], unit });
        }
      }
    }
  }
  for (const l of LENGTH_UNITS) {
    for (const t of TIME_UNITS) {
      if (t.symbol === 'ms') continue;
      const unit: UnitDef = { dimension: 'speed', factor: l.factor / t.factor, symbol: `${l.symbol}/${t.symbol}` };
      for (const lw of l.words) {
        for (const tw of t.words) {
          phrases.push({ words: [lw, '/', tw], unit });
          phrases.push({ words: [lw, 'per', tw], unit });
        }
      }
    }
  }
  // Longest first, so "m / s" wins over "m".
  return phrases.sort((a, b) => b.words.length - a.words.length);
})();

/** Reads a unit at tokens[i] ("cm", "m/s", "miles per hour", "°"); the longest match wins. */
export function readUnit(tokens: readonly Token[], i: number): { unit: UnitDef; next: number } | null {
  for (const phrase of UNIT_PHRASES) {
    let j = i;
    let ok = true;
    for (const w of phrase.words) {
      if (tokens[j]?.lower !== w) { ok = false; break; }
      j++;
    }
    if (ok) return { unit: phrase.unit, next: j };
  }
  return null;
}

/**
 * Reads "<number> <unit>" at tokens[i] ("150 cm", "two metres", "30-degree", "10mph").
 * Returns the value converted to SI (degrees for angles) and the index after the unit.
 */
export function readQuantity(tokens: readonly Token[], i: number): { quantity: Quantity; next: number } | null {
  const number = readNumber(tokens, i);
  if (!number || number.vague) return null;
  let j = number.next;
  if (tokens[j]?.lower === '-' && tokens[j + 1]?.kind === 'word') j++;
  const unit = readUnit(tokens, j);
  if (!unit) return null;
  const value = number.value * unit.unit.factor;
  return { quantity: { value, written: number.value, unit: unit.unit, dimension: unit.unit.dimension }, next: unit.next };
}

/** Parses a whole string as one quantity ("150 cm" → 1.5 m); null when it is anything else. */
export function parseQuantity(text: string): Quantity | null {
  const tokens = tokenize(text);
  const read = readQuantity(tokens, 0);
  return read && read.next === tokens.length ? read.quantity : null;
}

/** Formats a number for assumption lines: at most 4 significant digits, no trailing zeros. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}
