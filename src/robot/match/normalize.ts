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
  /** Where the question starts in a question clause: a yes before it still counts ("好的多少钱"); 0 = all of it. */
  readonly questionAt: number;
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
/** 嘛 only at the end of a clause: "干嘛" is a word. */
const FILLERS =
  /嗯+|(?<!感)恩|呃+|额(?![度外头])|噢+|哦+|喔+|唔+|哎呀|哎+|诶+|欸+|唉+|啊+|呀+|(?<!干)嘛$|咯|呐|哇/g;
const FILLER_ONLY = /^(?:嗯|恩|呃|额|噢|哦|喔|唔|哎|诶|欸|唉|啊|呀|哈|呢|en|um|uh|hmm|ah|oh)+$/;
const AFFIRM_FILLER = /嗯|恩|哦|噢|喔|en|oh/;
const REPEAT_FILLER = /^(?:啊+|哈|诶+|欸+|ah)$/;
const TRIPLE = /(\p{Script=Han})\1{2,}/gu;
/** "好的好的", "没有没有": a clause that is one short phrase said again and again. */
const REPEATED_PHRASE = /^(.{2,4}?)\1+$/u;
/** A no said twice at the start of a longer clause ("不是不是我"): one no, not a double negative. */
const REPEATED_NO = /^(不是|不对|没有|不用|不要|不行)\1+/;
/** "不不需要" is a stutter, not a double negative ("不是不需要" is one). */
const STUTTERED_NO = /不{2,}(?=\p{Script=Han})/gu;
const A_NOT_A = /(\p{Script=Han})([不没])\1/gu;
const QUESTION_WORD =
  /(?<![没不])什么|(?<!没)啥|(?<![不爱么]|随[你便]|随你们)怎么(?!说呢)|哪|谁|多少|为什么|为啥|是否/;
const QUESTION_END = /[吗么]$/;
/** An A-not-A form after "see whether / don't know whether" is reported, not asked ("看看孩子愿不愿意"). */
const EMBEDDED_QUESTION = /(?:看|不知道|问问|问一下|不确定|不清楚|得看|要看|看看)[^ ]{0,4}$/;
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
  for (let i = 0; i < input.length; i++) {
    let code = input.charCodeAt(i);
    // Fast paths first: CJK ideographs, ASCII letters and digits make up nearly all recognised text.
    if (code >= 0x4e00 && code <= 0x9fff) {
      out += input[i];
      continue;
    }
    code = halfWidth(code);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) out += String.fromCharCode(code);
    else if (code >= 0x41 && code <= 0x5a) out += String.fromCharCode(code + 32);
    else if (code === 0x3f) out += QMARK;
    else if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += ' ';
    else if (code < 0x80) out += SEP;
    else {
      // Rare: other scripts, surrogate pairs (emoji), CJK extensions.
      const cp = input.codePointAt(i) ?? code;
      const ch = String.fromCodePoint(cp).toLowerCase();
      if (cp > 0xffff) i++;
      out += CONTENT.test(ch) ? ch : /\s/.test(ch) ? ' ' : SEP;
    }
  }
  return out;
}

/**
 * A bare confirmation before a pause ("是 什么事", "可以 收费吗", "好 那就周末吧"): the pause ends a clause. Not
 * before 不/没, which would split an A-not-A question ("好 不好").
 */
const CONFIRMATION_BEFORE_PAUSE =
  /^[嗯恩哦噢喂哎啊]*(?:是的|是啊|是呀|对的|对啊|对呀|好的|好啊|好呀|行啊|可以|没错|没问题|是|对|好|行)+[啊呀的吧]?$/;

/** Spaces inside Chinese are recogniser artefacts ("不 需要"); between Latin words they separate words. */
function resolveSpaces(text: string): string {
  if (!text.includes(' ')) return text;
  return text.replace(/ +/g, (_m: string, offset: number) => {
    const before = text[offset - 1] ?? '';
    const after = text[offset + _m.length] ?? '';
    if (LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after)) return ' ';
    if (!(before && after && HAN.test(before) && HAN.test(after))) return SEP;
    const start = Math.max(text.lastIndexOf(SEP, offset), text.lastIndexOf(' ', offset - 1)) + 1;
    const pause =
      after !== '不' && after !== '没' && CONFIRMATION_BEFORE_PAUSE.test(text.slice(start, offset));
    return pause ? SEP : '';
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
  if (parts.length > 4 || parts.some((p) => p.text.length > 6)) return null;
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
    const cleaned = cleanClause(part.text);
    if (!cleaned) continue;
    const pieces = splitConfirmation(cleaned);
    if (pieces.length > 1) clauses.push({ text: pieces[0] ?? '', question: false, aNotA: [], questionAt: 0 });
    const text = rhetorical(pieces.at(-1) ?? cleaned);
    const aNotA = text.includes('不') || text.includes('没') ? aNotASpans(text) : [];
    const word = QUESTION_WORD.exec(text);
    const asked = aNotA.length > 0 && !EMBEDDED_QUESTION.test(text.slice(0, aNotA[0]?.[0]));
    const question = part.question || asked || QUESTION_END.test(text) || word !== null;
    const questionAt = Math.min(word?.index ?? text.length, aNotA[0]?.[0] ?? text.length) % text.length;
    clauses.push({ text, question, aNotA, questionAt });
  }
  return new Utterance(raw, clauses, fillerOnly, truncated);
}

/**
 * A confirmation run into a question when the recogniser drops the pause ("是什么事", "对你是谁", "好免费吗"):
 * split in two clauses so the yes and the question are each read. Single-character confirmations split only
 * before words that cannot continue them ("是谁", "好几个", "可以线上学吗" stay whole).
 */
const CONFIRM_THEN_ASK =
  /^(是的|是啊|是呀|是我|对的|对啊|对呀|对对|好的|好啊|好呀|行啊|行吧|没错|我是|我就是|是|对|好|行)(?=(?:你|请问|找我|怎么|有(?:什么|啥)?事|(?:什么|啥)事|要|免费|收费|多少).)/;
/** A yes that leads into what follows from it ("行那就周末吧", "好那你安排"). */
const CONFIRM_THEN_SO = /^(好的|好吧|好啊|行吧|行啊|可以|好|行)(?=那.)/;

/** "不是已经还了吗" asserts "已经还了": a rhetorical 不是…吗 is neither a negation nor a question. */
const RHETORICAL = /^(我|你|他|我们|你们|)不是(.{2,})吗$/;

function rhetorical(text: string): string {
  const m = RHETORICAL.exec(text);
  return m ? (m[1] ?? '') + (m[2] ?? '') : text;
}

function splitConfirmation(text: string): string[] {
  const m = CONFIRM_THEN_ASK.exec(text) ?? CONFIRM_THEN_SO.exec(text);
  return m ? [m[1] ?? '', text.slice(m[0].length)] : [text];
}

/**
 * Spellings a recogniser uses interchangeably, read as one: 您/你, 她/它/他 (one sound), colloquial 咋 as 怎么 and
 * 啥 as 什么, the northern -儿 after 哪/这/那 (哪儿 → 哪), 什么地方/哪个地方 as 哪里, 星期/礼拜 as 周 (周天 as 周日),
 * and doubled kinship words (妈妈 → 妈) so "我是他妈" and "我是他妈妈" are one phrase. Applied to heard text and to
 * script phrases alike.
 */
const SAME_WORD: readonly (readonly [RegExp, string])[] = [
  [/您/g, '你'],
  [/[她它]/g, '他'],
  [/咋/g, '怎么'],
  [/啥/g, '什么'],
  [/([哪这那])儿/g, '$1'],
  [/什么地方|哪个地方/g, '哪里'],
  [/性趣|兴去/g, '兴趣'],
  [/星期|礼拜/g, '周'],
  [/周天/g, '周日'],
  [/(妈|爸|奶|爷|姥|哥|姐)\1/g, '$1'],
];
const SAME_WORD_TEST = /[您她它咋啥儿星礼]|地方|性趣|兴去|周天|(妈|爸|奶|爷|姥|哥|姐)\1/;

function sameWords(text: string): string {
  if (!SAME_WORD_TEST.test(text)) return text;
  let out = text;
  for (const [re, to] of SAME_WORD) out = out.replace(re, to);
  return out;
}

/** Drops a leading 那个 and fillers, shortens repeats, reads interchangeable spellings as one (sameWords). */
function cleanClause(clause: string): string {
  let text = clause;
  if (text.startsWith('那个')) text = text.slice(2);
  // Repeats are shortened after the fillers are gone: "不是呀不是" is "不是不是".
  text = text.replace(FILLERS, '');
  if (text.length >= 3) text = text.replace(TRIPLE, '$1$1');
  if (text.length >= 4) text = text.replace(REPEATED_PHRASE, '$1').replace(REPEATED_NO, '$1');
  if (text.length >= 3) text = text.replace(STUTTERED_NO, '不');
  return sameWords(text).trim();
}

class Utterance implements NormalizedUtterance {
  readonly text: string;
  readonly empty: boolean;
  readonly contentLength: number;
  #numeric: string | undefined;

  constructor(
    readonly raw: string,
    readonly clauses: readonly NormalizedClause[],
    readonly fillerOnly: FillerMeaning | null,
    readonly truncated: boolean,
  ) {
    this.text = clauses.map((c) => c.text).join(' ');
    this.empty = clauses.length === 0 && fillerOnly === null;
    this.contentLength = clauses.reduce((n, c) => n + c.text.length, 0);
  }

  /** Computed on first use: only regex branches need it. */
  get numeric(): string {
    this.#numeric ??= convertChineseNumerals(this.text);
    return this.#numeric;
  }
}

/**
 * Normalizes a keyword or phrase written by a script author the same way as heard text (width, case,
 * spaces inside Chinese, interchangeable spellings), keeping the phrase syntax characters `* ~ ( ) | = ^`.
 */
export function normalizePhrase(phrase: string): string {
  let out = '';
  for (const ch of phrase.trim()) {
    const c = String.fromCodePoint(halfWidth(ch.codePointAt(0) ?? 0)).toLowerCase();
    if (CONTENT.test(c) || '*~()|=^ '.includes(c)) out += c;
  }
  out = sameWords(out);
  return out.replace(/ +/g, (m: string, offset: number) => {
    const before = out[offset - 1] ?? '';
    const after = out[offset + m.length] ?? '';
    return LATIN_OR_DIGIT.test(before) && LATIN_OR_DIGIT.test(after) ? ' ' : '';
  });
}
