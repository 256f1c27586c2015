import type { SessionResult, Turn } from '../robot/index.js';
import type { ConversationSummary, TurnFragment } from '../services/dial/dial-types.js';

/** A robot turn as a 6.4 cdrshow fragment: the robot's line(s), the node title, what the callee said. */
export function toFragment(turn: Turn): TurnFragment {
  const vocfile = turn.segments.find((s) => s.audio)?.audio;
  return {
    caption: turn.robotText,
    title: turn.nodeTitle,
    answer: turn.heard ?? '',
    ...(vocfile !== undefined && { vocfile }),
    score: Math.round(turn.score),
    labelling: turn.labels.join(','),
    is_answer: turn.heard ? 1 : 0,
    outType: turn.match?.kind ?? '',
  };
}

/**
 * What the record keeps of a robot session: grade and reason, the turns as 6.4 fragments, counters
 * (turn_count = recognised callee utterances, asks_count = knowledge answers), the mean match score of the
 * answered turns, labels, the hang-up node, DND requests and the rest as details.
 */
export function summarizeSession(result: SessionResult): ConversationSummary {
  const answered = result.turns.filter((t) => t.heard);
  const score = answered.length
    ? Math.round(answered.reduce((sum, t) => sum + t.score, 0) / answered.length)
    : 0;
  return {
    grade: result.grade,
    gradeReason: result.gradeReason,
    turns: result.turns.map(toFragment),
    turnCount: result.counters.turnCount,
    asksCount: result.counters.asksCount,
    score,
    labels: [...result.labels],
    hangupNode: result.hangupNode?.nodeTitle ?? '',
    transferred: result.hangupCause === 'transfer',
    dndRequests: result.dndRequests.map((d) => ({ reason: d.reason })),
    details: {
      endReason: result.endReason,
      hangupCause: result.hangupCause,
      script: { name: result.scriptName, version: result.scriptVersion },
      counters: result.counters,
      toLearn: result.toLearn,
      knowledgeHits: result.knowledgeHits,
      intents: result.intents,
      reachedNodes: result.reachedNodes,
      ...(result.hangupNode && { hangupNode: result.hangupNode }),
      ...(result.transfer && { transfer: result.transfer }),
      ...(result.errors.length > 0 && { errors: result.errors }),
    },
  };
}
