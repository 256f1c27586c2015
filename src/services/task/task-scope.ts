// Which tasks a caller may see and how task keys are written (compat-notes "Task visibility", "operateTask").
import type { TaskScope } from '../../repositories/task-manage.repository.js';
import type { TenantContext } from '../tenant-context.js';

/** Main accounts see every task of the team; a sub-account sees the tasks it owns or created. */
export function scopeOf(ctx: TenantContext): TaskScope {
  return ctx.isMain ? {} : { visibleTo: ctx.accountId };
}

/** A task key: digits are a `dial_task_main_id`, anything else a `dial_task_main_sn`. */
export type TaskKey = { readonly kind: 'id' | 'sn'; readonly value: string; readonly raw: string };

/**
 * Parses 5.2 `pkeys` items (ids and sns may even be mixed); blanks are dropped, repeats kept once.
 * @example parseTaskKeys(['12', 'dial_task_main_sn|ab']) // [{kind:'id',value:'12'…}, {kind:'sn'…}]
 */
export function parseTaskKeys(raw: readonly string[]): TaskKey[] {
  const seen = new Set<string>();
  const keys: TaskKey[] = [];
  for (const item of raw) {
    const value = item.trim();
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    keys.push({
      kind: /^\d{1,18}$/.test(value) ? 'id' : 'sn',
      value: value.replace(/^0+(?=\d)/, ''),
      raw: value,
    });
  }
  return keys;
}

/** One id for `dial_task_main_id` parameters that may also carry an sn (liberal input). */
export function parseTaskKey(raw: string): TaskKey | undefined {
  return parseTaskKeys([raw])[0];
}
