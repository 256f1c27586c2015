import { convertChineseNumerals } from './chinese-numerals.js';

/**
 * ASR output → a form the matchers can rely on: half-width, lower-case, split into clauses at punctuation,
 * fillers removed (嗯/啊/呃/哦/那个 …), runs like "对对对" shortened, A-not-A questions ("是不是") marked.
 */

/** Longer input is cut: no recogniser produces a 500-character turn, and matching stays bounded. */
export const MAX_UTTERANCE_CHARS = 500;

export interface NormalizedClause {
  readonly text: string;
  /** A question: "?", a final 吗, a question word, or an A-not-A form. */
  readonly question: boolean;
  /** [start, end) spans of A-not-A forms ("能不能", "有没有"): their 不/没 is not a negation. */
  readonly aNotA: readonly (readonly [number, number])[];
}

/** What an utterance consisting only of fillers means on the phone. */
export type FillerMeaning = 'affirm' | 'repeat' | 'hesitation';

export interface NormalizedUtterance {
  /** The input as received (cut to MAX_UTTERANCE_CHARS). */
  readonly raw: string;
  readonly clauses: readonly NormalizedClause[];
  /** Clauses joined by a space. */
  readonly text: string;
  /** `text` with Chinese numerals as digits, for regex branches. */
  readonly numeric: string;
  /** Set when the whole utterance was fillers ("嗯嗯" → affirm, "啊？" → repeat, "呃" → hesitation). */
  readonly fillerOnly: FillerMeaning | null;
  /** Nothing usable: empty, punctuation, emoji. */
  readonly empty: boolean;
  readonly truncated: boolean;
  /** Characters left in clauses, for coverage scores. */
  readonly contentLength: number;
}

const HAN = /\p{Script=Han}/u;
const CONTENT = /[\p{L}\p{N}]/u;
const LATIN_OR_DIGIT = /[a-z0-9]/;
const FILLERS = /嗯+|(?<!感)恩|呃+|额(?![度外头])|噢+|哦+|喔+|唔+|哎呀|哎+|诶+|欸+|唉+|啊+|呀+|嘛|咯|呐|哇/g;
const FILLER_ONLY = /^(?:嗯|恩|呃|额|噢|哦|喔|唔|哎|诶|欸|唉|啊|呀|哈|呢|en|um|uh|hmm|ah|oh)+$/;
const AFFIRM_FILLER = /嗯|恩|哦|噢|喔|en|oh/;
const REPEAT_FILLER = /^(?:啊+|哈|诶+|欸+|ah)$/;
const LEADING_NAGE = /^那个/;
const TRIPLE = /(\p{Script=Han})\1{2,}/gu;
/** "好的好的", "没有没有": a clause that is one short phrase said again and again. */
const REPEATED_PHRASE = /^(.{2,4}?)\1+$/u;
const A_NOT_A = /(\p{Script=Han})([不没])\1/gu;
const QUESTION_WORD = /(?<![没不])什么|(?<!没)啥|(?<!不)怎么|哪|谁|多少|为什么|为啥|是否/;
const QUESTION_END = /[吗么]$/;
const SEP = '|';
const QMARK = '?';

function halfWidth(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  if (code === 0x3000) return 0x20;
  return code;
}

/** Maps every character to content, a space, a clause separator or a question mark. */
function mapChars(input: string): string {
  let out = '';
  for (const ch of input) {
    const c = String.fromCodePoint(halfWidth(ch.codePointAt(0) ?? 0)).toLowerCase();
    if (CONTENT.test(c)) out += c;
    else if (c === '?' || c === '？') out += QMARK;
    else if (/\s/.test(c)) out += ' ';
    else out += SEP;
  }
  return out;
}

/** Spaces inside Chinese are recogniser artefacts ("不 需要"); between Latin words they separate words. */
function resolveSpaces(text: string): string {
  return text.replace(/ +/g, (_m: string, offset: number) => {
    const before = text[offset - 1] ?? '';
    const after = text[offset + _m.length] ?? '';
    return LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after)
      ? ' '
      : before && after && HAN.test(before) && HAN.test(after)
        ? ''
        : SEP;
  });
}

function aNotASpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(A_NOT_A)) {
    const at = m.index;
    // "不是不是" (no, no) is a repeated negation, not "是不是"; "还没还" is 还(still) 没还(not repaid).
    if (text[at - 1] === '不' || text[at - 1] === '没' || m[0] === '还没还') continue;
    spans.push([at, at + 3]);
  }
  return spans;
}

function fillerMeaning(parts: readonly { text: string; question: boolean }[]): FillerMeaning | null {
  const joined = parts.map((p) => p.text.replace(/ /g, '')).join('');
  if (joined.length === 0 || !FILLER_ONLY.test(joined)) return null;
  const asked = parts.some((p) => p.question);
  if (AFFIRM_FILLER.test(joined)) return asked ? 'repeat' : 'affirm';
  // A lone "啊"/"诶" is "huh?" even when the recogniser drops the question mark; "哈哈哈" is laughter.
  if (asked || REPEAT_FILLER.test(joined)) return 'repeat';
  return 'hesitation';
}

const EMPTY: NormalizedUtterance = Object.freeze({
  raw: '',
  clauses: Object.freeze([]),
  text: '',
  numeric: '',
  fillerOnly: null,
  empty: true,
  truncated: false,
  contentLength: 0,
});

/**
 * Normalizes one recognised utterance. Never throws; non-string input counts as empty.
 * @example normalizeUtterance('嗯，那个，不 需要！').text // '不需要'
 */
export function normalizeUtterance(input: unknown): NormalizedUtterance {
  if (typeof input !== 'string' || input.length === 0) return EMPTY;
  const truncated = input.length > MAX_UTTERANCE_CHARS;
  const raw = truncated ? input.slice(0, MAX_UTTERANCE_CHARS) : input;
  const mapped = resolveSpaces(mapChars(raw));
  const parts: { text: string; question: boolean }[] = [];
  let current = '';
  for (const ch of mapped) {
    if (ch === SEP || ch === QMARK) {
      if (current.trim() || ch === QMARK) parts.push({ text: current.trim(), question: ch === QMARK });
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push({ text: current.trim(), question: false });
  const fillerOnly = fillerMeaning(parts);
  const clauses: NormalizedClause[] = [];
  for (const part of parts) {
    const text = part.text
      .replace(TRIPLE, '$1$1')
      .replace(REPEATED_PHRASE, '$1')
      .replace(LEADING_NAGE, '')
      .replace(FILLERS, '')
      .replace(/您/g, '你')
      .trim();
    if (!text) continue;
    const aNotA = aNotASpans(text);
    const question = part.question || aNotA.length > 0 || QUESTION_END.test(text) || QUESTION_WORD.test(text);
    clauses.push({ text, question, aNotA });
  }
  const text = clauses.map((c) => c.text).join(' ');
  return {
    raw,
    clauses,
    text,
    numeric: convertChineseNumerals(text),
    fillerOnly,
    empty: clauses.length === 0 && fillerOnly === null,
    truncated,
    contentLength: clauses.reduce((n, c) => n + c.text.length, 0),
  };
}

/**
 * Normalizes a keyword or phrase written by a script author the same way as heard text (width, case,
 * spaces inside Chinese), keeping the phrase syntax characters `* ( ) | = ^`.
 */
export function normalizePhrase(phrase: string): string {
  let out = '';
  for (const ch of phrase.trim()) {
    const c = String.fromCodePoint(halfWidth(ch.codePointAt(0) ?? 0)).toLowerCase();
    if (CONTENT.test(c) || '*()|=^ '.includes(c)) out += c;
  }
  out = out.replace(/您/g, '你');
  return out.replace(/ +/g, (m: string, offset: number) => {
    const before = out[offset - 1] ?? '';
    const after = out[offset + m.length] ?? '';
    return LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after) ? ' ' : '';
  });
}
