import type { NormalizedClause } from './normalize.js';

/**
 * Negation scope for keyword hits: "不需要" must not count as "需要", "不太感兴趣" is a refusal, and
 * "不是不想" is a double negative (a yes). We walk backwards from a hit over degree words (很/太/怎么 …)
 * and count the negators directly in front of it; an odd count negates the hit.
 */

/** Longest first, so "不是" is read as one negator. */
const NEGATORS: readonly string[] = [
  '不是',
  '没有',
  '不用',
  '并不',
  '从不',
  '从没',
  '不',
  '没',
  '别',
  '未',
  '甭',
];

/** Words that may sit between a negator and the word it negates ("不是很需要", "没什么兴趣"); longest first. */
const MODIFIERS: readonly string[] = [
  '一点也',
  '一点',
  '是很',
  '特别',
  '怎么',
  '那么',
  '这么',
  '什么',
  '多大',
  '真的',
  '完全',
  '根本',
  '这个',
  '那个',
  '可能',
  '太',
  '很',
  '啥',
  '大',
  '都',
  '也',
  '再',
  '真',
  '还',
  '是',
  '咋',
  '会',
  '想',
].sort((a, b) => b.length - a.length);

/** At most this many words are walked back, so a negation far away in a long clause has no effect. */
const MAX_STEPS = 4;

export interface NegationScope {
  /** Number of negators found directly before the hit. */
  readonly count: number;
  /** Start of the negation prefix (== the hit start when there is none). */
  readonly prefixStart: number;
}

function insideANotA(clause: NormalizedClause, at: number): boolean {
  return clause.aNotA.some(([s, e]) => at >= s && at < e);
}

function endsWithAt(text: string, end: number, word: string): boolean {
  return end >= word.length && text.startsWith(word, end - word.length);
}

/**
 * Counts negators directly before position `start` of `clause`.
 * @example negationBefore(clause('不是很需要'), 3).count // 1
 */
export function negationBefore(clause: NormalizedClause, start: number): NegationScope {
  const text = clause.text;
  let j = start;
  let count = 0;
  let prefixStart = start;
  for (let step = 0; step < MAX_STEPS && j > 0; step++) {
    const neg = NEGATORS.find((w) => endsWithAt(text, j, w));
    const mod = MODIFIERS.find((w) => endsWithAt(text, j, w));
    // The longer word wins: "特别" is a degree word, not the negator "别".
    if (neg && (!mod || neg.length >= mod.length)) {
      if (insideANotA(clause, j - neg.length)) break;
      count++;
      j -= neg.length;
      prefixStart = j;
      continue;
    }
    if (!mod) break;
    j -= mod.length;
  }
  return { count, prefixStart };
}

/** True when the hit at `start` is negated (an odd number of negators in front of it). */
export function isNegated(clause: NormalizedClause, start: number): boolean {
  return negationBefore(clause, start).count % 2 === 1;
}
