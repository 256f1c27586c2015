import { CallResult } from './call-result.js';

/**
 * SIP final responses and Q.850 causes (from a `Reason: Q.850;cause=N` header) → {@link CallResult}.
 *
 * Chinese carriers report most number states through both: the status code is coarse (many switches answer 480
 * for 关机, 无法接通 and 停机 alike), the Q.850 cause is finer, so a known cause wins. Responses that blame our
 * own request or trunk (auth, codecs, malformed requests, 5xx) become `lineError`: they say nothing about the
 * number and count against the line's health instead. Status codes: RFC 3261 §21; cause mapping: RFC 3398 §7.2.
 */
const BY_Q850: ReadonlyMap<number, CallResult> = new Map<number, CallResult>([
  [1, CallResult.vacant], // unallocated (unassigned) number
  [2, CallResult.vacant], // no route to specified transit network
  [3, CallResult.vacant], // no route to destination
  [17, CallResult.busy], // user busy
  [18, CallResult.noAnswer], // no user responding
  [19, CallResult.noAnswer], // no answer from user (user alerted)
  [20, CallResult.poweredOff], // subscriber absent
  [21, CallResult.rejected], // call rejected
  [22, CallResult.vacant], // number changed
  [27, CallResult.unreachable], // destination out of order
  [28, CallResult.vacant], // invalid number format
  [34, CallResult.lineError], // no circuit/channel available
  [38, CallResult.lineError], // network out of order
  [41, CallResult.lineError], // temporary failure
  [42, CallResult.lineError], // switching equipment congestion
  [44, CallResult.lineError], // requested circuit/channel not available
  [47, CallResult.lineError], // resource unavailable
  [50, CallResult.restricted], // requested facility not subscribed
  [55, CallResult.restricted], // incoming calls barred within CUG
  [57, CallResult.restricted], // bearer capability not authorized
  [58, CallResult.lineError], // bearer capability not presently available
  [87, CallResult.restricted], // user not member of CUG
  [88, CallResult.lineError], // incompatible destination
]);

const BY_STATUS: ReadonlyMap<number, CallResult> = new Map<number, CallResult>([
  [403, CallResult.restricted],
  [404, CallResult.vacant],
  [408, CallResult.noAnswer],
  [410, CallResult.vacant],
  // 480 alone: the callee was reached but did not take the call (无人应答); a Q.850 cause refines it.
  [480, CallResult.noAnswer],
  [484, CallResult.vacant],
  [486, CallResult.busy],
  // 487 answers our CANCEL; without more context the ring timed out. A UA that cancelled on the dialer's
  // request (task paused) reports `cancelled` itself.
  [487, CallResult.noAnswer],
  [600, CallResult.busy],
  [603, CallResult.rejected],
  [604, CallResult.vacant],
]);

/** Statuses caused by our request or trunk rather than by the number. */
const LOCAL_FAULTS: ReadonlySet<number> = new Set([
  400, 401, 402, 407, 413, 414, 415, 416, 420, 421, 423, 481, 482, 483, 488, 491, 493, 606,
]);

/**
 * Maps an INVITE's final response to a call result.
 * @param status SIP status code, 200–699.
 * @param q850Cause cause value of a `Reason: Q.850` header, if the response carried one.
 * @example callResultFromSip(480, 20) // 'poweredOff'
 * @example callResultFromSip(503) // 'lineError'
 */
export function callResultFromSip(status: number, q850Cause?: number): CallResult {
  if (!Number.isInteger(status) || status < 200 || status > 699) {
    throw new RangeError(`callResultFromSip: ${status} is not a final SIP status`);
  }
  if (status < 300) return CallResult.answered;
  const byCause = q850Cause === undefined ? undefined : BY_Q850.get(q850Cause);
  if (byCause) return byCause;
  const byStatus = BY_STATUS.get(status);
  if (byStatus) return byStatus;
  if (status >= 500 && status < 600) return CallResult.lineError;
  if (LOCAL_FAULTS.has(status)) return CallResult.lineError;
  return CallResult.other;
}

/**
 * Parses the Q.850 cause out of a SIP `Reason` header value.
 * @example q850CauseOf('Q.850;cause=17;text="User busy"') // 17
 */
export function q850CauseOf(reasonHeader: string | undefined): number | undefined {
  if (!reasonHeader) return undefined;
  const m = /(?:^|,)\s*Q\.850\s*;(?:[^,]*;)?\s*cause\s*=\s*(\d+)/i.exec(reasonHeader);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
