/**
 * The deterministic prompt parser v1: a sentence in, a validated SceneSpec out, with an
 * `interpretation` that maps every prompt character to what it became (or says it was not used).
 *
 *   prompt ─ tokenize (units.ts) ─► tokens with offsets
 *          ─ lex ─────────────────► lexemes: object, environment, material, verb, relation,
 *                                   modifier, property, number, quantity, grammar, unknown
 *          ─ split ───────────────► clauses ("… and a crate slides …" starts a new one)
 *          ─ assemble ────────────► per clause: noun-phrase groups (count, size, mass, material),
 *                                   an action, a surface, a height, a speed, overrides
 *          ─ place ───────────────► bodies on/above the floor, a table or a ramp; nothing
 *                                   interpenetrating; scatter uses the seeded PRNG (random.ts)
 *          ─ validateSceneSpec ───► SceneSpec
 *
 * Why a small hand-written parser rather than patterns: each word must end up either in a span
 * (with the field it set) or in `interpretation.unknown`, never silently dropped, and whatever
 * the parser fills in by itself is said in plain words in `interpretation.assumptions`. It has no
 * clock and no Math.random: the same prompt and seed give the same spec, bit for bit.
 */
import { CATALOG, ENVIRONMENT_DEFAULTS, ENVIRONMENT_WORDS, pluralize, type CatalogEntry, type EnvironmentKind } from './catalog.ts';
import { boundingRadiusM, itemParts, partsBounds, rampSlopePoint, restingHalfHeightM, shapeHalfExtentsM, type Vec3 } from './geometry.ts';
import { MATERIALS, type MaterialName } from './materials.ts';
import { createRandom, type Random } from './random.ts';
import { SceneSpecError, SCENE_SPEC_VERSION, validateSceneSpec, type EnvironmentItem, type Interpretation, type SceneSpec, type Shape } from './spec.ts';
import { formatNumber, readNumber, readQuantity, tokenize, type Quantity, type Token } from './units.ts';

/** A prompt the parser cannot turn into a scene; the message is one sentence saying what to do. */
export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptError';
  }
}

export interface ParseOptions {
  /** Seed of every random choice (scattering); default 1. An integer 0..2^32−1. */
  seed?: number;
}

export const MAX_PROMPT_CHARS = 10_000;
export const DEFAULT_SEED = 1;

// Limits beyond which a number is clamped (with an assumption line saying so). They sit inside
// SceneSpec's own limits (spec.ts) so that a prompt can never produce an invalid spec.
const LIMITS = {
  heightM: 1000,
  speedMps: 1000,
  sizeM: [0.001, 100],
  massKg: [1e-6, 1e5],
  count: 100,
  durationS: [0.1, 600],
  spinRadps: 1000,
  restitution: [0, 1],
  friction: [0, 5],
} as const;

const G = 9.81;
const DEG = Math.PI / 180;
const DEFAULT_DROP_HEIGHT_M = 1;
const DEFAULT_SPEED_MPS = 2;
const DEFAULT_THROW_SPEED_MPS = 5;
const DEFAULT_DURATION_S = 4;
const DEFAULT_COLLISION_GAP_M = 0.5;
const SIDE_GAP_M = 0.2;

// ---------------------------------------------------------------------------------------------
// Lexicon

type Action = 'drop' | 'bounce' | 'roll' | 'slide' | 'move' | 'collide' | 'hit' | 'throw' | 'rest';
type Relation = 'from' | 'onto' | 'down' | 'across' | 'into' | 'with' | 'at' | 'above' | 'for' | 'of';
type Modifier = 'head-on' | 'apart' | 'high' | 'long' | 'wide' | 'horizontal' | 'upward' | 'side-by-side' | 'inclined';
type Property = 'restitution' | 'friction' | 'mass' | 'height' | 'speed' | 'angle' | 'duration';

type Sense =
  | { type: 'object'; entry: CatalogEntry }
  | { type: 'env'; env: EnvironmentKind; material?: MaterialName }
  | { type: 'material'; material: MaterialName }
  | { type: 'verb'; action: Action }
  | { type: 'relation'; relation: Relation }
  | { type: 'modifier'; modifier: Modifier }
  | { type: 'property'; property: Property }
  | { type: 'grammar' };

const MATERIAL_WORDS: Record<string, readonly string[]> = {
  rubber: ['rubber', 'rubbery'],
  wood: ['wood', 'wooden', 'hardwood', 'oak', 'pine', 'maple', 'parquet'],
  steel: ['steel', 'metal', 'metallic', 'iron'],
  glass: ['glass'],
  concrete: ['concrete', 'cement'],
  plastic: ['plastic'],
  ice: ['ice', 'icy', 'frozen'],
  cardboard: ['cardboard'],
  phenolic: ['phenolic'],
  urethane: ['urethane', 'polyurethane'],
  surlyn: ['surlyn'],
  celluloid: ['celluloid'],
  carpet: ['carpet', 'carpeted', 'rug'],
  felt: ['felt', 'baize', 'cloth'],
  stone: ['stone', 'granite', 'tiled', 'tile'],
};

/** A catalog noun that names a material when it stands before a surface ("a marble floor"). */
const OBJECT_AS_MATERIAL: Record<string, MaterialName> = { marble: 'stone', brick: 'brick' };

const VERBS: Record<Action, readonly string[]> = {
  drop: ['drop', 'drops', 'dropped', 'dropping', 'fall', 'falls', 'fell', 'falling', 'fallen', 'release', 'releases', 'released', 'plummet', 'plummets', 'plummeted', 'plummeting'],
  bounce: ['bounce', 'bounces', 'bounced', 'bouncing', 'rebound', 'rebounds', 'rebounded', 'rebounding'],
  roll: ['roll', 'rolls', 'rolled', 'rolling'],
  slide: ['slide', 'slides', 'slid', 'sliding', 'skid', 'skids', 'skidded', 'skidding', 'glide', 'glides', 'glided', 'gliding'],
  move: ['move', 'moves', 'moved', 'moving', 'travel', 'travels', 'travelled', 'traveled', 'travelling', 'traveling', 'push', 'pushed', 'pushes', 'shove', 'shoved', 'shoves', 'goes', 'go', 'going'],
  collide: ['collide', 'collides', 'collided', 'colliding', 'crash', 'crashes', 'crashed', 'crashing', 'smash', 'smashes', 'smashed'],
  hit: ['hit', 'hits', 'hitting', 'strike', 'strikes', 'struck', 'striking', 'knock', 'knocks', 'knocked', 'bump', 'bumps', 'bumped'],
  throw: ['throw', 'throws', 'threw', 'thrown', 'throwing', 'toss', 'tosses', 'tossed', 'launch', 'launches', 'launched', 'launching', 'kick', 'kicks', 'kicked', 'fling', 'flings', 'flung', 'lob', 'lobs', 'lobbed', 'fired', 'shot'],
  rest: ['rest', 'rests', 'resting', 'sit', 'sits', 'sitting', 'sat', 'lie', 'lies', 'lying', 'stand', 'stands', 'standing', 'stood', 'placed', 'place', 'put'],
};

const RELATIONS: Record<Relation, readonly string[]> = {
  from: ['from'],
  onto: ['onto', 'on', 'upon', 'on to', 'on top of'],
  down: ['down'],
  across: ['across', 'along', 'over', 'through', 'off'],
  into: ['into', 'against', 'towards', 'toward'],
  with: ['with'],
  at: ['at'],
  above: ['above'],
  for: ['for'],
  of: ['of'],
};

const MODIFIERS: Record<Modifier, readonly string[]> = {
  'head-on': ['head on', 'headon', 'head first', 'frontally'],
  apart: ['apart'],
  high: ['high', 'tall', 'up high'],
  long: ['long'],
  wide: ['wide'],
  horizontal: ['horizontally', 'sideways'],
  upward: ['upward', 'upwards', 'straight up', 'vertically', 'up'],
  'side-by-side': ['side by side', 'next to each other'],
  inclined: ['inclined', 'tilted', 'angled', 'sloped', 'sloping', 'steep'],
};

const PROPERTIES: Record<Property, readonly string[]> = {
  restitution: ['restitution', 'coefficient of restitution', 'cor', 'bounciness', 'elasticity'],
  friction: ['friction', 'coefficient of friction', 'friction coefficient'],
  mass: ['mass', 'weight', 'weighing', 'weighs', 'weigh'],
  height: ['height', 'altitude'],
  speed: ['speed', 'velocity'],
  angle: ['angle', 'inclination'],
  duration: ['duration'],
};

/** Function words: they carry no field of their own, but they are understood (role 'grammar'). */
const GRAMMAR_WORDS = [
  'a', 'an', 'the', 'and', 'or', 'but', 'then', 'while', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'it', 'its', 'itself', 'they', 'them', 'their', 'themselves', 'each', 'other', 'each other', 'one another',
  'both', 'that', 'which', 'who', 'this', 'these', 'those', 'there', 'here', 'so', 'very', 'just', 'some',
  'to', 'in', 'by', 'together', 'when', 'where', 'gets', 'get', 'got', 'has', 'have', 'had', 'will', 'can',
  'does', 'do', 'let', 'lets', 'again', 'away', 'about', 'around', 'approximately', 'roughly', 'exactly',
  'equal', 'equals', 'of about', 'gently', 'slowly', 'quickly', 'then', 'after', 'before', 'until', 'same',
  'another', 'all', 'every', 'next', 'front', 'behind', 'under', 'below', 'near', 'beside',
];

const ARTICLES = new Set(['a', 'an', 'the', 'one']);
const SOFT_BREAKS = new Set([',', 'and', 'then', 'while', 'but', 'as']);
const HARD_BREAKS = new Set(['.', ';', '!', '?']);
const PUNCTUATION = new Set([',', '.', ';', ':', '!', '?', '-', '(', ')', '"', "'", '“', '”', '‘', '’', '=', '/', '–', '—']);

interface LexiconEntry { sense: Sense; plural: boolean }

const LEXICON: ReadonlyMap<string, LexiconEntry> = (() => {
  const map = new Map<string, LexiconEntry>();
  // Earlier additions win over later ones, so nouns come first.
  const add = (phrase: string, sense: Sense, plural = false) => {
    if (!map.has(phrase)) map.set(phrase, { sense, plural });
  };
  for (const entry of CATALOG) {
    for (const phrase of entry.phrases) add(phrase, { type: 'object', entry });
  }
  for (const entry of CATALOG) {
    for (const phrase of entry.phrases) add(pluralize(phrase), { type: 'object', entry }, true);
    for (const phrase of entry.plurals ?? []) add(phrase, { type: 'object', entry }, true);
  }
  for (const word of ENVIRONMENT_WORDS) {
    for (const phrase of word.phrases) {
      const sense: Sense = word.material ? { type: 'env', env: word.kind, material: word.material } : { type: 'env', env: word.kind };
      add(phrase, sense);
      add(pluralize(phrase), sense, true);
    }
  }
  for (const [name, words] of Object.entries(MATERIAL_WORDS)) {
    if (!(name in MATERIALS)) continue; // only materials the table defines
    for (const word of words) add(word, { type: 'material', material: name as MaterialName });
  }
  for (const [action, words] of Object.entries(VERBS)) for (const w of words) add(w, { type: 'verb', action: action as Action });
  for (const [relation, words] of Object.entries(RELATIONS)) for (const w of words) add(w, { type: 'relation', relation: relation as Relation });
  for (const [modifier, words] of Object.entries(MODIFIERS)) for (const w of words) add(w, { type: 'modifier', modifier: modifier as Modifier });
  for (const [property, words] of Object.entries(PROPERTIES)) for (const w of words) add(w, { type: 'property', property: property as Property });
  for (const w of GRAMMAR_WORDS) add(w, { type: 'grammar' });
  return map;
})();

const MAX_PHRASE_WORDS = 4;

// ---------------------------------------------------------------------------------------------
// Lexemes

type SpanRole = Interpretation['spans'][number]['role'];

type LexemeSense =
  | Sense
  | { type: 'number'; value: number; vague: boolean }
  | { type: 'quantity'; quantity: Quantity }
  | { type: 'punct' }
  | { type: 'unknown' };

interface Lexeme {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly lower: string;
  sense: LexemeSense;
  readonly plural: boolean;
  /** Set once the lexeme has been used for something. */
  role?: SpanRole;
  field?: () => string | undefined;
}

function lex(prompt: string, tokens: readonly Token[]): Lexeme[] {
  const lexemes: Lexeme[] = [];
  const push = (first: number, next: number, sense: LexemeSense, plural = false) => {
    const start = tokens[first]!.start, end = tokens[next - 1]!.end;
    const text = prompt.slice(start, end);
    lexemes.push({ index: lexemes.length, start, end, text, lower: text.toLowerCase(), sense, plural });
  };
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const quantity = readQuantity(tokens, i);
    if (quantity) {
      push(i, quantity.next, { type: 'quantity', quantity: quantity.quantity });
      i = quantity.next;
      continue;
    }
    const phrase = token.kind === 'word' ? lookupPhrase(tokens, i) : null;
    if (phrase && phrase.words > 1) {
      push(i, phrase.next, phrase.entry.sense, phrase.entry.plural);
      i = phrase.next;
      continue;
    }
    const number = readNumber(tokens, i);
    if (number) {
      push(i, number.next, { type: 'number', value: number.value, vague: number.vague });
      i = number.next;
      continue;
    }
    if (phrase) {
      push(i, phrase.next, phrase.entry.sense, phrase.entry.plural);
      i = phrase.next;
      continue;
    }
    push(i, i + 1, token.kind === 'symbol' && PUNCTUATION.has(token.text) ? { type: 'punct' } : { type: 'unknown' });
    i++;
  }
  // "a marble floor", "a brick wall…": a catalog noun right before a surface names its material.
  for (let k = 0; k + 1 < lexemes.length; k++) {
    const lexeme = lexemes[k]!;
    const after = lexemes[k + 1]!;
    if (lexeme.sense.type === 'object' && after.sense.type === 'env' && !lexeme.plural) {
      const material = OBJECT_AS_MATERIAL[lexeme.sense.entry.kind];
      if (material) lexeme.sense = { type: 'material', material };
    }
  }
  return lexemes;
}

/** The longest lexicon phrase at tokens[i] (words, optionally joined by "-"). */
function lookupPhrase(tokens: readonly Token[], i: number): { entry: LexiconEntry; next: number; words: number } | null {
  const words: string[] = [];
  const ends: number[] = [];
  let j = i;
  while (words.length < MAX_PHRASE_WORDS && tokens[j]?.kind === 'word') {
    words.push(tokens[j]!.lower);
    ends.push(j + 1);
    if (tokens[j + 1]?.lower === '-' && tokens[j + 2]?.kind === 'word') j += 2;
    else j += 1;
  }
  for (let n = words.length; n >= 1; n--) {
    const entry = LEXICON.get(words.slice(0, n).join(' '));
    if (entry) return { entry, next: ends[n - 1]!, words: n };
  }
  return null;
}

function use(lexeme: Lexeme, role: SpanRole, field?: () => string | undefined): void {
  lexeme.role = role;
  if (field) lexeme.field = field;
}

const isUsed = (lexeme: Lexeme): boolean => lexeme.role !== undefined;

// ---------------------------------------------------------------------------------------------
// Clauses

interface BodyDraft {
  group: Group;
  shape: Shape;
  positionM: Vec3;
  rotationDeg: Vec3;
  linearVelocityMps: Vec3;
  angularVelocityRadps: Vec3;
  /** What it stands on or falls towards: 'floor', an item id, or a body draft. */
  support: 'floor' | 'table' | 'ramp' | BodyDraft;
  /** Height of the surface below it, for the drop time. */
  surfaceY: number;
  index: number;
}

interface Group {
  entry: CatalogEntry;
  noun: Lexeme;
  count: number;
  material: MaterialName;
  materialWord?: string;
  sizeM?: number;
  massKg?: number;
  restitution?: number;
  friction?: number;
  role: 'subject' | 'target' | 'support';
  /** The shape and mass every body of the group gets (resolveGroup). */
  shape: Shape;
  bodyMassKg?: number;
  bodies: BodyDraft[];
}

interface Clause {
  lexemes: Lexeme[];
  groups: Group[];
  actions: Action[];
  envs: EnvironmentKind[];
  surface?: EnvironmentKind | Group;
  heightM?: number;
  speedMps?: number;
  launchAngleDeg?: number;
  spacingM?: number;
  headOn: boolean;
  throwDirection?: 'horizontal' | 'upward';
}

interface SceneState {
  clauses: Clause[];
  /** `given`: the prompt named the floor's material. */
  ground?: { material: MaterialName; given: boolean };
  table?: { material?: MaterialName };
  ramp?: { angleDeg?: number; slopeLengthM?: number; material?: MaterialName };
  durationS?: number;
  assumptions: string[];
}

function splitClauses(lexemes: readonly Lexeme[]): Clause[] {
  const clauses: Clause[] = [];
  let current: Lexeme[] = [];
  const flush = () => {
    if (current.length) clauses.push({ lexemes: current, groups: [], actions: [], envs: [], headOn: false });
    current = [];
  };
  for (let k = 0; k < lexemes.length; k++) {
    const lexeme = lexemes[k]!;
    if (lexeme.sense.type === 'punct' && HARD_BREAKS.has(lexeme.lower)) {
      current.push(lexeme);
      flush();
      continue;
    }
    if (SOFT_BREAKS.has(lexeme.lower) && current.some((l) => l.sense.type === 'verb')) {
      // A new clause starts when a new subject follows: "…, and a crate slides…".
      let j = k + 1;
      while (j < lexemes.length && isNounPhrasePrefix(lexemes[j]!)) j++;
      if (lexemes[j]?.sense.type === 'object') {
        current.push(lexeme);
        flush();
        continue;
      }
    }
    current.push(lexeme);
  }
  flush();
  // A clause without a noun of its own ("… 2 m. It bounces.") belongs with the one before it.
  const merged: Clause[] = [];
  for (const clause of clauses) {
    const previous = merged[merged.length - 1];
    const hasNoun = clause.lexemes.some((l) => l.sense.type === 'object');
    if (previous && (!hasNoun || !previous.lexemes.some((l) => l.sense.type === 'object'))) previous.lexemes.push(...clause.lexemes);
    else merged.push(clause);
  }
  return merged;
}

function isNounPhrasePrefix(lexeme: Lexeme): boolean {
  const t = lexeme.sense.type;
  return t === 'grammar' || t === 'number' || t === 'quantity' || t === 'material' || t === 'punct';
}

// ---------------------------------------------------------------------------------------------
// Assembly: noun phrases, then verbs and relations, then the numbers left over

function assemble(state: SceneState, clause: Clause): void {
  const { lexemes } = clause;

  // 1. Noun phrases: [count] [size | mass] [material] noun.
  let pending: Lexeme[] = [];
  for (const lexeme of lexemes) {
    const s = lexeme.sense;
    if (s.type === 'number' || s.type === 'quantity' || s.type === 'material' || (s.type === 'modifier' && (s.modifier === 'long' || s.modifier === 'wide'))) {
      pending.push(lexeme);
    } else if (s.type === 'grammar' && ARTICLES.has(lexeme.lower)) {
      // an article inside a noun phrase: keep collecting
    } else if (s.type === 'object') {
      clause.groups.push(makeGroup(state, lexeme, s.entry, pending));
      pending = [];
    } else if (s.type === 'env') {
      applyEnvironment(state, clause, lexeme, s, pending);
      pending = [];
    } else {
      pending = [];
    }
  }

  // 2. Verbs, relations, modifiers.
  for (let k = 0; k < lexemes.length; k++) {
    const lexeme = lexemes[k]!;
    const s = lexeme.sense;
    if (s.type === 'verb') {
      clause.actions.push(s.action);
      use(lexeme, 'action', () => fieldForAction(clause, s.action));
    } else if (s.type === 'modifier') {
      if (s.modifier === 'head-on') {
        clause.headOn = true;
        use(lexeme, 'modifier', () => groupsField(clause.groups, '.linearVelocityMps'));
      } else if (s.modifier === 'side-by-side') {
        use(lexeme, 'modifier', () => groupsField(clause.groups, '.positionM'));
      } else if (s.modifier === 'horizontal' || (s.modifier === 'upward' && !prevIsQuantity(lexemes, k))) {
        clause.throwDirection = s.modifier === 'horizontal' ? 'horizontal' : 'upward';
        // Used only if something is thrown; decided in placement.
      }
    } else if (s.type === 'relation') {
      applyRelation(state, clause, k);
    }
  }

  // Roles: nouns after the verb are its objects unless they are the only nouns.
  const firstVerb = lexemes.findIndex((l) => l.sense.type === 'verb');
  const hasSubjectBefore = clause.groups.some((g) => g.noun.index < (lexemes[firstVerb]?.index ?? Infinity));
  for (const group of clause.groups) {
    if (group.role !== 'subject') continue;
    if (firstVerb < 0 || group.noun.index < lexemes[firstVerb]!.index || !hasSubjectBefore) continue;
    if (clause.actions.includes('hit') || clause.actions.includes('collide')) group.role = 'target';
  }

  // 3. Numbers and quantities not yet used.
  for (let k = 0; k < lexemes.length; k++) {
    const lexeme = lexemes[k]!;
    if (isUsed(lexeme)) continue;
    if (lexeme.sense.type === 'quantity') assignQuantity(state, clause, k, lexeme.sense.quantity);
    else if (lexeme.sense.type === 'property') assignProperty(state, clause, k, lexeme.sense.property);
  }
}

function prevIsQuantity(lexemes: readonly Lexeme[], k: number): boolean {
  return lexemes[k - 1]?.sense.type === 'quantity';
}

function makeGroup(state: SceneState, noun: Lexeme, entry: CatalogEntry, prefix: readonly Lexeme[]): Group {
  const group: Group = { entry, noun, count: noun.plural ? 0 : 1, material: entry.material, role: 'subject', shape: entry.shape, bodies: [] };
  use(noun, 'object', () => groupsField([group], '.kind'));
  for (const p of prefix) {
    const s = p.sense;
    if (s.type === 'number' && !isUsed(p)) {
      group.count = clampCount(state, s.value, entry, s.vague, p.text);
      use(p, 'count', () => groupsField([group], ''));
    } else if (s.type === 'quantity' && s.quantity.dimension === 'mass') {
      group.massKg = clampNote(state, s.quantity.value, LIMITS.massKg[0], LIMITS.massKg[1], `the mass of the ${entry.name}`, 'kg');
      use(p, 'number', () => groupsField([group], '.massKg'));
    } else if (s.type === 'quantity' && s.quantity.dimension === 'length') {
      group.sizeM = clampNote(state, s.quantity.value, LIMITS.sizeM[0], LIMITS.sizeM[1], `the size of the ${entry.name}`, 'm');
      use(p, 'number', () => groupsField([group], '.shape'));
    } else if (s.type === 'material') {
      group.material = s.material;
      group.materialWord = p.lower;
      use(p, 'material', () => groupsField([group], '.material'));
    } else if (s.type === 'modifier' && isUsed(p) === false && p.lower === 'long' && group.sizeM !== undefined) {
      use(p, 'modifier', () => groupsField([group], '.shape'));
    }
  }
  if (group.count === 0) {
    group.count = 3;
    state.assumptions.push(`no count given for "${noun.text}": 3`);
  }
  return group;
}

function clampCount(state: SceneState, value: number, entry: CatalogEntry, vague: boolean, text: string): number {
  let count = Math.round(value);
  if (vague) state.assumptions.push(`"${text}" read as ${count}`);
  if (count !== value) state.assumptions.push(`${formatNumber(value)} ${entry.name}s rounded to ${count}`);
  if (count < 1) {
    state.assumptions.push(`a count of ${formatNumber(value)} makes no scene: used 1 ${entry.name}`);
    count = 1;
  }
  if (count > LIMITS.count) {
    state.assumptions.push(`${formatNumber(value)} ${entry.name}s is more than the ${LIMITS.count} a scene holds: used ${LIMITS.count}`);
    count = LIMITS.count;
  }
  return count;
}

/** Clamps to [min, max]; says so in an assumption line when it had to. */
function clampNote(state: SceneState, value: number, min: number, max: number, what: string, unit: string): number {
  if (value > max) {
    state.assumptions.push(`${what}, ${formatNumber(value)} ${unit}, is beyond the limit: used ${formatNumber(max)} ${unit}`);
    return max;
  }
  if (value < min) {
    state.assumptions.push(`${what}, ${formatNumber(value)} ${unit}, is below the limit: used ${formatNumber(min)} ${unit}`);
    return min;
  }
  return value;
}

function applyEnvironment(state: SceneState, clause: Clause, noun: Lexeme, sense: Extract<Sense, { type: 'env' }>, prefix: readonly Lexeme[]): void {
  clause.envs.push(sense.env);
  if (sense.env === 'floor') {
    state.ground ??= { material: 'wood', given: false };
    use(noun, 'surface', () => 'environment.ground');
    for (const p of prefix) {
      if (p.sense.type === 'material') {
        state.ground = { material: p.sense.material, given: true };
        use(p, 'material', () => 'environment.ground.material');
      }
    }
    return;
  }
  if (sense.env === 'table') {
    state.table ??= {};
    if (sense.material) state.table.material = sense.material;
    use(noun, 'surface', () => 'environment.items[table]');
    for (const p of prefix) {
      if (p.sense.type === 'material') {
        state.table.material = p.sense.material;
        use(p, 'material', () => 'environment.items[table].material');
      }
    }
    return;
  }
  state.ramp ??= {};
  const ramp = state.ramp;
  use(noun, 'surface', () => 'environment.items[ramp]');
  for (const p of prefix) {
    const s = p.sense;
    if (s.type === 'material') {
      ramp.material = s.material;
      use(p, 'material', () => 'environment.items[ramp].material');
    } else if (s.type === 'quantity' && s.quantity.dimension === 'angle') {
      ramp.angleDeg = clampNote(state, s.quantity.value, 1, 80, 'the ramp angle', '°');
      use(p, 'number', () => 'environment.items[ramp].angleDeg');
    } else if (s.type === 'quantity' && s.quantity.dimension === 'length') {
      ramp.slopeLengthM = clampNote(state, s.quantity.value, 0.1, 100, 'the ramp length', 'm');
      use(p, 'number', () => 'environment.items[ramp].runM');
    } else if (s.type === 'modifier' && s.modifier === 'long' && ramp.slopeLengthM !== undefined) {
      use(p, 'modifier', () => 'environment.items[ramp].runM');
    }
  }
}

/** The next lexeme after k that is neither grammar nor an already-used noun-phrase prefix. */
function nextContent(lexemes: readonly Lexeme[], k: number, skipProperty?: Property): number {
  let j = k + 1;
  while (j < lexemes.length) {
    const l = lexemes[j]!;
    const s = l.sense;
    if (s.type === 'grammar' && !SOFT_BREAKS.has(l.lower)) j++;
    else if (s.type === 'relation' && s.relation === 'of') j++;
    else if (skipProperty && s.type === 'property' && s.property === skipProperty) j++;
    else if ((s.type === 'material' || s.type === 'quantity' || s.type === 'number') && isUsed(l)) j++;
    else break;
  }
  return j;
}

/** The previous lexeme before k that is not grammar (nor "of"). */
function previousContent(lexemes: readonly Lexeme[], k: number): Lexeme | undefined {
  let j = k - 1;
  while (j >= 0) {
    const l = lexemes[j]!;
    if (l.sense.type === 'grammar' && !SOFT_BREAKS.has(l.lower)) j--;
    else if (l.sense.type === 'relation' && (l.sense.relation === 'of' || l.sense.relation === 'at')) j--;
    else if (l.sense.type === 'punct' && (l.lower === ':' || l.lower === '=')) j--;
    else break;
  }
  return lexemes[j];
}

function applyRelation(state: SceneState, clause: Clause, k: number): void {
  const lexemes = clause.lexemes;
  const relationLexeme = lexemes[k]!;
  if (relationLexeme.sense.type !== 'relation') return;
  const relation = relationLexeme.sense.relation;
  const j = nextContent(lexemes, k, relation === 'from' ? 'height' : undefined);
  const target = lexemes[j];
  if (!target) return;
  const ts = target.sense;
  if (relation === 'from' && ts.type === 'quantity' && ts.quantity.dimension === 'length') {
    setHeight(state, clause, target, ts.quantity);
    use(relationLexeme, 'relation', () => groupsField(subjects(clause), '.positionM'));
    for (let m = k + 1; m < j; m++) if (lexemes[m]!.sense.type === 'property') use(lexemes[m]!, 'modifier', () => groupsField(subjects(clause), '.positionM'));
    return;
  }
  if (relation === 'onto' || relation === 'down' || relation === 'across' || relation === 'above' || relation === 'into') {
    if (ts.type === 'env') {
      clause.surface ??= ts.env;
      use(relationLexeme, 'relation', target.field);
      return;
    }
    if (ts.type === 'material' && !isUsed(target)) {
      // "onto concrete": a bare material after a surface relation is the floor's.
      state.ground = { material: ts.material, given: true };
      clause.surface ??= 'floor';
      use(target, 'surface', () => 'environment.ground.material');
      use(relationLexeme, 'relation', () => 'environment.ground');
      return;
    }
    if (ts.type === 'object') {
      const group = clause.groups.find((g) => g.noun === target);
      if (!group) return;
      if (relation === 'into') {
        group.role = 'target';
        use(relationLexeme, 'relation', () => groupsField([group], '.positionM'));
      } else if ((relation === 'onto' || relation === 'above') && clause.groups.indexOf(group) > 0) {
        group.role = 'support';
        clause.surface ??= group;
        use(relationLexeme, 'relation', () => groupsField([group], '.positionM'));
      }
    }
    return;
  }
  if (relation === 'with' && ts.type === 'object') {
    const group = clause.groups.find((g) => g.noun === target);
    if (group && clause.groups.indexOf(group) > 0 && (clause.actions.includes('collide') || clause.actions.includes('hit'))) {
      group.role = 'target';
      use(relationLexeme, 'relation', () => groupsField([group], '.positionM'));
    }
  }
}

function subjects(clause: Clause): Group[] {
  return clause.groups.filter((g) => g.role === 'subject');
}

function setHeight(state: SceneState, clause: Clause, lexeme: Lexeme, quantity: Quantity): void {
  clause.heightM = clampNote(state, quantity.value, 0, LIMITS.heightM, 'the height', 'm');
  use(lexeme, 'number', () => groupsField(subjects(clause), '.positionM[1]'));
  // "from 2 m high", "2 m up", "2 m above the floor"
  const after = clause.lexemes[clause.lexemes.indexOf(lexeme) + 1];
  const s = after?.sense;
  if (after && !isUsed(after) && ((s?.type === 'modifier' && (s.modifier === 'high' || s.modifier === 'upward')) || (s?.type === 'relation' && s.relation === 'above'))) {
    use(after, s.type === 'relation' ? 'relation' : 'modifier', lexeme.field);
  }
}

function assignQuantity(state: SceneState, clause: Clause, k: number, quantity: Quantity): void {
  const lexemes = clause.lexemes;
  const lexeme = lexemes[k]!;
  const before = previousContent(lexemes, k);
  const after = lexemes[k + 1];
  const bs = before?.sense, as = after?.sense;
  switch (quantity.dimension) {
    case 'length': {
      if (bs?.type === 'property' && bs.property === 'height') {
        setHeight(state, clause, lexeme, quantity);
        use(before!, 'modifier', lexeme.field);
      } else if ((as?.type === 'modifier' && (as.modifier === 'high' || as.modifier === 'upward')) || (as?.type === 'relation' && as.relation === 'above')) {
        setHeight(state, clause, lexeme, quantity);
      } else if (as?.type === 'modifier' && as.modifier === 'apart') {
        clause.spacingM = clampNote(state, quantity.value, 0, 100, 'the spacing', 'm');
        use(lexeme, 'number', () => groupsField(clause.groups, '.positionM[0]'));
        use(after!, 'modifier', lexeme.field);
      } else if (bs?.type === 'verb' && (bs.action === 'drop' || bs.action === 'throw') && clause.heightM === undefined) {
        setHeight(state, clause, lexeme, quantity);
      }
      return;
    }
    case 'speed':
      clause.speedMps = clampNote(state, quantity.value, 0, LIMITS.speedMps, 'the speed', 'm/s');
      use(lexeme, 'number', () => groupsField(subjects(clause), '.linearVelocityMps'));
      if (bs?.type === 'property') use(before!, 'modifier', lexeme.field);
      markPrecedingAt(lexemes, k, lexeme);
      return;
    case 'angle':
      if (clause.actions.includes('throw')) {
        clause.launchAngleDeg = clampNote(state, quantity.value, -90, 90, 'the launch angle', '°');
        use(lexeme, 'number', () => groupsField(subjects(clause), '.linearVelocityMps'));
      } else if (state.ramp) {
        state.ramp.angleDeg = clampNote(state, quantity.value, 1, 80, 'the ramp angle', '°');
        use(lexeme, 'number', () => 'environment.items[ramp].angleDeg');
      } else {
        return;
      }
      if (bs?.type === 'property' || (bs?.type === 'modifier' && bs.modifier === 'inclined')) use(before!, 'modifier', lexeme.field);
      markPrecedingAt(lexemes, k, lexeme);
      return;
    case 'mass': {
      const group = nearestGroup(clause, lexeme.index);
      if (!group) return;
      group.massKg = clampNote(state, quantity.value, LIMITS.massKg[0], LIMITS.massKg[1], `the mass of the ${group.entry.name}`, 'kg');
      use(lexeme, 'number', () => groupsField([group], '.massKg'));
      if (bs?.type === 'property' && bs.property === 'mass') use(before!, 'modifier', lexeme.field);
      return;
    }
    case 'time':
      if ((bs?.type === 'relation' && bs.relation === 'for') || (bs?.type === 'property' && bs.property === 'duration')) {
        state.durationS = clampNote(state, quantity.value, LIMITS.durationS[0], LIMITS.durationS[1], 'the duration', 's');
        use(lexeme, 'number', () => 'durationS');
        use(before!, 'relation', () => 'durationS');
      }
      return;
  }
}

/** "at 2 m/s": the "at" (skipped by previousContent) is a relation once its number is used. */
function markPrecedingAt(lexemes: readonly Lexeme[], k: number, quantity: Lexeme): void {
  for (let j = k - 1; j >= 0; j--) {
    const l = lexemes[j]!;
    if (l.sense.type === 'relation' && l.sense.relation === 'at') {
      use(l, 'relation', quantity.field);
      return;
    }
    const skippable = l.sense.type === 'grammar' || l.sense.type === 'property' || (l.sense.type === 'relation' && l.sense.relation === 'of')
      || (l.sense.type === 'modifier' && l.sense.modifier === 'inclined');
    if (!skippable) return;
  }
}

/** "restitution 0.7", "friction of 0.2", "mass 3" (kg assumed). */
function assignProperty(state: SceneState, clause: Clause, k: number, property: Property): void {
  const lexemes = clause.lexemes;
  const j = nextContent(lexemes, k);
  const valueLexeme = lexemes[j];
  if (!valueLexeme || isUsed(valueLexeme)) return;
  const vs = valueLexeme.sense;
  if (vs.type !== 'number' || vs.vague) return;
  const group = nearestGroup(clause, lexemes[k]!.index);
  if (!group) return;
  const propertyLexeme = lexemes[k]!;
  if (property === 'restitution' || property === 'friction') {
    const [min, max] = LIMITS[property];
    group[property] = clampNote(state, vs.value, min, max, property, '');
    use(valueLexeme, 'number', () => groupsField([group], `.${property}`));
    use(propertyLexeme, 'modifier', valueLexeme.field);
  } else if (property === 'mass') {
    group.massKg = clampNote(state, vs.value, LIMITS.massKg[0], LIMITS.massKg[1], `the mass of the ${group.entry.name}`, 'kg');
    state.assumptions.push(`mass ${formatNumber(vs.value)} has no unit: read as kilograms`);
    use(valueLexeme, 'number', () => groupsField([group], '.massKg'));
    use(propertyLexeme, 'modifier', valueLexeme.field);
  }
}

/** The group a trailing property belongs to: the last noun before it, else the first after it. */
function nearestGroup(clause: Clause, index: number): Group | undefined {
  let best: Group | undefined;
  for (const group of clause.groups) if (group.noun.index < index) best = group;
  return best ?? clause.groups[0];
}

// ---------------------------------------------------------------------------------------------
// Fields (resolved after placement, when body indices are known)

function groupsField(groups: readonly Group[], suffix: string): string | undefined {
  const indices = groups.flatMap((g) => g.bodies.map((b) => b.index)).sort((a, b) => a - b);
  if (indices.length === 0) return undefined;
  const first = indices[0]!, last = indices[indices.length - 1]!;
  return first === last ? `bodies[${first}]${suffix}` : `bodies[${first}..${last}]${suffix}`;
}

function fieldForAction(clause: Clause, action: Action): string | undefined {
  if (action === 'drop' || action === 'bounce' || action === 'rest') return groupsField(subjects(clause), '.positionM');
  return groupsField(subjects(clause), '.linearVelocityMps');
}

// ---------------------------------------------------------------------------------------------
// Placement

interface Platform {
  topY: number;
  /** Footprint; infinite for the floor. */
  x0: number; x1: number; z0: number; z1: number;
  support: BodyDraft['support'];
  label: string;
}

interface Built {
  table?: Extract<EnvironmentItem, { kind: 'table' }>;
  ramp?: Extract<EnvironmentItem, { kind: 'ramp' }>;
}

const FLOOR: Platform = { topY: 0, x0: -Infinity, x1: Infinity, z0: -Infinity, z1: Infinity, support: 'floor', label: 'the floor' };

/** Sets the group's shape and mass from the catalog entry, a stated size, material or mass. */
function resolveGroup(state: SceneState, group: Group): void {
  const entry = group.entry;
  let shape = entry.shape;
  let massKg = entry.massKg;
  if (group.sizeM !== undefined) {
    const size = group.sizeM;
    let scale = 1; // composite shapes (cups, rings…) keep their catalog size
    if (shape.type === 'sphere') {
      scale = size / 2 / shape.radiusM;
      shape = { type: 'sphere', radiusM: size / 2 };
      state.assumptions.push(`${formatNumber(size)} m read as the ${entry.name}'s diameter`);
    } else if (shape.type === 'box') {
      scale = size / Math.max(...shape.sizeM);
      const side = (v: number) => Math.min(LIMITS.sizeM[1], v * scale);
      shape = { type: 'box', sizeM: [side(shape.sizeM[0]), side(shape.sizeM[1]), side(shape.sizeM[2])] };
      state.assumptions.push(`${formatNumber(size)} m read as the ${entry.name}'s longest side`);
    } else if (shape.type === 'cylinder' || shape.type === 'capsule' || shape.type === 'cone') {
      scale = size / shape.heightM;
      shape = { ...shape, radiusM: shape.radiusM * scale, heightM: size };
    }
    if (massKg !== undefined) massKg *= scale ** 3;
  }
  if (massKg !== undefined && group.material !== entry.material) {
    massKg *= MATERIALS[group.material].densityKgM3 / MATERIALS[entry.material].densityKgM3;
    state.assumptions.push(`${group.materialWord ?? group.material} ${entry.name}: its mass scaled by density to ${formatNumber(massKg)} kg`);
  }
  if (group.massKg !== undefined) massKg = group.massKg;
  else if (massKg !== undefined) massKg = clampNote(state, massKg, LIMITS.massKg[0], LIMITS.massKg[1], `the ${entry.name}'s mass`, 'kg');
  group.shape = shape;
  if (massKg !== undefined) group.bodyMassKg = massKg;
}

/** Half extents of a body's axis-aligned bounding box (rotated boxes: their bounding sphere). */
function halfExtents(draft: BodyDraft): Vec3 {
  if (draft.shape.type !== 'sphere' && draft.rotationDeg.some((a) => a !== 0)) {
    const r = boundingRadiusM(draft.shape);
    return [r, r, r];
  }
  return shapeHalfExtentsM(draft.shape);
}

/** Radius of the body's footprint circle in the xz plane. */
const footprintRadius = (draft: BodyDraft): number => {
  const [hx, , hz] = halfExtents(draft);
  return draft.shape.type === 'box' ? Math.hypot(hx, hz) : Math.max(hx, hz);
};

const CLEARANCE_M = 1e-4;

function overlaps(a: BodyDraft, b: BodyDraft): boolean {
  if (a.shape.type === 'sphere' && b.shape.type === 'sphere') {
    const d = Math.hypot(a.positionM[0] - b.positionM[0], a.positionM[1] - b.positionM[1], a.positionM[2] - b.positionM[2]);
    return d < a.shape.radiusM + b.shape.radiusM + CLEARANCE_M;
  }
  const ha = halfExtents(a), hb = halfExtents(b);
  for (let axis = 0; axis < 3; axis++) {
    if (Math.abs(a.positionM[axis]! - b.positionM[axis]!) >= ha[axis]! + hb[axis]! + CLEARANCE_M) return false;
  }
  return true;
}

/** The xz footprint of an environment item: [x0, x1, z0, z1]. */
function itemFootprint(item: EnvironmentItem): [number, number, number, number] {
  const [min, max] = partsBounds(itemParts(item));
  return [min[0], max[0], min[2], max[2]];
}

function newDraft(group: Group, shape: Shape, support: BodyDraft['support'], surfaceY: number): BodyDraft {
  return { group, shape, positionM: [0, 0, 0], rotationDeg: [0, 0, 0], linearVelocityMps: [0, 0, 0], angularVelocityRadps: [0, 0, 0], support, surfaceY, index: -1 };
}

/** Centres along `axis` for bodies in a row, `gap` between neighbours' surfaces, centred on `centre`. */
function row(drafts: readonly BodyDraft[], axis: 0 | 2, gap: number, centre: number): void {
  const halves = drafts.map((d) => halfExtents(d)[axis]);
  const total = halves.reduce((sum, h) => sum + 2 * h, 0) + gap * Math.max(0, drafts.length - 1);
  let cursor = centre - total / 2;
  drafts.forEach((draft, i) => {
    draft.positionM[axis] = cursor + halves[i]!;
    cursor += 2 * halves[i]! + gap;
  });
}

/** Lays bodies out in rows of up to 8 along x, rows stacked along z. */
function grid(drafts: readonly BodyDraft[], gap: number, centreX: number, centreZ: number): void {
  const rows: BodyDraft[][] = [];
  for (let i = 0; i < drafts.length; i += 8) rows.push(drafts.slice(i, i + 8));
  const depths = rows.map((r) => Math.max(...r.map((d) => halfExtents(d)[2])));
  const total = depths.reduce((s, h) => s + 2 * h, 0) + gap * (rows.length - 1);
  let cursor = centreZ - total / 2;
  rows.forEach((r, i) => {
    row(r, 0, gap, centreX);
    for (const d of r) d.positionM[2] = cursor + depths[i]!;
    cursor += 2 * depths[i]! + gap;
  });
}

/**
 * Scatters bodies over a finite platform with the seeded generator, each `lift(draft)` above it,
 * none overlapping each other or `obstacles`; when a layer is full, the next goes higher.
 */
function scatter(drafts: readonly BodyDraft[], platform: Platform, lift: (d: BodyDraft) => number, random: Random, obstacles: readonly BodyDraft[]): void {
  const placed: BodyDraft[] = [...obstacles];
  let layer = 0;
  for (const draft of drafts) {
    const r = footprintRadius(draft);
    const half = restingHalfHeightM(draft.shape);
    // Keep clear of the edges (up to 10 cm) so that what lands on a table stays on it.
    const inset = r + Math.min(0.1, (platform.x1 - platform.x0) / 8, (platform.z1 - platform.z0) / 8);
    let done = false;
    for (let attempt = 0; !done; attempt++) {
      if (attempt > 0 && attempt % 200 === 0) layer += 2 * Math.max(half, r) + 0.05;
      const xMin = platform.x0 + inset, xMax = platform.x1 - inset;
      const zMin = platform.z0 + inset, zMax = platform.z1 - inset;
      const x = xMin < xMax ? random.range(xMin, xMax) : (platform.x0 + platform.x1) / 2;
      const z = zMin < zMax ? random.range(zMin, zMax) : (platform.z0 + platform.z1) / 2;
      draft.positionM = [x, platform.topY + lift(draft) + half + layer, z];
      done = !placed.some((other) => overlaps(draft, other));
    }
    placed.push(draft);
  }
}

function place(state: SceneState, random: Random): { drafts: BodyDraft[]; items: EnvironmentItem[] } {
  const built: Built = {};
  const items: EnvironmentItem[] = [];
  const note = (line: string) => state.assumptions.push(line);

  // Environment items first: everything else is placed relative to them.
  if (state.table) {
    const d = ENVIRONMENT_DEFAULTS.table;
    built.table = { kind: 'table', id: 'table', name: 'table', material: state.table.material ?? d.material, positionM: [0, 0, 0], yawDeg: 0, sizeM: [...d.sizeM] };
    note(`table: ${d.sizeM[0]} × ${d.sizeM[2]} m top, ${d.sizeM[1]} m high, at the centre`);
    if (!state.table.material) note(`no table material given: ${d.material}`);
    items.push(built.table);
  }
  const rampGroups = state.clauses.filter((c) => surfaceOf(c) === 'ramp').flatMap((c) => c.groups.filter((g) => g.role === 'subject'));
  if (state.ramp) {
    const d = ENVIRONMENT_DEFAULTS.ramp;
    const angleDeg = state.ramp.angleDeg ?? d.angleDeg;
    if (state.ramp.angleDeg === undefined) note(`no ramp angle given: ${d.angleDeg}°`);
    // Room on the slope for everything that starts on it, plus a free run below.
    const shapes = rampGroups.flatMap((g) => Array.from({ length: g.count }, () => g.shape));
    const along = shapes.reduce((sum, s) => sum + 2 * alongSlopeHalf(s) + 0.05, 0.05);
    const widest = shapes.reduce((w, s) => Math.max(w, 2 * acrossSlopeHalf(s)), 0);
    let slopeLength = state.ramp.slopeLengthM ?? d.runM / Math.cos(angleDeg * DEG);
    if (along + 0.3 > slopeLength) {
      slopeLength = Math.min(along + 0.3, 100);
      note(`the ramp lengthened to ${formatNumber(slopeLength)} m of slope to hold everything on it`);
    } else if (state.ramp.slopeLengthM === undefined) {
      note(`no ramp size given: ${d.runM} m long (horizontally), ${d.widthM} m wide`);
    }
    const widthM = Math.min(Math.max(d.widthM, widest + 0.1), 100);
    const runM = slopeLength * Math.cos(angleDeg * DEG);
    const z = built.table ? -(built.table.sizeM[2] / 2 + widthM / 2 + 0.5) : 0;
    built.ramp = { kind: 'ramp', id: 'ramp', name: 'ramp', material: state.ramp.material ?? d.material, positionM: [runM / 2, 0, z], yawDeg: 0, angleDeg, runM, widthM };
    if (!state.ramp.material) note(`no ramp material given: ${d.material}`);
    items.push(built.ramp);
  }

  const drafts: BodyDraft[] = [];
  let rampCursor = 0.05;
  for (const clause of state.clauses) {
    const clauseDrafts = placeClause(state, clause, built, random, drafts, () => rampCursor, (c) => { rampCursor = c; });
    // Floor-standing bodies of this clause move together along +z until they are clear of earlier
    // bodies and of the items (a body dropped onto the floor must not land on the table).
    const movable = clauseDrafts.filter((d) => d.support === 'floor' || typeof d.support === 'object');
    for (let tries = 0; tries < 100; tries++) {
      const push = clearance(movable, drafts, items);
      if (push <= 0) break;
      for (const d of movable) d.positionM[2] += push;
    }
    drafts.push(...clauseDrafts);
  }
  return { drafts, items };
}

/** How far to move `mine` along +z to clear `others` and the items' footprints (0 when clear). */
function clearance(mine: readonly BodyDraft[], others: readonly BodyDraft[], items: readonly EnvironmentItem[]): number {
  if (mine.length === 0) return 0;
  const minZ = Math.min(...mine.map((d) => d.positionM[2] - halfExtents(d)[2]));
  let needed = 0;
  for (const d of mine) {
    const [hx, , hz] = halfExtents(d);
    for (const other of others) {
      if (overlaps(d, other)) needed = Math.max(needed, other.positionM[2] + halfExtents(other)[2] + 0.2 - minZ);
    }
    for (const item of items) {
      const [x0, x1, z0, z1] = itemFootprint(item);
      const m = 0.05;
      if (d.positionM[0] + hx > x0 - m && d.positionM[0] - hx < x1 + m && d.positionM[2] + hz > z0 - m && d.positionM[2] - hz < z1 + m) {
        needed = Math.max(needed, z1 + 0.2 - minZ);
      }
    }
  }
  return needed;
}

function alongSlopeHalf(shape: Shape): number {
  return shapeHalfExtentsM(shape)[0];
}
function acrossSlopeHalf(shape: Shape): number {
  return shapeHalfExtentsM(shape)[shape.type === 'cylinder' ? 1 : 2];
}

function surfaceOf(clause: Clause): EnvironmentKind | Group {
  if (clause.surface) return clause.surface;
  if (clause.envs.includes('ramp')) return 'ramp';
  if (clause.envs.includes('table')) return 'table';
  return 'floor';
}

type Mode = 'throw' | 'collide' | 'move' | 'drop' | 'rest';

function modeOf(clause: Clause): Mode | null {
  const a = clause.actions;
  if (a.includes('throw')) return 'throw';
  if (a.includes('collide') || a.includes('hit')) return 'collide';
  if (a.includes('roll') || a.includes('slide') || a.includes('move')) return 'move';
  if (a.includes('drop') || a.includes('bounce')) return 'drop';
  if (a.includes('rest')) return 'rest';
  return null;
}

function placeClause(
  state: SceneState, clause: Clause, built: Built, random: Random, earlier: readonly BodyDraft[],
  getRampCursor: () => number, setRampCursor: (c: number) => void,
): BodyDraft[] {
  const note = (line: string) => state.assumptions.push(line);
  const surface = surfaceOf(clause);
  let mode = modeOf(clause);
  if (mode === null) {
    if (clause.heightM !== undefined) mode = 'drop';
    else if (clause.surface !== undefined || surface !== 'floor') mode = 'rest';
    else {
      mode = 'drop';
      note(`no action given: ${describeGroups(subjects(clause))} dropped`);
    }
  }
  const drafts: BodyDraft[] = [];
  const make = (group: Group, support: BodyDraft['support'], surfaceY: number): BodyDraft[] => {
    const made = Array.from({ length: group.count }, () => newDraft(group, group.shape, support, surfaceY));
    group.bodies.push(...made);
    drafts.push(...made);
    return made;
  };
  const movers = clause.groups.filter((g) => g.role === 'subject');
  const targets = clause.groups.filter((g) => g.role === 'target');
  const supports = clause.groups.filter((g) => g.role === 'support');

  // The platform the subjects start on or above.
  let platform: Platform = FLOOR;
  if (typeof surface === 'object' || supports.length) {
    const supportDrafts = supports.flatMap((g) => make(g, 'floor', 0));
    for (const d of supportDrafts) d.positionM[1] = restingHalfHeightM(d.shape);
    row(supportDrafts, 0, SIDE_GAP_M, 0);
    const top = supportDrafts[0]!;
    const [hx, hy, hz] = halfExtents(top);
    platform = { topY: top.positionM[1] + hy, x0: top.positionM[0] - hx, x1: top.positionM[0] + hx, z0: -hz, z1: hz, support: top, label: `the ${top.group.entry.name}` };
  } else if (surface === 'table' && built.table) {
    const t = built.table;
    platform = { topY: t.sizeM[1], x0: -t.sizeM[0] / 2, x1: t.sizeM[0] / 2, z0: -t.sizeM[2] / 2, z1: t.sizeM[2] / 2, support: 'table', label: 'the table' };
  }

  if (surface === 'ramp' && built.ramp) {
    placeOnRamp(state, clause, mode, built.ramp, movers, make, getRampCursor, setRampCursor);
    // Whatever it hits waits on the floor below the ramp's low edge.
    const waiting = targets.flatMap((g) => make(g, 'floor', 0));
    for (const d of waiting) d.positionM[1] = restingHalfHeightM(d.shape);
    row(waiting, 2, SIDE_GAP_M, built.ramp.positionM[2]);
    for (const d of waiting) d.positionM[0] = built.ramp.positionM[0] + DEFAULT_COLLISION_GAP_M + halfExtents(d)[0];
    return drafts;
  }

  const finite = Number.isFinite(platform.x0);
  const resting = (d: BodyDraft) => platform.topY + restingHalfHeightM(d.shape);
  switch (mode) {
    case 'drop':
    case 'rest': {
      let height = 0;
      if (mode === 'drop') {
        height = clause.heightM ?? DEFAULT_DROP_HEIGHT_M;
        if (clause.heightM === undefined) note(`no height given: ${formatNumber(DEFAULT_DROP_HEIGHT_M)} m above ${platform.label}`);
      }
      const made = movers.flatMap((g) => make(g, platform.support, platform.topY));
      if (finite) {
        scatter(made, platform, () => height, random, earlier);
        if (made.length > 1) note(`${describeGroups(movers)} scattered over ${platform.label} at random (the seed decides where)`);
      } else {
        grid(made, clause.spacingM ?? SIDE_GAP_M, 0, 0);
        for (const d of made) d.positionM[1] = resting(d) + height;
        if (made.length > 1 && clause.spacingM === undefined) note(`${describeGroups(movers)} side by side along x, ${formatNumber(SIDE_GAP_M)} m apart`);
      }
      break;
    }
    case 'move': {
      const speed = clause.speedMps ?? DEFAULT_SPEED_MPS;
      if (clause.speedMps === undefined) note(`no speed given: ${formatNumber(speed)} m/s`);
      const made = movers.flatMap((g) => make(g, platform.support, platform.topY));
      row(made, 2, clause.spacingM ?? SIDE_GAP_M, finite ? (platform.z0 + platform.z1) / 2 : 0);
      for (const d of made) {
        d.positionM[0] = finite ? platform.x0 + footprintRadius(d) + 0.05 : 0;
        d.positionM[1] = resting(d);
        d.linearVelocityMps = [speed, 0, 0];
        if (clause.actions.includes('roll') && d.shape.type === 'sphere') {
          const spin = clampNote(state, speed / d.shape.radiusM, 0, LIMITS.spinRadps, 'the rolling spin', 'rad/s');
          d.angularVelocityRadps = [0, 0, -spin];
        }
      }
      note(`moving along +x${clause.actions.includes('roll') ? ', rolling without slipping' : ''}`);
      break;
    }
    case 'collide': {
      const speed = clause.speedMps ?? DEFAULT_SPEED_MPS;
      if (clause.speedMps === undefined) note(`no speed given: ${formatNumber(speed)} m/s`);
      const movingDrafts = movers.flatMap((g) => make(g, platform.support, platform.topY));
      const waitingDrafts = targets.flatMap((g) => make(g, platform.support, platform.topY));
      let left: BodyDraft[], right: BodyDraft[];
      let bothMove: boolean;
      if (waitingDrafts.length) {
        left = movingDrafts; right = waitingDrafts; bothMove = clause.headOn;
      } else if (movers.length >= 2) {
        left = movers[0]!.bodies; right = movingDrafts.filter((d) => !left.includes(d)); bothMove = true;
      } else {
        const half = Math.ceil(movingDrafts.length / 2);
        left = movingDrafts.slice(0, half); right = movingDrafts.slice(half); bothMove = true;
      }
      if (right.length === 0) {
        // One body colliding with nothing named: it moves towards +x.
        bothMove = false;
      }
      const gap = clause.spacingM ?? DEFAULT_COLLISION_GAP_M;
      if (clause.spacingM === undefined) note(`they start ${formatNumber(gap)} m apart`);
      const centreX = finite ? (platform.x0 + platform.x1) / 2 : 0;
      let cursor = centreX - gap / 2;
      for (const d of left) {
        const h = halfExtents(d)[0];
        d.positionM = [cursor - h, resting(d), finite ? (platform.z0 + platform.z1) / 2 : 0];
        d.linearVelocityMps = [speed, 0, 0];
        cursor -= 2 * h + SIDE_GAP_M;
      }
      cursor = centreX + gap / 2;
      for (const d of right) {
        const h = halfExtents(d)[0];
        d.positionM = [cursor + h, resting(d), finite ? (platform.z0 + platform.z1) / 2 : 0];
        d.linearVelocityMps = bothMove ? [-speed, 0, 0] : [0, 0, 0];
        cursor += 2 * h + SIDE_GAP_M;
      }
      if (bothMove) note(`each moves at ${formatNumber(speed)} m/s towards the other${clause.headOn ? ' (head-on, along x)' : ', along x'}`);
      else if (right.length) note(`${describeGroups(targets)} at rest; ${describeGroups(movers)} moving at ${formatNumber(speed)} m/s along +x towards it`);
      break;
    }
    case 'throw': {
      const height = clause.heightM ?? DEFAULT_DROP_HEIGHT_M;
      if (clause.heightM === undefined) note(`no height given: thrown from ${formatNumber(height)} m above ${platform.label}`);
      const speed = clause.speedMps ?? DEFAULT_THROW_SPEED_MPS;
      if (clause.speedMps === undefined) note(`no speed given: ${formatNumber(speed)} m/s`);
      let angle = clause.launchAngleDeg;
      if (angle === undefined) {
        angle = clause.throwDirection === 'horizontal' ? 0 : clause.throwDirection === 'upward' ? 90 : 45;
        if (clause.throwDirection === undefined) note('no launch angle given: 45° above horizontal, along +x');
        else markThrowDirection(clause);
      }
      const made = movers.flatMap((g) => make(g, platform.support, platform.topY));
      row(made, 2, SIDE_GAP_M, 0);
      for (const d of made) {
        d.positionM[0] = finite ? (platform.x0 + platform.x1) / 2 : 0;
        d.positionM[1] = resting(d) + height;
        d.linearVelocityMps = [speed * Math.cos(angle * DEG), speed * Math.sin(angle * DEG), 0];
      }
      break;
    }
  }
  // Targets that no mode above placed wait at rest on the floor, in a row past everything else (+x).
  const placedSoFar = [...drafts];
  const unplaced = targets.flatMap((g) => g.bodies.length ? [] : make(g, 'floor', 0));
  if (unplaced.length) {
    const beyond = Math.max(0, ...placedSoFar.map((d) => d.positionM[0] + halfExtents(d)[0]));
    row(unplaced, 2, SIDE_GAP_M, 0);
    for (const d of unplaced) {
      d.positionM[0] = beyond + DEFAULT_COLLISION_GAP_M + halfExtents(d)[0];
      d.positionM[1] = restingHalfHeightM(d.shape);
    }
    note(`${describeGroups(unplaced.map((d) => d.group).filter((g, i, all) => all.indexOf(g) === i))} at rest on the floor, ${formatNumber(DEFAULT_COLLISION_GAP_M)} m beyond the rest along +x`);
  }
  return drafts;
}

function markThrowDirection(clause: Clause): void {
  for (const l of clause.lexemes) {
    if (l.sense.type === 'modifier' && (l.sense.modifier === 'horizontal' || l.sense.modifier === 'upward') && !isUsed(l)) {
      use(l, 'modifier', () => groupsField(subjects(clause), '.linearVelocityMps'));
    }
  }
}

function placeOnRamp(
  state: SceneState, clause: Clause, mode: Mode, ramp: Extract<EnvironmentItem, { kind: 'ramp' }>, movers: readonly Group[],
  make: (g: Group, support: BodyDraft['support'], surfaceY: number) => BodyDraft[],
  getCursor: () => number, setCursor: (c: number) => void,
): void {
  const note = (line: string) => state.assumptions.push(line);
  let cursor = getCursor();
  const slopeLength = ramp.runM / Math.cos(ramp.angleDeg * DEG);
  let layer = 0;
  const height = mode === 'drop' || mode === 'throw' ? clause.heightM ?? 0 : 0;
  const speed = mode === 'move' || mode === 'collide' ? clause.speedMps ?? 0 : 0;
  for (const group of movers) {
    for (const d of make(group, 'ramp', 0)) {
      const along = alongSlopeHalf(d.shape);
      const clearanceM = restingHalfHeightM(d.shape);
      if (cursor + 2 * along > slopeLength - 0.05 && cursor > 0.05) {
        // The slope is full: start another layer above it, from the top again.
        cursor = 0.05;
        layer += 2 * Math.max(along, clearanceM) / Math.cos(ramp.angleDeg * DEG) + 0.05;
      }
      const { pointM, downhill } = rampSlopePoint(ramp, cursor + along, clearanceM);
      d.positionM = [pointM[0], pointM[1] + height + layer, pointM[2]];
      d.surfaceY = pointM[1] - clearanceM;
      if (d.shape.type !== 'sphere') d.rotationDeg = [0, 0, -ramp.angleDeg];
      if (speed > 0) d.linearVelocityMps = [downhill[0] * speed, downhill[1] * speed, downhill[2] * speed];
      cursor += 2 * along + 0.05;
    }
  }
  setCursor(cursor);
  if (movers.length) {
    note(`${describeGroups(movers)} ${speed > 0 ? `starting down the slope at ${formatNumber(speed)} m/s` : 'at rest'} near the top of the ramp${height > 0 ? `, ${formatNumber(height)} m above it` : ''}`);
  }
}

function describeGroups(groups: readonly Group[]): string {
  const names = groups.map((g) => (g.count > 1 ? `${g.count} ${pluralName(g)}` : `the ${displayName(g)}`));
  if (names.length <= 1) return names[0] ?? 'everything';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function pluralName(group: Group): string {
  const name = displayName(group);
  const irregular = group.entry.plurals?.[0];
  return irregular && name === group.entry.name ? irregular : pluralize(name);
}

function displayName(group: Group): string {
  const { entry } = group;
  if (entry.generic || group.material !== entry.material) {
    const adjective = group.materialWord ?? group.material;
    return `${adjective} ${entry.name}`;
  }
  return entry.name;
}

// ---------------------------------------------------------------------------------------------
// Duration

function durationFor(state: SceneState, drafts: readonly BodyDraft[], ramp: Extract<EnvironmentItem, { kind: 'ramp' }> | undefined): number {
  let longest = 0;
  for (const d of drafts) {
    const bottom = d.positionM[1] - restingHalfHeightM(d.shape);
    const drop = Math.max(0, bottom - d.surfaceY);
    const vy = d.linearVelocityMps[1];
    // Time to reach the surface below: vy t − g t²/2 = −drop.
    const t = (vy + Math.sqrt(vy * vy + 2 * G * drop)) / G;
    longest = Math.max(longest, t);
    if (d.support === 'ramp' && ramp) {
      const a = G * Math.sin(ramp.angleDeg * DEG) * (d.shape.type === 'sphere' ? 5 / 7 : 1);
      const length = ramp.runM / Math.cos(ramp.angleDeg * DEG);
      longest = Math.max(longest, t + Math.sqrt((2 * length) / a));
    }
  }
  const seconds = Math.min(LIMITS.durationS[1], Math.max(DEFAULT_DURATION_S, Math.ceil(longest + 3)));
  state.assumptions.push(`no duration given: ${formatNumber(seconds)} s${seconds > DEFAULT_DURATION_S ? ', long enough to land and settle' : ''}`);
  return seconds;
}

// ---------------------------------------------------------------------------------------------
// The entry point

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/**
 * Parses a prompt into a validated SceneSpec. Throws PromptError (one sentence) for an empty or
 * over-long prompt, or one that names no object the catalog knows.
 */
export function parsePrompt(text: string, options: ParseOptions = {}): SceneSpec {
  if (typeof text !== 'string') throw new PromptError('The prompt must be text: describe a scene, such as "a tennis ball drops from 2 m".');
  if (text.length > MAX_PROMPT_CHARS) {
    throw new PromptError(`The prompt is ${text.length} characters long: shorten it to at most ${MAX_PROMPT_CHARS} characters.`);
  }
  if (text.trim() === '') throw new PromptError('The prompt is empty: describe a scene, such as "a tennis ball drops from 2 m".');
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new PromptError(`The seed ${String(seed)} is not usable: give a whole number from 0 to 4294967295.`);
  }

  const tokens = tokenize(text);
  const lexemes = lex(text, tokens);
  if (!lexemes.some((l) => l.sense.type === 'object')) {
    throw new PromptError(`No object found in "${quote(text)}": name one, such as "a tennis ball".`);
  }
  const state: SceneState = { clauses: splitClauses(lexemes), assumptions: [] };
  for (const clause of state.clauses) assemble(state, clause);
  // Materials and sizes the prompt left open.
  for (const clause of state.clauses) {
    for (const group of clause.groups) {
      if (group.entry.generic && !group.materialWord) {
        state.assumptions.push(`"${group.noun.text}" with no kind: a ${group.material} ${group.entry.name}`);
      }
      if (group.entry.generic && group.sizeM === undefined && group.entry.shape.type === 'sphere') {
        state.assumptions.push(`no size given for the ${displayName(group)}: ${formatNumber(group.entry.shape.radiusM * 200)} cm across`);
      }
    }
  }
  const allGroups = state.clauses.flatMap((c) => c.groups);
  for (const group of allGroups) resolveGroup(state, group);
  if (!state.ground?.given) {
    const usual = allGroups[0]?.entry.usualSurface;
    if (usual && allGroups.every((g) => g.entry.usualSurface === usual)) {
      state.ground = { material: usual, given: false };
      state.assumptions.push(`no surface given: ${usual}, as under ${describeGroups(allGroups)}`);
    } else {
      state.ground = { material: 'wood', given: false };
      state.assumptions.push('no floor material given: a wooden floor (indoors)');
    }
  }

  const random = createRandom(seed);
  const { items } = place(state, random);

  // Output order: groups in prompt order; ids and names numbered per kind.
  const orderedGroups = [...allGroups].sort((a, b) => a.noun.index - b.noun.index);
  const ordered = orderedGroups.flatMap((g) => g.bodies);
  ordered.forEach((d, i) => { d.index = i; });
  const totals = new Map<string, number>();
  for (const d of ordered) totals.set(displayName(d.group), (totals.get(displayName(d.group)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const bodies = ordered.map((d) => {
    const name = displayName(d.group);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const group = d.group;
    const massKg = group.bodyMassKg;
    // A regulation restitution belongs to the regulation material; another material brings its own.
    const restitution = group.restitution ?? (group.material === group.entry.material ? group.entry.restitution : undefined);
    return {
      id: `${name.replace(/[^a-z0-9]+/g, '-')}-${n}`,
      name: totals.get(name)! > 1 ? `${name} ${n}` : name,
      kind: group.entry.kind,
      shape: d.shape,
      material: group.material,
      ...(massKg !== undefined ? { massKg } : {}),
      ...(restitution !== undefined ? { restitution } : {}),
      ...(group.friction !== undefined ? { friction: group.friction } : {}),
      positionM: d.positionM,
      rotationDeg: d.rotationDeg,
      linearVelocityMps: d.linearVelocityMps,
      angularVelocityRadps: d.angularVelocityRadps,
    };
  });

  const ramp = items.find((i): i is Extract<EnvironmentItem, { kind: 'ramp' }> => i.kind === 'ramp');
  const durationS = state.durationS ?? durationFor(state, ordered, ramp);

  const itemIndex = (kind: string) => items.findIndex((i) => i.kind === kind);
  const spans: Interpretation['spans'] = [];
  const unknown: string[] = [];
  for (const l of lexemes) {
    if (l.role !== undefined) {
      let field = l.field?.();
      if (field) field = field.replace('items[table]', `items[${itemIndex('table')}]`).replace('items[ramp]', `items[${itemIndex('ramp')}]`);
      spans.push(field ? { start: l.start, end: l.end, text: l.text, role: l.role, field } : { start: l.start, end: l.end, text: l.text, role: l.role });
    } else if (l.sense.type === 'grammar' || l.sense.type === 'relation' || l.sense.type === 'punct') {
      spans.push({ start: l.start, end: l.end, text: l.text, role: 'grammar' });
    } else {
      unknown.push(l.text);
    }
  }

  const spec = {
    version: SCENE_SPEC_VERSION,
    seed,
    gravity: [0, -G, 0],
    durationS,
    bodies,
    environment: { ground: { id: 'floor', name: 'floor', material: state.ground.material }, items },
    camera: { mode: 'auto' },
    interpretation: { prompt: text, spans, unknown, assumptions: dedupe(state.assumptions) },
  };
  try {
    return validateSceneSpec(spec);
  } catch (error) {
    if (error instanceof SceneSpecError) {
      throw new PromptError(`The prompt "${quote(text)}" gave an invalid scene (${error.issues[0] ?? 'unknown problem'}): try smaller numbers or fewer objects.`);
    }
    throw error;
  }
}

function dedupe(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}
