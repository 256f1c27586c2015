import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { newSubAccount, tenantIds } from '../support/record-factories.js';
import { buildTestApp, newTenant, type Session } from '../support/test-app.js';

type Body = { code: number; msg: string };

describe('6.2 cdrDownload and 6.3 cdrFragmentDownload', async () => {
  const t = await buildTestApp();
  const a = await newTenant(t, '录音A');
  const b = await newTenant(t, '录音B');
  const A = await tenantIds(t, a);
  const B = await tenantIds(t, b);
  const root = path.join(t.dataDir, 'recordings');
  const audio = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

  // Team A: a recording and a segment; team B: a secret; outside: a file no team may read.
  const aDir = path.join(root, A.teamId, '20241022', '0935');
  mkdirSync(path.join(aDir, 'segmental_record'), { recursive: true });
  writeFileSync(path.join(aDir, '20241022093538_zzh_zzh1_ec0f_0637.wav'), audio);
  writeFileSync(path.join(aDir, 'segmental_record', 'subsection_q1_0637_2.wav'), Buffer.from('SEG'));
  mkdirSync(path.join(root, A.teamId, 'dir.wav'));
  const bDir = path.join(root, B.teamId, '20241022');
  mkdirSync(bDir, { recursive: true });
  writeFileSync(path.join(bDir, 'secret.wav'), Buffer.from('B-SECRET'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'aicall-outside-'));
  writeFileSync(path.join(outside, 'outside.wav'), Buffer.from('OUTSIDE'));
  symlinkSync(path.join(outside, 'outside.wav'), path.join(root, A.teamId, 'escape.wav'));
  symlinkSync(path.join(bDir, 'secret.wav'), path.join(root, A.teamId, 'other-team.wav'));
  symlinkSync(outside, path.join(root, A.teamId, 'linkdir'));

  const get = (
    url: string,
    s: Session,
    query: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    t.http.inject({
      method: 'GET',
      url: `${url}?${new URLSearchParams({ user_sn: s.user_sn, api_key: s.api_key, ...query }).toString()}`,
      headers,
    });
  const download = (s: Session, recordpath: string, recordfile: string, headers?: Record<string, string>) =>
    get('/api/cdrDownload', s, { recordpath, recordfile }, headers);
  const refused = async (recordpath: string, recordfile: string, code: number) => {
    const res = await download(a, recordpath, recordfile);
    assert.equal(res.json<Body>().code, code, `${recordpath} ${recordfile}: ${res.body}`);
    assert.ok(!res.body.includes('OUTSIDE') && !res.body.includes('B-SECRET'));
  };

  it('serves a recording named as 6.1 / 6.6.1 show it, and in the reference forms', async () => {
    const file = '/recordings/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav';
    const res = await download(a, '/recordings', file);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'audio/wav');
    assert.equal(res.headers['accept-ranges'], 'bytes');
    assert.deepEqual(res.rawPayload, audio);
    const mnt = await download(
      a,
      '/mnt/record',
      '/mnt/record/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav',
    );
    assert.deepEqual(mnt.rawPayload, audio);
    const old = await download(a, '/home/record', '/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav');
    assert.deepEqual(old.rawPayload, audio);
  });

  it('answers byte ranges for seeking', async () => {
    const file = '/recordings/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav';
    const res = await download(a, '/recordings', file, { range: 'bytes=100-199' });
    assert.equal(res.statusCode, 206);
    assert.equal(res.headers['content-range'], 'bytes 100-199/1000');
    assert.deepEqual(res.rawPayload, audio.subarray(100, 200));
    const past = await download(a, '/recordings', file, { range: 'bytes=5000-' });
    assert.equal(past.statusCode, 416);
  });

  it('a missing file → 40004 in the reference error style', async () => {
    const res = await download(a, '/recordings', '/recordings/20241022/none.wav');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { code: 40004, msg: '录音文件不存在: /recordings/20241022/none.wav' });
    await refused('/recordings', '/recordings/dir.wav', 40004);
  });

  it('path traversal is refused (20002) before touching the disk', async () => {
    await refused('/recordings', '../../etc/passwd.wav', 20002);
    await refused('/recordings', '/recordings/../../x.wav', 20002);
    await refused('/recordings', `/recordings/../${B.teamId}/20241022/secret.wav`, 20002);
    await refused('/mnt/record', '/mnt/record/20241022/../../../../outside.wav', 20002);
    await refused('', '..\\..\\secret.wav', 20002);
    await refused('/recordings', '/etc/passwd', 20002);
    await refused('/recordings', '', 20002);
  });

  it("absolute paths and other teams' paths resolve inside the caller's own directory only", async () => {
    await refused('/recordings', path.join(outside, 'outside.wav'), 40004);
    await refused('/recordings', `/${B.teamId}/20241022/secret.wav`, 40004);
    const theirs = await download(
      b,
      '/recordings',
      '/recordings/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav',
    );
    assert.equal(theirs.json<Body>().code, 40004);
    const own = await download(b, '/recordings', '/recordings/20241022/secret.wav');
    assert.equal(own.body, 'B-SECRET');
  });

  it('symlinks leading out of the team directory are not followed', async () => {
    await refused('/recordings', '/recordings/escape.wav', 40004);
    await refused('/recordings', '/recordings/other-team.wav', 40004);
    await refused('/recordings', '/recordings/linkdir/outside.wav', 40004);
  });

  it('6.3 serves segment recordings with the same rules', async () => {
    const seg = '/recordings/20241022/0935/segmental_record/subsection_q1_0637_2.wav';
    const res = await get('/api/cdrFragmentDownload', a, { recordfile: seg });
    assert.equal(res.body, 'SEG');
    const up = await get('/api/cdrFragmentDownload', a, { recordfile: '/recordings/../x.wav' });
    assert.equal(up.json<Body>().code, 20002);
    const none = await get('/api/cdrFragmentDownload', a, { recordfile: '/recordings/no.wav' });
    assert.equal(none.json<Body>().code, 40004);
  });

  it('needs the public params and the recording permission', async () => {
    const res = await t.http.inject({ method: 'GET', url: '/api/cdrDownload?recordfile=/recordings/x.wav' });
    assert.equal(res.json<Body>().code, 20005);
    const sub = await newSubAccount(t, a, 'rec_agent');
    const file = '/recordings/20241022/0935/20241022093538_zzh_zzh1_ec0f_0637.wav';
    assert.deepEqual((await download(sub, '/recordings', file)).rawPayload, audio, '坐席 holds record.*');
  });
});
