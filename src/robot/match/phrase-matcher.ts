import { normalizePhrase } from './normalize.js';

/**
 * Finds keyword phrases in a normalized clause. Phrase syntax (after normalizePhrase):
 * - plain text matches anywhere: `不需要`;
 * - `=` prefix: the whole clause must equal it: `=对`;
 * - `^` prefix: the clause must start with it: `^没`;
 * - `*` is a gap of 0–3 characters: `谁给你*电话`; `(a|b)` are alternatives: `别(再|)打`;
 * - `~` is a short gap of 0–2 characters holding no negation: `转~人工` also hears "转个人工" but not "转不了人工";
 *   the whole match may be at most 3 characters longer than the phrase's literal part.
 * Overlaps resolve to the highest priority, then the longest matched span (the most specific), then the earliest.
 */
export const PhraseMode = { contains: 'contains', whole: 'whole', start: 'start' } as const;
export type PhraseModeName = (typeof PhraseMode)[keyof typeof PhraseMode];

export interface PhraseSpec<T> {
  readonly phrase: string;
  readonly value: T;
  readonly priority?: number;
}

export interface PhraseEntry<T> {
  /** The phrase as written (normalized). */
  readonly phrase: string;
  readonly value: T;
  readonly priority: number;
  readonly mode: PhraseModeName;
  /** Literal characters in the phrase: the specificity used to break ties. */
  readonly specificity: number;
  readonly literal: string | undefined;
  readonly regex: RegExp | undefined;
  /** For patterns: characters one of which must occur for a match (cheap pre-check); undefined = any. */
  readonly firstChars: readonly string[] | undefined;
  /** For `~` patterns: the longest span a match may have. */
  readonly maxSpan: number;
}

export interface PhraseHit<T> {
  readonly start: number;
  readonly end: number;
  readonly entry: PhraseEntry<T>;
}

const GAP = '[^ ]{0,3}';
const SHORT_GAP = '[^ 不没别未]{0,2}?';

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}[\]\\]/g, '\\$&');
}

/** Compiles the pattern part of a phrase to a regex source; undefined for a plain literal. */
function patternSource(body: string): string | undefined {
  if (!/[*~(|)]/.test(body)) return undefined;
  let src = '';
  for (const ch of body) {
    if (ch === '*') src += GAP;
    else if (ch === '~') src += SHORT_GAP;
    else if (ch === '(') src += '(?:';
    else if (ch === ')' || ch === '|') src += ch;
    else src += escapeRegex(ch);
  }
  return src;
}

/** Literal characters a pattern needs: gaps count 0, a group counts its shortest (or with `pick`, longest) alternative. */
function literalLength(body: string, pick: (...n: number[]) => number = Math.min): number {
  const alternatives: number[] = [];
  let count = 0;
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch === '(') {
      let depth = 1;
      let j = i + 1;
      while (j < body.length && depth > 0) {
        if (body[j] === '(') depth++;
        else if (body[j] === ')') depth--;
        j++;
      }
      count += literalLength(body.slice(i + 1, j - 1), pick);
      i = j;
      continue;
    }
    if (ch === '|') {
      alternatives.push(count);
      count = 0;
    } else if (ch !== '*' && ch !== '~' && ch !== ')') {
      count++;
    }
    i++;
  }
  alternatives.push(count);
  return pick(...alternatives);
}

/** Characters a pattern can start with (a leading group contributes each alternative's first); undefined = any. */
function firstChars(body: string): string[] | undefined {
  const alternatives = splitTopLevel(body);
  if (alternatives.length > 1) return collectFirsts(alternatives, '');
  const first = body[0];
  if (first === undefined || first === '*' || first === '~' || first === ')' || first === '|') {
    return undefined;
  }
  if (first !== '(') return [first];
  let depth = 0;
  let end = -1;
  for (let i = 0; i < body.length && end < 0; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')' && --depth === 0) end = i;
  }
  if (end < 0) return undefined;
  return collectFirsts(splitTopLevel(body.slice(1, end)), body.slice(end + 1));
}

/** First characters of each alternative; an empty alternative falls through to `rest`. */
function collectFirsts(alternatives: readonly string[], rest: string): string[] | undefined {
  const out: string[] = [];
  for (const alt of alternatives) {
    const chars = firstChars(alt === '' ? rest : alt);
    if (chars === undefined) return undefined;
    out.push(...chars);
  }
  return out;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** True when `phrase` compiles (balanced groups, non-empty). */
export function isValidPhrase(phrase: string): boolean {
  const norm = normalizePhrase(phrase);
  const body = norm.replace(/^[=^]/, '');
  if (body.replace(/[*~()|]/g, '').length === 0) return false;
  const src = patternSource(body);
  if (src === undefined) return true;
  try {
    new RegExp(src, 'u').test('');
    return true;
  } catch {
    return false;
  }
}

function compileEntry<T>(spec: PhraseSpec<T>): PhraseEntry<T> | undefined {
  const norm = normalizePhrase(spec.phrase);
  const mode: PhraseModeName = norm.startsWith('=') ? 'whole' : norm.startsWith('^') ? 'start' : 'contains';
  const body = mode === 'contains' ? norm : norm.slice(1);
  if (body.replace(/[*~()|]/g, '').length === 0) return undefined;
  const src = patternSource(body);
  let regex: RegExp | undefined;
  if (src !== undefined) {
    const anchored = mode === 'whole' ? `^(?:${src})$` : mode === 'start' ? `^(?:${src})` : src;
    try {
      regex = new RegExp(anchored, 'gu');
    } catch {
      return undefined;
    }
  }
  const specificity = src === undefined ? body.length : Math.max(1, literalLength(body));
  return {
    phrase: norm,
    value: spec.value,
    priority: spec.priority ?? 0,
    mode,
    specificity,
    literal: src === undefined ? body : undefined,
    regex,
    firstChars: src === undefined ? undefined : firstChars(body),
    maxSpan: body.includes('~') ? literalLength(body, Math.max) + 3 : Number.MAX_SAFE_INTEGER,
  };
}

function better<T>(a: PhraseHit<T>, b: PhraseHit<T>): number {
  return b.entry.priority - a.entry.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/** A compiled set of phrases; build once per script node or lexicon, query per clause. */
export class PhraseMatcher<T> {
  readonly #byFirstChar = new Map<string, PhraseEntry<T>[]>();
  readonly #whole = new Map<string, PhraseEntry<T>[]>();
  readonly #starts: PhraseEntry<T>[] = [];
  readonly #patterns: PhraseEntry<T>[] = [];
  readonly size: number;

  constructor(specs: Iterable<PhraseSpec<T>>) {
    let size = 0;
    for (const spec of specs) {
      const entry = compileEntry(spec);
      if (!entry) continue;
      size++;
      if (entry.regex) this.#patterns.push(entry);
      else if (entry.mode === 'whole') push(this.#whole, entry.literal ?? '', entry);
      else if (entry.mode === 'start') this.#starts.push(entry);
      else push(this.#byFirstChar, (entry.literal ?? '')[0] ?? '', entry);
    }
    for (const list of this.#byFirstChar.values()) list.sort((a, b) => b.specificity - a.specificity);
    this.size = size;
  }

  /** Every hit in `clause`, overlapping ones included. */
  hits(clause: string): PhraseHit<T>[] {
    const out: PhraseHit<T>[] = [];
    if (clause.length === 0) return out;
    for (const entry of this.#whole.get(clause) ?? []) out.push({ start: 0, end: clause.length, entry });
    for (const entry of this.#starts) {
      const lit = entry.literal ?? '';
      if (clause.startsWith(lit)) out.push({ start: 0, end: lit.length, entry });
    }
    for (let i = 0; i < clause.length; i++) {
      const list = this.#byFirstChar.get(clause[i] ?? '');
      if (!list) continue;
      for (const entry of list) {
        const lit = entry.literal ?? '';
        if (clause.startsWith(lit, i)) out.push({ start: i, end: i + lit.length, entry });
      }
    }
    for (const entry of this.#patterns) {
      const re = entry.regex;
      if (!re || (entry.firstChars && !entry.firstChars.some((c) => clause.includes(c)))) continue;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(clause)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (m[0].length <= entry.maxSpan) out.push({ start: m.index, end: m.index + m[0].length, entry });
        if (entry.mode !== 'contains') break;
      }
    }
    return out;
  }

  /** The winning non-overlapping hits, in text order. */
  select(clause: string): PhraseHit<T>[] {
    return selectNonOverlapping(this.hits(clause));
  }
}

/** Greedy choice of non-overlapping hits, best first (priority, specificity, span); returned in text order. */
export function selectNonOverlapping<T>(hits: PhraseHit<T>[]): PhraseHit<T>[] {
  if (hits.length <= 1) return hits;
  const sorted = [...hits].sort(better);
  const taken: PhraseHit<T>[] = [];
  for (const h of sorted) {
    if (taken.every((t) => h.end <= t.start || h.start >= t.end)) taken.push(h);
  }
  return taken.sort((a, b) => a.start - b.start);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
