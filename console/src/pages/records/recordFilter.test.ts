import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toRecordFilter } from './records-query';

describe('toRecordFilter', () => {
  it('sends only the filters the user gave, grades with the chosen source', () => {
    const f = toRecordFilter({
      range: [dayjs('2026-12-01 00:00:00'), dayjs('2026-12-05 23:59:59')],
      namephone: ' 139 ',
      grades: ['A', 'B'],
      status_search: 'status_manual',
      results: [],
      talk_min: 10,
    });
    expect(f).toEqual({
      start_create_at: '2026-12-01 00:00:00',
      end_create_at: '2026-12-05 23:59:59',
      namephone: '139',
      status_search: 'status_manual',
      status_value: ['A', 'B'],
      talktimes_min: 10,
    });
  });
});
