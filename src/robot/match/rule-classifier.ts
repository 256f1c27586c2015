import { INTENT_TRAITS, type BuiltinIntent } from './intents.js';
import { LEXICON, type LexiconGroup, type LexiconIntent } from './lexicon.js';
import { negationBefore } from './negation.js';
import type { NormalizedClause, NormalizedUtterance } from './normalize.js';
import { PhraseMatcher, selectNonOverlapping, type PhraseHit } from './phrase-matcher.js';

/** One lexicon hit that took part in the decision. */
export interface IntentEvidence {
  readonly intent: LexiconIntent;
  readonly phrase: string;
  readonly clause: number;
  readonly start: number;
  readonly end: number;
  readonly negated: boolean;
}

export interface IntentResult {
  readonly intent: BuiltinIntent;
  /** 0–100: how much of the utterance the winning phrases explain. */
  readonly score: number;
  readonly evidence: readonly IntentEvidence[];
}

/** Stances that a question clause cannot express: "可以线上学吗" is not a yes. */
const NOT_IN_QUESTIONS = new Set<LexiconIntent>(['affirm', 'negate', 'refuse', 'busy', 'hesitate']);

const LEXICON_MATCHER = new PhraseMatcher<LexiconGroup>(
  LEXICON.flatMap((group) => group.words.map((phrase) => ({ phrase, value: group }))),
);

const NONE: IntentResult = Object.freeze({ intent: 'none', score: 0, evidence: Object.freeze([]) });

function overlaps(span: readonly [number, number], start: number, end: number): boolean {
  return start < span[1] && end > span[0];
}

function clauseEvidence(clause: NormalizedClause, index: number): IntentEvidence[] {
  // "是不是" is a question only where it is an A-not-A form: in "不是不是我" it must not hide the two "不是".
  const hits: PhraseHit<LexiconGroup>[] = selectNonOverlapping(
    LEXICON_MATCHER.hits(clause.text).filter(
      (h) => h.entry.phrase !== '是不是' || clause.aNotA.some(([s]) => s === h.start),
    ),
  );
  const found: IntentEvidence[] = [];
  const consumed: [number, number][] = [];
  for (const hit of hits) {
    const group = hit.entry.value;
    if (group.intent === 'none') continue;
    const scope = negationBefore(clause, hit.start);
    if (scope.count > 0) consumed.push([scope.prefixStart, hit.start]);
    const negated = scope.count % 2 === 1;
    const intent = negated ? group.negated : group.intent;
    if (intent === null) continue;
    // A yes said before the question part stays a yes ("好的多少钱", "是我你是哪位"): the confirmation is kept.
    const beforeQuestion = intent === 'affirm' && hit.end <= clause.questionAt;
    if (clause.question && NOT_IN_QUESTIONS.has(intent) && !beforeQuestion) continue;
    if (intent === 'negate' && clause.aNotA.some((s) => overlaps(s, hit.start, hit.end))) continue;
    found.push({ intent, phrase: hit.entry.phrase, clause: index, start: hit.start, end: hit.end, negated });
  }
  // A negator that served as the negation of a later word is not a "no" of its own ("不是不需要").
  return found.filter(
    (e) => !(e.intent === 'negate' && !e.negated && consumed.some(([s, t]) => e.start >= s && e.end <= t)),
  );
}

const position = (e: IntentEvidence): number => e.clause * 1000 + e.end;

function best(list: readonly IntentEvidence[]): IntentEvidence | undefined {
  let winner: IntentEvidence | undefined;
  for (const e of list) {
    if (e.intent === 'thanks') continue;
    if (!winner || INTENT_TRAITS[e.intent].rank > INTENT_TRAITS[winner.intent as BuiltinIntent].rank) {
      winner = e;
    }
  }
  return winner;
}

function traitsOf(e: IntentEvidence) {
  return e.intent === 'thanks' ? undefined : INTENT_TRAITS[e.intent];
}

/** Picks the intent of the utterance from its evidence (see IntentClass in intents.ts for the rules). */
function decide(evidence: IntentEvidence[]): IntentEvidence | undefined {
  const override = best(evidence.filter((e) => traitsOf(e)?.cls === 'override'));
  if (override) return override;
  const questions = evidence.filter((e) => traitsOf(e)?.cls === 'question');
  const stances = evidence.filter((e) => traitsOf(e)?.cls === 'stance');
  if (questions.length === 0) return best(stances);
  const strong = stances.filter((e) => traitsOf(e)?.strong === true);
  const lastQuestion = Math.max(...questions.map(position));
  const lastStrong = strong.length > 0 ? Math.max(...strong.map(position)) : -1;
  return lastStrong > lastQuestion ? best(strong) : best(questions);
}

/** "免费的话可以", "是免费的吗，那可以", "不要钱的话我们去": a yes on a condition about the price is a yes. */
const CONDITION = /的话|要是|如果|只要|假如|那(就|)(可以|行|好)/;
const FREE = /免费|不要钱|不收钱|不收费|不花钱/;

function dropConditionalPrice(utterance: NormalizedUtterance, evidence: IntentEvidence[]): IntentEvidence[] {
  const prices = evidence.filter((e) => e.intent === 'price');
  if (prices.length === 0) return evidence;
  const lastYes = Math.max(-1, ...evidence.filter((e) => e.intent === 'affirm').map(position));
  const conditional = prices.every(
    (e) => position(e) < lastYes && (FREE.test(e.phrase) || CONDITION.test(utterance.text)),
  );
  return conditional ? evidence.filter((e) => e.intent !== 'price') : evidence;
}

/**
 * Classifies a normalized utterance into a built-in intent using the lexicon, negation scope and the
 * precedence rules. Pure and allocation-light; never throws.
 * @example classifyIntent(normalizeUtterance('嗯，不是不想，就是现在没空')).intent // 'busy'
 */
export function classifyIntent(utterance: NormalizedUtterance): IntentResult {
  if (utterance.fillerOnly === 'affirm') return { intent: 'affirm', score: 90, evidence: [] };
  if (utterance.fillerOnly === 'repeat') return { intent: 'repeat', score: 90, evidence: [] };
  if (utterance.clauses.length === 0) return NONE;
  let evidence: IntentEvidence[] = [];
  utterance.clauses.forEach((clause, i) => {
    evidence = evidence.concat(clauseEvidence(clause, i));
  });
  // "没有，谢谢" / "No, thanks": a bare no followed by thanks declines the offer.
  if (
    evidence.some((e) => e.intent === 'thanks') &&
    evidence.every((e) => e.intent === 'negate' || e.intent === 'thanks')
  ) {
    evidence = evidence.map((e) => (e.intent === 'negate' ? { ...e, intent: 'refuse' } : e));
  }
  evidence = dropConditionalPrice(utterance, evidence);
  const winner = decide(evidence);
  if (!winner || winner.intent === 'thanks') return { intent: 'none', score: 0, evidence };
  const covered = evidence
    .filter((e) => e.intent === winner.intent)
    .reduce((n, e) => n + (e.end - e.start), 0);
  const coverage = utterance.contentLength > 0 ? Math.min(1, covered / utterance.contentLength) : 0;
  return { intent: winner.intent, score: Math.round(60 + 40 * coverage), evidence };
}
