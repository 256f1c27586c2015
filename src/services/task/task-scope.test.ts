import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantContext } from '../tenant-context.js';
import { parseTaskKeys, scopeOf } from './task-scope.js';

describe('parseTaskKeys', () => {
  it('tells ids from sns, drops blanks and repeats', () => {
    assert.deepEqual(
      parseTaskKeys(['12', ' dial_task_main_sn|ab ', '', '12', '007']).map((k) => [k.kind, k.value]),
      [
        ['id', '12'],
        ['sn', 'dial_task_main_sn|ab'],
        ['id', '7'],
      ],
    );
  });

  it('treats an over-long digit string as an sn, so it can never overflow a bigint', () => {
    assert.equal(parseTaskKeys(['1'.repeat(30)])[0]?.kind, 'sn');
  });
});

describe('scopeOf', () => {
  const base: TenantContext = {
    teamId: '1',
    teamSn: 'SON|1',
    timezone: 'Asia/Shanghai',
    accountId: '5',
    accountSn: 'SYSUSER|x',
    userName: 'u',
    isMain: true,
    roleId: null,
  };

  it('limits a sub-account to its own tasks and leaves the main account unlimited', () => {
    assert.deepEqual(scopeOf(base), {});
    assert.deepEqual(scopeOf({ ...base, isMain: false }), { visibleTo: '5' });
  });
});
