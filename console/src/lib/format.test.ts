import { afterEach, describe, expect, it } from 'vitest';
import { fmtDateTime, lastDays, setTeamZone } from './format';

describe('date ranges in the team time zone', () => {
  afterEach(() => setTeamZone(undefined));

  it("ends today's range at the end of the team's day, wherever the browser is", () => {
    // 16:30 UTC is already 00:30 of the next day in Shanghai.
    const now = new Date('2026-12-05T16:30:00Z');
    setTeamZone('Asia/Shanghai');
    const [from, to] = lastDays(30, now);
    expect(fmtDateTime(to)).toBe('2026-12-06 23:59:59');
    expect(fmtDateTime(from)).toBe('2026-11-07 00:00:00');
  });

  it('follows a zone west of UTC too', () => {
    const now = new Date('2026-12-05T03:00:00Z');
    setTeamZone('America/New_York');
    const [from, to] = lastDays(1, now);
    expect(fmtDateTime(from)).toBe('2026-12-04 00:00:00');
    expect(fmtDateTime(to)).toBe('2026-12-04 23:59:59');
  });
});
