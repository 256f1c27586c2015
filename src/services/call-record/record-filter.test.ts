import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import { resolveFilters } from './record-filter.js';

const TZ = 'Asia/Shanghai';
// 2024-10-08 01:30 in Shanghai (the day before in UTC).
const NOW = new Date('2024-10-07T17:30:00Z');

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : -1;
  }
  return 0;
};

describe('resolveFilters', () => {
  it('no window: today in the team zone', () => {
    const { query } = resolveFilters({}, NOW, TZ);
    assert.equal(query.createdFrom?.toISOString(), '2024-10-07T16:00:00.000Z');
    assert.equal(query.createdBefore?.toISOString(), '2024-10-08T16:00:00.000Z');
  });

  it('no window with updated_at: no creation bound (incremental sync)', () => {
    const { query } = resolveFilters({ updated_at: '2024-10-01 12:00:00' }, NOW, TZ);
    assert.equal(query.createdFrom, undefined);
    assert.equal(query.createdBefore, undefined);
    assert.equal(query.updatedFrom?.toISOString(), '2024-10-01T04:00:00.000Z');
  });

  it('date-only ends cover whole days; date-time ends cover their second', () => {
    const days = resolveFilters(
      { start_create_at: '2024-08-01', end_create_at: '2024-10-08' },
      NOW,
      TZ,
    ).query;
    assert.equal(days.createdFrom?.toISOString(), '2024-07-31T16:00:00.000Z');
    assert.equal(days.createdBefore?.toISOString(), '2024-10-08T16:00:00.000Z');
    const times = resolveFilters(
      { start_create_at: '2024-08-01 00:00:00', end_create_at: '2024-10-08 23:59:59' },
      NOW,
      TZ,
    ).query;
    assert.equal(times.createdBefore?.toISOString(), '2024-10-08T16:00:00.000Z');
    const open = resolveFilters({ start_create_at: '2024-08-01' }, NOW, TZ).query;
    assert.equal(open.createdBefore, undefined);
  });

  it('bad dates, an inverted window, inverted ranges and unknown status_search → 20002', () => {
    assert.equal(
      code(() => resolveFilters({ start_create_at: '2024/08/01' }, NOW, TZ)),
      20002,
    );
    assert.equal(
      code(() => resolveFilters({ updated_at: 'yesterday' }, NOW, TZ)),
      20002,
    );
    assert.equal(
      code(() => resolveFilters({ start_create_at: '2024-10-09', end_create_at: '2024-10-08' }, NOW, TZ)),
      20002,
    );
    assert.equal(
      code(() => resolveFilters({ talktimes_min: 10, talktimes_max: 5 }, NOW, TZ)),
      20002,
    );
    assert.equal(
      code(() => resolveFilters({ status_search: 'grade' }, NOW, TZ)),
      20002,
    );
  });

  it('status_search picks the AI grade or the manual class; status and status_value combine', () => {
    const ai = resolveFilters({ status: ['a', 'B'] }, NOW, TZ).query;
    assert.deepEqual(ai.grades, ['A', 'B']);
    assert.deepEqual(ai.manualStatuses, []);
    const manual = resolveFilters(
      { status_search: 'status_manual', status_value: ['A', 'C'] },
      NOW,
      TZ,
    ).query;
    assert.deepEqual(manual.manualStatuses, ['A', 'C']);
    assert.deepEqual(manual.grades, []);
  });

  it('ids_json mixes numeric ids and sns', () => {
    const q = resolveFilters({ ids_json: ['12', 'account|ab', ' 7 '] }, NOW, TZ).query;
    assert.deepEqual(q.ids, ['12', '7']);
    assert.deepEqual(q.sns, ['account|ab']);
  });

  it('ranges on always-zero fields match everything or nothing', () => {
    assert.equal(resolveFilters({ warning_times_min: 0 }, NOW, TZ).empty, false);
    assert.equal(resolveFilters({ warning_times_min: 1 }, NOW, TZ).empty, true);
    assert.equal(resolveFilters({ fs_intervention_time_max: -1 }, NOW, TZ).empty, true);
    assert.equal(resolveFilters({ qc_status: 1, seating_assistance: 'x' }, NOW, TZ).empty, false);
  });

  it('accepts unix seconds for times', () => {
    const q = resolveFilters({ updated_at: '1727740800' }, NOW, TZ).query;
    assert.equal(q.updatedFrom?.toISOString(), '2024-10-01T00:00:00.000Z');
  });
});
