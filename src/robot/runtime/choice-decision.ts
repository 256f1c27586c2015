import type { IntentClassifier } from '../match/intent-classifier.js';
import { normalizeUtterance } from '../match/normalize.js';
import { replyChoices, type ReplyQuestion } from '../match/reply-classifier.js';
import type { CompiledSayNode, CompiledScript } from '../script/compiled-script.js';
import { routeReply, type Decision } from './reply-router.js';

/** Score recorded for a reply placed by a reply classifier: below any rule match with full coverage. */
const MODEL_SCORE = 70;

/** The decision a reply classifier's choice stands for at `node`; undefined for `none` or an unknown id. */
export function decisionForChoice(
  script: CompiledScript,
  node: CompiledSayNode,
  choice: string | undefined,
): Decision | undefined {
  if (choice === undefined) return undefined;
  const ref = node.branches.find((b) => b.id === choice);
  if (ref) return { kind: 'branch', ref, intent: 'model', score: MODEL_SCORE };
  const [source, id] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
  const responder = script.responders.find((r) =>
    source === 'global' ? r.source === 'global' && r.id === id : source === 'knowledge' && r.asksSn === id,
  );
  return responder ? { kind: 'responder', responder, intent: 'model', score: MODEL_SCORE } : undefined;
}

/** What a reply classifier is asked about a final reply at `node`: only when the rules find no match. */
export function questionFor(
  script: CompiledScript,
  node: CompiledSayNode,
  classifier: IntentClassifier,
  text: unknown,
  robotLine: string,
): ReplyQuestion | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const u = normalizeUtterance(text);
    if (u.empty || routeReply(script, node, u, classifier.classify(u)).kind !== 'noMatch') return undefined;
    return { robotLine, reply: u.raw, choices: replyChoices(script, node) };
  } catch {
    return undefined;
  }
}
