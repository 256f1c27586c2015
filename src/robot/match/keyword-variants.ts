import { normalizePhrase } from './normalize.js';
import type { PhraseSpec } from './phrase-matcher.js';

/**
 * Loose forms of a script author's keyword, so a keyword also hears the ways callees actually say it:
 * - words a callee uses for the same thing (the teacher's 水平 for 资质, 要上班 for 没空, 周六 for 周末);
 * - a filler or measure word inside it ("转个人工" for 转人工, "周末我们没空" for 周末没空): short gaps without
 *   a negation between its parts;
 * - another subject than the one written ("他还小", "我家的才两岁" for 孩子还小 / 孩子才*岁).
 * A loose form ranks just below the keyword itself (priority − 0.5), so a keyword said as written always wins.
 */

/** Words that stand for one another inside a keyword; each group expands to an alternative `(a|b|…)`. */
const SAME_MEANING: readonly (readonly string[])[] = [
  [
    '没空',
    '没时间',
    '没工夫',
    '没有时间',
    '没有空',
    '抽不出时间',
    '要上班',
    '要加班',
    '上班',
    '加班',
    '有事',
    '有安排',
    '不在家',
    '去不了',
    '不行',
    '没法去',
  ],
  ['资质', '水平', '资格', '证书', '经验', '专业', '靠谱'],
  ['地址', '地点', '位置'],
  ['学过', '在学', '学着', '报过', '报了', '报名了'],
  ['还小', '太小', '还太小', '年纪小', '年龄小'],
  ['周末', '周六', '周日', '双休日', '双休', '六日'],
  ['人工', '真人'],
  ['怎么样', '好不好', '如何'],
  ['退费', '退款', '退钱'],
  ['分期', '分几期', '分开还'],
  ['延期', '推迟', '晚几天', '缓几天', '宽限'],
];

/** Subjects a keyword may be written with that the callee replaces ("孩子还小" → "他还小", "宝宝还小"). */
const SUBJECT = /^(?:我家孩子|我们孩子|孩子|小孩|宝宝)(?=还|才|太|已经|在|没|都|也|很|不)/;

const members = SAME_MEANING.flatMap((group) => group.map((word) => ({ word, group }))).sort(
  (a, b) => b.word.length - a.word.length,
);

const SYNTAX = /[*~()|=^]/;

/** Splits a literal run into tokens: same-meaning groups as `(a|b)` alternatives, other characters one by one. */
function tokens(literal: string): { text: string; group: boolean }[] {
  const out: { text: string; group: boolean }[] = [];
  let i = 0;
  while (i < literal.length) {
    const m = members.find((x) => literal.startsWith(x.word, i));
    if (m) {
      out.push({ text: `(${m.group.join('|')})`, group: true });
      i += m.word.length;
    } else {
      out.push({ text: literal[i] ?? '', group: false });
      i++;
    }
  }
  return out;
}

/** Same-meaning groups substituted in the literal text of a pattern, leaving its own groups as written. */
function synonymsOutsideGroups(body: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    const m = depth === 0 && !SYNTAX.test(ch) ? members.find((x) => body.startsWith(x.word, i)) : undefined;
    if (m) {
      out += `(${m.group.join('|')})`;
      i += m.word.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * The loose forms of one normalized keyword phrase (none when the phrase is anchored with `=`/`^` or too short).
 * @example looseForms('转人工') // ['转~(人工|真人|人工客服)']
 */
export function looseForms(phrase: string): string[] {
  if (phrase.startsWith('=') || phrase.startsWith('^')) return [];
  const body = phrase.replace(SUBJECT, '');
  if (SYNTAX.test(body)) {
    // A pattern: other words and another subject; its own gaps already allow fillers.
    const loose = synonymsOutsideGroups(body);
    return loose !== phrase && loose.replace(/[*~()|]/g, '').length >= 2 ? [loose] : [];
  }
  const parts = tokens(body);
  // A same-meaning group alone is too wide a net ("没人带" must not hear every "没空"): it needs context.
  if (parts.length < 2) return body !== phrase && body.length >= 2 ? [body] : [];
  const literal = body.length;
  if (literal < 2 || (literal < 3 && !parts.some((p) => p.group))) {
    return body !== phrase && literal >= 2 ? [body] : [];
  }
  const loose = literal >= 3 ? parts.map((p) => p.text).join('~') : parts.map((p) => p.text).join('');
  return loose === phrase ? [] : [loose];
}

/** A keyword list's phrase specs plus their loose forms. */
export function withLooseForms<T>(specs: readonly PhraseSpec<T>[]): PhraseSpec<T>[] {
  const out: PhraseSpec<T>[] = [...specs];
  for (const spec of specs) {
    for (const phrase of looseForms(normalizePhrase(spec.phrase))) {
      out.push({ phrase, value: spec.value, priority: (spec.priority ?? 0) - 0.5 });
    }
  }
  return out;
}
