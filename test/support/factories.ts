// Row factories for DB-bound tests: rows inserted directly through the unscoped handle, so a test can set up
// any state without going through the API. Each area keeps its factories in its own section.
import { randomHex32 } from '../../src/lib/hash.js';
import { newSn } from '../../src/lib/sn.js';
import {
  taskCountersRepository,
  type TaskCounters,
} from '../../src/repositories/task-manage-counters.repository.js';
import assert from 'node:assert/strict';
import { call, type Session, type TestApp } from './test-app.js';

// ---------------------------------------------------------------------------------------------------------
// Task management: scripts, tasks, task numbers, call records.
// ---------------------------------------------------------------------------------------------------------

/** The team and account behind a session (or any account sn). */
export interface TaskOwner {
  readonly teamId: string;
  readonly accountId: string;
  readonly accountSn: string;
}

export async function taskOwner(t: TestApp, s: { user_sn: string }): Promise<TaskOwner> {
  const a = await t.app.db.system
    .selectFrom('accounts')
    .select(['id', 'team_id', 'sn'])
    .where('sn', '=', s.user_sn)
    .executeTakeFirstOrThrow();
  return { teamId: a.team_id, accountId: a.id, accountSn: a.sn };
}

export async function insertTaskScript(
  t: TestApp,
  owner: TaskOwner,
  over: { caption?: string } = {},
): Promise<{ id: string; sn: string; caption: string }> {
  const caption = over.caption ?? '测试话术';
  return t.app.db.system
    .insertInto('scripts')
    .values({
      team_id: owner.teamId,
      sn: `projects|${randomHex32()}`,
      name: caption,
      caption,
      question_sn: `asks|${randomHex32()}`,
      definition: '{}',
      columns: '["姓名","*电话"]',
    })
    .returning(['id', 'sn', 'caption'])
    .executeTakeFirstOrThrow();
}

export interface TaskSpec {
  scriptId?: string;
  accountId?: string;
  operatorId?: string | null;
  name?: string;
  status?: number;
  importStatus?: number;
  createdAt?: Date;
  startedAt?: Date | null;
  timedStartedAt?: Date | null;
  batch?: string;
  remark?: string;
  deletedAt?: Date | null;
}

export interface TaskRow {
  readonly id: string;
  readonly sn: string;
  readonly teamId: string;
}

/** A task (default: 未开始, import done, owned and created by `owner`, with a fresh script). */
export async function insertTask(t: TestApp, owner: TaskOwner, spec: TaskSpec = {}): Promise<TaskRow> {
  const scriptId = spec.scriptId ?? (await insertTaskScript(t, owner)).id;
  const row = await t.app.db.system
    .insertInto('tasks')
    .values({
      team_id: owner.teamId,
      sn: newSn('task'),
      account_id: spec.accountId ?? owner.accountId,
      operator_id: spec.operatorId === undefined ? owner.accountId : spec.operatorId,
      script_id: scriptId,
      name: spec.name ?? '测试任务',
      status: spec.status ?? 2,
      import_status: spec.importStatus ?? 2,
      import_percent: 100,
      batch: spec.batch ?? '',
      remark: spec.remark ?? '',
      started_at: spec.startedAt ?? null,
      timed_started_at: spec.timedStartedAt ?? null,
      deleted_at: spec.deletedAt ?? null,
      fail_recall: JSON.stringify({ enabled: false, times: 0, interval: 0, reasons: [] }),
      import_mark: '{}',
      ...(spec.createdAt ? { created_at: spec.createdAt, updated_at: spec.createdAt } : {}),
    })
    .returning(['id', 'sn', 'team_id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, sn: row.sn, teamId: row.team_id };
}

export interface NumberSpec {
  phone?: string;
  status?: number;
  attempts?: number;
  lastResult?: string | null;
  columns?: Record<string, string>;
}

let phoneSeq = 0;

/**
 * Numbers of a task, in order; returns their ids. Then sets the task's counters from them, so the fixture
 * starts consistent (pass `sync: false` to leave the counters alone).
 */
export async function insertTaskNumbers(
  t: TestApp,
  task: TaskRow,
  specs: readonly NumberSpec[] | number,
  opts: { sync?: boolean } = {},
): Promise<string[]> {
  const list: readonly NumberSpec[] =
    typeof specs === 'number' ? Array.from({ length: specs }, () => ({})) : specs;
  if (list.length === 0) return [];
  const rows = await t.app.db.system
    .insertInto('task_numbers')
    .values(
      list.map((n, i) => {
        const phone = n.phone ?? `139${String(++phoneSeq).padStart(8, '0')}`;
        return {
          team_id: task.teamId,
          task_id: task.id,
          phone,
          row_no: i + 1,
          columns: JSON.stringify(n.columns ?? { 姓名: `客户${i + 1}`, 电话: phone }),
          status: n.status ?? 0,
          attempts: n.attempts ?? (n.status === 2 ? 1 : 0),
          last_result: n.lastResult ?? null,
        };
      }),
    )
    .returning('id')
    .execute();
  if (opts.sync !== false) await syncTaskCounters(t, task.id);
  return rows.map((r) => r.id);
}

/** Sets a task's stored counters from its numbers. */
export function syncTaskCounters(t: TestApp, taskId: string): Promise<TaskCounters> {
  return taskCountersRepository.refresh(t.app.db.system, taskId);
}

/** The stored counters next to the recomputed ones, for "incremental = exact" assertions. */
export async function taskCounters(
  t: TestApp,
  taskId: string,
): Promise<{ stored: TaskCounters | undefined; exact: TaskCounters }> {
  return {
    stored: await taskCountersRepository.stored(t.app.db.system, taskId),
    exact: await taskCountersRepository.compute(t.app.db.system, taskId),
  };
}

/** A task row as stored (status, reason, times …). */
export function taskRow(t: TestApp, taskId: string) {
  return t.app.db.system.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
}

/** The statuses of a task's numbers in id order. */
export async function numberStatuses(t: TestApp, taskId: string): Promise<number[]> {
  const rows = await t.app.db.system
    .selectFrom('task_numbers')
    .select('status')
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.status);
}

/** One call record of a task number. */
export async function insertTaskCallRecord(
  t: TestApp,
  task: TaskRow,
  n: { numberId: string; phone: string; result: string; startedAt?: Date },
): Promise<string> {
  const r = await t.app.db.system
    .insertInto('call_records')
    .values({
      team_id: task.teamId,
      sn: newSn('record'),
      task_id: task.id,
      task_number_id: n.numberId,
      phone: n.phone,
      result: n.result,
      started_at: n.startedAt ?? new Date(),
      columns: '{}',
      turns: '[]',
      labels: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Creates a sub-account of `s` with the default agent role (task permissions) and logs in as it. */
export async function agentSession(t: TestApp, s: Session, userName: string): Promise<Session> {
  const role = await t.app.db.system
    .selectFrom('roles')
    .innerJoin('accounts', 'accounts.team_id', 'roles.team_id')
    .select('roles.id')
    .where('accounts.sn', '=', s.user_sn)
    .where('roles.name', '=', '坐席')
    .executeTakeFirstOrThrow();
  const made = await call<{ code: number }>(t, s, '/api/aiUserSaveapi', {
    user_name: userName,
    role_id: Number(role.id),
    contact: userName,
    password: 'secret123',
    re_password: 'secret123',
    max_call_count: 1,
  });
  assert.equal(made.code, 0);
  const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
    username: userName,
    password: 'secret123',
    from: '2',
  });
  return { ...s, user_name: userName, api_key: login.data.api_key, user_sn: login.data.user_sn };
}
