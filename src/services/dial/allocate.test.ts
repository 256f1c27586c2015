import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate, type TaskDemand } from './allocate.js';

const demand = (taskId: string, priority = 0, extra: Partial<TaskDemand> = {}): TaskDemand => ({
  taskId,
  accountId: 'a',
  lineId: 'l',
  priority,
  want: Infinity,
  ...extra,
});

describe('allocate', () => {
  it('serves higher priority first', () => {
    const got = allocate([demand('low', 0), demand('high', 5)], {
      team: 3,
      accounts: new Map(),
      lines: new Map(),
    });
    assert.deepEqual([...got], [['high', 3]]);
  });

  it('shares a tier round-robin starting with the first listed', () => {
    const got = allocate([demand('b'), demand('a'), demand('c')], {
      team: 5,
      accounts: new Map(),
      lines: new Map(),
    });
    assert.deepEqual(Object.fromEntries(got), { b: 2, a: 2, c: 1 });
  });

  it('respects the account and line budgets and gives the rest to others', () => {
    const budgets = {
      team: 10,
      accounts: new Map([['sub', 1]]),
      lines: new Map([
        ['l', 3],
        ['m', 10],
      ]),
    };
    const got = allocate(
      [
        demand('x', 0, { accountId: 'sub', lineId: 'm' }),
        demand('y'),
        demand('z', 0, { lineId: 'm', want: 2 }),
      ],
      budgets,
    );
    assert.deepEqual(Object.fromEntries(got), { x: 1, y: 3, z: 2 });
    assert.deepEqual(
      [budgets.team, budgets.accounts.get('sub'), budgets.lines.get('l'), budgets.lines.get('m')],
      [4, 0, 0, 7],
    );
  });

  it('gives nothing without team room', () => {
    assert.equal(allocate([demand('a')], { team: 0, accounts: new Map(), lines: new Map() }).size, 0);
  });
});
