// The built-in detector's rules: what the platform's own call history says about a number (pure, unit-tested).
import type { NumberHistory } from '../../../repositories/import-history.repository.js';
import type { DetectionClassName } from '../import-settings.js';

/** Call results meaning the number does not exist / is cut off (6.5 codes 3 and 4, as name or code). */
const VACANT = new Set(['空号', 'vacant']);
const SUSPENDED = new Set(['停机', 'suspended']);

export interface HistoryRules {
  /** 沉默 needs at least this many calls in the window, none answered. */
  readonly silentMinCalls: number;
}

/**
 * Classifies one number from its history, first rule wins:
 * 1. the last call's carrier result was 空号 → kong, 停机 → tingji (a later answered call would be the last);
 * 2. a call graded D (拒绝) or an entry the platform put on the DND list → fenxian (风险);
 * 3. enough calls in the silence window and none answered → chenmo (沉默);
 * 4. ever answered → shi (实号);
 * 5. otherwise (called, but not enough to judge) → kuwu.
 * Numbers with no history at all are not passed here; they are 库无 too.
 * @example classifyHistory({ lastResult: '空号', … }, false, { silentMinCalls: 2 }) // 'kong'
 */
export function classifyHistory(h: NumberHistory, autoDnd: boolean, rules: HistoryRules): DetectionClassName {
  if (VACANT.has(h.lastResult) || h.lastResultCode === 3) return 'kong';
  if (SUSPENDED.has(h.lastResult) || h.lastResultCode === 4) return 'tingji';
  if (h.refused || autoDnd) return 'fenxian';
  if (h.recentCalls >= rules.silentMinCalls && !h.answeredRecently) return 'chenmo';
  if (h.answeredEver) return 'shi';
  return 'kuwu';
}
