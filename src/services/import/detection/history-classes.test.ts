import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NumberHistory } from '../../../repositories/import-history.repository.js';
import { classifyHistory } from './history-classes.js';

const base: NumberHistory = {
  phone: '13800138000',
  lastResult: 'answered',
  lastResultCode: 1,
  refused: false,
  answeredEver: true,
  recentCalls: 1,
  answeredRecently: true,
};
const rules = { silentMinCalls: 2 };

void describe('classifyHistory', () => {
  void it('uses the last carrier result for 空号 and 停机, by name or code', () => {
    assert.equal(
      classifyHistory({ ...base, lastResult: '空号', lastResultCode: null }, false, rules),
      'kong',
    );
    assert.equal(classifyHistory({ ...base, lastResult: 'vacant', lastResultCode: 3 }, false, rules), 'kong');
    assert.equal(classifyHistory({ ...base, lastResult: '停机', lastResultCode: 4 }, true, rules), 'tingji');
    assert.equal(classifyHistory({ ...base, lastResult: 'x', lastResultCode: 4 }, false, rules), 'tingji');
  });

  void it('marks refusals and platform DND entries as risky', () => {
    assert.equal(classifyHistory({ ...base, refused: true }, false, rules), 'fenxian');
    assert.equal(classifyHistory(base, true, rules), 'fenxian');
  });

  void it('tells silent numbers from live ones', () => {
    const silent = { ...base, lastResult: '无人应答', recentCalls: 3, answeredRecently: false };
    assert.equal(classifyHistory(silent, false, rules), 'chenmo');
    assert.equal(classifyHistory({ ...silent, recentCalls: 1 }, false, rules), 'shi');
    assert.equal(classifyHistory({ ...silent, recentCalls: 1, answeredEver: false }, false, rules), 'kuwu');
    assert.equal(classifyHistory(base, false, rules), 'shi');
  });
});
