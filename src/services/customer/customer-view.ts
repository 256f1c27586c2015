// Wire forms of customers: the 6.7.5 list item and the timeline of one customer (extension).
import { formatDateTime } from '../../lib/clock.js';
import type { CustomerRow } from '../../repositories/customer-list.repository.js';
import type { CustomerFields } from '../../repositories/customer.repository.js';

/** One 6.7.5 list item (the reference's response is cut off; fields documented in compat-notes). */
export interface CustomerItem {
  id: number;
  phone: string;
  name: string;
  unit: string;
  address: string;
  remark: string;
  fields: Record<string, string>;
  tags: string[];
  status: string;
  follow_set_id: number;
  auto_ignore: number;
  isPrivate: 0 | 1;
  user_sn: string;
  user_name: string;
  follow_user: { user_sn: string; user_name: string }[];
  call_count: number;
  last_call_at: string;
  last_follow_at: string;
  owned_at: string;
  created_at: string;
  updated_at: string;
}

/** The customer's own columns under their wire names, shared by the 6.7.5 item and the customer push. */
export function customerWireFields(r: CustomerFields) {
  return {
    phone: r.phone,
    name: r.name,
    unit: r.company,
    address: r.address,
    remark: r.remark,
    fields: r.fields,
    tags: r.tags,
    status: r.grade,
    follow_set_id: r.follow_set_id,
  };
}

export function toCustomerItem(r: CustomerRow, timeZone: string): CustomerItem {
  const at = (d: Date | null) => (d ? formatDateTime(new Date(d), timeZone) : '');
  return {
    id: Number(r.id),
    ...customerWireFields(r),
    auto_ignore: r.auto_ignore,
    isPrivate: r.owner_id === null ? 0 : 1,
    user_sn: r.owner_sn ?? '',
    user_name: r.owner_name ?? '',
    follow_user: r.collaborators,
    call_count: Number(r.call_count),
    last_call_at: at(r.last_call_at),
    last_follow_at: at(r.last_follow_at),
    owned_at: at(r.owned_at),
    created_at: at(r.created_at),
    updated_at: at(r.updated_at),
  };
}

/** Labels of the audit trail's actions, as the console shows them. */
export const MOVE_LABELS: Readonly<Record<string, string>> = {
  import: '导入',
  prescreen: 'AI预筛',
  take: '领取',
  give_up: '放弃',
  auto_give_up: '自动放弃',
  transfer: '转让',
  reclassify: '人工分类',
  delete: '删除',
  collaborators: '协同',
};

export interface TimelineEntry {
  type: 'call' | 'note' | 'move';
  at: string;
  [key: string]: unknown;
}

/** Calls, notes and moves in one list, newest first (ties: moves after calls after notes). */
export function mergeTimeline(
  entries: readonly { at: Date; rank: number; entry: Omit<TimelineEntry, 'at'> }[],
  timeZone: string,
): TimelineEntry[] {
  return [...entries]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.rank - b.rank)
    .map((e) => ({ ...e.entry, at: formatDateTime(e.at, timeZone) }) as TimelineEntry);
}
