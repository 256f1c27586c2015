/*
 * ## Push acknowledgement (what counts as "delivered")
 *
 * Principle: a false "delivered" silently loses data, a false "not delivered" only causes a duplicate, which the
 * reference already tells receivers to tolerate (6.6.1: "duplicate notifications can occur — be idempotent").
 * So acceptance is narrow where the reference defines an answer, and plain HTTP where it defines none.
 *
 * - 6.6.1 call record (`call_record`) and 6.6.2 push test (`test`): delivered only when the status is 2xx AND
 *   the body, after removing a UTF-8 BOM and surrounding whitespace (spaces, tabs, CR/LF) and then at most one
 *   pair of surrounding double quotes (a JSON-encoded string, `"SUCCESS"`), equals `SUCCESS` ignoring case.
 *   Not delivered: `{"code":0}`, `{"msg":"SUCCESS"}`, `OK`, `true`, `1`, an empty body (including 204),
 *   `SUCCESS` followed by anything else, `'SUCCESS'`, and any non-2xx status even with a `SUCCESS` body.
 *   Why case-insensitive: a body that is exactly "success" is as unambiguous as "SUCCESS"; refusing it would
 *   only produce duplicates. Why not JSON objects: `{"code":0}` is many frameworks' default reply to anything,
 *   so it proves nothing about this push, and the reference never accepted it.
 * - 5.7.15 import result (`import_result`) and 7.7 analytics (`analytics`): delivered on any 2xx, whatever the
 *   body. The reference specifies no answer for them, so a receiver built against it may answer anything; one
 *   that reuses its 6.6.1 handler answers `SUCCESS` with 200 and is accepted too. Once a 2xx status line has
 *   arrived the receiver has accepted the push, so a body that is then cut off (over the size cap, timed out,
 *   connection reset) does not make it undelivered — resending would only duplicate.
 */
import { AckRule, PUSH_KINDS, type PushKind } from './push-kind.js';

const BOM = '\uFEFF';

/** The body with BOM, surrounding whitespace and one pair of surrounding double quotes removed. */
function unwrapToken(body: string): string {
  let text = body.startsWith(BOM) ? body.slice(1) : body;
  text = text.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).trim();
  return text;
}

/**
 * True when `body` is the reference's `SUCCESS` acknowledgement (see the rule above).
 * @example isSuccessToken(' "success"\r\n') // true
 */
export function isSuccessToken(body: string): boolean {
  return unwrapToken(body).toUpperCase() === 'SUCCESS';
}

const is2xx = (status: number): boolean => status >= 200 && status <= 299;

/**
 * Whether the receiver acknowledged a push of `kind` by answering `status` with `body` (the response snippet).
 * @example isAcknowledged('call_record', 200, 'SUCCESS') // true
 * @example isAcknowledged('call_record', 200, '{"code":0}') // false
 * @example isAcknowledged('import_result', 204, '') // true
 */
export function isAcknowledged(kind: PushKind, status: number, body: string): boolean {
  if (!is2xx(status)) return false;
  const rule = PUSH_KINDS[kind].ack;
  switch (rule) {
    case AckRule.SuccessToken:
      return isSuccessToken(body);
    case AckRule.Any2xx:
      return true;
  }
}

/** True when the kind's acknowledgement depends on the status line only (body irrelevant). */
export function acknowledgedByStatusAlone(kind: PushKind): boolean {
  return PUSH_KINDS[kind].ack === AckRule.Any2xx;
}
