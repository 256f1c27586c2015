// The records page's filters and its list query, apart from the page's code: the console starts the first list
// request as soon as the session is known (menu.tsx `prefetch`), while the page's code is still on its way, and
// the page then finds that request under the same key.
import type { QueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { listRecords, type RecordFilter } from '../../api/records';
import { fmtDateTime, lastDays } from '../../lib/format';

export interface RecordFilterForm {
  range?: [Dayjs, Dayjs];
  namephone?: string;
  tasks?: string[];
  projects?: string[];
  status_search?: 'status' | 'status_manual';
  grades?: string[];
  results?: number[];
  talk_min?: number;
  talk_max?: number;
  turns_min?: number;
  turns_max?: number;
  mark?: string;
}

export interface RecordPage {
  index: number;
  size: number;
}

/** What the page shows first: the last 7 days (the team's days), first page of 20. */
export const FIRST_PAGE: RecordPage = { index: 0, size: 20 };
export const DEFAULT_DAYS = 7;

const nonEmpty = <T>(v: T[] | undefined) => (v && v.length > 0 ? v : undefined);

export function toRecordFilter(v: RecordFilterForm): RecordFilter {
  const [from, to] = v.range ?? lastDays(DEFAULT_DAYS);
  return {
    start_create_at: fmtDateTime(from),
    end_create_at: fmtDateTime(to),
    namephone: v.namephone?.trim() || undefined,
    dial_task_main_sn: nonEmpty(v.tasks),
    project_sn: nonEmpty(v.projects),
    status_search: nonEmpty(v.grades) ? (v.status_search ?? 'status') : undefined,
    status_value: nonEmpty(v.grades),
    hangup_serial_number: nonEmpty(v.results),
    talktimes_min: v.talk_min ?? undefined,
    talktimes_max: v.talk_max ?? undefined,
    turn_count_min: v.turns_min ?? undefined,
    turn_count_max: v.turns_max ?? undefined,
    mark: v.mark?.trim() || undefined,
  };
}

/** Fresh for a while: the page mounting just after the prefetch answered shows that answer, not a second request. */
const FRESH_MS = 30_000;

export const recordsQuery = (filter: RecordFilter, page: RecordPage) => ({
  queryKey: ['records', filter, page] as const,
  queryFn: () => listRecords(filter, page.index, page.size),
  staleTime: FRESH_MS,
});

/** The page's first list request (its default filter, first page); call once the team's time zone is known. */
export function prefetchRecords(client: QueryClient): void {
  void client.prefetchQuery(recordsQuery(toRecordFilter({}), FIRST_PAGE));
}
