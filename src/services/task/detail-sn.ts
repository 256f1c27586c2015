// Task-detail identifiers (5.3 / 5.4 / 5.6 / 5.9). task_numbers has no sn column: the wire sn is derived from
// the row id, so it is stable for the number's life and costs nothing to store (compat-notes "Detail sn").
import { SnPrefix } from '../../lib/sn.js';
import { NumberStatus } from './task-status.js';

/** 5.4 `detail_type`: 1 = a number as imported, 2 = a number in fail-recall (being dialed again). */
export const DetailType = { normal: 1, failRecall: 2 } as const;
export type DetailTypeValue = (typeof DetailType)[keyof typeof DetailType];

/**
 * The wire sn of a task number.
 * @example detailSn('42') // 'dial_task_detail_sn|42'
 */
export function detailSn(id: string | number | bigint): string {
  return `${SnPrefix.detail}|${id}`;
}

/**
 * The task_numbers id in a detail sn, or undefined when the text is not one. Accepts the bare id too
 * (liberal input); ids are bounded to what a bigint holds.
 * @example parseDetailSn('dial_task_detail_sn|42') // '42'
 */
export function parseDetailSn(text: unknown): string | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text > 0 ? String(text) : undefined;
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const bare = t.startsWith(`${SnPrefix.detail}|`) ? t.slice(SnPrefix.detail.length + 1) : t;
  if (!/^[1-9]\d{0,17}$/.test(bare)) return undefined;
  return bare;
}

/**
 * A number is "fail-recall" once it has been dialed and is queued or being dialed again, or has had more than
 * one attempt.
 */
export function detailTypeOf(n: { status: number; attempts: number }): DetailTypeValue {
  const redialing =
    n.status === NumberStatus.recallWaiting ||
    n.attempts >= 2 ||
    (n.attempts >= 1 && (n.status === NumberStatus.waiting || n.status === NumberStatus.dialing));
  return redialing ? DetailType.failRecall : DetailType.normal;
}
