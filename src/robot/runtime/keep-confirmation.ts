import { INTENT_TRAITS } from '../match/intents.js';
import type { IntentResult } from '../match/rule-classifier.js';
import type { BranchRef, CompiledSayNode, CompiledScript } from '../script/compiled-script.js';
import { at, responderFor, type Candidate, type Decision } from './route-types.js';

/**
 * A reply that confirms and asks ("对，我是他妈妈，你们是哪里" / "好的，多少钱"): the question is answered and the
 * confirmation is kept, instead of one of the two being lost. The confirmation is a yes or a keyword of the node
 * said before the question; the answer is a global handler or knowledge item that returns to the node.
 */
export function keepConfirmation(
  script: CompiledScript,
  node: CompiledSayNode,
  intent: IntentResult,
  candidates: readonly Candidate[],
  decision: Decision,
): Decision {
  const question = questionAt(intent, candidates, decision);
  if (question === undefined) return decision;
  const answer = decision.kind === 'responder' ? decision : questionResponder(script, candidates, intent);
  if (!answer || answer.responder.then !== 'return') return decision;
  let confirmation: { ref: BranchRef; at: number } | undefined;
  for (const c of candidates) {
    const pos = at(c.clause, c.start);
    if (
      c.local &&
      c.decision.kind === 'branch' &&
      pos < question &&
      (!confirmation || pos < confirmation.at)
    ) {
      confirmation = { ref: c.decision.ref, at: pos };
    }
  }
  const affirm = node.intentBranches.get('affirm');
  const yes = intent.evidence.find((e) => e.intent === 'affirm' && at(e.clause, e.end) <= question);
  if (!confirmation && affirm && yes) confirmation = { ref: affirm, at: at(yes.clause, yes.start) };
  if (!confirmation) return decision;
  return { ...answer, then: confirmation.ref };
}

/** Where the question of the reply starts: the answering candidate's position, or the question intent's. */
function questionAt(
  intent: IntentResult,
  candidates: readonly Candidate[],
  decision: Decision,
): number | undefined {
  if (decision.kind === 'responder') {
    const own = candidates.find((c) => c.decision === decision);
    if (own) return at(own.clause, own.start);
  } else if (decision.kind !== 'branch') {
    return undefined;
  }
  const asked = intent.evidence.filter(
    (e) => e.intent !== 'thanks' && INTENT_TRAITS[e.intent].cls === 'question',
  );
  if (asked.length === 0) return undefined;
  return Math.min(...asked.map((e) => at(e.clause, e.start)));
}

/** The responder that answers the question intent of a reply whose winner was a node branch. */
function questionResponder(
  script: CompiledScript,
  candidates: readonly Candidate[],
  intent: IntentResult,
): (Decision & { kind: 'responder' }) | undefined {
  for (const c of candidates) if (!c.local && c.decision.kind === 'responder') return c.decision;
  for (const e of intent.evidence) {
    if (e.intent === 'thanks' || INTENT_TRAITS[e.intent].cls !== 'question') continue;
    const responder = responderFor(script, e.intent);
    return responder ? { kind: 'responder', responder, intent: e.intent, score: intent.score } : undefined;
  }
  return undefined;
}
