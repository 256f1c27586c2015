import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleCallRecord } from './sample-call-record.js';

describe(sampleCallRecord.name, () => {
  const now = new Date('2025-04-14T02:20:50Z');
  const record = sampleCallRecord({
    teamSn: 'SON',
    teamName: '人工智能客户组',
    userSn: 'SYSUSER|555c',
    userName: 'zzh1',
    parentSn: 'zzh',
    timeZone: 'Asia/Shanghai',
    now,
  });

  it('starts with the fields of the reference 6.6.1 sample, in its order', () => {
    assert.deepEqual(Object.keys(record).slice(0, 19), [
      'id',
      'sn',
      'user_sn',
      'user_name',
      'parent_sn',
      'team_sn',
      'team_name',
      'created_at',
      'updated_at',
      'name',
      'phone',
      'address',
      'unit',
      'unit_phone',
      'project_sn',
      'project_caption',
      'connected_at',
      'disconnected_at',
      'talktimes',
    ]);
  });

  it('is a consistent answered call in the team time zone', () => {
    assert.equal(record.created_at, '2025-04-14 10:20:50');
    assert.equal(record.started_at, '2025-04-14 10:19:10');
    assert.equal(record.connected_at, '2025-04-14 10:19:18');
    assert.equal(record.disconnected_at, '2025-04-14 10:20:46');
    assert.equal(record.talktimes, 88);
    assert.equal(record.user_name, 'zzh1');
    assert.equal(record.parent_sn, 'zzh');
    assert.match(String(record.sn), /^account\|[0-9a-f]{32}$/);
    assert.match(String(record.dial_task_main_sn), /^dial_task_main_sn\|[0-9a-f]{32}$/);
    assert.match(
      String(record.recordfile),
      /^\/mnt\/record\/20250414\/1019\/20250414101910_zzh_zzh1_[0-9a-f-]{36}_8000\.wav$/,
    );
  });
});
