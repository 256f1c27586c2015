import { INTENT_TRAITS } from '../match/intents.js';
import { findKeywords } from '../match/keyword-search.js';
import { similarIntent, type SimilarIntent } from '../match/intent-examples.js';
import type { NormalizedUtterance } from '../match/normalize.js';
import type { IntentResult } from '../match/rule-classifier.js';
import type { CompiledSayNode, CompiledScript, LearnedTarget } from '../script/compiled-script.js';
import { keepConfirmation } from './keep-confirmation.js';
import { END, responderFor, type Candidate, type Decision } from './route-types.js';

export type { Decision } from './route-types.js';

const coverageScore = (length: number, u: NormalizedUtterance): number =>
  Math.round(60 + 40 * Math.min(1, u.contentLength > 0 ? length / u.contentLength : 1));

function beats(a: Candidate, b: Candidate | undefined): boolean {
  if (!b) return true;
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.length !== b.length) return a.length > b.length;
  if (a.local !== b.local) return a.local;
  return a.clause > b.clause;
}

/** Custom intents of the script present in the utterance (keywords negation-aware, patterns on digits). */
export function customIntentHits(
  script: CompiledScript,
  u: NormalizedUtterance,
): { intent: string; length: number; clause: number; start: number }[] {
  const out = findKeywords(script.customIntentMatcher, u).map((h) => ({
    intent: h.value,
    length: h.length,
    clause: h.clause,
    start: h.start,
  }));
  for (const p of script.customIntentPatterns) {
    const m = p.re.exec(u.numeric);
    if (m) out.push({ intent: p.intent, length: m[0].length, clause: u.clauses.length - 1, start: END });
  }
  return out;
}

function specificCandidates(
  script: CompiledScript,
  node: CompiledSayNode,
  u: NormalizedUtterance,
): Candidate[] {
  const out: Candidate[] = [];
  for (const h of findKeywords(node.keywordMatcher, u)) {
    const decision: Decision = {
      kind: 'branch',
      ref: h.value,
      intent: 'keyword',
      keyword: h.phrase,
      score: coverageScore(h.length, u),
    };
    out.push({
      priority: h.priority,
      length: h.length,
      clause: h.clause,
      start: h.start,
      local: true,
      decision,
    });
  }
  for (const { re, ref } of node.regexBranches) {
    const m = re.exec(u.numeric);
    if (!m) continue;
    const decision: Decision = {
      kind: 'branch',
      ref,
      intent: 'regex',
      keyword: m[0],
      score: coverageScore(m[0].length, u),
    };
    out.push({
      priority: ref.branch.priority,
      length: m[0].length,
      clause: u.clauses.length - 1,
      start: END,
      local: true,
      decision,
    });
  }
  for (const hit of customIntentHits(script, u)) {
    const ref = node.intentBranches.get(hit.intent);
    const score = coverageScore(hit.length, u);
    if (ref) {
      const decision: Decision = { kind: 'branch', ref, intent: hit.intent, score };
      out.push({
        priority: ref.branch.priority,
        length: hit.length,
        clause: hit.clause,
        start: hit.start,
        local: true,
        decision,
      });
    }
    const responder = responderFor(script, hit.intent);
    if (responder) {
      const decision: Decision = { kind: 'responder', responder, intent: hit.intent, score };
      out.push({
        priority: responder.priority,
        length: hit.length,
        clause: hit.clause,
        start: hit.start,
        local: false,
        decision,
      });
    }
  }
  for (const h of findKeywords(script.responderMatcher, u)) {
    const responder = h.value;
    const decision: Decision = {
      kind: 'responder',
      responder,
      intent: responder.source,
      keyword: h.phrase,
      score: coverageScore(h.length, u),
    };
    out.push({
      priority: h.priority,
      length: h.length,
      clause: h.clause,
      start: h.start,
      local: false,
      decision,
    });
  }
  for (const responder of script.responders) {
    const m = responder.regex?.exec(u.numeric);
    if (!m) continue;
    const decision: Decision = {
      kind: 'responder',
      responder,
      intent: responder.source,
      keyword: m[0],
      score: coverageScore(m[0].length, u),
    };
    out.push({
      priority: responder.priority,
      length: m[0].length,
      clause: u.clauses.length - 1,
      start: END,
      local: false,
      decision,
    });
  }
  return out;
}

function byIntent(
  script: CompiledScript,
  node: CompiledSayNode,
  intent: string,
  score: number,
): Decision | undefined {
  const ref = node.intentBranches.get(intent);
  if (ref) return { kind: 'branch', ref, intent, score };
  const responder = responderFor(script, intent);
  if (responder) return { kind: 'responder', responder, intent, score };
  return undefined;
}

/**
 * Decides what a final reply means at `node`, in this order:
 * 1. an override intent (do-not-call, answering machine, wrong person) handled by the node or a global handler —
 *    unless a keyword of the node covers it (the author's "我是他妈妈" at a parent check is not a wrong number);
 * 2. a keyword/regex/custom-intent candidate with explicit priority > 0;
 * 3. a refusal, when the node or a global handler handles refusals (a topic word in "我不需要你们的课程" must
 *    not outrank the refusal);
 * 4. the best keyword/regex/custom-intent candidate (priority, longest, node before global, later clause);
 * 5. the built-in intent (node branch, then a global handler), a request to repeat;
 * 6. a learned example or a built-in intent example the reply closely resembles (bigram similarity);
 * 7. no match.
 * A question answered by a global handler or knowledge item that returns to the node keeps a confirmation said
 * before it ("是我，你们是哪里": answer, then go on as for "是我"); see keepConfirmation.
 */
export function routeReply(
  script: CompiledScript,
  node: CompiledSayNode,
  u: NormalizedUtterance,
  intent: IntentResult,
): Decision {
  const learned = learnedDecision(script, node, u, 1);
  if (learned) return learned;
  const candidates = outsideLongerStance(specificCandidates(script, node, u), intent);
  const decision = keepConfirmation(
    script,
    node,
    intent,
    candidates,
    routeOnce(script, node, intent, candidates),
  );
  if (decision.kind !== 'noMatch') return decision;
  return learnedDecision(script, node, u, SIMILAR) ?? similarIntentDecision(script, node, u) ?? decision;
}

/** Last resort before a no-match: a reply resembling a built-in example of an intent the node handles. */
function similarIntentDecision(
  script: CompiledScript,
  node: CompiledSayNode,
  u: NormalizedUtterance,
): Decision | undefined {
  const handled = (i: SimilarIntent): boolean => i === 'repeat' || byIntent(script, node, i, 0) !== undefined;
  const hit = similarIntent(u.text.replace(/ /g, ''), handled);
  if (!hit) return undefined;
  const score = Math.round(100 * hit.similarity);
  return hit.value === 'repeat'
    ? { kind: 'repeat', intent: 'repeat', score }
    : byIntent(script, node, hit.value, score);
}

/** How close (bigram Dice) a reply must be to a learned example that it was not said exactly like. */
const SIMILAR = 0.7;

/**
 * A reply labelled from an earlier call: said the same way it wins outright (an operator decided it); said
 * similarly it only fills in for a no-match.
 */
function learnedDecision(
  script: CompiledScript,
  node: CompiledSayNode,
  u: NormalizedUtterance,
  threshold: number,
): Decision | undefined {
  if (script.learned.size === 0) return undefined;
  const here = (t: LearnedTarget): boolean => t.kind === 'responder' || t.node === node.id;
  const hit = script.learned.closest(u.text.replace(/ /g, ''), here, threshold);
  if (!hit) return undefined;
  const score = Math.round(100 * hit.similarity);
  const t = hit.value;
  return t.kind === 'branch'
    ? { kind: 'branch', ref: t.ref, intent: 'learned', keyword: hit.text, score }
    : { kind: 'responder', responder: t.responder, intent: 'learned', keyword: hit.text, score };
}

function routeOnce(
  script: CompiledScript,
  node: CompiledSayNode,
  intent: IntentResult,
  candidates: readonly Candidate[],
): Decision {
  const traits = INTENT_TRAITS[intent.intent];
  if (traits.cls === 'override' && !coveredByLocalKeyword(intent, candidates)) {
    const d = byIntent(script, node, intent.intent, intent.score);
    if (d) return d;
  }
  let best: Candidate | undefined;
  for (const c of candidates) if (beats(c, best)) best = c;
  if (best && best.priority > 0) return best.decision;
  if (intent.intent === 'refuse') {
    const d = byIntent(script, node, 'refuse', intent.score);
    if (d) return d;
  }
  if (best) return best.decision;
  if (intent.intent !== 'none' && traits.cls !== 'override') {
    const d = byIntent(script, node, intent.intent, intent.score);
    if (d) return d;
  }
  // A bare "no" to an offer at a node that only tells refusals apart is a refusal ("都不行", "不能"); a statement
  // starting with 没 ("还没上学") is not.
  if (
    intent.intent === 'negate' &&
    intent.evidence.some((e) => e.intent === 'negate' && !e.phrase.startsWith('^'))
  ) {
    const d = byIntent(script, node, 'refuse', intent.score);
    if (d) return d;
  }
  if (intent.intent === 'repeat') return { kind: 'repeat', intent: 'repeat', score: intent.score };
  return { kind: 'noMatch', intent: intent.intent, score: intent.score };
}

const STANCES_OVER_KEYWORDS = new Set(['busy', 'refuse', 'hesitate']);

/**
 * Drops a node keyword said inside a longer phrase of the winning stance: "晚点" is a time at the schedule node,
 * but in "在忙 晚点说" it is part of "晚点说" (busy). The longer reading wins, as it does among keywords.
 */
function outsideLongerStance(candidates: Candidate[], intent: IntentResult): Candidate[] {
  if (!STANCES_OVER_KEYWORDS.has(intent.intent)) return candidates;
  const spans = intent.evidence.filter((e) => e.intent === intent.intent);
  return candidates.filter(
    (c) =>
      !c.local ||
      c.priority > 0 ||
      c.decision.kind !== 'branch' ||
      !spans.some(
        (e) =>
          e.clause === c.clause &&
          e.start <= c.start &&
          e.end >= c.start + c.length &&
          e.end - e.start > c.length,
      ),
  );
}

/** True when every piece of evidence for the winning override lies inside a keyword hit of the node. */
function coveredByLocalKeyword(intent: IntentResult, candidates: readonly Candidate[]): boolean {
  const own = intent.evidence.filter((e) => e.intent === intent.intent);
  return (
    own.length > 0 &&
    own.every((e) =>
      candidates.some(
        (c) =>
          c.local &&
          c.decision.kind === 'branch' &&
          c.clause === e.clause &&
          c.start <= e.start &&
          c.start + c.length >= e.end,
      ),
    )
  );
}

/** Whether partial text already means something at `node` (barge-in on keyword, voice_break 0). */
export function understood(
  script: CompiledScript,
  node: CompiledSayNode,
  u: NormalizedUtterance,
  intent: IntentResult,
): boolean {
  return routeReply(script, node, u, intent).kind !== 'noMatch';
}
