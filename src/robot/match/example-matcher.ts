import { normalizeUtterance } from './normalize.js';

/**
 * Labelled example replies (learned from calls) and how close a new reply is to them: the same normalized text,
 * or the character-bigram Dice similarity ("我家娃才三岁半呢" ≈ "我家娃才三岁呢"). Built once per script version;
 * a query costs one pass over the reply's bigrams through an inverted index.
 */
export interface ExampleHit<T> {
  readonly value: T;
  readonly text: string;
  /** 1 for the same text, else the Dice similarity of the bigram sets. */
  readonly similarity: number;
}

interface Example<T> {
  readonly text: string;
  readonly key: string;
  readonly grams: ReadonlySet<string>;
  readonly value: T;
}

/** The text the examples are compared on: normalized, without clause breaks. */
export function exampleKey(text: string): string {
  return normalizeUtterance(text).text.replace(/ /g, '');
}

function grams(key: string): Set<string> {
  const out = new Set<string>();
  if (key.length === 1) out.add(key);
  for (let i = 0; i + 1 < key.length; i++) out.add(key.slice(i, i + 2));
  return out;
}

export class ExampleMatcher<T> {
  readonly #examples: Example<T>[] = [];
  readonly #byKey = new Map<string, Example<T>[]>();
  readonly #byGram = new Map<string, number[]>();

  constructor(examples: Iterable<{ readonly text: string; readonly value: T }>) {
    for (const { text, value } of examples) {
      const key = exampleKey(text);
      if (!key) continue;
      const example: Example<T> = { text, key, grams: grams(key), value };
      const index = this.#examples.push(example) - 1;
      const same = this.#byKey.get(key);
      if (same) same.push(example);
      else this.#byKey.set(key, [example]);
      for (const g of example.grams) {
        const list = this.#byGram.get(g);
        if (list) list.push(index);
        else this.#byGram.set(g, [index]);
      }
    }
  }

  get size(): number {
    return this.#examples.length;
  }

  /**
   * The closest example accepted by `accept`: the same text first (newest label wins), else the most similar one
   * at or above `threshold`. `key` is the reply as exampleKey gives it.
   */
  closest(key: string, accept: (value: T) => boolean, threshold: number): ExampleHit<T> | undefined {
    if (this.#examples.length === 0 || !key) return undefined;
    const same = this.#byKey.get(key)?.filter((e) => accept(e.value));
    const last = same?.at(-1);
    if (last) return { value: last.value, text: last.text, similarity: 1 };
    const mine = grams(key);
    const shared = new Map<number, number>();
    for (const g of mine) for (const i of this.#byGram.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    let best: ExampleHit<T> | undefined;
    for (const [i, n] of shared) {
      const e = this.#examples[i];
      if (!e) continue;
      const similarity = (2 * n) / (mine.size + e.grams.size);
      if (similarity >= threshold && (!best || similarity > best.similarity) && accept(e.value)) {
        best = { value: e.value, text: e.text, similarity };
      }
    }
    return best;
  }
}
