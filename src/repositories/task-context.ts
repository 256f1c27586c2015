// The one join of a task with what describes it: its team, owning account and that account's parent, the
// account that created it and its script. The dialer's plan, the hang-up transaction's record context, the task
// views of 5.1/5.2/5.4 and the 7.7 analytics push all read through it, so they name these the same way.
import type { Executor } from './store.js';

/**
 * `tasks as t` joined with `team` (teams), `owner` (the owning account), `parent` (the owner's main account, null
 * for a main account), `op` (the creating operator, null when unknown) and `s` (the script). Every task has a
 * team, an owner and a script (NOT NULL foreign keys), so those joins never drop a task.
 * @example fromTaskContext(db).select(['t.sn', 'owner.user_name', 's.caption']).where('t.id', '=', id)
 */
export function fromTaskContext(db: Executor) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('teams as team', 'team.id', 't.team_id')
    .innerJoin('accounts as owner', 'owner.id', 't.account_id')
    .leftJoin('accounts as parent', 'parent.id', 'owner.parent_id')
    .leftJoin('accounts as op', 'op.id', 't.operator_id')
    .innerJoin('scripts as s', 's.id', 't.script_id');
}
