import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZoneFormatter } from '../call-record/zone-formatter.js';
import { dialTaskMainData, hangUpData } from './analytics-payload.js';

describe('hangUpData', () => {
  it('rates are shares of the callee hang-ups with a known node, two decimals, most first', () => {
    const items = hangUpData([
      { node: '02企业介绍', count: 1 },
      { node: '01打招呼+开场白', count: 5 },
      { node: null, count: 4 },
    ]);
    assert.deepEqual(items, [
      { hangUpCount: 5, hangUpRate: 83.33, hangUpName: '01打招呼+开场白' },
      { hangUpCount: 1, hangUpRate: 16.67, hangUpName: '02企业介绍' },
    ]);
    assert.deepEqual(hangUpData([]), []);
  });
});

describe('dialTaskMainData', () => {
  it('has the reference fields, numeric status, null remark when empty', () => {
    const d = dialTaskMainData(
      {
        id: '1',
        sn: 'dial_task_main_sn|x',
        name: '测试任务编号',
        status: 1,
        total_count: 15,
        send_count: 15,
        success: 8,
        remark: '',
        started_at: new Date('2024-01-01T01:00:00Z'),
        stoped_at: null,
        project_sn: 'projects|p',
        project_caption: '话术',
        operator_name: 'test',
        owner_name: 'test',
      },
      new ZoneFormatter('Asia/Shanghai'),
    );
    assert.deepEqual(Object.keys(d), [
      'dial_task_main_sn',
      'source',
      'project_sn',
      'project_caption',
      'started_at',
      'stoped_at',
      'status',
      'total_count',
      'send_count',
      'success',
      'operator',
      'user_name',
      'remark',
    ]);
    assert.equal(d.started_at, '2024-01-01 09:00:00');
    assert.equal(d.stoped_at, null);
    assert.equal(d.remark, null);
    assert.equal(d.status, 1);
  });
});
