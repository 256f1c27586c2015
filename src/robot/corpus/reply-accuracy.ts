import { ruleIntentClassifier, type IntentClassifier } from '../match/intent-classifier.js';
import { normalizeUtterance } from '../match/normalize.js';
import { routeReply, type Decision } from '../runtime/reply-router.js';
import type { CompiledSayNode, CompiledScript } from '../script/compiled-script.js';
import type { LabelledReply } from './reply-corpus.js';

/** What the engine did with one reply, in the corpus' outcome vocabulary. */
export interface ReplyOutcome {
  readonly kind: string;
  readonly outcome: string;
  readonly then: string | undefined;
}

export interface ReplyMiss {
  readonly item: LabelledReply;
  readonly actual: ReplyOutcome;
}

export interface ReplyAccuracyReport {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  /** Expected kind → correct/total. */
  readonly perKind: Readonly<Record<string, { correct: number; total: number }>>;
  /** Expected kind → actual kind → count (misses only show off the diagonal). */
  readonly confusion: Readonly<Record<string, Record<string, number>>>;
  readonly misses: readonly ReplyMiss[];
  /** Replies that are neither wrong-person nor do-not-call but were taken for one (those end the call). */
  readonly wrongEndings: readonly ReplyMiss[];
}

/** A reply's decision at a node, expressed as the corpus labels it (the effective next step). */
export function outcomeOf(node: CompiledSayNode, d: Decision): ReplyOutcome {
  switch (d.kind) {
    case 'branch':
      return { kind: d.ref.branch.kind, outcome: d.ref.branch.target, then: undefined };
    case 'responder': {
      const r = d.responder;
      const outcome =
        r.then === 'goto' && r.target
          ? r.target
          : r.source === 'knowledge'
            ? `knowledge ${r.title}`
            : `global ${r.id}`;
      return { kind: r.source, outcome, then: d.then?.branch.target };
    }
    case 'repeat':
      return { kind: 'repeat', outcome: node.repeatBranch?.branch.target ?? 'repeat', then: undefined };
    case 'noMatch':
      return { kind: 'noMatch', outcome: node.noMatchBranch?.branch.target ?? 'noMatch', then: undefined };
  }
}

/** The expected outcome in the same form as outcomeOf (a global that jumps is its target). */
function expectedOutcome(script: CompiledScript, item: LabelledReply): string {
  if (item.kind !== 'global') return item.outcome;
  const id = item.outcome.slice('global '.length);
  const r = script.responders.find((x) => x.source === 'global' && x.id === id);
  return r?.then === 'goto' && r.target ? r.target : item.outcome;
}

/** Outcomes that end the call as "wrong person" or "do not call" in a script. */
export function callEndingOutcomes(script: CompiledScript): Set<string> {
  const out = new Set<string>();
  for (const r of script.responders) {
    if (r.intents.has('wrong_person') || r.intents.has('dont_call')) {
      out.add(r.then === 'goto' && r.target ? r.target : `global ${r.id}`);
    }
  }
  for (const node of script.nodes.values()) {
    if (node.labels.includes('非本人')) out.add(node.id);
    if (node.kind !== 'say') continue;
    for (const ref of node.intentBranches.values()) {
      if (ref.branch.labels.includes('非本人')) out.add(ref.branch.target);
    }
  }
  return out;
}

/** Decides one reply at its node (what the session would do with it as a final utterance). */
export function decideAt(
  script: CompiledScript,
  nodeId: string,
  text: string,
  classifier: IntentClassifier = ruleIntentClassifier,
): { node: CompiledSayNode; decision: Decision } {
  const node = script.nodes.get(nodeId);
  if (!node || node.kind !== 'say') throw new Error(`${script.name}: no listening node ${nodeId}`);
  const u = normalizeUtterance(text);
  return { node, decision: routeReply(script, node, u, classifier.classify(u)) };
}

/**
 * Runs a corpus through the engine. `scripts` maps the corpus' script keys (course, payment) to compiled scripts;
 * `decide` lets a caller put another classifier stage in front (the model-backed one).
 */
export function measureReplies(
  items: readonly LabelledReply[],
  scripts: ReadonlyMap<string, CompiledScript>,
  decide: (script: CompiledScript, item: LabelledReply) => ReplyOutcome = (script, item) => {
    const { node, decision } = decideAt(script, item.node, item.text);
    return outcomeOf(node, decision);
  },
): ReplyAccuracyReport {
  const perKind: Record<string, { correct: number; total: number }> = {};
  const confusion: Record<string, Record<string, number>> = {};
  const misses: ReplyMiss[] = [];
  const wrongEndings: ReplyMiss[] = [];
  const endings = new Map<CompiledScript, Set<string>>();
  let correct = 0;
  for (const item of items) {
    const script = scripts.get(item.script);
    if (!script) throw new Error(`line ${item.line}: unknown script ${item.script}`);
    const actual = decide(script, item);
    const expected = expectedOutcome(script, item);
    const ok = actual.outcome === expected && actual.then === item.then;
    const stat = (perKind[item.kind] ??= { correct: 0, total: 0 });
    stat.total++;
    const row = (confusion[item.kind] ??= {});
    row[actual.kind] = (row[actual.kind] ?? 0) + 1;
    if (ok) {
      correct++;
      stat.correct++;
      continue;
    }
    misses.push({ item, actual });
    let ending = endings.get(script);
    if (!ending) endings.set(script, (ending = callEndingOutcomes(script)));
    if (ending.has(actual.outcome) && !ending.has(expected)) wrongEndings.push({ item, actual });
  }
  const total = items.length;
  return { total, correct, accuracy: total ? correct / total : 0, perKind, confusion, misses, wrongEndings };
}
