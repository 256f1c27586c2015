// What the platform's own calls say about numbers: the raw material of the built-in number detector.
import { sql } from 'kysely';
import type { Executor } from './store.js';

/** One number's call history as of a point in time. */
export interface NumberHistory {
  readonly phone: string;
  /** The last call's result text and 6.5 code. */
  readonly lastResult: string;
  readonly lastResultCode: number | null;
  /** Any call graded D (拒绝). */
  readonly refused: boolean;
  readonly answeredEver: boolean;
  /** Calls and answered calls since `since`. */
  readonly recentCalls: number;
  readonly answeredRecently: boolean;
}

export const importHistoryRepository = {
  /**
   * Summarises the team's calls to `phones` up to `asOf` (one grouped scan over the (team, phone, started_at)
   * index for the whole batch). Numbers never called are absent from the result.
   */
  async summarize(
    db: Executor,
    teamId: string,
    phones: readonly string[],
    since: Date,
    asOf: Date,
  ): Promise<NumberHistory[]> {
    if (phones.length === 0) return [];
    const answered = sql`(c.connected_at IS NOT NULL OR c.result = 'answered')`;
    const rows = await sql<{
      phone: string;
      last_result: string;
      last_code: number | null;
      refused: boolean;
      answered_ever: boolean;
      recent_calls: string;
      answered_recently: boolean;
    }>`
      SELECT c.phone,
             (array_agg(c.result ORDER BY c.started_at DESC))[1] AS last_result,
             (array_agg(c.result_code ORDER BY c.started_at DESC))[1] AS last_code,
             bool_or(c.grade = 'D') AS refused,
             bool_or(${answered}) AS answered_ever,
             count(*) FILTER (WHERE c.started_at >= ${since}) AS recent_calls,
             coalesce(bool_or(${answered}) FILTER (WHERE c.started_at >= ${since}), false) AS answered_recently
      FROM call_records c
      WHERE c.team_id = ${teamId} AND c.phone = ANY(${phones}::text[]) AND c.started_at <= ${asOf}
      GROUP BY c.phone`.execute(db);
    return rows.rows.map((r) => ({
      phone: r.phone,
      lastResult: r.last_result,
      lastResultCode: r.last_code,
      refused: r.refused,
      answeredEver: r.answered_ever,
      recentCalls: Number(r.recent_calls),
      answeredRecently: r.answered_recently,
    }));
  },

  /**
   * Numbers the platform itself put on the DND list (the robot's "don't call me again", complaints) — entries
   * not typed in by an operator — whether or not still in force.
   */
  async autoDndPhones(db: Executor, teamId: string, phones: readonly string[], manualSource: string) {
    if (phones.length === 0) return new Set<string>();
    const rows = await db
      .selectFrom('dnd_entries')
      .select('phone')
      .where('team_id', '=', teamId)
      .where('phone', '=', sql<string>`ANY(${phones as string[]}::text[])`)
      .where('source', '<>', manualSource)
      .execute();
    return new Set(rows.map((r) => r.phone));
  },
};
