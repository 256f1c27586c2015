// The 6.6.1 push body of a call record (the same fields as a 6.1 record), built by the hang-up transaction.
// A minimal mapping until the call-record read side provides the shared one (compat-notes "6.6.1 payload").
import { formatDateTime } from '../../lib/clock.js';
import type { NewCallRecord, RecordContextRow } from '../../repositories/dial-outcome.repository.js';

/** The stored record plus what the push needs to name its task, owner, team and script. */
export interface RecordPayloadInput {
  readonly id: string;
  readonly record: NewCallRecord;
  readonly context: RecordContextRow;
}

/**
 * The 6.6.1 / 6.1 record JSON: times as `Y-m-d H:i:s` in the team's time zone, `status` the AI grade,
 * `hangup_serial_number` the 6.5 code.
 * @example callRecordPayload({ id: '12', record, context }).talktimes // 88
 */
export function callRecordPayload({
  id,
  record: r,
  context: c,
}: RecordPayloadInput): Record<string, unknown> {
  const at = (d: Date | null) => (d ? formatDateTime(d, c.timezone) : null);
  const col = (name: string) => r.columns[name] ?? '';
  return {
    id: Number(id),
    sn: r.sn,
    user_sn: c.account_sn,
    user_name: c.user_name,
    parent_sn: c.parent_user_name ?? c.user_name,
    team_sn: c.team_sn,
    team_name: c.team_name,
    created_at: at(r.created_at),
    updated_at: at(r.updated_at),
    name: r.name,
    phone: r.phone,
    address: col('地址'),
    unit: col('公司名称'),
    unit_phone: null,
    project_sn: c.script_sn,
    project_caption: c.script_caption,
    connected_at: at(r.connected_at),
    disconnected_at: at(r.disconnected_at),
    talktimes: r.talktimes,
    status: r.grade,
    status_manual: '',
    source: c.task_name,
    started_at: at(r.started_at),
    operator: c.operator_name ?? c.user_name,
    mark: '',
    is_transfertoagent: r.is_transfer,
    dial_task_main_sn: c.task_sn,
    turn_count: r.turn_count,
    asks_count: r.asks_count,
    score: r.score,
    hangup_serial_number: r.result_code,
    hangup_reason: r.result,
    labels: r.labels.join(','),
    client_info: r.columns,
  };
}
