// End reasons a failed number may be redialed for and the rule for 5.2 failRe (compat-notes "Redial"). One
// vocabulary with the telephony boundary: task_numbers.last_result holds `answered` or a result's Chinese name.
import { CALL_RESULTS, CallResult, END_REASONS } from '../../telephony/call-result.js';

/** The `last_result` of an answered call; anything else on a done number is a failure reason. */
export const ANSWERED: string = CallResult.answered;

export { END_REASONS };

/** Redialing these (空号, 停机) only burns line reputation: 5.2 failRe never requeues them. */
export const NEVER_REDIAL: readonly string[] = [
  ...new Set(
    Object.values(CALL_RESULTS)
      .filter((r) => r.retry === 'never')
      .map((r) => r.name),
  ),
];

/** 5.2 failRe: every end reason except the never-retryable ones. */
export const FAIL_RE_REASONS: readonly string[] = END_REASONS.filter((r) => !NEVER_REDIAL.includes(r));

/**
 * Splits a client's reason list into known end reasons (deduplicated, in order) and unknown ones.
 * @example parseReasons(['关机', '关机', 'x']) // { reasons: ['关机'], unknown: ['x'] }
 */
export function parseReasons(input: readonly string[]): { reasons: string[]; unknown: string[] } {
  const known = new Set<string>(END_REASONS);
  const reasons: string[] = [];
  const unknown: string[] = [];
  for (const raw of input.flatMap((s) => s.split(/[,，、\s]+/))) {
    const r = raw.trim();
    if (r === '') continue;
    const bucket = known.has(r) ? reasons : unknown;
    if (!bucket.includes(r)) bucket.push(r);
  }
  return { reasons, unknown };
}
