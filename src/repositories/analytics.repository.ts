import { sql } from 'kysely';
import type { Executor } from './store.js';
import { fromTaskContext } from './task-context.js';

/** A task as 7.7 `dial_task_main_data` needs it. */
export interface AnalyticsTaskRow {
  id: string;
  sn: string;
  name: string;
  status: number;
  total_count: number;
  send_count: number;
  success: number;
  remark: string;
  started_at: Date | null;
  stoped_at: Date | null;
  project_sn: string | null;
  project_caption: string | null;
  operator_name: string | null;
  owner_name: string | null;
}

/** How unmatched replies are marked inside call_records.turns (see services/call-record/turn-format.ts). */
export interface UnmatchedMarker {
  readonly match: string;
  readonly labelling: string;
}

/** Reads for the 7.7 analytics push, and its per-team bookkeeping in teams.settings. */
export const analyticsRepository = {
  /** System scan: teams with an analytics URL configured, and their settings. */
  teamsWithAnalytics(db: Executor) {
    return db
      .selectFrom('teams')
      .select(['id', 'timezone', 'settings'])
      .where(sql<boolean>`coalesce(settings->>'analytics_url', '') <> ''`)
      .orderBy('id')
      .execute();
  },

  /** The team's settings, row-locked until the transaction ends (one push per team per period, whoever runs it). */
  lockTeam(db: Executor, teamId: string) {
    return db
      .selectFrom('teams')
      .select(['id', 'timezone', 'settings'])
      .where('id', '=', teamId)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Tasks worth reporting: running, or changed or called at or after `since`. */
  tasksToReport(db: Executor, since: Date, limit: number): Promise<AnalyticsTaskRow[]> {
    return fromTaskContext(db)
      .select([
        't.id',
        't.sn',
        't.name',
        't.status',
        't.total_count',
        't.send_count',
        't.success',
        't.remark',
        't.started_at',
        't.stoped_at',
        's.sn as project_sn',
        's.caption as project_caption',
        'op.user_name as operator_name',
        'owner.user_name as owner_name',
      ])
      .where('t.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('t.status', '=', 0),
          eb('t.updated_at', '>=', since),
          eb.exists(
            eb
              .selectFrom('call_records')
              .select(sql`1`.as('one'))
              .whereRef('call_records.task_id', '=', 't.id')
              .where('call_records.created_at', '>=', since),
          ),
        ]),
      )
      .orderBy('t.id')
      .limit(limit)
      .execute();
  },

  /**
   * Answered calls of the task that the callee ended, counted by the node where it happened: the dialer's
   * `hangup_node`, else the title of the call's last turn (null when neither is known).
   */
  async hangUpsByNode(db: Executor, taskId: string): Promise<{ node: string | null; count: number }[]> {
    const node = sql<
      string | null
    >`coalesce(nullif(call_records.hangup_node, ''), nullif(call_records.turns -> -1 ->> 'title', ''))`;
    const rows = await db
      .selectFrom('call_records')
      .select([node.as('node'), (eb) => eb.fn.countAll<string>().as('n')])
      .where('call_records.task_id', '=', taskId)
      .where('call_records.result', '=', 'answered')
      .where('call_records.hangup_by', '=', 'callee')
      .groupBy(node)
      .execute();
    return rows.map((r) => ({ node: r.node, count: Number(r.n) }));
  },

  /** Distinct unmatched callee replies of the task, most recently heard first. */
  async unmatchedReplies(
    db: Executor,
    taskId: string,
    marker: UnmatchedMarker,
    limit: number,
  ): Promise<string[]> {
    const { rows } = await sql<{ answer: string }>`
      SELECT btrim(t->>'answer') AS answer, max(cr.created_at) AS last_at
      FROM call_records cr
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(cr.turns) = 'array' THEN cr.turns ELSE '[]'::jsonb END) AS t
      WHERE cr.task_id = ${taskId}
        AND (t->>'match' = ${marker.match} OR t->>'labelling' = ${marker.labelling})
        AND btrim(coalesce(t->>'answer', '')) <> ''
      GROUP BY 1
      ORDER BY last_at DESC, answer
      LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.answer);
  },
};
