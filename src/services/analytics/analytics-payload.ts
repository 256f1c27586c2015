// 7.7 推送数据分析数据: the payload, field names verbatim from the reference's sample.
import type { AnalyticsTaskRow } from '../../repositories/analytics.repository.js';
import { ZoneFormatter } from '../call-record/zone-formatter.js';

/** One script node where callees hung up. */
export interface HangUpItem {
  hangUpCount: number;
  /** Percent of the task's callee hang-ups (two decimals), so the items add up to ≈100. */
  hangUpRate: number;
  /** Script node title, e.g. "01打招呼+开场白". */
  hangUpName: string;
}

export interface DialTaskMainData {
  dial_task_main_sn: string;
  source: string;
  project_sn: string;
  project_caption: string;
  started_at: string | null;
  stoped_at: string | null;
  status: number;
  total_count: number;
  send_count: number;
  success: number;
  operator: string;
  user_name: string;
  remark: string | null;
}

export interface AnalyticsPayload {
  dial_task_main_data: DialTaskMainData;
  hang_up_data: HangUpItem[];
  out_of_key_data: string[];
}

/**
 * Per-node hang-ups → `hang_up_data`, most hang-ups first. Calls whose node is unknown are left out of both
 * the items and the rate's base.
 * @example hangUpData([{ node: '01开场白', count: 5 }, { node: '02介绍', count: 1 }])[0].hangUpRate // 83.33
 */
export function hangUpData(rows: readonly { node: string | null; count: number }[]): HangUpItem[] {
  const known = rows.filter((r): r is { node: string; count: number } => !!r.node && r.count > 0);
  const total = known.reduce((sum, r) => sum + r.count, 0);
  return known
    .map((r) => ({
      hangUpCount: r.count,
      hangUpRate: Math.round((r.count * 10_000) / total) / 100,
      hangUpName: r.node,
    }))
    .sort((a, b) => b.hangUpCount - a.hangUpCount || a.hangUpName.localeCompare(b.hangUpName));
}

/** A task row → `dial_task_main_data` (times in the team's zone; an empty remark is null as in the sample). */
export function dialTaskMainData(t: AnalyticsTaskRow, fmt: ZoneFormatter): DialTaskMainData {
  return {
    dial_task_main_sn: t.sn,
    source: t.name,
    project_sn: t.project_sn ?? '',
    project_caption: t.project_caption ?? '',
    started_at: fmt.formatOrNull(t.started_at),
    stoped_at: fmt.formatOrNull(t.stoped_at),
    status: t.status,
    total_count: t.total_count,
    send_count: t.send_count,
    success: t.success,
    operator: t.operator_name ?? t.owner_name ?? '',
    user_name: t.owner_name ?? '',
    remark: t.remark === '' ? null : t.remark,
  };
}
