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
import { CATALOG, catalogEntry, ENVIRONMENT_DEFAULTS, ENVIRONMENT_WORDS, pluralize, type CatalogEntry, type EnvironmentKind, type Setting } from './catalog.ts';
import { boundingRadiusM, itemParts, partsBounds, rampSlopePoint, restingHalfHeightM, shapeHalfExtentsM, shapeVolumeM3, TABLE_TOP_THICKNESS_M, type Vec3 } from './geometry.ts';
import { wordnetFallback, type Fallback } from './hypernyms.ts';
import { MATERIALS, type MaterialName } from './materials.ts';
import { createRandom, type Random } from './random.ts';
import { SceneSpecError, SCENE_SPEC_VERSION, validateSceneSpec, type EnvironmentItem, type Interpretation, type JointSpec, type SceneSpec, type Shape, type ShotSpec, type FluidSpec, type BodySpec } from './spec.ts';
import { hangingSpring, hoopShot, massCylinder, newtonsCradle, pendulumJoints, pendulums, projectileRangeM } from './scenarios.ts';
import { BODY_CELLS_ACROSS, budgetCellM, containerContents, containerVolumeM3, CONTAINER_FILL_FRACTION, damBreakChannel, DAM_PARTICLE_BUDGET, DRIP_REACH_M, dripOnto, DROP_CELL_M, DROP_EVERY_S, DROP_RADIUS_M, FILL_PARTICLE_BUDGET, innerRadiusM, POUR_FILL_FRACTION, POUR_PARTICLE_BUDGET, POUR_TILT_DEG, POUR_TILT_S, SPILL_GRID_CELLS, SPILL_PARTICLE_BUDGET, tipOverEdge, tiltingJugPour } from './liquid-scenes.ts';
import { formatNumber, readNumber, readQuantity, tokenize, type Quantity, type Token } from './units.ts';
import { LIQUID_PRESETS } from './liquids.ts';

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
  /**
   * How many times the CPU budgets' particles a staged liquid gets (scene/liquid-scenes.ts): 1 by
   * default; GPU_LIQUID_PARTICLE_SCALE for a run whose liquids go to the GPU. 1..64.
   */
  liquidParticleScale?: number;
}

/** The particle budgets' factor for liquids solved on the GPU: 8, so their cells are half the CPU's. */
export const GPU_LIQUID_PARTICLE_SCALE = 8;

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
/** Something dropped into a cup, a glass or a bucket falls from a hand just above its rim. */
const DEFAULT_DROP_INTO_CONTAINER_M = 0.1;
const DEFAULT_SPEED_MPS = 2;
const DEFAULT_THROW_SPEED_MPS = 5;
const DEFAULT_DURATION_S = 4;
const DEFAULT_COLLISION_GAP_M = 0.5;
const SIDE_GAP_M = 0.2;

// ---------------------------------------------------------------------------------------------
// Lexicon

type Action = 'drop' | 'bounce' | 'roll' | 'slide' | 'move' | 'collide' | 'hit' | 'throw' | 'rest' | 'swing' | 'shoot' | 'spin' | 'topple';
type Relation = 'from' | 'onto' | 'down' | 'across' | 'into' | 'with' | 'at' | 'above' | 'for' | 'of' | SpatialRelation;
/** Where one thing stands relative to another: the layout solver's relations (solveLayout). */
type SpatialRelation = 'under' | 'beside' | 'behind' | 'front' | 'inside' | 'between' | 'left' | 'right' | 'edge';
type Modifier = 'head-on' | 'apart' | 'high' | 'long' | 'wide' | 'horizontal' | 'upward' | 'side-by-side' | 'inclined' | 'left-to-right' | 'right-to-left';
type Property = 'restitution' | 'friction' | 'mass' | 'height' | 'speed' | 'angle' | 'duration' | 'stiffness' | 'length';
type Scenario = 'pendulum' | 'cradle' | 'spring';
type Arrangement = 'row' | 'stack' | 'pyramid' | 'pile' | 'ring';

type Sense =
  | { type: 'object'; entry: CatalogEntry }
  | { type: 'env'; env: EnvironmentKind; material?: MaterialName; setting?: Setting }
  | { type: 'material'; material: MaterialName }
  | { type: 'verb'; action: Action }
  | { type: 'relation'; relation: Relation }
  | { type: 'modifier'; modifier: Modifier }
  | { type: 'property'; property: Property }
  | { type: 'scenario'; scenario: Scenario }
  | { type: 'gravity'; gMps2: number; label: string }
  | { type: 'elasticity'; restitution: number; label: string }
  | { type: 'drag'; enabled: boolean }
  | { type: 'frictionless' }
  | { type: 'arrangement'; arrangement: Arrangement }
  | { type: 'shot'; framing?: ShotSpec['framing']; angle?: ShotSpec['angle']; move?: ShotSpec['move']; rate?: number; cut?: boolean }
  | { type: 'style'; style: SceneSpec['style'] }
  | { type: 'liquid'; liquid: FluidSpec['liquid'] }
  | { type: 'fluid-verb'; action: FluidSpec['action'] }
  | { type: 'manner'; factor: number }
  | { type: 'grammar' };

const MATERIAL_WORDS: Record<string, readonly string[]> = {
  rubber: ['rubber', 'rubbery'],
  wood: ['wood', 'wooden', 'hardwood', 'oak', 'pine', 'maple', 'parquet'],
  steel: ['steel', 'metal', 'metallic', 'stainless steel', 'chrome'],
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
  stone: ['stone', 'granite', 'tiled', 'tile', 'marble-tiled', 'slate'],
  iron: ['iron', 'cast iron', 'cast-iron', 'wrought iron'],
  aluminium: ['aluminium', 'aluminum', 'tin'],
  foam: ['foam', 'foam rubber', 'spongy'],
  styrofoam: ['styrofoam', 'polystyrene'],
  cork: ['cork'],
  ceramic: ['ceramic', 'porcelain', 'china', 'clay pot'],
  sand: ['sand', 'sandy'],
  grass: ['grass', 'grassy', 'turf'],
  cloth: ['cloth', 'fabric', 'cotton', 'woollen', 'wool', 'silk', 'linen'],
  paper: ['paper'],
  leather: ['leather'],
  produce: ['fruit'],
  clay: ['clay', 'plasticine', 'playdough', 'play-doh'],
  wax: ['wax', 'waxed'],
  lead: ['lead', 'gold', 'golden', 'tungsten'],
  brass: ['brass', 'copper', 'bronze', 'silver'],
  asphalt: ['asphalt', 'tarmac'],
  brick: ['brick'],
};

/** A catalog noun that names a material when it stands before a surface ("a marble floor"). */
const OBJECT_AS_MATERIAL: Record<string, MaterialName> = {
  marble: 'stone', brick: 'brick', rock: 'stone', glass: 'glass', 'paper-sheet': 'paper', cork: 'cork', 'gold-bar': 'brass',
  'ice-block': 'ice', 'foam-block': 'foam', cheese: 'produce', log: 'wood', plank: 'wood', 'clay-ball': 'clay', candle: 'wax',
};

const VERBS: Record<Action, readonly string[]> = {
  drop: ['tip off', 'fall off', 'falls off', 'fell off', 'slip', 'slips', 'slipped', 'tumble down', 'tumbles down', 'rain down', 'sink', 'sinks', 'plunge', 'plunges', 'drop', 'drops', 'dropped', 'dropping', 'fall', 'falls', 'fell', 'falling', 'fallen', 'release', 'releases', 'released', 'plummet', 'plummets', 'plummeted', 'plummeting'],
  bounce: ['bounce', 'bounces', 'bounced', 'bouncing', 'rebound', 'rebounds', 'rebounded', 'rebounding'],
  roll: ['roll', 'rolls', 'rolled', 'rolling'],
  slide: ['slide', 'slides', 'slid', 'sliding', 'skid', 'skids', 'skidded', 'skidding', 'glide', 'glides', 'glided', 'gliding'],
  move: ['drift', 'drifts', 'drifting', 'drifted', 'run', 'runs', 'running', 'walk', 'walks', 'walking', 'drive', 'drives', 'driving', 'race', 'races', 'racing', 'zoom along', 'move', 'moves', 'moved', 'moving', 'travel', 'travels', 'travelled', 'traveled', 'travelling', 'traveling', 'chase', 'chases', 'chased', 'chasing', 'push', 'pushed', 'pushes', 'shove', 'shoved', 'shoves', 'goes', 'go', 'going'],
  collide: ['collide', 'collides', 'collided', 'colliding', 'crash', 'crashes', 'crashed', 'crashing', 'smash', 'smashes', 'smashed'],
  hit: ['tapped', 'nudge', 'nudges', 'nudged', 'knock over', 'knocks over', 'knocked over', 'knocking over', 'knock down', 'knocks down', 'knocked down', 'slam into', 'slams into', 'ram', 'rams', 'rammed', 'punch', 'punches', 'punched', 'tap', 'taps', 'hit', 'hits', 'hitting', 'strike', 'strikes', 'struck', 'striking', 'knock', 'knocks', 'knocked', 'bump', 'bumps', 'bumped'],
  throw: ['jump', 'jumps', 'jumped', 'jumping', 'leap', 'leaps', 'leapt', 'hop', 'hops', 'hurl', 'hurls', 'hurled', 'pitch', 'pitches', 'pitched', 'serve', 'serves', 'flick', 'flicks', 'flicked', 'throw', 'throws', 'threw', 'thrown', 'throwing', 'toss', 'tosses', 'tossed', 'launch', 'launches', 'launched', 'launching', 'kick', 'kicks', 'kicked', 'fling', 'flings', 'flung', 'lob', 'lobs', 'lobbed', 'fired', 'shot'],
  swing: ['swing', 'swings', 'swung', 'swinging', 'oscillate', 'oscillates', 'oscillated', 'oscillating', 'sway', 'sways', 'swaying'],
  shoot: ['miss', 'misses', 'missed', 'missing', 'score', 'scores', 'scored', 'scoring', 'sink', 'sinks', 'sank', 'swish', 'swishes', 'shoot', 'shoots', 'shooting', 'dunk', 'dunks'],
  spin: ['spin', 'spins', 'spun', 'spinning', 'rotate', 'rotates', 'rotating', 'twirl', 'twirls', 'whirl', 'whirls'],
  topple: ['topple', 'topples', 'toppled', 'toppling', 'tip', 'tips', 'tipped', 'tipping', 'tumble', 'tumbles', 'tumbled', 'tumbling', 'overturn', 'overturns', 'collapse', 'collapses', 'collapsed', 'collapsing'],
  rest: ['stop', 'stops', 'stopped', 'halt', 'halts', 'settle', 'settles', 'settled', 'settling', 'come to rest', 'comes to rest', 'wait', 'waits', 'balance', 'balances', 'balanced', 'balancing', 'hang', 'lean', 'leans', 'leaning', 'rest', 'rests', 'resting', 'sit', 'sits', 'sitting', 'sat', 'lie', 'lies', 'lying', 'stand', 'stands', 'standing', 'stood', 'placed', 'place', 'put'],
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
  under: ['under', 'below', 'beneath', 'underneath'],
  beside: ['next to', 'beside', 'alongside', 'near', 'close to', 'by the side of', 'right next to', 'right beside'],
  behind: ['behind', 'in back of', 'at the back of', 'right behind'],
  front: ['in front of', 'front of', 'right in front of'],
  inside: ['inside', 'inside of', 'within'],
  between: ['between', 'in between'],
  left: ['to the left of', 'left of', 'on the left of', 'at the left of'],
  right: ['to the right of', 'right of', 'on the right of', 'at the right of'],
  edge: ['at the edge of', 'on the edge of', 'near the edge of', 'by the edge of', 'at the very edge of', 'on the very edge of'],
};

const SPATIAL = new Set<Relation>(['under', 'beside', 'behind', 'front', 'inside', 'between', 'left', 'right', 'edge']);

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
  'left-to-right': ['from left to right', 'left to right'],
  'right-to-left': ['from right to left', 'right to left'],
};

const PROPERTIES: Record<Property, readonly string[]> = {
  restitution: ['restitution', 'coefficient of restitution', 'cor', 'bounciness', 'elasticity'],
  friction: ['friction', 'coefficient of friction', 'friction coefficient'],
  mass: ['mass', 'weight', 'weighing', 'weighs', 'weigh'],
  height: ['height', 'altitude'],
  speed: ['speed', 'velocity'],
  angle: ['angle', 'inclination'],
  duration: ['duration'],
  stiffness: ['spring constant', 'stiffness', 'k', 'force constant', 'spring stiffness'],
  length: ['length', 'string length', 'rod length'],
};

const SCENARIO_WORDS: Record<Scenario, readonly string[]> = {
  pendulum: ['pendulum', 'pendulums', 'simple pendulum', 'simple pendulums'],
  cradle: ["newton's cradle", 'newton’s cradle', 'newtons cradle', 'newton cradle', 'cradle'],
  spring: ['spring', 'springs', 'coil spring', 'spring mass system', 'mass spring system', 'spring mass', 'mass spring'],
};

/** Surface gravity, m/s² (NASA Planetary Fact Sheet, nssdc.gsfc.nasa.gov/planetary/factsheet). */
const GRAVITY_WORDS: ReadonlyArray<{ words: readonly string[]; g: number; label: string }> = [
  { words: ['moon', 'lunar', 'the moon'], g: 1.62, label: 'the Moon' },
  { words: ['mars', 'martian'], g: 3.71, label: 'Mars' },
  { words: ['jupiter'], g: 24.79, label: 'Jupiter' },
  { words: ['venus'], g: 8.87, label: 'Venus' },
  { words: ['mercury'], g: 3.7, label: 'Mercury' },
  { words: ['saturn'], g: 10.44, label: 'Saturn' },
  { words: ['pluto'], g: 0.62, label: 'Pluto' },
  { words: ['earth', 'earth gravity', 'normal gravity'], g: 9.81, label: 'Earth' },
  { words: ['zero gravity', 'zero g', 'no gravity', 'weightless', 'weightlessness', 'microgravity', 'space', 'outer space', 'orbit', 'the iss', 'space station', 'gravity off', 'without gravity'], g: 0, label: 'zero gravity' },
];

const ARRANGEMENT_WORDS: Record<Arrangement, readonly string[]> = {
  row: ['row', 'line', 'rows', 'lines', 'line of', 'lined up', 'line up', 'lines up', 'in a row', 'in a line', 'chain'],
  stack: ['stack', 'stacks', 'stacked', 'tower', 'column', 'stacking'],
  pyramid: ['pyramid of', 'triangle', 'rack'],
  pile: ['pile', 'heap', 'piled', 'heaped', 'mound'],
  ring: ['circle', 'ring of'],
};

const SHOT_WORDS: ReadonlyArray<readonly [readonly string[], Omit<Extract<LexemeSense, { type: 'shot' }>, 'type'>]> = [
  [['close-up', 'close up', 'closeup', 'close shot', 'macro', 'macro shot'], { framing: 'close-up' }],
  [['extreme close-up', 'extreme close up', 'extreme closeup'], { framing: 'extreme-close-up' }],
  [['wide shot', 'wide-angle', 'wide angle', 'establishing shot', 'long shot', 'full shot'], { framing: 'wide' }],
  [['extreme wide', 'extreme wide shot', 'aerial shot', 'drone shot'], { framing: 'extreme-wide' }],
  [['medium shot', 'mid shot', 'medium'], { framing: 'medium' }],
  [['overhead', 'top-down', 'top down', 'bird\'s-eye', "bird's eye", 'birds eye', 'overhead shot', 'from above'], { angle: 'overhead' }],
  [['side view', 'side-on', 'side on', 'profile', 'from the side', 'side shot'], { angle: 'side' }],
  [['low angle', 'low-angle', 'worm\'s-eye', "worm's eye", 'from below'], { angle: 'low-angle' }],
  [['high angle', 'high-angle'], { angle: 'high-angle' }],
  [['eye level', 'eye-level'], { angle: 'eye-level' }],
  [['static shot', 'static camera', 'locked-off', 'locked off', 'tripod shot', 'static'], { move: 'static' }],
  [['tracking', 'tracking shot', 'follows', 'follow cam', 'following', 'camera follows', 'tracks'], { move: 'tracking' }],
  [['pan', 'pans', 'panning', 'camera pans'], { move: 'pan' }],
  [['tilt', 'tilts', 'camera tilts'], { move: 'tilt' }],
  [['dolly in', 'push in', 'zoom in', 'zooms in', 'dolly', 'zoom'], { move: 'dolly-in' }],
  [['dolly out', 'pull out', 'zoom out', 'zooms out', 'pull back'], { move: 'dolly-out' }],
  [['orbit', 'orbiting', 'orbits', 'circling', '360', 'turntable'], { move: 'orbit' }],
  [['slow motion', 'slow-motion', 'slowmo', 'slow mo', 'in slow motion', 'slo-mo', 'slo mo', 'high speed camera'], { rate: 0.25 }],
  [['super slow motion', 'extreme slow motion'], { rate: 0.1 }],
  [['timelapse', 'time-lapse', 'time lapse', 'fast forward', 'sped up'], { rate: 4 }],
  [['real time', 'real-time'], { rate: 1 }],
  [['cut to', 'cuts to', 'then cut to', 'next shot', 'new shot'], { cut: true }],
  [['shot', 'camera', 'view', 'angle shot', 'frame'], {}],
];

const STYLE_WORDS: Record<string, readonly string[]> = {
  photoreal: ['photoreal', 'photorealistic', 'realistic', 'hyperrealistic', 'hyper-realistic', 'lifelike', '4k', '8k'],
  cinematic: ['cinematic', 'film look', 'filmic', 'movie-like', 'dramatic lighting', 'film still'],
  anime: ['anime', 'anime style', 'manga', 'cel-shaded', 'cel shaded', 'cartoon', 'cartoonish', 'ghibli'],
  clay: ['claymation', 'clay style', 'clay animation', 'stop motion', 'stop-motion', 'plasticine style'],
  sketch: ['sketch', 'pencil sketch', 'hand-drawn', 'hand drawn', 'line art', 'drawing'],
  standard: ['standard style', 'plain'],
};

const LIQUID_WORDS: Record<FluidSpec['liquid'], readonly string[]> = {
  water: ['water', 'tea', 'rain', 'raindrops', 'soda', 'lemonade', 'liquid', 'fluid', 'sea water', 'seawater'],
  juice: ['juice', 'orange juice', 'apple juice'],
  milk: ['milk', 'cream'],
  honey: ['honey'],
  oil: ['oil', 'olive oil', 'motor oil', 'cooking oil'],
  syrup: ['syrup', 'maple syrup', 'molasses', 'caramel'],
  whiskey: ['whiskey', 'whisky', 'bourbon', 'scotch', 'rum', 'vodka'],
  wine: ['wine', 'red wine', 'white wine', 'champagne', 'beer'],
  coffee: ['coffee', 'espresso', 'hot chocolate', 'cocoa'],
};

const FLUID_VERBS: Record<FluidSpec['action'], readonly string[]> = {
  pour: ['pour', 'pours', 'poured', 'pouring', 'flow', 'flows', 'flowing', 'stream', 'streams', 'gush', 'gushes'],
  fill: ['fill', 'fills', 'filled', 'filling', 'full of', 'half full', 'filled with'],
  spill: ['spill', 'spills', 'spilled', 'spilt', 'spilling', 'slosh', 'sloshes', 'sloshing'],
  splash: ['splash', 'splashes', 'splashed', 'splashing', 'splashdown', 'plunge', 'plunges', 'dive', 'dives'],
  drip: ['drip', 'drips', 'dripping', 'dripped', 'trickle', 'trickles', 'drop of', 'drops of'],
  flood: ['flood', 'floods', 'flooded', 'flooding', 'dam breaks', 'dam break', 'dam bursts', 'dam burst', 'dam breaking', 'dam bursting', 'broken dam', 'burst dam'],
  pool: ['puddle', 'puddles', 'pools'],
  rest: ['float', 'floats', 'floating', 'floated', 'sinks', 'sinking', 'sank', 'submerged', 'bob up', 'bobs up'],
};

/** Manner words scale speeds and heights: a defined effect, stated in the assumptions. */
const MANNER_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0.5, ['gently', 'gentle', 'softly', 'lightly', 'slowly', 'slow', 'carefully', 'lazily', 'barely', 'nudges', 'nudge', 'nudged', 'tap', 'taps', 'tapped']],
  [2, ['hard', 'quickly', 'fast', 'rapidly', 'forcefully', 'powerfully', 'violently', 'fiercely', 'explosively', 'at high speed', 'full speed', 'hurls', 'hurl', 'hurled', 'slams', 'slam', 'slammed', 'smashes into']],
];

const ELASTICITY_WORDS: ReadonlyArray<{ words: readonly string[]; restitution: number; label: string }> = [
  { words: ['elastically', 'elastic', 'perfectly elastic', 'perfectly elastically', 'elastic collision', 'elastic collisions'], restitution: 1, label: 'elastic' },
  { words: ['inelastically', 'inelastic', 'perfectly inelastic', 'perfectly inelastically', 'completely inelastic', 'totally inelastic', 'inelastic collision', 'inelastic collisions', 'stick together', 'sticks together'], restitution: 0, label: 'perfectly inelastic' },
];


/** Function words: they carry no field of their own, but they are understood (role 'grammar'). */
const GRAMMAR_WORDS = [
  'a', 'an', 'the', 'and', 'or', 'but', 'then', 'while', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'it', 'its', 'itself', 'they', 'them', 'their', 'themselves', 'each', 'other', 'each other', 'one another',
  'both', 'that', 'which', 'who', 'this', 'these', 'those', 'there', 'here', 'so', 'very', 'just', 'some',
  'to', 'in', 'by', 'together', 'when', 'where', 'gets', 'get', 'got', 'has', 'have', 'had', 'will', 'can',
  'does', 'do', 'let', 'lets', 'again', 'away', 'about', 'around', 'approximately', 'roughly', 'exactly',
  'equal', 'equals', 'of about', 'then', 'after', 'before', 'until', 'same',
  'another', 'all', 'every', 'next', 'front',
  'solid', 'uniform', 'simple', 'ideal', 'without', 'no', 'ignoring', 'neglecting', 'released', 'pulled', 'back', 'hanging',
  'hangs', 'hung', 'attached', 'suspended', 'displaced', 'stretched', 'compressed', 'initially', 'starting', 'starts',
  'angle of', 'amplitude', 'made', 'like', 'style', 'air', 'the air', 'bottom', 'top', 'times', 'once', 'twice', 'edge', 'what', 'happens', 'shows', 'show', 'watch', 'see', 'we', 'you',
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
    const sense: Sense = { type: 'env', env: word.kind, ...(word.material ? { material: word.material } : {}), ...(word.setting ? { setting: word.setting } : {}) };
    for (const phrase of word.phrases) {
      add(phrase, sense);
      add(pluralize(phrase), sense, true);
    }
    for (const phrase of word.plurals ?? []) add(phrase, sense, true);
  }
  for (const [name, words] of Object.entries(MATERIAL_WORDS)) {
    if (!(name in MATERIALS)) continue; // only materials the table defines
    for (const word of words) add(word, { type: 'material', material: name as MaterialName });
  }
  for (const [action, words] of Object.entries(VERBS)) for (const w of words) add(w, { type: 'verb', action: action as Action });
  for (const [relation, words] of Object.entries(RELATIONS)) for (const w of words) add(w, { type: 'relation', relation: relation as Relation });
  for (const [modifier, words] of Object.entries(MODIFIERS)) for (const w of words) add(w, { type: 'modifier', modifier: modifier as Modifier });
  for (const [property, words] of Object.entries(PROPERTIES)) for (const w of words) add(w, { type: 'property', property: property as Property });
  for (const [scenario, words] of Object.entries(SCENARIO_WORDS)) for (const w of words) add(w, { type: 'scenario', scenario: scenario as Scenario });
  for (const { words, g, label } of GRAVITY_WORDS) for (const w of words) add(w, { type: 'gravity', gMps2: g, label });
  for (const { words, restitution, label } of ELASTICITY_WORDS) for (const w of words) add(w, { type: 'elasticity', restitution, label });
  for (const w of ['air resistance', 'air drag', 'drag', 'air friction', 'aerodynamic drag', 'quadratic drag']) add(w, { type: 'drag', enabled: true });
  for (const w of ['vacuum', 'a vacuum', 'no air resistance', 'no drag', 'without air resistance', 'without drag', 'no air']) add(w, { type: 'drag', enabled: false });
  for (const w of ['frictionless', 'without friction', 'no friction', 'friction free', 'friction-free']) add(w, { type: 'frictionless' });
  for (const [arrangement, words] of Object.entries(ARRANGEMENT_WORDS)) for (const w of words) add(w, { type: 'arrangement', arrangement: arrangement as Arrangement });
  for (const [words, sense] of SHOT_WORDS) for (const w of words) add(w, { type: 'shot', ...sense });
  for (const [style, words] of Object.entries(STYLE_WORDS)) for (const w of words) add(w, { type: 'style', style: style as SceneSpec['style'] });
  for (const [liquid, words] of Object.entries(LIQUID_WORDS)) for (const w of words) add(w, { type: 'liquid', liquid: liquid as FluidSpec['liquid'] });
  for (const [action, words] of Object.entries(FLUID_VERBS)) for (const w of words) add(w, { type: 'fluid-verb', action: action as FluidSpec['action'] });
  for (const [factor, words] of MANNER_WORDS) for (const w of words) add(w, { type: 'manner', factor });
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
  /** A noun the catalog lacks, read through WordNet (hypernyms.ts). */
  fallback?: Fallback;
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
    const emoji = EMOJI[token.text];
    if (emoji) {
      push(i, i + 1, { type: 'object', entry: emoji });
      i++;
      continue;
    }
    const fallback = token.kind === 'word' ? lookupFallback(tokens, i, phrase?.words ?? 0) : null;
    if (fallback) {
      push(i, fallback.next, { type: 'object', entry: fallbackEntry(fallback.fallback) }, fallback.fallback.plural);
      lexemes[lexemes.length - 1]!.fallback = fallback.fallback;
      i = fallback.next;
      continue;
    }
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
  // "a curling stone … another stone": a bare head noun that ends an earlier multi-word object names the same kind.
  for (let k = 0; k < lexemes.length; k++) {
    const l = lexemes[k]!;
    if (l.sense.type !== 'object' || l.lower.includes(' ')) continue;
    const head = l.plural ? l.lower.replace(/e?s$/, '') : l.lower;
    const earlier = lexemes.slice(0, k).reverse().find((e) => e.sense.type === 'object' && e.lower.includes(' ') && e.lower.endsWith(` ${head}`));
    if (earlier && earlier.sense.type === 'object') l.sense = { type: 'object', entry: earlier.sense.entry };
  }
  // "a steel ball sinks": right after a noun, "sink(s)" is the verb (a body going under in a liquid),
  // not a kitchen sink ("a sink", "two sinks" stay sinks).
  for (let k = 1; k < lexemes.length; k++) {
    const lexeme = lexemes[k]!, before = lexemes[k - 1]!;
    if (lexeme.sense.type === 'object' && lexeme.sense.entry.kind === 'sink' && before.sense.type === 'object') lexeme.sense = { type: 'fluid-verb', action: 'rest' };
  }
  // "a marble floor", "a brick wall…": a catalog noun right before a surface names its material.
  for (let k = 0; k + 1 < lexemes.length; k++) {
    const lexeme = lexemes[k]!;
    const after = lexemes[k + 1]!;
    const before = lexemes[k - 1];
    const determined = before !== undefined && (ARTICLES.has(before.lower) || before.sense.type === 'number' || before.sense.type === 'material');
    if (lexeme.sense.type === 'object' && lexeme.lower === 'can' && !determined && (after.sense.type === 'verb' || after.sense.type === 'grammar')) {
      lexeme.sense = { type: 'grammar' }; // "it can roll": the modal verb, not a tin can
      continue;
    }
    if (lexeme.sense.type === 'object' && (after.sense.type === 'env' || after.sense.type === 'object') && !lexeme.plural) {
      const material = OBJECT_AS_MATERIAL[lexeme.sense.entry.kind];
      if (material) lexeme.sense = { type: 'material', material };
    }
  }
  // "a ball in a bowl": "in" before a noun phrase naming an object is the spatial "inside".
  for (let k = 0; k < lexemes.length; k++) {
    if (lexemes[k]!.lower !== 'in' || lexemes[k]!.sense.type !== 'grammar') continue;
    let j = k + 1;
    while (j < lexemes.length && (ARTICLES.has(lexemes[j]!.lower) || lexemes[j]!.sense.type === 'material' || lexemes[j]!.sense.type === 'number')) j++;
    if (lexemes[j]?.sense.type === 'object') lexemes[k]!.sense = { type: 'relation', relation: 'inside' };
  }
  return lexemes;
}

/** Emoji that name a catalog object ("🏀 drops from 2 m"). */
const EMOJI: Record<string, CatalogEntry> = Object.fromEntries(([
  ['🏀', 'basketball'], ['⚽', 'soccer-ball'], ['🎾', 'tennis-ball'], ['🎳', 'bowling-ball'], ['🏐', 'volleyball'], ['🏈', 'american-football'],
  ['⚾', 'baseball'], ['🍎', 'apple'], ['🍏', 'apple'], ['🍊', 'orange'], ['🍋', 'lemon'], ['🍉', 'watermelon'], ['🍈', 'melon'], ['🥚', 'egg'],
  ['🎲', 'die'], ['🧊', 'ice-cube'], ['🪨', 'rock'], ['📦', 'cardboard-box'], ['📚', 'book'], ['📕', 'book'], ['☕', 'mug'], ['🥛', 'glass'],
  ['🍷', 'wine-glass'], ['🪣', 'bucket'], ['🎈', 'balloon'], ['🚗', 'car'], ['🐕', 'dog'], ['🐈', 'cat'], ['🦆', 'duck'], ['🧱', 'brick'],
] as const).flatMap(([emoji, kind]) => {
  const entry = catalogEntry(kind);
  return entry ? [[emoji, entry] as const] : [];
}));

/** Catalog entries made for WordNet fallbacks, one per lemma: the stand-in's shape under the prompt's word. */
const FALLBACK_ENTRIES = new Map<string, CatalogEntry>();

function fallbackEntry(fallback: Fallback): CatalogEntry {
  let entry = FALLBACK_ENTRIES.get(fallback.lemma);
  if (!entry) {
    const proxy = catalogEntry(fallback.kind)!;
    entry = { ...proxy, name: fallback.lemma, phrases: [fallback.lemma], generic: false };
    delete (entry as { plurals?: readonly string[] }).plurals;
    FALLBACK_ENTRIES.set(fallback.lemma, entry);
  }
  return entry;
}

/**
 * A WordNet fallback at tokens[i] (one to three words) when the lexicon has nothing there, or only
 * a shorter phrase that is not itself an object ("golden retriever", not "golden" + "retriever").
 */
function lookupFallback(tokens: readonly Token[], i: number, lexiconWords: number): { fallback: Fallback; next: number } | null {
  const words: string[] = [];
  for (let j = i; j < tokens.length && words.length < 3 && tokens[j]!.kind === 'word'; j++) words.push(tokens[j]!.lower);
  for (let n = words.length; n >= 1 && n > lexiconWords; n--) {
    if (n === 1 && lexiconWords > 0) break;
    // "rubber ball", "lemon drops": a compound only when its later words mean nothing else to the parser.
    if (n > 1 && words.slice(1, n).some((w) => LEXICON.has(w) || LEXICON.has(w.replace(/s$/, '')))) continue;
    if (n === 1 && !/^[a-z][a-z'-]*[a-z]$/.test(words[0]!)) return null;
    const fallback = wordnetFallback(words.slice(0, n).join(' '));
    if (fallback && catalogEntry(fallback.kind)) return { fallback, next: i + n };
  }
  return null;
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
  support: 'floor' | EnvironmentKind | BodyDraft;
  /** Height of the surface below it, for the drop time. */
  surfaceY: number;
  index: number;
  /** The body's id, once known. */
  id?: string;
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
  /** "a row of 12 dominoes", "a stack of 5 books", "a pyramid of 10 cans". */
  arrangement?: Arrangement;
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
  /** The clause places things relative to each other ("next to", "under"…): at rest unless a verb says otherwise. */
  spatial?: boolean;
}

type ExtraKind = Exclude<EnvironmentKind, 'floor' | 'table' | 'ramp'>;

interface SceneState {
  clauses: Clause[];
  /** Environment items beyond the table and ramp, by kind. */
  extras: Partial<Record<ExtraKind, { material?: MaterialName; count?: number }>>;
  setting?: Setting;
  /** A friction stated for the surface under the bodies ("with friction 0.2" on an incline). */
  surfaceFriction?: { value: number; surface: EnvironmentKind };
  groundFriction?: number;
  /** Joints a scenario needs, built once the bodies have ids. */
  pendingJoints?: () => JointSpec[];
  /** Set by a scenario (pendulum, cradle, spring): a few periods. */
  scenarioDurationS?: number;
  /** `given`: the prompt named the floor's material. */
  ground?: { material: MaterialName; given: boolean };
  table?: { material?: MaterialName };
  ramp?: { angleDeg?: number; slopeLengthM?: number; material?: MaterialName; friction?: number };
  durationS?: number;
  assumptions: string[];
  /** Spatial relations for the layout solver, in prompt order. */
  spatial: Spatial[];
}

/** "the ball (subject) next to (relation) the box (anchor)". */
interface Spatial {
  subject: Group;
  relation: SpatialRelation | 'on' | 'above' | 'into';
  anchor: Group | EnvironmentKind;
  /** The second thing of "between A and B". */
  anchor2?: Group;
  lexeme: Lexeme;
  /** The words, for assumptions ("under the table"). */
  phrase: string;
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
  let arrangement: Lexeme | undefined;
  for (const lexeme of lexemes) {
    const s = lexeme.sense;
    if (s.type === 'number' || s.type === 'quantity' || s.type === 'material' || (s.type === 'modifier' && (s.modifier === 'long' || s.modifier === 'wide'))) {
      pending.push(lexeme);
    } else if (s.type === 'grammar' && ARTICLES.has(lexeme.lower)) {
      // an article inside a noun phrase: keep collecting
    } else if (s.type === 'object') {
      const group = makeGroup(state, lexeme, s.entry, pending);
      if (arrangement && arrangement.sense.type === 'arrangement') {
        group.arrangement = arrangement.sense.arrangement;
        use(arrangement, 'modifier', () => groupsField([group], '.positionM'));
      }
      clause.groups.push(group);
      pending = [];
      arrangement = undefined;
    } else if (s.type === 'env') {
      applyEnvironment(state, clause, lexeme, s, pending);
      pending = [];
    } else if (s.type === 'arrangement') {
      arrangement = lexeme;
      pending = pending.filter((p) => p.sense.type === 'number'); // "12 dominoes in a row", "a row of 12"
    } else if (s.type === 'relation' && s.relation === 'of' && arrangement) {
      // "a row of …": keep collecting the noun phrase
    } else {
      pending = [];
    }
  }
  // "5 books stacked", "dominoes lined up": an arrangement after its noun.
  for (const lexeme of lexemes) {
    if (lexeme.sense.type !== 'arrangement' || isUsed(lexeme)) continue;
    const group = [...clause.groups].reverse().find((g) => g.noun.index < lexeme.index && !g.arrangement) ?? clause.groups.find((g) => !g.arrangement);
    if (!group) continue;
    group.arrangement = lexeme.sense.arrangement;
    use(lexeme, 'modifier', () => groupsField([group], '.positionM'));
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
  collectSpatial(state, clause);

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
  use(noun, 'object', () => {
    const field = groupsField([group], '.kind');
    const f = noun.fallback;
    return field && f ? `${field} (WordNet fallback: ${[f.lemma, ...f.chain].join(' → ')})` : field;
  });
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
  if (sense.setting && !state.setting) state.setting = sense.setting;
  if (sense.env !== 'floor' && sense.env !== 'table' && sense.env !== 'ramp') {
    const extra = (state.extras[sense.env] ??= {});
    if (sense.material) extra.material = sense.material;
    use(noun, 'surface', () => `environment.items[${sense.env}]`);
    for (const p of prefix) {
      if (p.sense.type === 'material') {
        extra.material = p.sense.material;
        use(p, 'material', () => `environment.items[${sense.env}].material`);
      } else if (p.sense.type === 'number' && sense.env === 'stairs' && !p.sense.vague) {
        extra.count = Math.max(1, Math.min(40, Math.round(p.sense.value)));
        use(p, 'count', () => 'environment.items[stairs].stepCount');
      }
    }
    return;
  }
  if (sense.env === 'floor') {
    if (sense.material) state.ground = { material: sense.material, given: true };
    state.ground ??= { material: 'wood', given: false };
    use(noun, 'surface', () => (sense.material ? 'environment.ground.material' : sense.setting ? 'environment.setting' : 'environment.ground'));
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
      if (relation === 'into' && (group.shape.type === 'cup' || group.shape.type === 'open-box') && clause.groups.indexOf(group) > 0
        && !clause.actions.includes('collide') && !clause.actions.includes('hit')) {
        group.role = 'support';
        clause.surface ??= group;
        use(relationLexeme, 'relation', () => groupsField([group], '.positionM'));
      } else if (relation === 'into') {
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
    if (property === 'friction') {
      const surface = surfaceOf(clause);
      const surfaceKind = typeof surface === 'object' ? 'floor' : surface;
      state.surfaceFriction = { value: group[property]!, surface: surfaceKind };
      if (surfaceKind === 'ramp') state.ramp!.friction = group[property];
      state.assumptions.push(`friction ${formatNumber(group[property]!)} on the ${displayName(group)} and on the ${surfaceKind === 'floor' ? 'floor' : surfaceKind} (a pair takes the smaller of its two frictions)`);
    }
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
  hoop?: Extract<EnvironmentItem, { kind: 'hoop' }>;
  wall?: Extract<EnvironmentItem, { kind: 'wall' }>;
  /** Surfaces things can start on, by kind (table, shelf, counter, billiard table, tank floor, top stair). */
  platforms: Partial<Record<EnvironmentKind, Platform>>;
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

function place(state: SceneState, random: Random): { drafts: BodyDraft[]; items: EnvironmentItem[]; built: Built } {
  const built: Built = { platforms: {} };
  const items: EnvironmentItem[] = [];
  const note = (line: string) => state.assumptions.push(line);

  // Environment items first: everything else is placed relative to them.
  if (state.table) {
    const d = ENVIRONMENT_DEFAULTS.table;
    built.table = { kind: 'table', id: 'table', name: 'table', material: state.table.material ?? d.material, positionM: [0, 0, 0], yawDeg: 0, sizeM: [...d.sizeM] };
    note(`table: ${d.sizeM[0]} × ${d.sizeM[2]} m top, ${d.sizeM[1]} m high, at the centre`);
    if (!state.table.material) note(`no table material given: ${d.material}`);
    items.push(built.table);
    const t = built.table;
    built.platforms.table = { topY: t.sizeM[1], x0: -t.sizeM[0] / 2, x1: t.sizeM[0] / 2, z0: -t.sizeM[2] / 2, z1: t.sizeM[2] / 2, support: 'table', label: 'the table' };
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
    if (state.ramp.friction !== undefined) built.ramp.friction = state.ramp.friction;
    items.push(built.ramp);
  }
  placeExtraItems(state, built, items);

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
  return { drafts, items, built };
}

/** Adds an item beside (along −z of) everything already there, or at the centre when it is the first. */
function addItem(items: EnvironmentItem[], item: EnvironmentItem): void {
  if (items.length) {
    const minZ = Math.min(...items.map((i) => itemFootprint(i)[2]));
    const [, , , z1] = itemFootprint(item);
    item.positionM = [item.positionM[0], item.positionM[1], item.positionM[2] + minZ - 0.5 - z1];
  }
  items.push(item);
}

function placeExtraItems(state: SceneState, built: Built, items: EnvironmentItem[]): void {
  const note = (line: string) => state.assumptions.push(line);
  const D = ENVIRONMENT_DEFAULTS;
  const x = state.extras;
  const mat = (kind: ExtraKind, fallback: MaterialName) => x[kind]?.material ?? fallback;
  const zOf = (item: EnvironmentItem) => item.positionM[2];
  if (x['billiard-table']) {
    const [w, h, dz] = D.billiardTable.sizeM;
    const item: EnvironmentItem = { kind: 'billiard-table', id: 'billiard-table', name: 'billiard table', material: mat('billiard-table', 'felt'), positionM: [0, 0, 0], yawDeg: 0, sizeM: [w, h, dz] };
    addItem(items, item);
    built.platforms['billiard-table'] = { topY: h, x0: -w / 2, x1: w / 2, z0: zOf(item) - dz / 2, z1: zOf(item) + dz / 2, support: 'billiard-table', label: 'the billiard table' };
    note(`billiard table: a 9-ft table, ${w} × ${dz} m bed, ${h} m high`);
  }
  if (x.counter) {
    const [w, h, dz] = D.counter.sizeM;
    const item: EnvironmentItem = { kind: 'box', id: 'counter', name: 'kitchen counter', material: mat('counter', D.counter.material), positionM: [0, 0, 0], yawDeg: 0, sizeM: [w, h, dz], elevationM: 0 };
    addItem(items, item);
    built.platforms.counter = { topY: h, x0: -w / 2, x1: w / 2, z0: zOf(item) - dz / 2, z1: zOf(item) + dz / 2, support: 'counter', label: 'the counter' };
    note(`kitchen counter: ${w} × ${dz} m top, ${h} m high`);
  }
  if (x.shelf) {
    const [w, t, dz] = D.shelf.sizeM;
    const item: EnvironmentItem = { kind: 'box', id: 'shelf', name: 'shelf', material: mat('shelf', D.shelf.material), positionM: [0, 0, 0], yawDeg: 0, sizeM: [w, t, dz], elevationM: D.shelf.elevationM };
    addItem(items, item);
    built.platforms.shelf = { topY: D.shelf.elevationM + t, x0: -w / 2, x1: w / 2, z0: zOf(item) - dz / 2, z1: zOf(item) + dz / 2, support: 'shelf', label: 'the shelf' };
    note(`shelf: ${w} × ${dz} m, ${D.shelf.elevationM} m above the floor`);
  }
  if (x.tank) {
    const [w, h, dz] = D.tank.sizeM, wall = D.tank.wallM;
    const item: EnvironmentItem = { kind: 'tank', id: 'tank', name: 'tank', material: mat('tank', D.tank.material), positionM: [0, 0, 0], yawDeg: 0, sizeM: [w, h, dz], wallM: wall };
    addItem(items, item);
    built.platforms.tank = { topY: wall, x0: -w / 2 + wall, x1: w / 2 - wall, z0: zOf(item) - dz / 2 + wall, z1: zOf(item) + dz / 2 - wall, support: 'tank', label: 'the tank' };
    note(`tank: ${w} × ${dz} m, ${h} m deep, open at the top`);
  }
  if (x.stairs) {
    const s = D.stairs;
    const n = x.stairs.count ?? s.stepCount;
    const item: EnvironmentItem = { kind: 'stairs', id: 'stairs', name: 'stairs', material: mat('stairs', s.material), positionM: [0, 0, 0], yawDeg: 0, stepCount: n, stepRiseM: s.stepRiseM, stepRunM: s.stepRunM, widthM: s.widthM };
    addItem(items, item);
    built.platforms.stairs = { topY: n * s.stepRiseM, x0: -n * s.stepRunM, x1: -(n - 1) * s.stepRunM, z0: zOf(item) - s.widthM / 2, z1: zOf(item) + s.widthM / 2, support: 'stairs', label: 'the top step' };
    note(`stairs: ${n} steps, ${s.stepRiseM} m rise, ${s.stepRunM} m going, descending towards +x`);
  }
  if (x.hoop) {
    const h = D.hoop;
    built.hoop = { kind: 'hoop', id: 'hoop', name: 'basketball hoop', material: mat('hoop', h.material), positionM: [0, 0, 0], yawDeg: 0, rimHeightM: h.rimHeightM, rimRadiusM: h.rimRadiusM };
    addItem(items, built.hoop);
    note(`basketball hoop: rim ${h.rimHeightM} m high (FIBA), backboard facing +x`);
  }
  if (x.wall) {
    const w = D.wall;
    built.wall = { kind: 'wall', id: 'wall', name: 'wall', material: mat('wall', w.material), positionM: [w.distanceM + w.sizeM[0] / 2, 0, 0], yawDeg: 0, sizeM: [...w.sizeM] };
    items.push(built.wall);
    note(`wall: ${w.sizeM[1]} m high, ${w.sizeM[2]} m wide, ${w.distanceM} m along +x`);
  }
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
  for (const kind of ['table', 'billiard-table', 'counter', 'shelf', 'tank', 'stairs'] as const) if (clause.envs.includes(kind)) return kind;
  return 'floor';
}

type Mode = 'throw' | 'collide' | 'move' | 'drop' | 'rest';

function modeOf(clause: Clause): Mode | null {
  const a = clause.actions;
  if (a.includes('throw') || a.includes('shoot')) return 'throw';
  if (a.includes('collide') || a.includes('hit')) return 'collide';
  if (a.includes('roll') || a.includes('slide') || a.includes('move')) return 'move';
  if (a.includes('drop') || a.includes('bounce')) return 'drop';
  if (a.includes('rest') || a.includes('topple') || a.includes('spin') || a.includes('swing')) return 'rest';
  if (clause.groups.some((g) => g.arrangement)) return 'rest';
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
    else if (clause.spatial || clause.surface !== undefined || surface !== 'floor') mode = 'rest';
    // "honey drips onto a plate", "water pours into a bucket": what a liquid goes onto stands still.
    else if (clause.lexemes.some((l) => l.sense.type === 'fluid-verb' && ['pour', 'fill', 'drip'].includes(l.sense.action))) mode = 'rest';
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
    const sh = top.shape;
    if (sh.type === 'cup' || sh.type === 'open-box') {
      // A container: things fall in through its opening, from above its rim.
      const inner = sh.type === 'cup' ? [sh.radiusM - sh.wallM, sh.radiusM - sh.wallM] : [sh.sizeM[0] / 2 - sh.wallM, sh.sizeM[2] / 2 - sh.wallM];
      platform = { topY: top.positionM[1] + hy, x0: top.positionM[0] - inner[0]!, x1: top.positionM[0] + inner[0]!, z0: -inner[1]!, z1: inner[1]!, support: top, label: `the ${top.group.entry.name}'s rim` };
    } else platform = { topY: top.positionM[1] + hy, x0: top.positionM[0] - hx, x1: top.positionM[0] + hx, z0: -hz, z1: hz, support: top, label: `the ${top.group.entry.name}` };
  } else if (built.platforms[surface]) {
    platform = built.platforms[surface]!;
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
        const support = platform.support;
        const container = typeof support === 'object' && (support.shape.type === 'cup' || support.shape.type === 'open-box');
        const fallback = container ? DEFAULT_DROP_INTO_CONTAINER_M : DEFAULT_DROP_HEIGHT_M;
        height = clause.heightM ?? fallback;
        if (clause.heightM === undefined) note(`no height given: ${formatNumber(fallback)} m above ${platform.label}`);
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
      // A launch at a stated angle starts at ground level (the textbook projectile); a throw, at hand height.
      const fromGround = clause.launchAngleDeg !== undefined && clause.heightM === undefined;
      const height = clause.heightM ?? (fromGround ? 0 : DEFAULT_DROP_HEIGHT_M);
      if (fromGround) note(`no height given: launched from ${platform.label === 'the floor' ? 'ground level' : platform.label}, resting on it`);
      else if (clause.heightM === undefined) note(`no height given: thrown from ${formatNumber(height)} m above ${platform.label}`);
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

function durationFor(state: SceneState, drafts: readonly BodyDraft[], ramp: Extract<EnvironmentItem, { kind: 'ramp' }> | undefined, gravity: number): number {
  const G = Math.max(gravity, 0.5); // zero gravity: nothing lands; a few seconds suffice
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
  const liquidScale = options.liquidParticleScale ?? 1;
  if (!Number.isFinite(liquidScale) || liquidScale < 1 || liquidScale > 64) {
    throw new PromptError(`The liquid particle scale ${String(liquidScale)} is not usable: give a number from 1 to 64.`);
  }

  const tokens = tokenize(text);
  const lexemes = lex(text, tokens);
  if (!lexemes.some((l) => l.sense.type === 'object') && !findScenario(lexemes)) {
    throw new PromptError(noObjectMessage(text, lexemes));
  }
  const state: SceneState = { clauses: splitClauses(lexemes), assumptions: [], extras: {}, spatial: [] };
  noteInputOddities(state, text, lexemes);
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
  const scenario = findScenario(lexemes);
  const world = worldModifiers(state, lexemes);
  let items: EnvironmentItem[];
  let joints: JointSpec[] = [];
  if (scenario) {
    const placed = placeScenario(state, lexemes, scenario, allGroups, world.g);
    items = placed.items;
    joints = placed.joints;
    allGroups.push(...placed.extraGroups);
  } else {
    const placed = place(state, random);
    items = placed.items;
    aimAtHoop(state, placed.built, allGroups, world.g);
  }
  if (!scenario) {
    arrangeAndAnimate(state, allGroups, world.g);
    solveLayout(state, items);
  }
  const groundSizeM = applyWorldModifiers(state, lexemes, world, allGroups, items);

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
    d.id = `${name.replace(/[^a-z0-9]+/g, '-')}-${n}`;
    return {
      id: d.id,
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

  if (state.pendingJoints) joints = state.pendingJoints();
  const ramp = items.find((i): i is Extract<EnvironmentItem, { kind: 'ramp' }> => i.kind === 'ramp');
  const durationS = state.durationS ?? state.scenarioDurationS ?? durationFor(state, ordered, ramp, world.g);

  const { shots, style } = readShots(state, lexemes, durationS);
  const fluids = readFluids(state, lexemes, bodies, ordered.map((d) => d.group.noun.index), items, durationS, world.g, liquidScale);
  const itemIndex = (id: string) => items.findIndex((i) => i.id === id);
  const spans: Interpretation['spans'] = [];
  const unknown: string[] = [];
  for (const l of lexemes) {
    if (l.role !== undefined) {
      let field = l.field?.();
      if (field) field = field.replace(/items\[([a-z-]+)\]/, (_, id: string) => `items[${itemIndex(id)}]`);
      spans.push(field ? { start: l.start, end: l.end, text: l.text, role: l.role, field } : { start: l.start, end: l.end, text: l.text, role: l.role });
    } else if (l.sense.type === 'modifier' || l.sense.type === 'arrangement' || l.sense.type === 'manner' || l.sense.type === 'shot') {
      spans.push({ start: l.start, end: l.end, text: l.text, role: 'modifier' }); // understood, but nothing in this scene for it to change
    } else if (l.sense.type === 'grammar' || l.sense.type === 'relation' || l.sense.type === 'punct') {
      spans.push({ start: l.start, end: l.end, text: l.text, role: 'grammar' });
    } else {
      unknown.push(l.text);
    }
  }

  const spec = {
    version: SCENE_SPEC_VERSION,
    shots,
    style,
    fluids,
    seed,
    gravity: [0, world.g === 0 ? 0 : -world.g, 0],
    durationS,
    bodies,
    joints,
    airDrag: { enabled: world.drag, airDensityKgM3: 1.225 },
    environment: {
      setting: state.setting ?? 'room',
      ground: {
        id: 'floor', name: 'floor', material: state.ground.material, sizeM: groundSizeM,
        ...(state.groundFriction !== undefined ? { friction: state.groundFriction } : {}),
      },
      items,
    },
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

// ---------------------------------------------------------------------------------------------
// Scenarios (pendulum, Newton's cradle, spring) and whole-scene modifiers (gravity, drag,
// elastic/inelastic collisions, frictionless, the hoop shot)

type ScenarioLexeme = Lexeme & { sense: Extract<Sense, { type: 'scenario' }> };

function findScenario(lexemes: readonly Lexeme[]): { lexeme: Lexeme; scenario: Scenario } | undefined {
  const named = lexemes.find((l): l is ScenarioLexeme => l.sense.type === 'scenario');
  if (named) return { lexeme: named, scenario: named.sense.scenario };
  const stiffness = lexemes.find((l) => l.sense.type === 'quantity' && l.sense.quantity.dimension === 'stiffness')
    ?? lexemes.find((l) => l.sense.type === 'property' && l.sense.property === 'stiffness');
  return stiffness ? { lexeme: stiffness, scenario: 'spring' } : undefined;
}

/** The first quantity of a dimension anywhere in the prompt (used or not): its value and lexeme. */
function quantityOf(lexemes: readonly Lexeme[], dimension: Quantity['dimension']): { value: number; lexeme: Lexeme } | undefined {
  for (const l of lexemes) if (l.sense.type === 'quantity' && l.sense.quantity.dimension === dimension) return { value: l.sense.quantity.value, lexeme: l };
  return undefined;
}

/** A bare number right after a property word ("k = 100", "spring constant 50"). */
function numberAfterProperty(lexemes: readonly Lexeme[], property: Property): { value: number; lexeme: Lexeme; property: Lexeme } | undefined {
  for (let k = 0; k < lexemes.length; k++) {
    const l = lexemes[k]!;
    if (l.sense.type !== 'property' || l.sense.property !== property) continue;
    for (let j = k + 1; j < lexemes.length && j <= k + 3; j++) {
      const v = lexemes[j]!;
      if (v.sense.type === 'number' && !v.sense.vague) return { value: v.sense.value, lexeme: v, property: l };
      if (v.sense.type === 'quantity') return { value: v.sense.quantity.value, lexeme: v, property: l };
      if (!(v.sense.type === 'punct' || v.sense.type === 'grammar' || (v.sense.type === 'relation' && v.sense.relation === 'of'))) break;
    }
  }
  return undefined;
}

/** Marks the property word just before a used value ("length 1 m", "k = 100 N/m"). */
function markPropertyBefore(lexemes: readonly Lexeme[], value: Lexeme, field: () => string | undefined): void {
  for (let j = value.index - 1; j >= 0 && j >= value.index - 3; j--) {
    const l = lexemes[j]!;
    if (l.sense.type === 'property') { use(l, 'modifier', field); return; }
    if (!(l.sense.type === 'punct' || l.sense.type === 'grammar' || l.sense.type === 'relation')) return;
  }
}

function syntheticGroup(state: SceneState, kind: string, noun: Lexeme, count: number): Group {
  const entry = CATALOG.find((e) => e.kind === kind)!;
  const group: Group = { entry, noun, count, material: entry.material, role: 'subject', shape: entry.shape, bodies: [] };
  resolveGroup(state, group);
  return group;
}

function placeScenario(
  state: SceneState, lexemes: readonly Lexeme[], found: { lexeme: Lexeme; scenario: Scenario }, groups: readonly Group[], g: number,
): { items: EnvironmentItem[]; joints: JointSpec[]; extraGroups: Group[] } {
  const note = (line: string) => state.assumptions.push(line);
  const { lexeme, scenario } = found;
  const extraGroups: Group[] = [];
  let joints: JointSpec[] = [];
  const gAbs = Math.max(Math.abs(g), 1e-9);
  const markVerbs = (group: Group, suffix: string) => {
    for (const l of lexemes) if (l.sense.type === 'verb' && !isUsed(l)) use(l, 'action', () => groupsField([group], suffix));
  };
  const hangingBodies = (group: Group, placedBodies: ReadonlyArray<{ positionM: Vec3 }>) => {
    group.bodies.length = 0;
    for (const b of placedBodies) {
      const d = newDraft(group, group.shape, 'floor', 0);
      d.positionM = [...b.positionM];
      group.bodies.push(d);
    }
  };
  const idsLater = (group: Group) => group.bodies;

  let main: Group | undefined;
  if (scenario === 'pendulum') {
    const length = quantityOf(lexemes, 'length');
    const lengthM = clampNote(state, length?.value ?? 1, 0.05, 50, 'the pendulum length', 'm');
    if (length) {
      use(length.lexeme, 'number', () => 'joints[0].anchorM');
      markPropertyBefore(lexemes, length.lexeme, () => 'joints[0].anchorM');
    } else note('no pendulum length given: 1 m from pivot to the centre of the bob');
    const angle = quantityOf(lexemes, 'angle');
    const amplitudeDeg = clampNote(state, angle?.value ?? 10, 0.1, 170, 'the release angle', '°');
    if (angle) use(angle.lexeme, 'number', () => groupsField([main!], '.positionM'));
    else note('no release angle given: 10° from the vertical');
    const before = lexemes[lexeme.index - 1];
    const count = before?.sense.type === 'number' && !before.sense.vague ? Math.max(1, Math.min(10, Math.round(before.sense.value))) : lexeme.plural || /s$/.test(lexeme.lower) ? 2 : 1;
    if (before?.sense.type === 'number') use(before, 'count', () => groupsField([main!], ''));
    main = groups.find((gr) => gr.role === 'subject') ?? groups[0];
    if (main) main.count = count;
    else { main = syntheticGroup(state, 'pendulum-bob', lexeme, count); extraGroups.push(main); note('no bob named: a 5 cm steel ball'); }
    const radius = restingHalfHeightM(main.shape);
    const placed = pendulums(count, lengthM, amplitudeDeg, radius, Math.max(0.3, 4 * radius));
    hangingBodies(main, placed.bobs);
    const gr = main;
    state.pendingJoints = () => pendulumJoints(idsLater(gr).map((d) => d.id!), placed.pivotsM);
    use(lexeme, 'object', () => 'joints');
    const periodS = 2 * Math.PI * Math.sqrt(lengthM / gAbs);
    state.scenarioDurationS = Math.min(60, Math.max(4, Math.ceil(3 * periodS)));
    note(`a rigid, massless rod: a spherical joint at the pivot, ${formatNumber(placed.pivotsM[0]![1])} m up; released from rest ${formatNumber(amplitudeDeg)}° out towards +x`);
    note(`small-angle period 2π√(L/g) = ${formatNumber(periodS)} s; ${state.scenarioDurationS} s shown`);
    markVerbs(main, '.positionM');
  } else if (scenario === 'cradle') {
    main = groups.find((gr) => gr.role === 'subject' && gr.entry.shape.type === 'sphere');
    let count = main?.count ?? 5;
    if (!main) {
      main = syntheticGroup(state, 'ball-bearing', lexeme, 5);
      extraGroups.push(main);
      note("no balls counted: a classic 5-ball Newton's cradle");
    }
    count = Math.max(2, Math.min(20, count));
    main.count = count;
    if (main.entry.generic && !main.materialWord) {
      const bearing = CATALOG.find((e) => e.kind === 'ball-bearing')!;
      main.entry = bearing; main.material = bearing.material; main.shape = bearing.shape; delete main.bodyMassKg;
      resolveGroup(state, main);
      note('cradle balls: 25 mm polished steel balls');
    }
    const length = quantityOf(lexemes, 'length');
    const lengthM = clampNote(state, length?.value ?? 0.2, 0.05, 10, 'the string length', 'm');
    if (length) use(length.lexeme, 'number', () => 'joints');
    else note('no string length given: 0.2 m');
    const angle = quantityOf(lexemes, 'angle');
    const amplitudeDeg = clampNote(state, angle?.value ?? 30, 1, 90, 'the pull-back angle', '°');
    if (!angle) note('the first ball pulled back 30° and released');
    const radius = restingHalfHeightM(main.shape);
    const placed = newtonsCradle(count, radius, lengthM, amplitudeDeg);
    hangingBodies(main, placed.balls);
    if (angle) use(angle.lexeme, 'number', () => groupsField([gr0(main)], '.positionM'));
    if (main.restitution === undefined) { main.restitution = 1; note('cradle balls perfectly elastic (restitution 1), each hanging from its own pivot by a spherical joint'); }
    const gr = main;
    state.pendingJoints = () => pendulumJoints(idsLater(gr).map((d) => d.id!), placed.pivotsM);
    use(lexeme, 'object', () => 'joints');
    state.scenarioDurationS = 6;
    markVerbs(main, '.positionM');
  } else {
    const k = quantityOf(lexemes, 'stiffness') ?? numberAfterProperty(lexemes, 'stiffness');
    const stiffness = clampNote(state, k?.value ?? 100, 0.01, 1e7, 'the spring constant', 'N/m');
    if (k) {
      use(k.lexeme, 'number', () => 'joints[0].stiffnessNpm');
      markPropertyBefore(lexemes, k.lexeme, () => 'joints[0].stiffnessNpm');
      if (k.lexeme.sense.type === 'number') note(`spring constant ${formatNumber(stiffness)} has no unit: read as N/m`);
    } else note('no spring constant given: 100 N/m');
    main = groups.find((gr) => gr.role === 'subject');
    const massQ = quantityOf(lexemes, 'mass');
    const massKg = clampNote(state, main?.massKg ?? massQ?.value ?? 1, 0.001, 1e4, 'the mass', 'kg');
    if (!main) {
      const massWord = lexemes.find((l) => l.sense.type === 'property' && l.sense.property === 'mass') ?? lexeme;
      main = syntheticGroup(state, 'hanging-mass', massWord, 1);
      main.massKg = massKg;
      main.shape = massCylinder(massKg, MATERIALS.steel.densityKgM3);
      main.bodyMassKg = massKg;
      extraGroups.push(main);
      if (massWord !== lexeme) use(massWord, 'object', () => groupsField([gr0(main)], ''));
      if (massQ) use(massQ.lexeme, 'number', () => groupsField([gr0(main)], '.massKg'));
      else note('no mass given: 1 kg');
    }
    main.count = 1;
    const m = main.bodyMassKg ?? massKg;
    const restLengthM = 0.3;
    const length = quantityOf(lexemes, 'length');
    const displacementM = clampNote(state, length?.value ?? 0.1, 0.001, 10, 'the displacement', 'm');
    if (length) use(length.lexeme, 'number', () => groupsField([gr0(main)], '.positionM[1]'));
    const placed = hangingSpring(m, stiffness, restLengthM, displacementM, restingHalfHeightM(main.shape), g);
    hangingBodies(main, [placed.body]);
    const gr = main;
    state.pendingJoints = () => [{ id: 'spring-1', type: 'spring', a: 'world', b: idsLater(gr)[0]!.id!, anchorAM: placed.anchorM, anchorBM: [...gr.bodies[0]!.positionM], restLengthM, stiffnessNpm: stiffness, dampingNspm: 0 }];
    use(lexeme, lexeme.sense.type === 'scenario' ? 'object' : 'number', () => 'joints[0]');
    const periodS = 2 * Math.PI * Math.sqrt(m / stiffness);
    state.scenarioDurationS = Math.min(60, Math.max(4, Math.ceil(3 * periodS)));
    note(`a vertical spring hanging from a fixed point ${formatNumber(placed.anchorM[1])} m up, rest length ${restLengthM} m, undamped; the mass starts ${formatNumber(displacementM)} m below its equilibrium (static stretch mg/k = ${formatNumber(placed.staticStretchM)} m), at rest`);
    note(`period 2π√(m/k) = ${formatNumber(periodS)} s`);
    markVerbs(main, '.positionM');
  }
  // Anything else the prompt names rests on the floor beside the apparatus.
  const others = groups.filter((gr) => gr !== main && gr.bodies.length === 0);
  if (others.length) {
    const drafts = others.flatMap((gr) => Array.from({ length: gr.count }, () => { const d = newDraft(gr, gr.shape, 'floor', 0); gr.bodies.push(d); return d; }));
    row(drafts, 0, SIDE_GAP_M, 0);
    for (const d of drafts) { d.positionM[1] = restingHalfHeightM(d.shape); d.positionM[2] = 1; }
    note(`${describeGroups(others)} at rest on the floor beside it`);
  }
  joints = [];
  return { items: [], joints, extraGroups };
}

const gr0 = (group: Group | undefined): Group => group!;

interface WorldModifiers { g: number; gravityLexeme?: Lexeme; drag: boolean }

function worldModifiers(state: SceneState, lexemes: readonly Lexeme[]): WorldModifiers {
  const world: WorldModifiers = { g: G, drag: false };
  for (const l of lexemes) {
    const s = l.sense;
    if (s.type === 'gravity' && world.gravityLexeme === undefined) {
      world.g = s.gMps2;
      world.gravityLexeme = l;
      use(l, 'modifier', () => 'gravity');
      state.assumptions.push(s.gMps2 === 0 ? 'zero gravity: 0 m/s²' : `gravity of ${s.label}: ${formatNumber(s.gMps2)} m/s²`);
    } else if (s.type === 'drag') {
      const negated = ['without', 'no', 'ignoring', 'neglecting'].includes(lexemes[l.index - 1]?.lower ?? '');
      world.drag = s.enabled && !negated;
      use(l, 'modifier', () => 'airDrag.enabled');
      if (negated) use(lexemes[l.index - 1]!, 'modifier', () => 'airDrag.enabled');
      state.assumptions.push(world.drag ? 'quadratic air drag on (sea-level air, 1.225 kg/m³)' : 'no air drag');
    }
  }
  return world;
}

function applyWorldModifiers(state: SceneState, lexemes: readonly Lexeme[], world: WorldModifiers, groups: readonly Group[], items: EnvironmentItem[]): number {
  const note = (line: string) => state.assumptions.push(line);
  for (const l of lexemes) {
    const s = l.sense;
    if (s.type === 'elasticity') {
      const clause = state.clauses.find((c) => c.lexemes.includes(l));
      const affected = clause?.groups.length ? clause.groups : groups;
      for (const gr of affected) if (gr.restitution === undefined) gr.restitution = s.restitution;
      use(l, 'modifier', () => groupsField(affected, '.restitution'));
      note(`${s.label} collision: restitution ${s.restitution} on ${describeGroups(affected)}`);
      if (!world.gravityLexeme && affected.some((gr) => gr.bodies.some((d) => Math.abs(d.linearVelocityMps[0]) > 0))) {
        world.g = 0;
        for (const gr of affected) {
          gr.friction = 0;
          for (const d of gr.bodies) d.positionM[1] += 0.5;
        }
        note('to conserve momentum exactly, gravity is off and the bodies float 0.5 m above the floor, frictionless, so nothing but the collision acts on them');
      }
    } else if (s.type === 'frictionless') {
      for (const gr of groups) gr.friction = 0;
      state.groundFriction = 0;
      for (const item of items) item.friction = 0;
      use(l, 'modifier', () => 'environment.ground.friction');
      note('frictionless: friction 0 on every body and surface');
    }
  }
  if (state.surfaceFriction && state.surfaceFriction.surface !== 'ramp') {
    const kind = state.surfaceFriction.surface;
    if (kind === 'floor') state.groundFriction ??= state.surfaceFriction.value;
    else for (const item of items) if (item.id === kind && item.friction === undefined) item.friction = state.surfaceFriction.value;
  }
  // Ground large enough for the longest flight.
  let reach = 0;
  for (const gr of groups) {
    for (const d of gr.bodies) {
      const [vx, vy, vz] = d.linearVelocityMps;
      const bottom = d.positionM[1] - restingHalfHeightM(d.shape);
      const range = projectileRangeM(Math.hypot(vx, vz), vy, bottom, world.g);
      reach = Math.max(reach, Math.hypot(d.positionM[0], d.positionM[2]) + range);
    }
  }
  const sizeM = world.g > 0 ? Math.min(1000, Math.max(40, Math.ceil(2 * (reach * 1.2 + 5)))) : 40;
  if (sizeM > 40) note(`the ground extended to ${sizeM} m square to hold the flight (range ≈ ${formatNumber(reach)} m)`);
  return sizeM;
}

/** The hoop shot: the first ball in a clause about the hoop flies at it, solved ballistically. */
function aimAtHoop(state: SceneState, built: Built, groups: readonly Group[], g: number): void {
  const hoop = built.hoop;
  if (!hoop) return;
  const ball = groups.find((gr) => gr.shape.type === 'sphere' && gr.role === 'subject') ?? groups.find((gr) => gr.shape.type === 'sphere');
  const d = ball?.bodies[0];
  if (!ball || !d) return;
  const words = state.clauses.flatMap((c) => c.lexemes.map((l) => l.lower));
  const scores = words.some((w) => /^(scores?|scored|scoring|sinks?|sank|swish(es)?|dunks?)$/.test(w)) || (words.includes('through') && !words.some((w) => /^miss/.test(w)));
  const kind = scores ? 'score' : 'miss-backboard';
  const shot = hoopShot(hoop.positionM, hoop.rimHeightM, hoop.rimRadiusM, restingHalfHeightM(d.shape), kind, g);
  d.positionM = shot.positionM;
  d.linearVelocityMps = shot.linearVelocityMps;
  d.angularVelocityRadps = [0, 0, 0];
  d.surfaceY = 0;
  // The generic throw's defaults no longer apply.
  for (let i = state.assumptions.length - 1; i >= 0; i--) if (/^no (height|speed|launch angle) given/.test(state.assumptions[i]!)) state.assumptions.splice(i, 1);
  state.assumptions.push(kind === 'score'
    ? `the ${displayName(ball)} is shot from ${formatNumber(shot.positionM[0] - hoop.positionM[0])} m out, released ${formatNumber(shot.positionM[1])} m up, and drops through the rim`
    : `the ${displayName(ball)} is shot from ${formatNumber(shot.positionM[0] - hoop.positionM[0])} m out, released ${formatNumber(shot.positionM[1])} m up, at ${formatNumber(Math.hypot(...shot.linearVelocityMps))} m/s, solved to strike the backboard 0.35 m above and 0.6 m beside the rim, so it misses and rebounds`);
  if (!state.setting) state.setting = 'gym';
}

// ---------------------------------------------------------------------------------------------
// Arrangements (row, stack, pyramid, pile), toppling, spinning, manner words

function arrangeAndAnimate(state: SceneState, groups: readonly Group[], g: number): void {
  const note = (line: string) => state.assumptions.push(line);
  for (const group of groups) {
    const bodies = group.bodies;
    if (!group.arrangement || bodies.length === 0) continue;
    const first = bodies[0]!;
    const [hx, hy] = shapeHalfExtentsM(group.shape);
    const baseY = Math.max(0, first.positionM[1] - hy);
    const x0 = first.positionM[0] - hx;
    const z = first.positionM[2];
    const width = 2 * hx, height = 2 * hy;
    for (const d of bodies) d.rotationDeg = [0, 0, 0];
    switch (group.arrangement) {
      case 'row':
      case 'ring': {
        // Dominoes stand ~half their height apart (the classic spacing); other things 2 cm apart.
        const gap = height > 2.5 * width ? 0.5 * height : 0.02;
        bodies.forEach((d, i) => { d.positionM = [x0 + hx + i * (width + gap), baseY + hy, z]; });
        note(`${describeGroups([group])} in a row along +x, ${formatNumber(gap)} m apart`);
        break;
      }
      case 'stack': {
        bodies.forEach((d, i) => { d.positionM = [x0 + hx, baseY + hy + i * (height + 0.001), z]; });
        note(`${describeGroups([group])} stacked one on another, ${formatNumber(bodies.length * height)} m tall`);
        break;
      }
      case 'pyramid':
      case 'pile': {
        let rows = 1;
        while ((rows * (rows + 1)) / 2 < bodies.length) rows++;
        let i = 0;
        for (let level = 0; level < rows && i < bodies.length; level++) {
          const inRow = rows - level;
          for (let k = 0; k < inRow && i < bodies.length; k++, i++) {
            bodies[i]!.positionM = [x0 + hx + (level * (width + 0.002)) / 2 + k * (width + 0.002), baseY + hy + level * (height + 0.001), z];
          }
        }
        note(`${describeGroups([group])} in a pyramid ${rows} high, ${rows} at the base`);
        break;
      }
    }
  }
  for (const clause of state.clauses) {
    const subjectsHere = clause.groups.filter((g) => g.role === 'subject' || g.arrangement);
    if (clause.actions.includes('topple')) {
      const first = subjectsHere.flatMap((g) => g.bodies)[0];
      const container = first?.shape.type === 'cup' || first?.shape.type === 'open-box';
      if (first && container && first.linearVelocityMps.every((v) => v === 0)) {
        // A container ("a bucket tips over") turns over the edge of its base, fast enough to go over.
        const base = first.shape.type === 'cup' ? (first.shape.bottomRadiusM ?? first.shape.radiusM) : shapeHalfExtentsM(first.shape)[0];
        const tip = tipOverEdge(base, restingHalfHeightM(first.shape), g);
        first.angularVelocityRadps = tip.angularVelocityRadps;
        first.linearVelocityMps = tip.linearVelocityMps;
        note(`the first ${displayName(first.group)} is tipped over the edge of its base towards +x (${formatNumber(tip.spinRadps)} rad/s, enough to carry it over)`);
      } else if (first && first.linearVelocityMps.every((v) => v === 0)) {
        first.angularVelocityRadps = [0, 0, -2];
        note(`the first ${displayName(first.group)} is tipped towards +x (2 rad/s) to start the topple`);
      }
    }
    if (clause.actions.includes('spin')) {
      for (const g of subjectsHere) for (const d of g.bodies) d.angularVelocityRadps = [d.angularVelocityRadps[0], 15, d.angularVelocityRadps[2]];
      note('spinning at 15 rad/s about the vertical');
    }
    for (const l of clause.lexemes) {
      if (l.sense.type !== 'manner' || isUsed(l)) continue;
      const factor = l.sense.factor;
      const movers = clause.groups.filter((g) => g.bodies.some((d) => d.linearVelocityMps.some((v) => v !== 0)));
      use(l, 'modifier', () => groupsField(movers.length ? movers : clause.groups, '.linearVelocityMps'));
      if (clause.speedMps !== undefined || movers.length === 0) continue;
      for (const g of movers) for (const d of g.bodies) {
        d.linearVelocityMps = [d.linearVelocityMps[0] * factor, d.linearVelocityMps[1] * factor, d.linearVelocityMps[2] * factor];
        d.angularVelocityRadps = [d.angularVelocityRadps[0] * factor, d.angularVelocityRadps[1] * factor, d.angularVelocityRadps[2] * factor];
      }
      note(`"${l.text}": speeds ×${factor}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shots, style, fluids (recorded in the spec; the render and fluids issues act on them)

function readShots(state: SceneState, lexemes: readonly Lexeme[], durationS: number): { shots: Array<Partial<ShotSpec> & { id: string }>; style: SceneSpec['style'] } {
  let style: SceneSpec['style'] = 'standard';
  const shots: Array<Partial<ShotSpec> & { id: string }> = [{ id: 'shot-1' }];
  let any = false;
  for (let k = 0; k < lexemes.length; k++) {
    const l = lexemes[k]!;
    const s = l.sense;
    if (s.type === 'style') {
      style = s.style;
      use(l, 'modifier', () => 'style');
      continue;
    }
    if (s.type !== 'shot') continue;
    any = true;
    // "then" right before a camera word starts a new shot, like "cut to".
    const previous = lexemes[k - 1];
    const startsNew = s.cut || (previous?.lower === 'then' && shots[shots.length - 1]!.framing !== undefined);
    if (startsNew && (shots.length > 1 || Object.keys(shots[0]!).length > 1 || s.cut)) {
      shots.push({ id: `shot-${shots.length + 1}` });
      // "cut to 10 seconds later"
      const next = lexemes[k + 1], after = lexemes[k + 2];
      if (next?.sense.type === 'quantity' && next.sense.quantity.dimension === 'time' && after?.lower === 'later') {
        shots[shots.length - 1]!.skipBeforeS = Math.min(600, next.sense.quantity.value);
        use(next, 'number', () => `shots[${shots.length - 1}].skipBeforeS`);
        use(after, 'modifier', () => `shots[${shots.length - 1}].skipBeforeS`);
      }
    }
    const shot = shots[shots.length - 1]!;
    const index = shots.length - 1;
    if (s.framing) shot.framing = s.framing;
    if (s.angle) shot.angle = s.angle;
    if (s.move) shot.move = s.move;
    if (s.rate !== undefined) shot.playbackRate = s.rate;
    use(l, 'modifier', () => `shots[${index}]`);
  }
  if (!any) return { shots: [], style };
  const per = Math.max(0.5, durationS / shots.length);
  for (const shot of shots) shot.durationS = Math.round(per * 1000) / 1000;
  state.assumptions.push(`${shots.length} shot${shots.length > 1 ? 's' : ''}, ${formatNumber(per)} s each`);
  return { shots, style };
}

/** How full "a tank of water" is. */
const TANK_FILL_FRACTION = 0.5;

/** The inside of an upright tank item, filled to `fraction` of its inner height, world space; null for a turned tank. */
function tankLiquidBox(tank: EnvironmentItem, fraction: number): { minM: [number, number, number]; maxM: [number, number, number] } | null {
  if (tank.kind !== 'tank' || tank.yawDeg !== 0) return null;
  const [x, y, z] = tank.positionM, [w, h, d] = tank.sizeM, wall = tank.wallM;
  const floor = y + wall;
  return { minM: [x - w / 2 + wall, floor, z - d / 2 + wall], maxM: [x + w / 2 - wall, floor + fraction * (h - wall), z + d / 2 - wall] };
}

/** A body as readFluids may re-stage it (parsePrompt's output objects). */
interface StagedBody {
  id: string;
  name: string;
  shape: Shape;
  material: MaterialName;
  massKg?: number;
  positionM: Vec3;
  rotationDeg: Vec3;
  linearVelocityMps: Vec3;
  angularVelocityRadps: Vec3;
  fixed?: boolean;
  path?: BodySpec['path'];
}

/** The relation word just before a noun ("from a jug", "into the glass"), articles skipped. */
function relationBefore(lexemes: readonly Lexeme[], index: number): Relation | undefined {
  for (let k = index - 1; k >= 0; k--) {
    const s = lexemes[k]!.sense;
    if (s.type === 'grammar') continue;
    return s.type === 'relation' ? s.relation : undefined;
  }
  return undefined;
}

/** "a glass of whiskey": the liquid lexeme that follows a noun and "of". */
function liquidAfter(lexemes: readonly Lexeme[], index: number): Lexeme | undefined {
  const of = lexemes[index + 1];
  if (of?.sense.type !== 'relation' || of.sense.relation !== 'of') return undefined;
  for (let k = index + 2; k < lexemes.length; k++) {
    const l = lexemes[k]!;
    if (l.sense.type === 'grammar') continue;
    return l.sense.type === 'liquid' ? l : undefined;
  }
  return undefined;
}

const isContainer = (shape: Shape) => shape.type === 'cup' || shape.type === 'open-box';

/**
 * The prompt's liquids, and how each enters the simulation (scene/liquid-scenes.ts stages them):
 * - "a tank of water" (things floating or sinking in it): the tank half full, at rest (`boxM`);
 * - "a dam breaks and the water floods …": a column of water released in a channel that holds what
 *   it floods (a tank item added, those bodies moved into it);
 * - "a glass of whiskey", "a bucket of water": the container half full (`fillFraction`); when it tips
 *   over, the liquid spills over the floor round it;
 * - "… pours from a jug into a glass": the jug, holding the pour, tilted by a hand about its lip
 *   over the glass (a scripted `path`); "… pours into a cup" without a jug: a stream from above, like a tap;
 * - "… drips onto a plate": drops falling onto it.
 * Anything else is recorded, not simulated. `bodies[i]`'s noun is `lexemes[nouns[i]]`.
 */
function readFluids(state: SceneState, lexemes: readonly Lexeme[], bodies: StagedBody[], nouns: readonly number[], items: EnvironmentItem[], durationS: number, gMps2: number, budgetScale: number): FluidSpec[] {
  const fluids: FluidSpec[] = [];
  const note = (line: string) => state.assumptions.push(line);
  const containers = bodies.filter((b) => isContainer(b.shape));
  const tank = items.find((i) => i.kind === 'tank');
  let scaled = false;
  const related = (relations: readonly Relation[], except: readonly StagedBody[] = []) => {
    // The topmost such body (the top of a stack of pancakes).
    let found: StagedBody | undefined;
    bodies.forEach((b, i) => {
      const r = relationBefore(lexemes, nouns[i]!);
      if (r && relations.includes(r) && !except.includes(b) && (!found || b.positionM[1] > found.positionM[1])) found = b;
    });
    return found;
  };
  for (const l of lexemes) {
    const s = l.sense;
    if (s.type !== 'liquid' || fluids.length >= 16) continue;
    const clause = state.clauses.find((c) => c.lexemes.includes(l));
    const verb = clause?.lexemes.find((v) => v.sense.type === 'fluid-verb');
    const action: FluidSpec['action'] = verb?.sense.type === 'fluid-verb' ? verb.sense.action : 'rest';
    const index = fluids.length;
    const holder = bodies.find((b, i) => isContainer(b.shape) && liquidAfter(lexemes, nouns[i]!) === l);
    const source = bodies.find((b, i) => isContainer(b.shape) && b !== holder && relationBefore(lexemes, nouns[i]!) === 'from');
    const target = related(['into', 'onto', 'inside'], [source, holder].filter((b): b is StagedBody => b !== undefined));
    const container = containers[0]?.id ?? tank?.id;
    const fluid: FluidSpec = { id: `fluid-${index + 1}`, name: l.lower, liquid: s.liquid, action, volumeL: container === tank?.id && tank ? 50 : 0.25 };
    if (container) {
      if (action === 'pour' || action === 'fill' || action === 'drip' || action === 'rest') fluid.targetId = container;
      else fluid.sourceId = container;
    }
    let staged: string | null = null;
    // "a tank of water", things floating or sinking in it: the tank is half full of liquid at rest,
    // which the fluid solver simulates (a block of liquid, `boxM`), coupled with the bodies in it.
    const box = !holder && tank && container === tank.id && (action === 'rest' || action === 'fill') ? tankLiquidBox(tank, TANK_FILL_FRACTION) : null;
    if (box) {
      fluid.boxM = box;
      fluid.volumeL = Math.round((box.maxM[0] - box.minM[0]) * (box.maxM[1] - box.minM[1]) * (box.maxM[2] - box.minM[2]) * 1e5) / 100;
      // Bodies the layout stood on the tank's floor start at the liquid's surface instead (dropped in):
      // whether each floats or sinks is then the simulation's to show.
      const dropped: string[] = [];
      for (const body of bodies) {
        const [x, y, z] = body.positionM;
        const inside = x > box.minM[0] && x < box.maxM[0] && z > box.minM[2] && z < box.maxM[2];
        if (!inside || Math.abs(y - restingHalfHeightM(body.shape) - box.minM[1]) > 0.005) continue;
        body.positionM[1] = box.maxM[1];
        dropped.push(body.id);
      }
      if (dropped.length) note(`${dropped.join(', ')}: start at the ${l.lower}'s surface, as if dropped in`);
      staged = `${l.lower}: the tank is ${TANK_FILL_FRACTION * 100} % full (${fluid.volumeL} L, ${formatNumber(box.maxM[1] - box.minM[1])} m deep), simulated as a liquid that pushes and is pushed by the bodies in it`;
    } else if (action === 'flood') {
      staged = stageDamBreak(fluid, l, bodies.filter((_, i) => !clause || clause.lexemes.includes(lexemes[nouns[i]!]!)), items, budgetScale);
      scaled = true;
    } else if (holder) {
      staged = stageFilled(fluid, l, holder, bodies, items, gMps2, budgetScale);
      scaled = true;
    } else if ((action === 'pour' || action === 'fill') && target && isContainer(target.shape)) {
      staged = stagePour(fluid, l, target, source, budgetScale);
      scaled = true;
    } else if (action === 'drip' && target) {
      staged = stageDrip(fluid, l, target, durationS);
    }
    fluids.push(fluid);
    use(l, 'object', () => `fluids[${index}]`);
    if (verb && !isUsed(verb)) use(verb, 'action', () => `fluids[${index}].action`);
    note(staged ?? `${l.lower} recorded as a liquid (${action}, ${fluid.volumeL} L${container ? `, in ${container}` : ''}), not simulated: the prompt gives it no container to fill or pour into, nothing to drip onto, no tank and no flood`);
  }
  for (const l of lexemes) if (l.sense.type === 'fluid-verb' && !isUsed(l)) use(l, 'action', () => (fluids.length ? 'fluids[0].action' : undefined));
  if (scaled && budgetScale > 1) note(`liquids staged for the GPU solver: ${budgetScale} times the particles of a CPU run, so the cells above are ${formatNumber(Math.cbrt(budgetScale))} times finer`);
  return fluids;
}

/**
 * "a glass of whiskey", "a bucket of water": the container half full; a tipped one spills round it.
 * The cell resolves the bodies that go into the liquid (over the container's opening).
 */
function stageFilled(fluid: FluidSpec, l: Lexeme, holder: StagedBody, bodies: readonly StagedBody[], items: readonly EnvironmentItem[], gMps2: number, budgetScale: number): string {
  const volumeM3 = containerVolumeM3(holder.shape, CONTAINER_FILL_FRACTION);
  const tipped = holder.angularVelocityRadps.some((w) => w !== 0);
  // Tipped over the edge of its base (the topple staging): the liquid's weight counts in the
  // simulation (sim/fluid/coupling.ts), so the spin that carries the container over counts it too.
  let spun = '';
  const contents = containerContents(holder.shape, CONTAINER_FILL_FRACTION);
  const base = holder.shape.type === 'cup' ? (holder.shape.bottomRadiusM ?? holder.shape.radiusM) : shapeHalfExtentsM(holder.shape)[0];
  const empty = tipOverEdge(base, restingHalfHeightM(holder.shape), gMps2);
  if (contents && l.sense.type === 'liquid' && holder.angularVelocityRadps[2] === empty.angularVelocityRadps[2] && holder.linearVelocityMps[0] === empty.linearVelocityMps[0]) {
    const bodyMassKg = holder.massKg ?? MATERIALS[holder.material].densityKgM3 * shapeVolumeM3(holder.shape);
    const massKg = contents.volumeM3 * LIQUID_PRESETS[l.sense.liquid].densityKgM3;
    const tip = tipOverEdge(base, restingHalfHeightM(holder.shape), gMps2, { bodyMassKg, massKg, centreHeightM: contents.centreHeightM, gyrationM2: contents.gyrationM2 });
    holder.angularVelocityRadps = tip.angularVelocityRadps;
    holder.linearVelocityMps = tip.linearVelocityMps;
    spun = ` (with its ${formatNumber(massKg)} kg of ${l.lower} it needs ${formatNumber(tip.spinRadps)} rad/s, not ${formatNumber(empty.spinRadps)}, to go over)`;
  }
  // A tipped container is where the liquid comes from; one that keeps it is where it rests.
  if (tipped) { fluid.sourceId = holder.id; delete fluid.targetId; } else { fluid.targetId = holder.id; delete fluid.sourceId; }
  fluid.fillFraction = CONTAINER_FILL_FRACTION;
  fluid.volumeL = Math.round(volumeM3 * 1e5) / 100;
  fluid.cellM = budgetCellM(volumeM3, (tipped ? SPILL_PARTICLE_BUDGET : FILL_PARTICLE_BUDGET) * budgetScale);
  const opening = innerRadiusM(holder.shape);
  for (const b of bodies) {
    if (b === holder || Math.hypot(b.positionM[0] - holder.positionM[0], b.positionM[2] - holder.positionM[2]) > opening) continue;
    const across = 2 * Math.cbrt((3 * shapeVolumeM3(b.shape)) / (4 * Math.PI));
    fluid.cellM = Math.min(fluid.cellM, Math.floor((across / BODY_CELLS_ACROSS) * 1e4) / 1e4);
  }
  let onto = 'the floor';
  if (tipped) {
    // The spill runs out over the floor towards +x (where it tips): simulated 0.6 m (or four of its
    // heights) that way and 0.25 m (or twice its width) to each side, where it runs off (open sides). On a raised top (a
    // table) it is simulated over that top only: down to the floor, the grid of a glass's fine cells
    // would hold millions of cells (a browser tab runs out of memory); what runs off the edge leaves.
    // The cells are then coarsened, if need be, to keep the grid to SPILL_GRID_CELLS.
    const [hx, hy, hz] = shapeHalfExtentsM(holder.shape), [x, y, z] = holder.positionM;
    const run = Math.max(0.6, 8 * hy), side = Math.max(0.25, 4 * hz);
    const minM: Vec3 = [x - hx, 0, z - side], maxM: Vec3 = [x + run, y + hy, z + side];
    const support = raisedSupport(holder, items);
    if (support) {
      minM[1] = support.topY;
      minM[0] = Math.max(minM[0], support.minM[0]); maxM[0] = Math.min(maxM[0], support.maxM[0]);
      minM[2] = Math.max(minM[2], support.minM[1]); maxM[2] = Math.min(maxM[2], support.maxM[1]);
      onto = `the ${support.name}'s top (what runs off its edge leaves the simulation)`;
    }
    const gridCellM = Math.ceil(Math.cbrt(((maxM[0] - minM[0]) * (maxM[1] - minM[1]) * (maxM[2] - minM[2])) / SPILL_GRID_CELLS) * 1e4) / 1e4;
    const h = fluid.cellM = Math.max(fluid.cellM, gridCellM);
    minM[0] -= 2 * h; minM[1] -= h; maxM[1] += 2 * h;
    fluid.domainM = { minM, maxM };
    fluid.openSides = true;
  }
  return `${l.lower}: the ${holder.name} is ${CONTAINER_FILL_FRACTION * 100} % full (${fluid.volumeL} L), simulated as a liquid (${formatNumber(fluid.cellM * 1000)} mm cells)${tipped ? ` that spills over ${onto} as it tips${spun}` : ''}`;
}

/**
 * The raised top a body stands on (a table, a box such as a counter or shelf, a billiard table), if it
 * does not stand on the ground: the top's height and its footprint's x and z extents (unturned items).
 */
function raisedSupport(body: StagedBody, items: readonly EnvironmentItem[]): { name: string; topY: number; minM: [number, number]; maxM: [number, number] } | null {
  const [x, y, z] = body.positionM, bottom = y - restingHalfHeightM(body.shape);
  if (bottom < 0.02) return null;
  for (const item of items) {
    if ((item.kind !== 'table' && item.kind !== 'box' && item.kind !== 'billiard-table') || item.yawDeg !== 0) continue;
    const [cx, , cz] = item.positionM, [sx, , sz] = item.sizeM;
    if (Math.abs(x - cx) <= sx / 2 && Math.abs(z - cz) <= sz / 2) return { name: item.name, topY: bottom, minM: [cx - sx / 2, cz - sz / 2], maxM: [cx + sx / 2, cz + sz / 2] };
  }
  return null;
}

/** "water pours from a jug into a glass": a hand tilts the jug holding the pour over the glass; without a jug, a stream from above. */
function stagePour(fluid: FluidSpec, l: Lexeme, target: StagedBody, source: StagedBody | undefined, budgetScale: number): string {
  const volumeM3 = containerVolumeM3(target.shape, POUR_FILL_FRACTION);
  const rim: Vec3 = [target.positionM[0], target.positionM[1] + shapeHalfExtentsM(target.shape)[1], target.positionM[2]];
  const inner = innerRadiusM(target.shape);
  fluid.targetId = target.id;
  fluid.volumeL = Math.round(volumeM3 * 1e5) / 100;
  fluid.cellM = budgetCellM(volumeM3, POUR_PARTICLE_BUDGET * budgetScale);
  if (source?.shape.type === 'cup') {
    const [hx, hy, hz] = shapeHalfExtentsM(target.shape), [tx, ty, tz] = target.positionM;
    // The solver's fill loses about 1.5 cells of depth to the jug's bottom (its walls are grown by 0.6 of
    // a cell, sim/fluid/coupling.ts, and the lattice rounds): filled that much deeper, it holds the volume said.
    const bottomInnerM = (source.shape.bottomRadiusM ?? source.shape.radiusM) - source.shape.wallM;
    const pour = tiltingJugPour(source.shape, rim, inner, hx, ty - hy, volumeM3 + 1.5 * Math.PI * bottomInnerM * bottomInnerM * fluid.cellM);
    source.positionM = pour.positionM;
    source.rotationDeg = [0, 0, 0];
    source.linearVelocityMps = [0, 0, 0];
    source.angularVelocityRadps = [0, 0, 0];
    source.fixed = false;
    source.path = pour.path;
    fluid.sourceId = source.id;
    fluid.fillFraction = pour.fillFraction;
    const h = fluid.cellM;
    // The domain holds where the liquid goes (the jug's fill, up to its lip, the glass), down to one cell below the glass's base.
    const { minM, maxM } = pour.liquidM;
    fluid.domainM = {
      minM: [Math.min(minM[0], tx - hx) - 2 * h, ty - hy - h, Math.min(minM[2], tz - hz) - 2 * h],
      maxM: [Math.max(maxM[0], tx + hx) + 2 * h, maxM[1] + 2 * h, Math.max(maxM[2], tz + hz) + 2 * h],
    };
    delete fluid.stream;
    return `${l.lower}: a hand tilts the ${source.name} over the ${target.name}, about its lip, to ${POUR_TILT_DEG}° in ${POUR_TILT_S} s, and the ${fluid.volumeL} L in it pours out (${formatNumber(fluid.cellM * 1000)} mm cells)`;
  }
  delete fluid.sourceId;
  fluid.stream = { originM: [rim[0], rim[1] + 0.08, rim[2]], velocityMps: [0, -0.3, 0], radiusM: Math.min(0.01, inner / 3), startS: 0 };
  return `${l.lower}: ${fluid.volumeL} L stream into the ${target.name} from 8 cm above its rim, like a tap (${formatNumber(fluid.cellM * 1000)} mm cells)`;
}

/** "honey drips onto a plate": drops fall onto the middle of its top. */
function stageDrip(fluid: FluidSpec, l: Lexeme, target: StagedBody, durationS: number): string {
  const [hx, hy, hz] = shapeHalfExtentsM(target.shape), [x, y, z] = target.positionM;
  const drip = dripOnto([x, y + hy, z], Math.min(DRIP_REACH_M, Math.max(hx, hz)));
  const count = Math.floor(durationS / DROP_EVERY_S) + 1;
  fluid.targetId = target.id;
  delete fluid.sourceId;
  fluid.drops = drip.drops;
  fluid.domainM = drip.domainM;
  fluid.cellM = DROP_CELL_M;
  fluid.volumeL = Math.round(count * (4 / 3) * Math.PI * DROP_RADIUS_M ** 3 * 1e6) / 1000;
  return `${l.lower}: a drop ${formatNumber(DROP_RADIUS_M * 2000)} mm across every ${DROP_EVERY_S} s, falling ${formatNumber(drip.drops.originM[1] - y - hy)} m onto the ${target.name}`;
}

/** "a dam breaks and the water floods a row of dominoes": a water column released in a channel holding what it floods. */
function stageDamBreak(fluid: FluidSpec, l: Lexeme, flooded: readonly StagedBody[], items: EnvironmentItem[], budgetScale: number): string {
  let span: [Vec3, Vec3] | null = null;
  for (const b of flooded) {
    const half = shapeHalfExtentsM(b.shape);
    const lo: Vec3 = [b.positionM[0] - half[0], b.positionM[1] - half[1], b.positionM[2] - half[2]];
    const hi: Vec3 = [b.positionM[0] + half[0], b.positionM[1] + half[1], b.positionM[2] + half[2]];
    span = span ? [[0, 1, 2].map((k) => Math.min(span![0][k]!, lo[k]!)) as Vec3, [0, 1, 2].map((k) => Math.max(span![1][k]!, hi[k]!)) as Vec3] : [lo, hi];
  }
  const dam = damBreakChannel(span);
  for (const b of flooded) for (let k = 0; k < 3; k++) b.positionM[k] += dam.shiftM[k]!;
  const channel: EnvironmentItem = { kind: 'tank', id: 'channel', name: 'channel', material: 'glass', positionM: dam.tank.positionM, yawDeg: 0, sizeM: dam.tank.sizeM, wallM: dam.tank.wallM };
  items.push(channel);
  const { minM, maxM } = dam.columnM;
  const volumeM3 = (maxM[0] - minM[0]) * (maxM[1] - minM[1]) * (maxM[2] - minM[2]);
  const h = budgetCellM(volumeM3, DAM_PARTICLE_BUDGET * budgetScale);
  const [cx, , cz] = dam.tank.positionM, [sx, sy, sz] = dam.tank.sizeM;
  fluid.sourceId = channel.id;
  delete fluid.targetId;
  fluid.boxM = dam.columnM;
  fluid.volumeL = Math.round(volumeM3 * 1e5) / 100;
  fluid.cellM = h;
  fluid.domainM = { minM: [cx - sx / 2 - h, -h, cz - sz / 2 - h], maxM: [cx + sx / 2 + h, sy + h, cz + sz / 2 + h] };
  return `${l.lower}: the dam is a ${formatNumber(maxM[1] - minM[1])} m column of ${l.lower} (${fluid.volumeL} L) at the back of a ${formatNumber(sx)} m glass channel, released at t = 0${flooded.length ? ` towards ${flooded.map((b) => b.id).join(', ')}, moved into the channel` : ''} (${formatNumber(h * 1000)} mm cells)`;
}

// ---------------------------------------------------------------------------------------------
// Spatial relations and the layout solver
//
//   collectSpatial ─► Spatial[] (subject, relation, anchor) per clause, in prompt order
//   solveLayout ────► contradictions: the first vertical relation of a subject wins (one assumption)
//                  ─► anchors before what depends on them: each subject group is moved as a whole
//                     to its place relative to its anchor's current box (on its anchor's support)
//                  ─► finite supports: what would overhang is moved back onto the table or shelf
//                  ─► last check: no two bodies' boxes overlap (a body inside a container excepted)
//
// The camera looks from +z towards −z, so "behind" is −z, "in front of" +z, "left" −x, "right" +x.

const RELATION_GAP_M = 0.05;
const BETWEEN_GAP_M = 0.003;

type Box3 = [Vec3, Vec3];

/** The spatial relations of a clause: the subject is the noun before the relation, the anchor the one after. */
function collectSpatial(state: SceneState, clause: Clause): void {
  const lexemes = clause.lexemes;
  for (let k = 0; k < lexemes.length; k++) {
    const l = lexemes[k]!;
    if (l.sense.type !== 'relation') continue;
    const r = l.sense.relation;
    const vertical = r === 'onto' || r === 'above' || r === 'into';
    if (!SPATIAL.has(r) && !vertical) continue;
    const j = nextContent(lexemes, k);
    const target = lexemes[j];
    if (!target) continue;
    const ts = target.sense;
    const anchorGroup = ts.type === 'object' ? clause.groups.find((g) => g.noun === target) : undefined;
    const anchor: Group | EnvironmentKind | undefined = anchorGroup ?? (ts.type === 'env' ? ts.env : undefined);
    if (anchor === undefined) continue;
    // The subject: the last noun before the relation, else ("Under the table, a cup…") the first after the anchor.
    const before = clause.groups.filter((g) => g.noun.index < l.index && g !== anchorGroup);
    const subject = before[before.length - 1] ?? clause.groups.find((g) => g.noun.index > target.index && g !== anchorGroup);
    if (!subject) continue;
    // "on", "above", "into" are placed by the clause itself; they are kept here for contradictions.
    const relation = r === 'onto' ? 'on' : (r as Spatial['relation']);
    const spatial: Spatial = { subject, relation, anchor, lexeme: l, phrase: `${l.lower} the ${typeof anchor === 'object' ? displayName(anchor) : envName(anchor)}` };
    if (relation === 'between' && anchorGroup && anchorGroup.count < 2) {
      // "between a book and a box": the second anchor follows "and".
      const second = clause.groups.find((g) => g.noun.index > target.index && g !== subject);
      if (!second) continue;
      spatial.anchor2 = second;
      spatial.phrase = `between the ${displayName(anchorGroup)} and the ${displayName(second)}`;
    }
    state.spatial.push(spatial);
    if (SPATIAL.has(r)) {
      clause.spatial = true;
      use(l, 'relation', () => groupsField([subject], '.positionM'));
    }
  }
  for (const l of lexemes) {
    if (l.sense.type === 'modifier' && (l.sense.modifier === 'left-to-right' || l.sense.modifier === 'right-to-left') && clause.groups.length) {
      clause.spatial = true;
      state.spatial.push({ subject: clause.groups[0]!, relation: 'beside', anchor: clause.groups[0]!, lexeme: l, phrase: l.lower });
      use(l, 'modifier', () => groupsField(clause.groups, '.positionM[0]'));
    }
  }
}

function envName(kind: EnvironmentKind): string {
  return kind === 'billiard-table' ? 'billiard table' : kind;
}

const VERTICAL_UP = new Set<Spatial['relation']>(['on', 'above', 'into', 'inside']);

/** Places subjects relative to their anchors; see the diagram above. */
function solveLayout(state: SceneState, items: readonly EnvironmentItem[]): void {
  if (state.spatial.length === 0) return;
  const note = (line: string) => state.assumptions.push(line);
  // Contradictions: a subject both on/above/in and under the same thing keeps the first.
  const kept: Spatial[] = [];
  for (const s of state.spatial) {
    const clash = kept.find((k) => k.subject === s.subject && k.anchor === s.anchor
      && ((VERTICAL_UP.has(k.relation) && s.relation === 'under') || (k.relation === 'under' && VERTICAL_UP.has(s.relation))));
    if (clash) {
      note(`"${s.lexeme.text}" and "${clash.lexeme.text}" contradict each other for the ${displayName(s.subject)}: kept "${clash.phrase}", the first said`);
      s.lexeme.role = 'relation';
      delete s.lexeme.field;
      continue;
    }
    kept.push(s);
  }
  const solvable = kept.filter((s) => SPATIAL.has(s.relation as Relation) || s.lexeme.sense.type === 'modifier');
  if (solvable.length === 0) return;
  // Anchors first: a subject's depth is one more than its anchor's.
  const depth = (g: Group, seen: Set<Group>): number => {
    if (seen.has(g)) return 0;
    seen.add(g);
    const s = solvable.find((x) => x.subject === g && typeof x.anchor === 'object' && x.anchor !== g);
    return s && typeof s.anchor === 'object' ? 1 + depth(s.anchor, seen) : 0;
  };
  const ordered = solvable.map((s, i) => ({ s, i, d: depth(s.subject, new Set()) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.s);
  const moved = new Set<Group>();
  const dependents = (g: Group): Group[] => state.spatial.filter((s) => s.anchor === g && s.subject !== g && (s.relation === 'on' || s.relation === 'above' || s.relation === 'into')).map((s) => s.subject);
  const translate = (g: Group, delta: Vec3, seen = new Set<Group>()) => {
    if (seen.has(g)) return;
    seen.add(g);
    for (const d of g.bodies) for (let a = 0; a < 3; a++) d.positionM[a] += delta[a]!;
    for (const dep of dependents(g)) translate(dep, delta, seen); // what stands on it goes with it
  };
  for (const s of ordered) {
    if (s.subject.bodies.length === 0) continue;
    if (s.lexeme.sense.type === 'modifier') {
      leftToRight(state, s);
      continue;
    }
    placeRelative(state, s, items, translate);
    moved.add(s.subject);
  }
  separate(state, moved);
}

function bodyBox(d: BodyDraft): Box3 {
  const h = halfExtents(d);
  return [[d.positionM[0] - h[0], d.positionM[1] - h[1], d.positionM[2] - h[2]], [d.positionM[0] + h[0], d.positionM[1] + h[1], d.positionM[2] + h[2]]];
}

function unionBox(drafts: readonly BodyDraft[]): Box3 {
  const min: Vec3 = [Infinity, Infinity, Infinity], max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const d of drafts) {
    const [a, b] = bodyBox(d);
    for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k]!, a[k]!); max[k] = Math.max(max[k]!, b[k]!); }
  }
  return [min, max];
}

const centre = (b: Box3, axis: number): number => (b[0][axis]! + b[1][axis]!) / 2;

/** The finite surface an item offers, from its parts: [x0, x1, z0, z1] and its top. */
function itemSurface(kind: EnvironmentKind, items: readonly EnvironmentItem[]): { box: Box3; topY: number; item: EnvironmentItem } | undefined {
  const id = kind === 'table' ? 'table' : kind;
  const item = items.find((i) => i.id === id);
  if (!item) return undefined;
  const box = partsBounds(itemParts(item)) as Box3;
  const topY = item.kind === 'tank' ? item.positionM[1] + item.wallM : box[1][1];
  return { box, topY, item };
}

/** The level a group stands on and, when finite, the footprint of that support. */
function supportOf(g: Group, items: readonly EnvironmentItem[]): { level: number; area?: [number, number, number, number] } {
  const d = g.bodies[0]!;
  const level = Math.min(...g.bodies.map((b) => b.surfaceY));
  if (typeof d.support === 'string' && d.support !== 'floor' && d.support !== 'ramp') {
    const surface = itemSurface(d.support, items);
    if (surface) return { level, area: [surface.box[0][0], surface.box[1][0], surface.box[0][2], surface.box[1][2]] };
  }
  return { level };
}

function setSupport(g: Group, support: BodyDraft['support'], level: number): void {
  for (const d of g.bodies) { d.support = support; d.surfaceY = level; }
}

function placeRelative(state: SceneState, s: Spatial, items: readonly EnvironmentItem[], translate: (g: Group, delta: Vec3) => void): void {
  const note = (line: string) => state.assumptions.push(line);
  const subject = s.subject;
  const sb = unionBox(subject.bodies);
  const size: Vec3 = [sb[1][0] - sb[0][0], sb[1][1] - sb[0][1], sb[1][2] - sb[0][2]];
  const lift = Math.max(0, sb[0][1] - Math.min(...subject.bodies.map((d) => d.surfaceY))); // a drop height it keeps
  const moveTo = (x: number, bottom: number, z: number) => translate(subject, [x - centre(sb, 0), bottom + lift - sb[0][1], z - centre(sb, 2)]);
  const anchor = s.anchor;

  if (typeof anchor === 'string') {
    const surface = itemSurface(anchor, items);
    if (anchor === 'floor' || !surface) return;
    const { box, topY } = surface;
    switch (s.relation) {
      case 'under': {
        const clearance = topY - TABLE_TOP_THICKNESS_M - 0.01;
        if (surface.item.kind === 'tank' || size[1] > clearance) {
          moveTo(box[1][0] + RELATION_GAP_M + size[0] / 2, 0, centre(box, 2));
          setSupport(subject, 'floor', 0);
          note(`the ${displayName(subject)} is too tall to fit ${s.phrase}: placed on the floor beside it`);
        } else {
          moveTo(centre(box, 0), 0, centre(box, 2));
          setSupport(subject, 'floor', 0);
          note(`the ${displayName(subject)} on the floor ${s.phrase}, clear of its legs`);
        }
        return;
      }
      case 'inside':
      case 'edge': {
        const x = s.relation === 'edge' ? box[1][0] - size[0] / 2 - 0.005 : centre(box, 0);
        moveTo(x, topY, centre(box, 2));
        setSupport(subject, anchor, topY);
        if (s.relation === 'edge') note(`the ${displayName(subject)} at the +x edge of the ${envName(anchor)}, flush with it`);
        return;
      }
      default: {
        // next to, behind, in front of, left/right of an item: on the floor beside its footprint.
        const [axis, dir] = direction(s.relation);
        const pos: Vec3 = [centre(box, 0), 0, centre(box, 2)];
        pos[axis] = dir > 0 ? box[1][axis]! + RELATION_GAP_M + size[axis]! / 2 : box[0][axis]! - RELATION_GAP_M - size[axis]! / 2;
        moveTo(pos[0], 0, pos[2]);
        setSupport(subject, 'floor', 0);
        return;
      }
    }
  }

  const ab = unionBox(anchor.bodies);
  const support = supportOf(anchor, items);
  const anchorLevel = ab[0][1];
  switch (s.relation) {
    case 'under': {
      // The subject takes the anchor's place on its support; the anchor rests on top of it.
      moveTo(centre(ab, 0), anchorLevel, centre(ab, 2));
      setSupport(subject, anchor.bodies[0]!.support, support.level);
      translate(anchor, [0, anchorLevel + size[1] + 0.001 - ab[0][1], 0]);
      note(`the ${displayName(anchor)} rests on the ${displayName(subject)}, which is under it`);
      return;
    }
    case 'inside': {
      const sh = anchor.shape;
      const inner = sh.type === 'cup' ? sh.radiusM - sh.wallM : sh.type === 'open-box' ? Math.min(sh.sizeM[0], sh.sizeM[2]) / 2 - sh.wallM : 0;
      const wall = sh.type === 'cup' || sh.type === 'open-box' ? sh.wallM : 0;
      if (inner > 0 && Math.max(size[0], size[2]) / 2 < inner - 0.002) {
        moveTo(centre(ab, 0), anchorLevel + wall + 0.001, centre(ab, 2));
        setSupport(subject, anchor.bodies[0]!, anchorLevel + wall);
      } else {
        moveTo(centre(ab, 0), ab[1][1] + 0.001, centre(ab, 2));
        setSupport(subject, anchor.bodies[0]!, ab[1][1]);
        note(inner > 0 ? `the ${displayName(subject)} is too big to fit inside the ${displayName(anchor)}: it rests on top` : `the ${displayName(anchor)} is closed: the ${displayName(subject)} rests on top of it`);
      }
      return;
    }
    case 'between': {
      const [a, b] = anchor.count >= 2 ? [anchor.bodies[0]!, anchor.bodies[1]!] : [anchor.bodies[0]!, s.anchor2?.bodies[0]];
      if (!b) return;
      const c = (a.positionM[0] + b.positionM[0]) / 2, z = a.positionM[2];
      const level = a.positionM[1] - halfExtents(a)[1];
      a.positionM = [c - size[0] / 2 - BETWEEN_GAP_M - halfExtents(a)[0], a.positionM[1], z];
      b.positionM = [c + size[0] / 2 + BETWEEN_GAP_M + halfExtents(b)[0], level + halfExtents(b)[1], z];
      moveTo(c, level, z);
      setSupport(subject, a.support, a.surfaceY);
      note(`the ${displayName(subject)} ${s.phrase}, ${formatNumber(BETWEEN_GAP_M * 1000)} mm from each, along x`);
      return;
    }
    case 'edge': {
      moveTo(ab[1][0] - size[0] / 2, ab[1][1] + 0.001, centre(ab, 2));
      setSupport(subject, anchor.bodies[0]!, ab[1][1]);
      return;
    }
    default: {
      const [axis, preferred] = direction(s.relation);
      const place = (dir: number) => {
        const pos: Vec3 = [centre(ab, 0), anchorLevel, centre(ab, 2)];
        pos[axis] = dir > 0 ? ab[1][axis]! + RELATION_GAP_M + size[axis]! / 2 : ab[0][axis]! - RELATION_GAP_M - size[axis]! / 2;
        return pos;
      };
      let pos = place(preferred);
      const area = support.area;
      const inside = (p: Vec3) => !area || (p[0] - size[0] / 2 >= area[0] && p[0] + size[0] / 2 <= area[1] && p[2] - size[2] / 2 >= area[2] && p[2] + size[2] / 2 <= area[3]);
      if (!inside(pos) && s.relation === 'beside' && inside(place(-preferred))) pos = place(-preferred);
      moveTo(pos[0], pos[1], pos[2]);
      setSupport(subject, anchor.bodies[0]!.support, support.level);
      if (area && !inside(pos)) {
        // Overhang: move the pair back onto the support.
        const both = unionBox([...anchor.bodies, ...subject.bodies]);
        const shift: Vec3 = [0, 0, 0];
        for (const [k, lo, hi] of [[0, area[0], area[1]], [2, area[2], area[3]]] as const) {
          if (both[0][k]! < lo) shift[k] = lo + 0.01 - both[0][k]!;
          else if (both[1][k]! > hi) shift[k] = hi - 0.01 - both[1][k]!;
        }
        translate(anchor, shift);
        translate(subject, shift);
        note(`the ${displayName(anchor)} and the ${displayName(subject)} moved together to stay on their support`);
      }
      return;
    }
  }
}

/** Axis and sign of a horizontal relation, seen from the default camera (at +z, looking at −z). */
function direction(relation: Spatial['relation']): [0 | 2, 1 | -1] {
  switch (relation) {
    case 'behind': return [2, -1];
    case 'front': return [2, 1];
    case 'left': return [0, -1];
    default: return [0, 1]; // right of, next to, beside (to the right)
  }
}

/** "a ball, a cube and a cone from left to right": every body of the clause in a row along x, in prompt order. */
function leftToRight(state: SceneState, s: Spatial): void {
  const clause = state.clauses.find((c) => c.lexemes.includes(s.lexeme));
  if (!clause) return;
  const groups = [...clause.groups].sort((a, b) => a.noun.index - b.noun.index);
  const drafts = groups.flatMap((g) => g.bodies);
  if (s.lexeme.sense.type === 'modifier' && s.lexeme.sense.modifier === 'right-to-left') drafts.reverse();
  if (drafts.length < 2) return;
  const box = unionBox(drafts);
  const z = centre(box, 2), level = Math.min(...drafts.map((d) => d.surfaceY));
  for (const d of drafts) d.positionM = [d.positionM[0], level + restingHalfHeightM(d.shape) + Math.max(0, d.positionM[1] - restingHalfHeightM(d.shape) - d.surfaceY), z];
  row(drafts, 0, 0.1, centre(box, 0));
  state.assumptions.push(`${describeGroups(groups)} in a row along +x (left to right as the camera sees it), 0.1 m apart`);
}

/** The last check: bodies whose boxes overlap are moved apart along z (a body inside a container excepted). */
function separate(state: SceneState, moved: ReadonlySet<Group>): void {
  const all = state.clauses.flatMap((c) => c.groups).flatMap((g) => g.bodies);
  const container = (d: BodyDraft) => d.shape.type === 'cup' || d.shape.type === 'open-box' || d.shape.type === 'ring';
  for (let pass = 0; pass < 20; pass++) {
    let clean = true;
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i]!, b = all[j]!;
        if (!overlaps(a, b) || a.support === b || b.support === a) continue;
        if ((container(a) && b.support === a) || (container(b) && a.support === b)) continue;
        const mover = moved.has(b.group) ? b : moved.has(a.group) ? a : b;
        const other = mover === a ? b : a;
        const [, , hz] = halfExtents(mover);
        mover.positionM[2] = other.positionM[2] + halfExtents(other)[2] + hz + RELATION_GAP_M;
        clean = false;
      }
    }
    if (clean) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Input the parser reads but does not take as scene words

/** Says, in the assumptions, what it did with markup and with nouns read through WordNet. */
function noteInputOddities(state: SceneState, text: string, lexemes: readonly Lexeme[]): void {
  if (/<\/?[a-z][^>]*>/i.test(text)) state.assumptions.push('the prompt contains markup such as <tag>: it is read as plain text, never run or shown as HTML; the tags are not scene words');
  const language = foreignLanguage(lexemes);
  if (language) {
    const understood = lexemes.filter((l) => l.sense.type === 'object').map((l) => `"${l.text}"`).join(', ');
    state.assumptions.push(`most of the prompt looks like ${language}, and WorldDraft reads English only: it built the scene from ${understood} alone`);
  }
  const seen = new Set<string>();
  for (const l of lexemes) {
    const f = l.fallback;
    if (!f || seen.has(f.lemma)) continue;
    seen.add(f.lemma);
    const anchor = f.chain[f.chain.length - 1]!;
    const proxy = catalogEntry(f.kind)!;
    state.assumptions.push(`"${l.text}" is not in the catalog; WordNet 3.1 says ${[f.lemma, ...f.chain].join(' → ')}, so it takes ${f.category ? `a ${proxy.name}'s size, shape and mass as a typical ${anchor}` : `a ${proxy.name}'s size, shape and mass`}`);
  }
}

const FOREIGN_WORDS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Spanish', /\b(una|uno|el|la|los|las|cae|caen|desde|metros|pelota|mesa|sobre|con|del|rueda|cubo)\b/i],
  ['French', /\b(une|le|la|les|tombe|depuis|mètres|metres|balle|sur|avec|du|des|roule)\b/i],
  ['German', /\b(ein|eine|der|die|das|fällt|von|aus|metern|ball|auf|mit|rollt|tisch)\b/i],
  ['Italian', /\b(una|uno|il|la|cade|da|metri|palla|sul|con|rotola)\b/i],
  ['Portuguese', /\b(uma|um|o|a|cai|de|metros|bola|sobre|com|rola)\b/i],
];

/** The language most of the words seem to be in, when at least half are not understood and two or more are its function words. */
function foreignLanguage(lexemes: readonly Lexeme[]): string | undefined {
  const words = lexemes.filter((l) => /\p{L}/u.test(l.text));
  const unknown = words.filter((l) => l.sense.type === 'unknown');
  if (unknown.length === 0 || unknown.length * 2 < words.length) return undefined;
  const best = FOREIGN_WORDS.map(([name, re]) => ({ name, hits: unknown.filter((l) => re.test(l.text)).length })).sort((a, b) => b.hits - a.hits)[0];
  return best && best.hits >= 2 ? best.name : undefined;
}

/** One sentence for a prompt with no object: it names the likely cause (another language, only symbols). */
function noObjectMessage(text: string, lexemes: readonly Lexeme[]): string {
  const words = lexemes.filter((l) => /\p{L}/u.test(l.text));
  if (words.length === 0) return `No words found in "${quote(text)}": describe a scene in English, such as "a tennis ball drops from 2 m".`;
  if (/[^\p{Script=Latin}\p{P}\p{S}\p{N}\s]/u.test(text.replace(/\p{Extended_Pictographic}/gu, ''))) {
    return `No object found in "${quote(text)}": WorldDraft reads English prompts only; try "a ball falls from 2 m".`;
  }
  const language = foreignLanguage(lexemes);
  if (language) return `No object found in "${quote(text)}": it looks like ${language}, and WorldDraft reads English prompts only; try "a ball falls from 2 m".`;
  return `No object found in "${quote(text)}": name one, such as "a tennis ball".`;
}
