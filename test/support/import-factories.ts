// Row factories for DB-bound tests: rows inserted directly through the unscoped handle, so a test can set up any
// state without going through the API. Keep them generic; each area adds its own section.
import { randomHex32 } from '../../src/lib/hash.js';
import type { TestApp } from './test-app.js';

// ---------------------------------------------------------------------------------------------------------
// Tenants, scripts, DND entries and call history (used by imports and anything that needs a script).
// ---------------------------------------------------------------------------------------------------------

/** The team and account ids behind a logged-in session. */
export async function sessionIds(
  t: TestApp,
  s: { user_sn: string },
): Promise<{ teamId: string; accountId: string }> {
  const a = await t.app.db.system
    .selectFrom('accounts')
    .select(['id', 'team_id'])
    .where('sn', '=', s.user_sn)
    .executeTakeFirstOrThrow();
  return { teamId: a.team_id, accountId: a.id };
}

/** A script template (话术) with the given import columns; returns its sn (the `project_sn`). */
export async function insertScript(
  t: TestApp,
  teamId: string,
  over: { columns?: string[]; caption?: string; status?: number; deleted?: boolean } = {},
): Promise<{ id: string; sn: string }> {
  const caption = over.caption ?? '测试话术';
  return t.app.db.system
    .insertInto('scripts')
    .values({
      team_id: teamId,
      sn: `projects|${randomHex32()}`,
      name: caption,
      caption,
      question_sn: `q${randomHex32().slice(0, 12)}`,
      columns: JSON.stringify(over.columns ?? ['姓名', '*电话', '地址']),
      definition: '{}',
      status: over.status ?? 1,
      ...(over.deleted ? { deleted_at: new Date() } : {}),
    })
    .returning(['id', 'sn'])
    .executeTakeFirstOrThrow();
}

/** A DND entry; `expiresAt` null = permanent. */
export async function insertDnd(
  t: TestApp,
  teamId: string,
  phone: string,
  over: { expiresAt?: Date | null; source?: string; termValue?: number } = {},
): Promise<string> {
  const r = await t.app.db.system
    .insertInto('dnd_entries')
    .values({
      team_id: teamId,
      phone,
      expires_at: over.expiresAt ?? null,
      term_value: over.termValue ?? 0,
      source: over.source ?? '人工导入',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface CallSpec {
  phone: string;
  result: string;
  startedAt: Date;
  grade?: string;
  resultCode?: number | null;
  answered?: boolean;
}

/** Past calls of the team (not tied to a task): the history imports learn from. */
export async function insertCallHistory(
  t: TestApp,
  teamId: string,
  calls: readonly CallSpec[],
): Promise<void> {
  if (calls.length === 0) return;
  await t.app.db.system
    .insertInto('call_records')
    .values(
      calls.map((c) => ({
        team_id: teamId,
        sn: `account|${randomHex32()}`,
        phone: c.phone,
        result: c.result,
        result_code: c.resultCode ?? null,
        started_at: c.startedAt,
        connected_at: c.answered ? c.startedAt : null,
        grade: c.grade ?? '',
        columns: '{}',
        turns: '[]',
        labels: '[]',
      })),
    )
    .execute();
}

/** A date `days` before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
