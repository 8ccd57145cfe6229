/**
 * The WordNet fallback: a noun the object catalog does not know ("casaba", "labrador", "toaster")
 * walks its hypernym chain to the nearest catalog entry or category with a size prior, and the
 * parser builds that object under the prompt's own word, saying so in the interpretation.
 *
 * The data is WordNet 3.1 (Princeton University, https://wordnet.princeton.edu; Miller, "WordNet:
 * a lexical database for English", CACM 38(11), 1995), cut down by scripts/build-hypernyms.mts
 * (`npm run build:hypernyms`) to physical nouns whose chain reaches an anchor: hypernyms.json,
 * one line per noun, `lemma>hypernym>…>anchor`. The lines are indexed on first use only, so a
 * prompt the catalog covers never pays for the table. Pure and deterministic.
 */
import table from './hypernyms.json' with { type: 'json' };

export interface Fallback {
  /** The WordNet lemma the word matched, singular ("labrador"). */
  readonly lemma: string;
  /** Hypernyms from the nearest up to the anchor label ("retriever", …, "dog"). */
  readonly chain: readonly string[];
  /** The catalog kind that stands in for it ("dog"). */
  readonly kind: string;
  /** True when the anchor is a category (fruit, container, tool…) rather than a catalog entry. */
  readonly category: boolean;
  /** The word was plural ("labradors"). */
  readonly plural: boolean;
}

interface Table { anchors: Record<string, string>; categories: string[]; nouns: string; plurals: string }

const data = table as Table;
let index: Map<string, string> | undefined;
let irregular: Map<string, string> | undefined;
const categories = new Set(data.categories);

function lines(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cut = line.indexOf('>');
    if (cut > 0) map.set(line.slice(0, cut), line.slice(cut + 1));
  }
  return map;
}

/** Singular candidates for a (possibly plural) phrase: the phrase itself first. */
function singulars(phrase: string): Array<{ form: string; plural: boolean }> {
  const out = [{ form: phrase, plural: false }];
  const irregularForm = irregular!.get(phrase);
  if (irregularForm) out.push({ form: irregularForm, plural: true });
  if (phrase.endsWith('ies')) out.push({ form: `${phrase.slice(0, -3)}y`, plural: true });
  if (/(s|x|z|ch|sh)es$/.test(phrase)) out.push({ form: phrase.slice(0, -2), plural: true });
  if (phrase.endsWith('s') && !phrase.endsWith('ss')) out.push({ form: phrase.slice(0, -1), plural: true });
  return out;
}

/** The fallback for a lower-case phrase (one to three words), or undefined when WordNet gives none. */
export function wordnetFallback(phrase: string): Fallback | undefined {
  index ??= lines(data.nouns);
  irregular ??= lines(data.plurals);
  for (const { form, plural } of singulars(phrase)) {
    const chainText = index.get(form);
    if (chainText === undefined) continue;
    const chain = chainText.split('>');
    const label = chain[chain.length - 1]!;
    const kind = data.anchors[label];
    if (kind === undefined) continue;
    return { lemma: form, chain, kind, category: categories.has(label), plural };
  }
  return undefined;
}

/** Number of nouns in the table (for tests and the eval report). */
export function hypernymTableSize(): number {
  index ??= lines(data.nouns);
  return index.size;
}
