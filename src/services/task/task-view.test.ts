import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentText, toDetailItem } from './task-view.js';

describe('percentText', () => {
  it('renders the answered share with at most two decimals', () => {
    assert.equal(percentText(1, 2), '50%');
    assert.equal(percentText(1, 3), '33.33%');
    assert.equal(percentText(2, 2), '100%');
  });

  it('is 0% when nothing was dialed', () => {
    assert.equal(percentText(0, 0), '0%');
  });
});

describe('toDetailItem', () => {
  const at = new Date('2024-10-08T01:00:00Z');
  const row = {
    id: '9',
    phone: '13800000000',
    columns: { 姓名: '张三', 地址: '深圳' },
    detection: null,
    status: 2,
    attempts: 1,
    next_attempt_at: null,
    last_result: 'answered',
    created_at: at,
    updated_at: at,
  };

  it('names the number, its state and its answered result in Chinese', () => {
    const item = toDetailItem(row, 'Asia/Shanghai');
    assert.equal(item.sn, 'dial_task_detail_sn|9');
    assert.equal(item.detail_type, 1);
    assert.equal(item.name, '张三');
    assert.equal(item.status_name, '已呼叫');
    assert.equal(item.last_result, '已接通');
    assert.equal(item.created_at, '2024-10-08 09:00:00');
  });

  it('passes a failure reason through and shows an unknown status as its code', () => {
    const item = toDetailItem({ ...row, status: 9, last_result: '关机' }, 'Asia/Shanghai');
    assert.equal(item.last_result, '关机');
    assert.equal(item.status_name, '9');
  });
});
