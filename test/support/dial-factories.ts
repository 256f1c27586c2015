// Row factories for dialer tests and the dialer benchmark: a tenant ready to dial, lines, scripts, tasks and
// numbers, inserted directly (the task/import services are not needed to exercise the dialer).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { sql } from 'kysely';
import { buildApp, type App } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import type { Dialer, DialerOptions } from '../../src/dialer/dialer.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { newSn } from '../../src/lib/sn.js';
import type { VirtualClock } from '../../src/lib/virtual-clock.js';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { courseScript, scriptColumns } from '../../src/robot/index.js';
import { testDatabaseUrl } from './test-db.js';

type Db = App['db'];

/** The whole app on a private database with the dialer on `clock` and the given dialer options. */
export async function dialTestApp(clock: VirtualClock, dialer: DialerOptions = {}): Promise<App> {
  const app = buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-dial-')),
      CALLBACK_ALLOWLIST: '127.0.0.0/8',
    }),
    connectionString: await testDatabaseUrl(),
    secrets: new SecretBox(randomBytes(32)),
    clock,
    dialer,
  });
  after(() => app.stop());
  return app;
}

export interface DialTenant {
  readonly teamId: string;
  readonly teamSn: string;
  readonly accountId: string;
  /** The sandbox line the tenant was seeded with. */
  readonly sandboxLineId: string;
  readonly creds: Awaited<ReturnType<App['tenants']['create']>>;
}

/** A tenant whose calling hours are open all day (unless `callTime` is given). */
export async function dialTenant(
  app: App,
  opts: { aiCount?: number; name?: string; callTime?: Record<string, string | number> } = {},
): Promise<DialTenant> {
  const creds = await app.tenants.create({ name: opts.name ?? '外呼测试', aiCount: opts.aiCount ?? 10 });
  const team = await dialSeedRepository.teamBySn(app.db.system, creds.team_sn);
  if (!team) throw new Error('tenant not created');
  await app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  if (opts.callTime) {
    await app.db.system
      .updateTable('call_time_settings')
      .set(opts.callTime)
      .where('team_id', '=', team.team_id)
      .execute();
  }
  const line = await app.db.system
    .selectFrom('lines')
    .select('id')
    .where('team_id', '=', team.team_id)
    .where('sandbox', '=', true)
    .executeTakeFirstOrThrow();
  return {
    teamId: team.team_id,
    teamSn: creds.team_sn,
    accountId: team.account_id,
    sandboxLineId: line.id,
    creds,
  };
}

/** A line (default for the team unless told otherwise). */
export async function addLine(
  db: Db,
  teamId: string,
  l: {
    name?: string;
    kind?: 'simulator' | 'sip';
    capacity?: number;
    cps?: number | null;
    config?: Record<string, unknown>;
    isDefault?: boolean;
  },
): Promise<string> {
  if (l.isDefault !== false) {
    await db.system.updateTable('lines').set({ is_default: false }).where('team_id', '=', teamId).execute();
  }
  const row = await db.system
    .insertInto('lines')
    .values({
      team_id: teamId,
      name: l.name ?? '测试线路',
      kind: l.kind ?? 'simulator',
      capacity: l.capacity ?? 30,
      cps: l.cps ?? null,
      config: JSON.stringify(l.config ?? {}),
      is_default: l.isDefault !== false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addScript(db: Db, teamId: string, definition: unknown = courseScript): Promise<string> {
  const row = await db.system
    .insertInto('scripts')
    .values({
      team_id: teamId,
      sn: newSn('project'),
      name: courseScript.name,
      caption: courseScript.caption,
      question_sn: 'main',
      columns: JSON.stringify(scriptColumns(courseScript)),
      definition: JSON.stringify(definition),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TaskSpec {
  accountId: string;
  scriptId: string;
  name?: string;
  status?: number;
  priority?: number;
  lineId?: string;
  importStatus?: number;
  timedStartedAt?: Date;
  failRecall?: { enabled: boolean; times: number; interval: number; reasons: string[] };
  phones?: readonly string[];
}

/** A task (running by default) with the given numbers. */
export async function addTask(db: Db, teamId: string, spec: TaskSpec): Promise<{ id: string; sn: string }> {
  const phones = spec.phones ?? [];
  const task = await db.system
    .insertInto('tasks')
    .values({
      team_id: teamId,
      sn: newSn('task'),
      name: spec.name ?? '测试任务',
      account_id: spec.accountId,
      operator_id: spec.accountId,
      script_id: spec.scriptId,
      status: spec.status ?? 0,
      priority: spec.priority ?? 0,
      line_id: spec.lineId ?? null,
      import_status: spec.importStatus ?? 2,
      timed_started_at: spec.timedStartedAt ?? null,
      fail_recall: JSON.stringify(spec.failRecall ?? { enabled: false, times: 0, interval: 0, reasons: [] }),
      total_count: phones.length,
    })
    .returning(['id', 'sn'])
    .executeTakeFirstOrThrow();
  if (phones.length > 0) {
    await db.system
      .insertInto('task_numbers')
      .values(
        phones.map((phone, i) => ({
          team_id: teamId,
          task_id: task.id,
          phone,
          row_no: i + 1,
          columns: JSON.stringify({ 姓名: `客户${i + 1}` }),
        })),
      )
      .execute();
  }
  return task;
}

/** `count` numbers generated in the database (`<prefix><seq>`), fast for large lists. */
export async function bulkNumbers(db: Db, teamId: string, taskId: string, count: number, prefix: string) {
  await sql`
    INSERT INTO task_numbers (team_id, task_id, phone, row_no, columns)
    SELECT ${teamId}, ${taskId}, ${prefix} || lpad(g::text, 7, '0'), g, jsonb_build_object('姓名', '客户' || g)
    FROM generate_series(1, ${count}::int) g`.execute(db.system);
  await db.system.updateTable('tasks').set({ total_count: count }).where('id', '=', taskId).execute();
}

/** `n` distinct mobile numbers. */
export const phones = (n: number, prefix = '1380000') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

/** Moves virtual time `ms` in steps, letting the dialer finish its database work after each step. */
export async function drive(clock: VirtualClock, dialer: Dialer, ms: number, stepMs = 200): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    await clock.advance(Math.min(stepMs, ms - t));
    await dialer.quiesce();
  }
}

/** Rows of a table for one task, for assertions. */
export function numbersOf(db: Db, taskId: string) {
  return db.system
    .selectFrom('task_numbers')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}

export function recordsOf(db: Db, taskId: string) {
  return db.system
    .selectFrom('call_records')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}

export function taskRow(db: Db, taskId: string) {
  return db.system.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
}

/** A simulator line that runs calls in about a second of real time (process-level tests). */
export const FAST_LINE_CONFIG = {
  seed: 'fast',
  setupMs: { min: 10, max: 50 },
  asrLatencyMs: { min: 10, max: 30 },
  robotCharMs: 3,
  outcomes: { answered: 0.6, busy: 0.2, vacant: 0.2 },
  timing: {
    answered: { afterMs: { min: 100, max: 400 } },
    busy: { afterMs: { min: 50, max: 200 } },
    vacant: { afterMs: { min: 50, max: 200 } },
  },
  personas: [
    {
      name: 'quick',
      opening: '喂？',
      openingDelayMs: { min: 30, max: 80 },
      pool: ['嗯', '好的', '不需要'],
      charMs: 20,
      replyDelayMs: { min: 30, max: 120 },
      patienceMs: { min: 600, max: 2000 },
    },
  ],
};
