import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  FAST_LINE_CONFIG,
  numbersOf,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';
import { originations, startChild } from '../support/dial-process.js';
import { testDatabaseUrl } from '../support/test-db.js';

describe('two dialer processes on one database', async () => {
  const url = await testDatabaseUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-two-'));
  const log = path.join(dir, 'originations.log');
  writeFileSync(log, '');
  const app = buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir }),
    connectionString: url,
    secrets: new SecretBox(randomBytes(32)),
  });
  after(() => app.stop());
  const AI_COUNT = 12;
  const tenant = await dialTenant(app, { aiCount: AI_COUNT });
  await addLine(app.db, tenant.teamId, { capacity: 50, cps: 100, config: FAST_LINE_CONFIG });
  const scriptId = await addScript(app.db, tenant.teamId);
  const tasks = [
    await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      phones: phones(150, '1390000'),
    }),
    await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      phones: phones(150, '1370000'),
    }),
  ];

  it('dials each number-attempt once, shares the work and keeps the team limit across processes', async () => {
    const env = { CHILD_DB_URL: url, CHILD_LOG: log };
    const nodes = await Promise.all([
      startChild({ ...env, CHILD_NODE: 'node-a' }),
      startChild({ ...env, CHILD_NODE: 'node-b' }),
    ]);
    let peak = 0;
    for (let i = 0; i < 1200; i++) {
      const rows = await Promise.all(tasks.map((t) => taskRow(app.db, t.id)));
      if (rows.every((r) => r.status === 1)) break;
      const inProgress = await app.db.system
        .selectFrom('task_numbers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('team_id', '=', tenant.teamId)
        .where('status', '=', 1)
        .executeTakeFirstOrThrow();
      peak = Math.max(peak, Number(inProgress.n));
      await sleep(50);
    }
    for (const child of nodes) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }

    for (const t of tasks) assert.equal((await taskRow(app.db, t.id)).status, 1, 'task finished');
    const log1 = originations(log);
    const keys = log1.map((o) => `${o.id}#${o.seq}`);
    assert.equal(new Set(keys).size, keys.length, 'no number-attempt originated twice');
    assert.equal(new Set(log1.map((o) => o.id)).size, 300, 'every number dialed');
    assert.ok(
      log1.every((o) => o.seq === 1),
      'no attempt needed a second origination',
    );
    const byNode = new Map<string, number>();
    for (const o of log1) byNode.set(o.node, (byNode.get(o.node) ?? 0) + 1);
    assert.ok(
      (byNode.get('node-a') ?? 0) > 20 && (byNode.get('node-b') ?? 0) > 20,
      `both dialed: ${JSON.stringify([...byNode])}`,
    );
    assert.ok(peak <= AI_COUNT, `calls in progress ${peak} ≤ ai_count ${AI_COUNT}`);
    assert.ok(peak >= AI_COUNT / 2, `the limit was actually reached (${peak})`);

    for (const t of tasks) {
      const numbers = await numbersOf(app.db, t.id);
      assert.ok(numbers.every((n) => n.status === 2 && n.dial_seq === 1));
      const records = await recordsOf(app.db, t.id);
      assert.equal(records.length, 150, 'one record per number');
      const row = await taskRow(app.db, t.id);
      assert.equal(row.send_count, 150);
      assert.equal(row.success + row.fail, 150);
      assert.equal(row.success, records.filter((r) => r.result === 'answered').length);
    }
  });
});
