// End reasons a failed number may be redialed for (§4.6) and the rule for 5.2 failRe (compat-notes "Redial").

/** The `last_result` of an answered call; anything else on a done number is a failure reason. */
export const ANSWERED = 'answered';

/** §4.6: the reasons clients send in `fail_recall_of_reason`. */
export const END_REASONS = [
  '关机',
  '空号',
  '来电提醒',
  '稍后再拨',
  '停机',
  '无法接通',
  '正在通话中',
  '用户正忙',
  '用户拒接',
  '欠费',
  '无人应答',
  '其他',
] as const;

/** Redialing these only burns line reputation: 5.2 failRe never requeues them. */
export const NEVER_REDIAL: readonly string[] = ['空号', '停机'];

/** 5.2 failRe: every §4.6 reason except 空号 and 停机. */
export const FAIL_RE_REASONS: readonly string[] = END_REASONS.filter((r) => !NEVER_REDIAL.includes(r));

/**
 * Splits a client's reason list into known §4.6 reasons (deduplicated, in order) and unknown ones.
 * @example parseReasons(['关机', '关机', 'x']) // { reasons: ['关机'], unknown: ['x'] }
 */
export function parseReasons(input: readonly string[]): { reasons: string[]; unknown: string[] } {
  const known = new Set<string>(END_REASONS);
  const reasons: string[] = [];
  const unknown: string[] = [];
  for (const raw of input) {
    const r = raw.trim();
    if (r === '') continue;
    const bucket = known.has(r) ? reasons : unknown;
    if (!bucket.includes(r)) bucket.push(r);
  }
  return { reasons, unknown };
}
