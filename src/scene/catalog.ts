/**
 * The object catalog: what a noun in a prompt turns into (shape, size, material, mass, bounce),
 * and the environment words (ramp, table, floor) with their default dimensions.
 *
 * It is a data table, one entry per object, so it can grow to hundreds of objects without touching
 * the parser: an entry lists its singular phrases; plurals are derived generically by `pluralize`
 * (irregular ones go in `plurals`). Sizes and masses are real, from the sports regulations or
 * product standards cited beside each entry; `restitution` is set only where a regulation's drop
 * test gives a value that differs from the material's (materials.ts).
 *
 * Shapes follow SceneSpec conventions: a box's sizeM is [x, y, z] as the object stands or lies at
 * rest, y up.
 */
import { catalogRows } from './catalog-data.ts';
import type { MaterialName } from './materials.ts';
import type { Shape } from './spec.ts';

export interface CatalogEntry {
  /** Id-safe canonical name: the body's `kind`, also the start of its id ("tennis-ball-1"). */
  readonly kind: string;
  /** Display name, singular ("tennis ball"). */
  readonly name: string;
  /** Every singular phrase that names it, the display name included, lower case, space-separated. */
  readonly phrases: readonly string[];
  /** Plural phrases the generic rule would miss. */
  readonly plurals?: readonly string[];
  readonly shape: Shape;
  readonly material: MaterialName;
  /** Regulation mass; when omitted the mass is the material density times the volume. */
  readonly massKg?: number;
  /** Restitution against a rigid surface, when a regulation drop test fixes it. */
  readonly restitution?: number;
  /** How it moves along a surface: balls roll, blocks slide. */
  readonly motion: 'roll' | 'slide';
  /** A surface it normally sits on, used when the prompt names none ("billiard balls" → felt). */
  readonly usualSurface?: MaterialName;
  /** A generic noun ("ball") whose size is a guess: the parser records an assumption. */
  readonly generic?: boolean;
}

const sphere = (radiusM: number): Shape => ({ type: 'sphere', radiusM });
const box = (x: number, y: number, z: number): Shape => ({ type: 'box', sizeM: [x, y, z] });

export const CATALOG: readonly CatalogEntry[] = [
  // A generic ball: a solid rubber ball 8 cm across (a hand-sized bouncy/handball-like ball); its
  // size is an assumption the parser states. Mass from rubber's density (≈ 0.31 kg).
  { kind: 'ball', name: 'ball', phrases: ['ball', 'sphere', 'projectile'], shape: sphere(0.04), material: 'rubber', motion: 'roll', generic: true },
  // FIBA Official Basketball Rules, "Basketball Equipment" (size 7): circumference 749–780 mm
  // (r ≈ 0.12 m), 567–650 g. Dropped from 1800 mm (ball bottom) it must rebound to 1200–1400 mm
  // (ball top), i.e. the bottom rises ≈ 1.06 m: e = sqrt(1.06 / 1.8) ≈ 0.77.
  { kind: 'basketball', name: 'basketball', phrases: ['basketball', 'basket ball'], shape: sphere(0.12), material: 'rubber', massKg: 0.62, restitution: 0.77, motion: 'roll' },
  // ITF Rules of Tennis, Appendix I: 56.0–59.4 g, diameter 6.54–6.86 cm (r ≈ 0.0335 m); dropped
  // 254 cm onto concrete it rebounds 135–147 cm: e = sqrt(141 / 254) ≈ 0.75.
  { kind: 'tennis-ball', name: 'tennis ball', phrases: ['tennis ball'], shape: sphere(0.0335), material: 'rubber', massKg: 0.057, restitution: 0.75, motion: 'roll' },
  // USBC equipment specifications: at most 16 lb (7.26 kg), diameter 8.500–8.595 in (r ≈ 0.109 m).
  { kind: 'bowling-ball', name: 'bowling ball', phrases: ['bowling ball'], shape: sphere(0.109), material: 'urethane', massKg: 7.26, motion: 'roll' },
  // R&A/USGA Rules of Golf, Equipment Rules Part 4: at most 45.93 g, at least 42.67 mm across
  // (r = 0.02134 m); surlyn's e ≈ 0.78 (materials.ts) is the value at impact speeds.
  { kind: 'golf-ball', name: 'golf ball', phrases: ['golf ball'], shape: sphere(0.02134), material: 'surlyn', massKg: 0.04593, motion: 'roll' },
  // WPA equipment specifications: 2 1/4 in (57.15 mm, r = 0.028575 m), 5.5–6 oz (≈ 170 g), phenolic resin.
  { kind: 'billiard-ball', name: 'billiard ball', phrases: ['billiard ball', 'cue ball', 'pool ball', 'snooker ball'], shape: sphere(0.028575), material: 'phenolic', massKg: 0.17, motion: 'roll', usualSurface: 'felt' },
  // ITTF Technical Leaflet T3 (the ball): 40 mm (r = 0.02 m), 2.7 g; e ≈ 0.89 from its 30.5 cm drop test.
  { kind: 'ping-pong-ball', name: 'ping-pong ball', phrases: ['ping pong ball', 'pingpong ball', 'table tennis ball'], shape: sphere(0.02), material: 'celluloid', massKg: 0.0027, motion: 'roll' },
  // FIFA Laws of the Game, Law 2 (size 5): circumference 68–70 cm (r ≈ 0.11 m), 410–450 g.
  // FIFA Quality Programme rebound test: dropped 2 m onto steel, rebounds 120–165 cm: e ≈ sqrt(1.425 / 2) ≈ 0.84.
  { kind: 'soccer-ball', name: 'soccer ball', phrases: ['soccer ball', 'football'], shape: sphere(0.11), material: 'rubber', massKg: 0.43, restitution: 0.84, motion: 'roll' },
  // A standard 16 mm glass marble (r = 0.008 m); mass from glass's density (≈ 5.4 g).
  { kind: 'marble', name: 'marble', phrases: ['marble'], shape: sphere(0.008), material: 'glass', motion: 'roll' },
  // A wooden shipping crate, 0.5 m cube, about 12 kg empty (hollow: lighter than solid wood's 87 kg).
  { kind: 'crate', name: 'crate', phrases: ['crate', 'box'], shape: box(0.5, 0.5, 0.5), material: 'wood', massKg: 12, motion: 'slide' },
  // A 10 cm wooden block (a toy building block); mass from wood's density (0.7 kg).
  { kind: 'cube', name: 'cube', phrases: ['cube', 'block'], shape: box(0.1, 0.1, 0.1), material: 'wood', motion: 'slide' },
  // BS EN 771-1 / UK standard brick, 215 × 102.5 × 65 mm, lying flat, about 2.3 kg.
  { kind: 'brick', name: 'brick', phrases: ['brick'], shape: box(0.215, 0.065, 0.1025), material: 'brick', massKg: 2.3, motion: 'slide' },
  // A double-six domino, 48 × 24 × 7.5 mm, standing on its short end, thin along x so that a row
  // topples along x; mass from plastic's density (≈ 9 g).
  { kind: 'domino', name: 'domino', phrases: ['domino'], plurals: ['dominoes', 'dominos'], shape: box(0.0075, 0.048, 0.024), material: 'plastic', motion: 'slide' },
  // A pendulum bob: a 5 cm polished steel ball (≈ 0.51 kg), the usual school-lab bob.
  { kind: 'pendulum-bob', name: 'pendulum bob', phrases: ['bob', 'pendulum bob', 'plumb bob'], shape: sphere(0.025), material: 'steel', motion: 'roll' },
  // A 25 mm chrome-steel ball, as in desk Newton's cradles and large ball bearings (ISO 3290-1 grades), ≈ 64 g.
  { kind: 'ball-bearing', name: 'ball bearing', phrases: ['ball bearing', 'steel ball', 'steel sphere', 'bearing ball'], shape: sphere(0.0125), material: 'steel', motion: 'roll' },
  // A slotted lab hanging mass: a steel cylinder as tall as it is wide; 1 kg unless the prompt says.
  { kind: 'hanging-mass', name: 'mass', phrases: ['hanging mass', 'slotted mass', 'lab mass', 'test mass'], shape: { type: 'cylinder', radiusM: 0.0272, heightM: 0.0544 }, material: 'steel', massKg: 1, motion: 'slide' },
  // The bulk of the catalog: catalog-data.ts.
  ...catalogRows(),
];

export type EnvironmentKind = 'floor' | 'table' | 'ramp' | 'shelf' | 'counter' | 'billiard-table' | 'stairs' | 'tank' | 'wall' | 'hoop';

export interface EnvironmentWord {
  readonly kind: EnvironmentKind;
  readonly phrases: readonly string[];
  /** A material the phrase itself implies ("pool table" → felt). */
  readonly material?: MaterialName;
  /** Plurals the generic rule would miss. */
  readonly plurals?: readonly string[];
  /** The setting the phrase implies ("ice rink" → indoors, a gym; "beach" → outdoor). */
  readonly setting?: Setting;
}

export type Setting = 'room' | 'gym' | 'kitchen' | 'outdoor' | 'underwater' | 'studio';

/** Nouns that name the environment rather than a body. */
export const ENVIRONMENT_WORDS: readonly EnvironmentWord[] = [
  { kind: 'floor', phrases: ['floor', 'ground', 'flooring'] },
  { kind: 'table', phrases: ['table', 'desk', 'tabletop', 'table top', 'workbench', 'bench'] },
  { kind: 'billiard-table', phrases: ['pool table', 'billiard table', 'snooker table', 'billiards table'], material: 'felt' },
  { kind: 'table', phrases: ['table tennis table', 'ping pong table', 'pingpong table', 'dining table', 'coffee table', 'picnic table'] },
  { kind: 'table', phrases: ['kitchen table'], setting: 'kitchen' },
  { kind: 'ramp', phrases: ['ramp', 'incline', 'inclined plane', 'slope', 'chute', 'inclined ramp', 'inclined board'] },
  { kind: 'shelf', phrases: ['shelf', 'bookshelf', 'ledge', 'windowsill', 'mantelpiece'], plurals: ['shelves'] },
  { kind: 'counter', phrases: ['kitchen counter', 'counter', 'countertop', 'counter top', 'worktop'], setting: 'kitchen', material: 'stone' },
  { kind: 'stairs', phrases: ['stairs', 'staircase', 'stairway', 'steps', 'flight of stairs', 'stair'] },
  { kind: 'tank', phrases: ['tank', 'fish tank', 'aquarium', 'pool', 'swimming pool', 'trough', 'basin'], material: 'glass' },
  { kind: 'wall', phrases: ['wall', 'brick wall', 'barrier'] },
  { kind: 'hoop', phrases: ['hoop', 'basketball hoop', 'basket', 'backboard', 'rim', 'basketball net', 'net', 'basketball court', 'court'], setting: 'gym' },
  // Surfaces that are the ground itself, with their material and setting.
  { kind: 'floor', phrases: ['ice rink', 'rink', 'skating rink', 'frozen lake', 'frozen pond'], material: 'ice', setting: 'gym' },
  { kind: 'floor', phrases: ['grass', 'lawn', 'field', 'meadow', 'pitch', 'park', 'garden'], material: 'grass', setting: 'outdoor' },
  { kind: 'floor', phrases: ['sand', 'beach', 'sandbox', 'desert', 'dune'], material: 'sand', setting: 'outdoor' },
  { kind: 'floor', phrases: ['road', 'street', 'pavement', 'sidewalk', 'parking lot', 'driveway'], material: 'asphalt', setting: 'outdoor' },
  { kind: 'floor', phrases: ['outdoors', 'outside', 'yard', 'backyard', 'playground'], setting: 'outdoor' },
  { kind: 'floor', phrases: ['gym', 'gymnasium', 'sports hall', 'bowling lane', 'lane', 'bowling alley', 'alley'], material: 'wood', setting: 'gym' },
  { kind: 'floor', phrases: ['kitchen'], setting: 'kitchen' },
  { kind: 'floor', phrases: ['studio', 'stage'], setting: 'studio' },
  { kind: 'floor', phrases: ['room', 'living room', 'bedroom', 'hallway', 'office'], setting: 'room' },
  { kind: 'floor', phrases: ['underwater', 'seabed', 'sea floor', 'ocean floor'], material: 'sand', setting: 'underwater' },
];

/** Defaults for environment items the prompt names without dimensions. */
export const ENVIRONMENT_DEFAULTS = {
  /** A typical dining/lab table: 1.6 m × 0.9 m top, 0.75 m high (EN 527-1 work-desk height range). */
  table: { sizeM: [1.6, 0.75, 0.9] as [number, number, number], material: 'wood' as MaterialName },
  /** A school-lab ramp: 2 m run, 0.6 m wide, 30°. */
  ramp: { angleDeg: 30, runM: 2, widthM: 0.6, material: 'wood' as MaterialName },
  /** A wall shelf: 1 m long, 0.3 m deep, 18 mm board, 1.2 m above the floor (typical fitted shelving). */
  shelf: { sizeM: [1, 0.018, 0.3] as [number, number, number], elevationM: 1.2, material: 'wood' as MaterialName },
  /** A kitchen counter: 0.9 m high, 0.6 m deep worktop (BS EN 1116 kitchen furniture co-ordinating sizes), 2.4 m long, stone. */
  counter: { sizeM: [2.4, 0.9, 0.6] as [number, number, number], material: 'stone' as MaterialName },
  /** A 9-ft pool table: playing bed 2.54 × 1.27 m, bed 0.79 m high (WPA equipment specifications). */
  billiardTable: { sizeM: [2.54, 0.79, 1.27] as [number, number, number], material: 'felt' as MaterialName },
  /** Domestic stairs: rise 0.17 m, going 0.28 m (UK Approved Document K limits 0.22 / 0.22 minimum), 1 m wide, 6 steps. */
  stairs: { stepCount: 6, stepRiseM: 0.17, stepRunM: 0.28, widthM: 1, material: 'wood' as MaterialName },
  /** An aquarium tank: 1 × 0.5 × 0.4 m, 10 mm glass (a 200-litre tank). */
  tank: { sizeM: [1, 0.5, 0.4] as [number, number, number], wallM: 0.01, material: 'glass' as MaterialName },
  /** A free-standing wall, 0.2 m thick, 1.5 m high, 3 m wide, 3 m along +x from the scene's centre. */
  wall: { sizeM: [0.2, 1.5, 3] as [number, number, number], distanceM: 3, material: 'brick' as MaterialName },
  /** A regulation basketball hoop (FIBA): rim 3.05 m high, inner radius 0.2286 m. */
  hoop: { rimHeightM: 3.05, rimRadiusM: 0.2286, material: 'steel' as MaterialName },
} as const;

/** English plural of a phrase's last word: ball → balls, box → boxes, berry → berries. */
export function pluralize(phrase: string): string {
  const space = phrase.lastIndexOf(' ');
  const head = phrase.slice(0, space + 1);
  const word = phrase.slice(space + 1);
  const vowels = 'aeiou';
  let plural: string;
  if (/(s|x|z|ch|sh)$/.test(word)) plural = `${word}es`;
  else if (word.endsWith('y') && !vowels.includes(word.at(-2) ?? 'a')) plural = `${word.slice(0, -1)}ies`;
  else plural = `${word}s`;
  return head + plural;
}

/** The entry for a kind ("tennis-ball"), if any. */
export function catalogEntry(kind: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.kind === kind);
}
