import { sql } from 'kysely';
import type { Executor } from './store.js';
import { fromTaskContext } from './task-context.js';
import { isFresh, isIndexedDue } from './task-number-predicates.js';

/** A running task with everything the dialer needs to pace it and to describe its calls. */
export interface RunningTaskRow {
  id: string;
  team_id: string;
  sn: string;
  name: string;
  account_id: string;
  script_id: string;
  priority: number;
  line_id: string | null;
  timed_started_at: Date | null;
  fail_recall: unknown;
  import_status: number;
  team_sn: string;
  team_name: string;
  timezone: string;
  ai_count: number;
  settings: Record<string, unknown>;
  account_sn: string;
  user_name: string;
  max_call_count: number;
  parent_user_name: string | null;
  operator_name: string | null;
  script_sn: string | null;
  script_caption: string | null;
  script_status: number | null;
  script_deleted: boolean | null;
  script_version: number | null;
  script_updated_at: Date | null;
}

/** The system reads the dialer plans with: running tasks, scripts, queue depths. */
export const dialPlanRepository = {
  /** Every task in 发送中 (status 0) of every team, with its team, owner and script. */
  runningTasks(db: Executor): Promise<RunningTaskRow[]> {
    return fromTaskContext(db)
      .select([
        't.id',
        't.team_id',
        't.sn',
        't.name',
        't.account_id',
        't.script_id',
        't.priority',
        't.line_id',
        't.timed_started_at',
        't.fail_recall',
        't.import_status',
        'team.sn as team_sn',
        'team.name as team_name',
        'team.timezone',
        'team.ai_count',
        'team.settings',
        'owner.sn as account_sn',
        'owner.user_name',
        'owner.max_call_count',
        'parent.user_name as parent_user_name',
        'op.user_name as operator_name',
        's.sn as script_sn',
        's.caption as script_caption',
        's.status as script_status',
        sql<boolean | null>`s.deleted_at IS NOT NULL`.as('script_deleted'),
        's.version as script_version',
        's.updated_at as script_updated_at',
      ])
      .where('t.status', '=', 0)
      .where('t.deleted_at', 'is', null)
      .orderBy('t.priority', 'desc')
      .orderBy('t.id')
      .execute();
  },

  /** A script's definition (the robot's script JSON). */
  async scriptDefinition(db: Executor, scriptId: string): Promise<unknown> {
    const row = await db
      .selectFrom('scripts')
      .select('definition')
      .where('id', '=', scriptId)
      .executeTakeFirst();
    return row?.definition;
  },

  /** Per task: numbers waiting (status 0) and waiting for a redial (status 5). */
  async queues(
    db: Executor,
    taskIds: readonly string[],
  ): Promise<Map<string, { waiting: number; recall: number }>> {
    const out = new Map<string, { waiting: number; recall: number }>();
    if (taskIds.length === 0) return out;
    const ids = [...taskIds];
    const { rows } = await sql<{ task_id: string; status: number; n: string }>`
      SELECT n.task_id, 0 AS status, count(*) AS n FROM task_numbers n
      WHERE n.task_id = ANY(${ids}::bigint[]) AND ${isFresh('n')} GROUP BY n.task_id
      UNION ALL
      SELECT n.task_id, n.status, count(*) AS n FROM task_numbers n
      WHERE n.task_id = ANY(${ids}::bigint[]) AND n.status IN (0, 5) AND ${isIndexedDue('n')}
      GROUP BY n.task_id, n.status`.execute(db);
    for (const r of rows) {
      const q = out.get(r.task_id) ?? { waiting: 0, recall: 0 };
      if (r.status === 0) q.waiting += Number(r.n);
      else q.recall += Number(r.n);
      out.set(r.task_id, q);
    }
    return out;
  },

  /**
   * Per task: when its earliest redial (status 5) and its earliest put-back number (status 0 with a time)
   * fall due, so claims look for them only when one is due. Each is one index probe.
   */
  async dueHints(
    db: Executor,
    taskIds: readonly string[],
  ): Promise<Map<string, { recallAt: Date | null; deferredAt: Date | null }>> {
    if (taskIds.length === 0) return new Map();
    const { rows } = await sql<{ id: string; recall_at: Date | null; deferred_at: Date | null }>`
      SELECT t.id,
        (SELECT min(n.next_attempt_at) FROM task_numbers n
          WHERE n.task_id = t.id AND n.status = 5 AND ${isIndexedDue('n')}) AS recall_at,
        (SELECT min(n.next_attempt_at) FROM task_numbers n
          WHERE n.task_id = t.id AND n.status = 0 AND n.next_attempt_at IS NOT NULL) AS deferred_at
      FROM unnest(${[...taskIds]}::bigint[]) AS t(id)`.execute(db);
    return new Map(rows.map((r) => [r.id, { recallAt: r.recall_at, deferredAt: r.deferred_at }]));
  },

  /** Tasks in `pausedStatus` that wait for their line to answer again (the dialer paused them), of every team. */
  pausedForLine(db: Executor, pausedStatus: number) {
    return db
      .selectFrom('tasks')
      .select(['id', 'team_id', 'status_reason', 'paused_for_line_id'])
      .where('status', '=', pausedStatus)
      .where('paused_for_line_id', 'is not', null)
      .where('deleted_at', 'is', null)
      .execute();
  },

  /** Holiday-calendar entries between two local dates. */
  holidays(db: Executor, from: string, to: string) {
    return db.selectFrom('holidays').selectAll().where('day', '>=', from).where('day', '<=', to).execute();
  },
};
