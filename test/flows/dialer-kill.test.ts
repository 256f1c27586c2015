import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { testDatabaseUrl } from '../support/test-db.js';
import { originations, startChild } from '../support/dial-process.js';
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
import { randomBytes } from 'node:crypto';

describe('dialer killed mid-dial (SIGKILL)', async () => {
  const url = await testDatabaseUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-kill-'));
  const log = path.join(dir, 'originations.log');
  writeFileSync(log, '');
  const app = buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir }),
    connectionString: url,
    secrets: new SecretBox(randomBytes(32)),
    dialer: {
      node: 'survivor',
      tickMs: 50,
      refreshMs: 200,
      leaseMs: 2000,
      heartbeatMs: 300,
      recoveryMs: 500,
      onOriginate: (n) => writeFileSync(log, `survivor ${n.id} ${n.dialSeq}\n`, { flag: 'a' }),
    },
  });
  after(() => app.stop());
  const tenant = await dialTenant(app, { aiCount: 20 });
  await addLine(app.db, tenant.teamId, { capacity: 20, cps: 40, config: FAST_LINE_CONFIG });
  const scriptId = await addScript(app.db, tenant.teamId);
  const task = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: phones(200),
  });

  it('records attempts in flight as "dialed, outcome unknown", never dials them again, finishes the rest', async () => {
    const child = await startChild({ CHILD_DB_URL: url, CHILD_NODE: 'victim', CHILD_LOG: log });
    const claimedNow = () =>
      app.db.system
        .selectFrom('task_numbers')
        .select('id')
        .where('task_id', '=', task.id)
        .where('status', '=', 1)
        .execute();
    // Generous bounds: on a loaded machine the child may take many seconds to reach 40 originations.
    const killBy = Date.now() + 90_000;
    let killed = false;
    while (Date.now() < killBy && !killed) {
      await sleep(50);
      if (originations(log).length >= 40 && (await claimedNow()).length >= 5) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        killed = true;
      }
    }
    assert.ok(killed, 'the victim reached 40 originations with calls in progress');
    // What the victim held when it died (it may have finished a few calls between the check and the signal) stays
    // claimed: nobody else touches it before the lease runs out.
    const stuck = await claimedNow();
    assert.ok(stuck.length >= 1, 'killed while calls were in progress');
    await sleep(200);
    assert.deepEqual((await claimedNow()).map((n) => n.id).sort(), stuck.map((n) => n.id).sort());

    app.dialer.start(); // recovers expired claims, then dials what is left
    const finishBy = Date.now() + 240_000;
    while (Date.now() < finishBy && (await taskRow(app.db, task.id)).status === 0) await sleep(100);
    await app.dialer.stop();

    const row = await taskRow(app.db, task.id);
    assert.equal(row.status, 1, 'task finished after recovery');
    const log1 = originations(log);
    const keys = log1.map((o) => `${o.id}#${o.seq}`);
    assert.equal(new Set(keys).size, keys.length, 'no number-attempt originated twice');
    assert.ok(
      log1.some((o) => o.node === 'survivor'),
      'the survivor dialed the rest',
    );

    const numbers = await numbersOf(app.db, task.id);
    assert.ok(
      numbers.every((n) => n.status === 2 && n.dial_seq === 1 && n.attempts === 1),
      'each number once',
    );
    const records = await recordsOf(app.db, task.id);
    assert.equal(records.length, 200, 'one record per attempt');
    const unknown = records.filter((r) => (r.details as { outcome?: string }).outcome === 'unknown');
    const stuckIds = new Set(stuck.map((s) => s.id));
    assert.ok(
      unknown.length >= 1 && unknown.length === stuckIds.size,
      'in-flight attempts recorded as unknown',
    );
    for (const r of unknown) {
      assert.ok(stuckIds.has(String(r.task_number_id)));
      assert.equal(r.result, '其他');
      assert.equal(r.result_code, 15);
      assert.equal(r.hangup_by, 'system');
    }
    for (const o of log1) {
      assert.ok(
        records.some((r) => r.task_number_id === o.id && r.dial_seq === o.seq),
        `origination ${o.id}#${o.seq} has its record`,
      );
    }
    assert.equal(row.send_count, 200);
    assert.equal(row.success + row.fail, 200);
  });
});
