// A task paused because its SIP trunk stopped answering OPTIONS survives a restart of the server: the wait for
// the line is kept on the task, so the new process opens the line, keeps the task paused while the trunk is
// still dead (a freshly opened line has not been answered yet), and resumes it once an OPTIONS is answered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { TaskStatus } from '../../src/services/task/task-status.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';
import { SIPP_HOST, startSipp, type SippRun } from '../support/sipp.js';
import { testDatabaseUrl } from '../support/test-db.js';

const rtpBase = 48_000 + Math.floor(Math.random() * 50) * 200;
const TRUNK = 'uas-trunk-options-and-calls.xml';

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

describe('a task paused for a dead SIP trunk, across a server restart', async () => {
  const url = await testDatabaseUrl();
  const secrets = new SecretBox(randomBytes(32));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-restart-'));
  /** One server process's application on the shared database (T1 = 50 ms: an OPTIONS times out in 3.2 s). */
  const server = (): App =>
    buildApp({
      config: loadConfig({
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        SIP_BIND_ADDRESS: '127.0.0.1',
        RTP_PORT_MIN: String(rtpBase),
        RTP_PORT_MAX: String(rtpBase + 199),
        SIP_T1_MS: '50',
      }),
      connectionString: url,
      secrets,
    });
  const runs: SippRun[] = [];
  after(() => runs.forEach((p) => p.stop()));
  const first = server();
  let firstStopped = false;
  after(() => (firstStopped ? undefined : first.stop()));
  const tenant = await dialTenant(first, { name: 'SIP重启' });
  const trunk = await startSipp(TRUNK, { calls: 100_000, rtpEcho: true, timeoutS: 300 });
  runs.push(trunk);
  const lineId = await addLine(first.db, tenant.teamId, {
    name: '会断的中继',
    kind: 'sip',
    capacity: 1,
    config: {
      host: SIPP_HOST,
      port: trunk.port,
      callers: ['01088886666'],
      options_interval_s: 1,
      options_failures: 2,
      rtp_timeout_s: 2,
    },
  });
  const task = await addTask(first.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId: await addScript(first.db, tenant.teamId),
    lineId,
    phones: phones(6, '1390001'),
  });

  it('first server: calls go through, the trunk dies, the task is paused waiting for the line', async () => {
    first.dialer.start();
    await until('an answered call', async () =>
      (await recordsOf(first.db, task.id)).some((r) => r.result === 'answered') ? true : undefined,
    );
    trunk.stop();
    const row = await until('the task paused', async () => {
      const r = await taskRow(first.db, task.id);
      return r.status === TaskStatus.paused ? r : undefined;
    });
    assert.match(row.status_reason, /线路「会断的中继」.*线路不可用/);
    assert.equal(row.paused_for_line_id, lineId);
    firstStopped = true;
    await first.stop();
  });

  const second = server();
  after(() => second.stop());

  it('second server, trunk still dead: the line is opened but never answers, the task stays paused', async () => {
    const before = (await recordsOf(second.db, task.id)).length;
    second.dialer.start();
    // Several keep-alive rounds (1 s each, a miss after 3.2 s): a fresh line must not count as answering.
    await new Promise((r) => setTimeout(r, 5_000));
    const row = await taskRow(second.db, task.id);
    assert.equal(row.status, TaskStatus.paused);
    assert.equal(row.paused_for_line_id, lineId);
    assert.equal((await recordsOf(second.db, task.id)).length, before, 'nothing dialled');
  });

  it('the trunk answers OPTIONS again: the restarted server resumes the task and its calls go through', async () => {
    const before = (await recordsOf(second.db, task.id)).length;
    runs.push(await startSipp(TRUNK, { calls: 100_000, rtpEcho: true, timeoutS: 300, port: trunk.port }));
    await until('an answered call after the restart', async () =>
      (await recordsOf(second.db, task.id)).slice(before).some((r) => r.result === 'answered')
        ? true
        : undefined,
    );
    const row = await taskRow(second.db, task.id);
    assert.notEqual(row.status, TaskStatus.paused);
    assert.equal(row.status_reason, '');
    assert.equal(row.paused_for_line_id, null);
    await second.dialer.stop();
  });
});
