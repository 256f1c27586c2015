// Row factories for call-record and analytics tests: scripts, tasks and call records inserted directly (the
// dialer writes call records in production), plus a logged-in sub-account.
import { randomHex32 } from '../../src/lib/hash.js';
import { call, type Session, type TestApp } from './test-app.js';

export interface TenantIds {
  readonly teamId: string;
  readonly accountId: string;
}

/** The team and account ids behind a session. */
export async function tenantIds(t: TestApp, s: Pick<Session, 'user_sn'>): Promise<TenantIds> {
  const row = await t.app.db.system
    .selectFrom('accounts')
    .select(['id', 'team_id'])
    .where('sn', '=', s.user_sn)
    .executeTakeFirstOrThrow();
  return { teamId: row.team_id, accountId: row.id };
}

export async function insertScript(t: TestApp, teamId: string, caption = '测试话术') {
  return t.app.db.system
    .insertInto('scripts')
    .values({
      team_id: teamId,
      sn: `projects|${randomHex32()}`,
      name: caption,
      caption,
      question_sn: 'Q1',
      columns: JSON.stringify(['姓名', '*电话', '地址', '公司名称', '备注']),
      definition: '{}',
    })
    .returning(['id', 'sn'])
    .executeTakeFirstOrThrow();
}

export interface TaskInput {
  accountId: string;
  scriptId: string;
  name?: string;
  operatorId?: string;
  status?: number;
  counts?: { total_count: number; send_count: number; success: number };
  startedAt?: Date;
  updatedAt?: Date;
  remark?: string;
}

export async function insertTask(t: TestApp, teamId: string, v: TaskInput) {
  return t.app.db.system
    .insertInto('tasks')
    .values({
      team_id: teamId,
      sn: `dial_task_main_sn|${randomHex32()}`,
      account_id: v.accountId,
      operator_id: v.operatorId ?? v.accountId,
      script_id: v.scriptId,
      name: v.name ?? '测试任务',
      status: v.status ?? 0,
      remark: v.remark ?? '',
      fail_recall: JSON.stringify({ enabled: false, times: 0, interval: 0, reasons: [] }),
      import_mark: '{}',
      ...(v.counts ?? {}),
      started_at: v.startedAt ?? null,
      ...(v.updatedAt ? { updated_at: v.updatedAt } : {}),
    })
    .returning(['id', 'sn'])
    .executeTakeFirstOrThrow();
}

/** A 6.4 turn as the dialer stores it. */
export interface TurnInput {
  caption?: string;
  title?: string;
  answer?: string;
  score?: number;
  labelling?: string;
  is_answer?: number;
  outType?: number;
  vocfile?: string;
  match?: string;
}

export interface RecordInput {
  phone?: string;
  name?: string;
  columns?: Record<string, string>;
  taskId?: string | null;
  accountId?: string | null;
  scriptId?: string | null;
  /** 'answered' (default) or an end reason. */
  result?: string;
  resultCode?: number | null;
  hangupBy?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
  startedAt?: Date;
  connectedAt?: Date | null;
  disconnectedAt?: Date | null;
  talktimes?: number;
  grade?: string;
  gradeReason?: string;
  statusManual?: string;
  turnCount?: number;
  asksCount?: number;
  score?: number;
  turns?: TurnInput[];
  labels?: string[];
  mark?: string;
  recordfile?: string | null;
}

/** Inserts a call record; times default to `createdAt` (default now) as a 60 s answered call. */
export async function insertRecord(t: TestApp, teamId: string, v: RecordInput = {}) {
  const created = v.createdAt ?? new Date();
  const answered = (v.result ?? 'answered') === 'answered';
  return t.app.db.system
    .insertInto('call_records')
    .values({
      team_id: teamId,
      sn: `account|${randomHex32()}`,
      task_id: v.taskId ?? null,
      account_id: v.accountId ?? null,
      script_id: v.scriptId ?? null,
      phone: v.phone ?? '13800000000',
      name: v.name ?? '',
      columns: JSON.stringify(v.columns ?? {}),
      result: v.result ?? 'answered',
      result_code: v.resultCode === undefined ? (answered ? 1 : null) : v.resultCode,
      hangup_by: v.hangupBy === undefined ? (answered ? 'robot' : null) : v.hangupBy,
      started_at: v.startedAt ?? new Date(created.getTime() - 70_000),
      connected_at:
        v.connectedAt === undefined
          ? answered
            ? new Date(created.getTime() - 62_000)
            : null
          : v.connectedAt,
      disconnected_at:
        v.disconnectedAt === undefined
          ? answered
            ? new Date(created.getTime() - 2_000)
            : null
          : v.disconnectedAt,
      talktimes: v.talktimes ?? (answered ? 60 : 0),
      grade: v.grade ?? '',
      grade_reason: v.gradeReason ?? '',
      status_manual: v.statusManual ?? '',
      turn_count: v.turnCount ?? 0,
      asks_count: v.asksCount ?? 0,
      score: v.score ?? 0,
      turns: JSON.stringify(v.turns ?? []),
      labels: JSON.stringify(v.labels ?? []),
      mark: v.mark ?? '',
      recordfile: v.recordfile ?? null,
      created_at: created,
      updated_at: v.updatedAt ?? created,
    })
    .returning(['id', 'sn'])
    .executeTakeFirstOrThrow();
}

/** Creates a sub-account with the team's 坐席 role (records, tasks, scripts, DND) and logs it in. */
export async function newSubAccount(t: TestApp, main: Session, userName: string): Promise<Session> {
  const roles = await call<{ data: { id: number; name: string }[] }>(t, main, '/api/roleGetapi', {
    pageSize: 50,
  });
  const agent = roles.data.find((r) => r.name === '坐席');
  const password = 'secret12';
  const saved = await call<{ code: number }>(t, main, '/api/aiUserSaveapi', {
    user_name: userName,
    contact: userName,
    password,
    re_password: password,
    max_call_count: 1,
    role_id: agent?.id,
  });
  if (saved.code !== 0) throw new Error(`sub-account not created: ${JSON.stringify(saved)}`);
  const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
    username: userName,
    password,
    from: '2',
  });
  return {
    ...main,
    user_name: userName,
    password,
    api_key: login.data.api_key,
    user_sn: login.data.user_sn,
  };
}
