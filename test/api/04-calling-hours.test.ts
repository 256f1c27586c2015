import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import { isCallingAllowed, localDate } from '../../src/services/calling-hours/windows.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg?: string; data?: Record<string, unknown> };

describe('4.3 / 4.4 calling hours', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '时间测试');
  const teamId = (
    await t.app.db.system
      .selectFrom('accounts')
      .select('team_id')
      .where('sn', '=', s.user_sn)
      .executeTakeFirstOrThrow()
  ).team_id;

  it('4.3 returns week1…week7, holiday and holiday_status', async () => {
    const res = await call<Body>(t, s, '/api/callTimeList');
    assert.equal(res.code, 0);
    assert.deepEqual(Object.keys(res.data!).sort(), [
      'holiday',
      'holiday_status',
      'week1',
      'week2',
      'week3',
      'week4',
      'week5',
      'week6',
      'week7',
    ]);
  });

  it('4.4 saves windows and 4.3 reads them back; omitted days keep their value', async () => {
    const saved = await call<Body>(t, s, '/api/timeSave', {
      week1: '08:30-12:00,13:30-20:30',
      week6: '10:00-12:00',
      holiday: '',
      holiday_status: '1',
    });
    assert.equal(saved.code, 0);
    const res = await call<Body>(t, s, '/api/callTimeList');
    assert.equal(res.data!.week1, '08:30-12:00,13:30-20:30');
    assert.equal(res.data!.week6, '10:00-12:00');
    assert.equal(res.data!.week2, '09:00-12:00,13:30-20:00');
  });

  it('refuses malformed, overlapping and too many windows, listing each problem, and writes nothing', async () => {
    const res = await call<Body>(t, s, '/api/timeSave', {
      week1: '25:00-26:00',
      week2: '09:00-12:00,11:00-13:00',
      week3: '01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00',
      week4: '12:00-09:00',
    });
    assert.equal(res.code, 20002);
    for (const key of ['week1', 'week2', 'week3', 'week4']) assert.match(res.msg!, new RegExp(key));
    const after = await call<Body>(t, s, '/api/callTimeList');
    assert.equal(after.data!.week1, '08:30-12:00,13:30-20:30');
  });

  it('answers "may we call now" with holidays and make-up working days', async () => {
    const at = (text: string) => parseDateTime(text, 'Asia/Shanghai')!;
    const hours = t.app.services.callingHours;
    // As the dialer judges it: the team's rules and the statutory calendar of the local day.
    const mayCall = async (zone: string, when: Date) => {
      const day = localDate(when, zone);
      const calendar = await hours.calendar(day, day);
      return isCallingAllowed(await hours.rules(teamId), when, zone, calendar.get(day));
    };
    // Monday 2026-11-23 09:00 — week1 window 08:30-12:00
    assert.equal(await mayCall('Asia/Shanghai', at('2026-11-23 09:00:00')), true);
    assert.equal(await mayCall('Asia/Shanghai', at('2026-11-23 12:30:00')), false);
    // Thursday 2026-10-01 National Day: holiday windows are empty → no calls
    assert.equal(await mayCall('Asia/Shanghai', at('2026-10-01 10:00:00')), false);
    // Saturday 2026-10-10 is a make-up working day (调休): Monday's windows apply
    assert.equal(await mayCall('Asia/Shanghai', at('2026-10-10 09:00:00')), true);
    // An ordinary Sunday: week7 empty
    assert.equal(await mayCall('Asia/Shanghai', at('2026-11-22 10:00:00')), false);
    // The same instant seen from another time zone is judged by that zone's wall clock
    assert.equal(await mayCall('UTC', at('2026-11-23 09:00:00')), false);
  });

  it('loads an updated statutory calendar', async () => {
    const n = await t.app.services.callingHours.loadCalendar([
      { day: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);
    assert.equal(n, 1);
    const cal = await t.app.services.callingHours.calendar('2027-01-01', '2027-01-01');
    assert.equal(cal.get('2027-01-01'), 'holiday');
  });
});
