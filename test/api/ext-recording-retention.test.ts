// Recording retention: a team's period (ext /ext/recordingSettings, else RECORDING_RETENTION_DAYS) after which
// the pass deletes a call's recording and its per-turn segments; the record says so (6.1 recordfile '',
// recording_deleted_at set, fenduanluyin ''), 6.2 then answers 40004; newer recordings and other teams stay.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { insertRecord, tenantIds } from '../support/record-factories.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

describe('recording retention', async () => {
  const t = await buildTestApp({ RECORDING_RETENTION_DAYS: '90' });
  const a = await newTenant(t, '保存30天');
  const b = await newTenant(t, '平台默认');

  /** A recorded call `ageDays` old: its recording and one segment on disk. */
  async function recordedCall(s: Session, ageDays: number, name: string) {
    const { teamId } = await tenantIds(t, s);
    const rel = `20250101/1200/${name}_0637.wav`;
    const seg = `20250101/segmental_record/1200/subsection_tts_${name}_0637_1.wav`;
    for (const f of [rel, seg]) {
      const file = path.join(t.dataDir, 'recordings', teamId, f);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, Buffer.alloc(64));
    }
    const r = await insertRecord(t, teamId, {
      createdAt: new Date(Date.now() - ageDays * DAY),
      recordfile: rel,
      turns: [{ caption: '您好', fenduanluyin: `/recordings/${seg}` } as never],
    });
    const files = [rel, seg].map((f) => path.join(t.dataDir, 'recordings', teamId, f));
    return { ...r, rel, files };
  }

  const record = async (app: TestApp, id: string) =>
    app.app.db.system.selectFrom('call_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('the setting: read, set, refused with 20002 when not a whole number of days 0–3650', async () => {
    const read = await call<{ code: number; data: unknown }>(t, a, '/ext/recordingSettings');
    assert.equal(read.code, 0);
    assert.deepEqual(read.data, { retention_days: null, effective_days: 90 });
    for (const bad of ['abc', -1, 3651, 1.5]) {
      const res = await call<{ code: number; msg: string }>(t, a, '/ext/recordingSettings', {
        retention_days: bad,
      });
      assert.equal(res.code, 20002, `${String(bad)}: ${res.msg}`);
      assert.match(res.msg, /retention_days/);
    }
    const set = await call<{ code: number; data: unknown }>(t, a, '/ext/recordingSettings', {
      retention_days: 30,
    });
    assert.equal(set.code, 0);
    assert.deepEqual(set.data, { retention_days: 30, effective_days: 30 });
    const other = await call<{ data: unknown }>(t, b, '/ext/recordingSettings');
    assert.deepEqual(other.data, { retention_days: null, effective_days: 90 }, 'another team is unchanged');
  });

  it('the pass deletes audio past the period, the record says so, 6.2 answers 40004; the rest stays', async () => {
    const oldA = await recordedCall(a, 31, 'oldA');
    const newA = await recordedCall(a, 29, 'newA');
    const oldB = await recordedCall(b, 31, 'oldB'); // team b keeps 90 days (the platform default)
    const ancientB = await recordedCall(b, 91, 'ancientB');

    assert.equal(await t.app.services.recordingRetention.sweep(), 2);

    for (const gone of [oldA, ancientB]) {
      assert.ok(
        gone.files.every((f) => !existsSync(f)),
        `${gone.rel} and its segment deleted`,
      );
      const r = await record(t, gone.id);
      assert.equal(r.recordfile, null);
      assert.ok(r.recording_deleted_at instanceof Date);
      assert.deepEqual(
        (r.turns as { fenduanluyin: string }[]).map((x) => x.fenduanluyin),
        [''],
      );
    }
    for (const kept of [newA, oldB]) {
      assert.ok(
        kept.files.every((f) => existsSync(f)),
        `${kept.rel} kept`,
      );
      assert.equal((await record(t, kept.id)).recording_deleted_at, null);
    }

    const list = await call<{ code: number; data: { list: Record<string, unknown>[] } }>(
      t,
      a,
      '/api/crmList',
      {
        start_create_at: new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10),
        end_create_at: new Date(Date.now() + DAY).toISOString().slice(0, 10),
      },
    );
    assert.equal(list.code, 0);
    const shown = list.data.list.find((x) => x.sn === oldA.sn);
    assert.ok(shown, 'the record is still listed');
    assert.equal(shown.recordfile, '');
    assert.match(String(shown.recording_deleted_at), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(list.data.list.find((x) => x.sn === newA.sn)?.recording_deleted_at, null);

    const query = new URLSearchParams({
      user_sn: a.user_sn,
      api_key: a.api_key,
      recordfile: `/recordings/${oldA.rel}`,
    });
    const dl = await t.http.inject({ method: 'GET', url: `/api/cdrDownload?${query.toString()}` });
    assert.equal(dl.json<{ code: number }>().code, 40004);

    assert.equal(await t.app.services.recordingRetention.sweep(), 0, 'nothing left to delete');
  });

  it('0 keeps recordings forever', async () => {
    await call(t, a, '/ext/recordingSettings', { retention_days: 0 });
    const old = await recordedCall(a, 400, 'forever');
    assert.equal(await t.app.services.recordingRetention.sweep(), 0);
    assert.ok(old.files.every((f) => existsSync(f)));
  });
});
