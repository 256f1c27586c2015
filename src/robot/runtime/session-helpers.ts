// Small pure helpers of the session: call variables as plain strings, per-node counters, end reasons.
import type { EndReason, HangupCauseName } from './session-types.js';

/** Import rows may carry the column caption ("*电话") or non-string cells; lines need plain strings. */
export function cleanVariables(variables: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (variables === null || typeof variables !== 'object') return out;
  for (const [key, value] of Object.entries(variables)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    out[key.replace(/^\*/, '').trim()] = String(value as string | number | boolean);
  }
  return out;
}

/** Counts one more for `key` (no-matches, repeats per node); returns the new count. */
export function bump(map: Map<string, number>, key: string): number {
  const n = (map.get(key) ?? 0) + 1;
  map.set(key, n);
  return n;
}

/**
 * The end reason a hang-up implies when the script itself had not ended the call: a line failure is an error,
 * a call the platform ended (talk-time limit) is the system's; anything else is the callee leaving.
 */
export function endReasonOfHangup(cause: HangupCauseName): EndReason {
  if (cause === 'error') return 'error';
  if (cause === 'system') return 'systemHangup';
  return 'calleeHangup';
}
