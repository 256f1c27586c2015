import { randomHex32 } from './hash.js';

/** Prefixes of the reference's typed identifiers (§1.2). */
export const SnPrefix = {
  user: 'SYSUSER',
  project: 'projects',
  task: 'dial_task_main_sn',
  record: 'account',
  ask: 'asks',
  detail: 'dial_task_detail_sn',
} as const;
export type SnKind = keyof typeof SnPrefix;

/**
 * A new typed sn, `<prefix>|<32 hex>`.
 * @example newSn('task') // 'dial_task_main_sn|9f0c…'
 */
export function newSn(kind: SnKind): string {
  return `${SnPrefix[kind]}|${randomHex32()}`;
}
