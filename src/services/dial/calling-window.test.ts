import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindows, type CallTimeRules, type DayKind } from '../calling-hours/windows.js';
import { nextCallingStart } from './calling-window.js';

const w = (t: string) => parseWindows(t) as [number, number][];
const weekday = w('09:00-12:00,13:30-20:00');
const rules: CallTimeRules = {
  week: [[], weekday, weekday, weekday, weekday, weekday, [], []],
  holiday: [],
  holidayStatus: 1,
};
const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const calendar: Record<string, DayKind> = { '2025-01-28': 'holiday', '2025-01-26': 'workday' };
const kindOf = (d: string) => calendar[d];

describe('nextCallingStart', () => {
  it('is now inside a window', () => {
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-06T10:00:00'), TZ, kindOf),
      at('2025-01-06T10:00:00'),
    );
  });

  it('skips the lunch break, the night and the weekend', () => {
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-06T12:30:00'), TZ, kindOf),
      at('2025-01-06T13:30:00'),
    );
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-06T21:00:00'), TZ, kindOf),
      at('2025-01-07T09:00:00'),
    );
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-10T20:00:00'), TZ, kindOf),
      at('2025-01-13T09:00:00'),
    );
  });

  it('uses the holiday calendar: holidays closed, make-up working days open with Monday hours', () => {
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-25T10:00:00'), TZ, kindOf),
      at('2025-01-26T09:00:00'),
    );
    assert.deepEqual(
      nextCallingStart(rules, at('2025-01-27T21:00:00'), TZ, kindOf),
      at('2025-01-29T09:00:00'),
    );
  });

  it('is undefined when no window ever opens', () => {
    const closed: CallTimeRules = { week: [[], [], [], [], [], [], [], []], holiday: [], holidayStatus: 1 };
    assert.equal(nextCallingStart(closed, at('2025-01-06T10:00:00'), TZ, kindOf), undefined);
  });
});
