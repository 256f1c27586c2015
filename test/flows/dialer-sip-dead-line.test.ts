// A SIP line whose trunk stops answering: the line's OPTIONS keep-alives time out, it is marked down, the
// dialer pauses its task with the reason and places no call on it, no call is left open; when the trunk
// answers again (sipp back on the same port) the task resumes by itself and its numbers are dialled.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { NumberStatus, TaskStatus } from '../../src/services/task/task-status.js';
import { addScript, addTask, numbersOf, phones, recordsOf, taskRow } from '../support/dial-factories.js';
import { SIPP_HOST, startSipp, type SippRun } from '../support/sipp.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

const rtpBase = 42_000 + Math.floor(Math.random() * 100) * 200;
const TRUNK = 'uas-trunk-options-and-calls.xml';

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

describe('dialer on a SIP line whose trunk dies and comes back (sipp killed, then restarted)', async () => {
  // T1 = 50 ms: a request unanswered for 3.2 s is a time-out (500 ms / 32 s by default).
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + 199),
    SIP_T1_MS: '50',
  });
  const { app } = t;
  const s = await newTenant(t, 'SIP断线');
  const team = await dialSeedRepository.teamBySn(
    app.db.system,
    (s as typeof s & { team_sn: string }).team_sn,
  );
  assert.ok(team);
  await app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  const scriptId = await addScript(app.db, team.team_id);
  const runs: SippRun[] = [];
  after(() => runs.forEach((p) => p.stop()));
  const trunk = await startSipp(TRUNK, { calls: 100_000, rtpEcho: true, timeoutS: 300 });
  runs.push(trunk);
  const created = await call<{ code: number; msg: string; data: { line_id: number } }>(
    t,
    s,
    '/ext/lines/create',
    {
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
    },
  );
  assert.equal(created.code, 0, created.msg);
  const task = await addTask(app.db, team.team_id, {
    accountId: team.account_id,
    scriptId,
    lineId: String(created.data.line_id),
    phones: phones(6, '1390000'),
  });
  after(() => app.dialer.stop());

  let recordsWhileDown = 0;

  it('the trunk answers: calls go through', async () => {
    app.dialer.start();
    await until('an answered call', async () =>
      (await recordsOf(app.db, task.id)).some((r) => r.result === 'answered') ? true : undefined,
    );
  });

  it('the trunk dies: the line is marked down, the task paused with the reason, no call left open', async () => {
    trunk.stop();
    const row = await until('the task paused', async () => {
      const r = await taskRow(app.db, task.id);
      return r.status === TaskStatus.paused ? r : undefined;
    });
    assert.match(row.status_reason, /线路「会断的中继」.*线路不可用.*任务已暂停/);
    await until('no call open', () => Promise.resolve(app.dialer.activeCalls === 0 ? true : undefined));
    // The calls placed before the line was found down ended as line faults and gave their numbers back.
    await until('no number being dialled', async () =>
      (await numbersOf(app.db, task.id)).every((n) => n.status !== NumberStatus.dialing) ? true : undefined,
    );
    recordsWhileDown = (await recordsOf(app.db, task.id)).length;
    assert.ok(
      (await numbersOf(app.db, task.id)).some((n) => n.status === NumberStatus.waiting),
      'numbers are left to dial',
    );
    // Several keep-alive rounds later the line is still down and nothing was dialled on it.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal((await taskRow(app.db, task.id)).status, TaskStatus.paused);
    assert.equal((await recordsOf(app.db, task.id)).length, recordsWhileDown, 'no call placed while down');
    assert.equal(app.dialer.activeCalls, 0);
  });

  it('the trunk answers again: the task resumes by itself, calls go through, no number was burned', async () => {
    const back = await startSipp(TRUNK, { calls: 100_000, rtpEcho: true, timeoutS: 300, port: trunk.port });
    runs.push(back);
    const answered = await until('an answered call after the trunk came back', async () => {
      const records = (await recordsOf(app.db, task.id)).slice(recordsWhileDown);
      return records.find((r) => r.result === 'answered');
    });
    assert.equal(answered.sip_status, 200);
    const row = await taskRow(app.db, task.id);
    assert.notEqual(row.status, TaskStatus.paused);
    assert.equal(row.status_reason, '');
    // Calls that met the dead trunk (INVITE time-outs) are line faults: their numbers wait for a redial.
    const records = await recordsOf(app.db, task.id);
    for (const n of await numbersOf(app.db, task.id)) {
      if (n.status === NumberStatus.done) {
        assert.ok(
          records.some((r) => r.phone === n.phone),
          `${n.phone} done with a record`,
        );
      } else {
        assert.ok(n.status === NumberStatus.waiting || n.status === NumberStatus.dialing, `${n.phone}`);
      }
    }
    await app.dialer.stop();
    assert.equal(app.dialer.activeCalls, 0);
  });
});
