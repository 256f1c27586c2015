// The reference's call-record JSON (6.1 list items, 6.6.1 hang-up push, 6.6.2 test push): one mapper for all.
// Field names and order follow the documented push sample; see docs/compat-notes.md "Call records".
import { callRecordRepository, type CallRecordView } from '../../repositories/call-record.repository.js';
import type { NewCallRecord, RecordContextRow } from '../../repositories/dial-outcome.repository.js';
import type { Tx } from '../../repositories/store.js';
import { CALL_RESULTS } from '../../telephony/call-result.js';
import { ZoneFormatter } from './zone-formatter.js';

/** The virtual directory shown as `recordpath`; `recordfile` is `<recordpath>/<file>` (see recording-path.ts). */
export const RECORD_PATH = '/recordings';

/** One call record as the reference shows it. */
export interface RecordPayload {
  id: number;
  sn: string;
  user_sn: string;
  user_name: string;
  parent_sn: string | null;
  team_sn: string;
  team_name: string;
  created_at: string;
  updated_at: string;
  name: string;
  phone: string;
  address: string;
  unit: string;
  unit_phone: string | null;
  project_sn: string;
  project_caption: string;
  connected_at: string | null;
  disconnected_at: string | null;
  talktimes: number;
  status: string;
  status_manual: string;
  source: string;
  started_at: string;
  operator: string;
  mark: string;
  is_transfertoagent: number;
  fs_push_screens: number;
  pushed_at: string | null;
  listened_at: string | null;
  intervention_at: string | null;
  fs_listen_agent: string;
  fs_monitor_change_talk: number;
  fs_intervention_time: number;
  fs_push_screens_total: number;
  actual_push_screens_total: number;
  dial_task_main_sn: string;
  turn_count: number;
  hangup_serial_number: number;
  hangup_reason: string;
  score: number;
  asks_count: number;
  area_code: string;
  qc_status: number;
  warning_times: number;
  dynamic_labelling: string;
  recordpath: string;
  recordfile: string;
  /** Extension: why the robot gave `status`. */
  grade_reason: string;
  /** Extension: the same text under the name some white-label builds use. */
  intention_reason: string;
  /** Extension: the number's import columns (姓名, 地址, 公司名称, 备注, custom columns). */
  columns: Record<string, string>;
  /** Extension: when the recording was deleted by the retention period (recordfile is then ''); null if not. */
  recording_deleted_at: string | null;
  /** Extension: the carrier's raw final SIP status (486, 404, 200 …); null for simulated calls. */
  sip_status: number | null;
  /** Extension: its reason phrase as the carrier sent it (or why we ended the call). */
  sip_reason: string;
}

const ANSWERED = CALL_RESULTS.answered;

/** 6.5 code of a record: the stored one, else looked up from the end-reason text; 15 (其他) when unknown. */
function resultCodeOf(row: Pick<CallRecordView, 'result' | 'result_code'>): number {
  if (row.result_code !== null) return row.result_code;
  if (row.result === 'answered') return ANSWERED.code;
  return Object.values(CALL_RESULTS).find((r) => r.name === row.result)?.code ?? CALL_RESULTS.other.code;
}

const col = (columns: Record<string, string>, ...keys: string[]): string => {
  for (const k of keys) {
    const v = columns[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return '';
};

/**
 * Maps one call record (with its task, script, accounts and team) to the reference's record JSON. Used by
 * 6.1 `/api/crmList` and by the dialer for the 6.6.1 hang-up push, so both always carry the same fields.
 * Date-times are `Y-m-d H:i:s` in `timeZone` (the team's); unset times are null; seat-related fields the
 * platform does not have yet (screen pops, listening, barge-in) carry their empty values.
 *
 * Pass a {@link ZoneFormatter} instead of a zone name when mapping many records (it caches zone offsets).
 * Callers holding only record ids use {@link loadRecordPayloads}.
 * @example const list = rows.map((r) => toRecordPayload(r, fmt));
 */
export function toRecordPayload(row: CallRecordView, timeZone: string | ZoneFormatter): RecordPayload {
  const fmt = typeof timeZone === 'string' ? ZoneFormatter.of(timeZone) : timeZone;
  const columns = row.columns !== null && typeof row.columns === 'object' ? row.columns : {};
  const labels = Array.isArray(row.labels) ? row.labels.filter((l) => typeof l === 'string') : [];
  return {
    id: Number(row.id),
    sn: row.sn,
    user_sn: row.account_sn ?? '',
    user_name: row.account_user_name ?? '',
    parent_sn: row.parent_user_name,
    team_sn: row.team_sn,
    team_name: row.team_name,
    created_at: fmt.format(row.created_at),
    updated_at: fmt.format(row.updated_at),
    name: row.name || col(columns, '姓名', 'name'),
    phone: row.phone,
    address: col(columns, '地址', 'address'),
    unit: col(columns, '公司名称', '单位', 'unit'),
    unit_phone: null,
    project_sn: row.project_sn ?? '',
    project_caption: row.project_caption ?? '',
    connected_at: fmt.formatOrNull(row.connected_at),
    disconnected_at: fmt.formatOrNull(row.disconnected_at),
    talktimes: row.talktimes,
    status: row.grade,
    status_manual: row.status_manual,
    source: row.task_name ?? '',
    started_at: fmt.format(row.started_at),
    operator: row.operator_name ?? '',
    mark: row.mark || col(columns, '备注', 'remark'),
    is_transfertoagent: Number(row.is_transfer) === 1 ? 1 : 0,
    fs_push_screens: 0,
    pushed_at: null,
    listened_at: null,
    intervention_at: null,
    fs_listen_agent: '',
    fs_monitor_change_talk: 0,
    fs_intervention_time: 0,
    fs_push_screens_total: 0,
    actual_push_screens_total: 0,
    dial_task_main_sn: row.task_sn ?? '',
    turn_count: row.turn_count,
    hangup_serial_number: resultCodeOf(row),
    hangup_reason: row.result === 'answered' ? ANSWERED.name : row.result,
    score: row.score,
    asks_count: row.asks_count,
    area_code: row.area_code,
    qc_status: 0,
    warning_times: 0,
    dynamic_labelling: labels.join(','),
    recordpath: row.recordfile ? RECORD_PATH : '',
    recordfile: row.recordfile ? `${RECORD_PATH}/${row.recordfile.replace(/^\/+/, '')}` : '',
    grade_reason: row.grade_reason,
    intention_reason: row.grade_reason,
    columns: { ...columns },
    recording_deleted_at: fmt.formatOrNull(row.recording_deleted_at ?? null),
    sip_status: row.sip_status ?? null,
    sip_reason: row.sip_reason ?? '',
  };
}

/**
 * Loads and maps records by id inside the caller's transaction (the dialer calls it in its hang-up
 * transaction, right after writing the record, to build the 6.6.1 push). Unknown ids are left out.
 * @example
 * const [payload] = await loadRecordPayloads(trx, [recordId], team.timezone);
 * if (payload) await enqueuePush(trx, teamId, { kind: PushKind.callRecord,
 *   orderKey: payload.dial_task_main_sn || payload.sn, payload: { ...payload } });
 */
export async function loadRecordPayloads(
  trx: Tx,
  ids: readonly string[],
  timeZone: string,
): Promise<RecordPayload[]> {
  const fmt = ZoneFormatter.of(timeZone);
  return (await callRecordRepository.findViews(trx, ids)).map((row) => toRecordPayload(row, fmt));
}

/** A record the hang-up transaction has just written, with what the database computed for it. */
export interface WrittenRecord {
  readonly id: string;
  /** The stored generated column (fixed-line area code). */
  readonly areaCode: string;
  readonly record: NewCallRecord;
  readonly context: RecordContextRow;
}

/**
 * The view of a record the hang-up transaction has just written, built from what it holds (no read back, so
 * the push costs no query): the same values {@link callRecordRepository.findViews} would return.
 */
export function writtenRecordView({ id, areaCode, record: r, context: c }: WrittenRecord): CallRecordView {
  return {
    id,
    sn: r.sn,
    phone: r.phone,
    name: r.name,
    columns: r.columns,
    result: r.result,
    result_code: r.result_code,
    hangup_by: r.hangup_by,
    started_at: r.started_at,
    connected_at: r.connected_at,
    disconnected_at: r.disconnected_at,
    talktimes: r.talktimes,
    grade: r.grade,
    grade_reason: r.grade_reason,
    status_manual: '',
    turn_count: r.turn_count,
    asks_count: r.asks_count,
    score: r.score,
    labels: r.labels,
    mark: '',
    recordfile: r.recordfile,
    sip_status: r.sip_status,
    sip_reason: r.sip_reason,
    is_transfer: r.is_transfer,
    area_code: areaCode,
    created_at: r.created_at,
    updated_at: r.updated_at,
    account_sn: c.account_sn,
    account_user_name: c.user_name,
    parent_user_name: c.parent_user_name,
    team_sn: c.team_sn,
    team_name: c.team_name,
    task_sn: c.task_sn,
    task_name: c.task_name,
    operator_name: c.operator_name,
    project_sn: c.script_sn,
    project_caption: c.script_caption,
  };
}

/** Who the 6.6.2 sample record belongs to: the team and account asking for the test push. */
export interface SampleOwner {
  readonly teamSn: string;
  readonly teamName: string;
  readonly userSn: string;
  readonly userName: string;
  /** The parent account's user name; null for a main account. */
  readonly parentUserName: string | null;
}

/**
 * 6.6.2 推送测试报文: a complete, realistic record for testing a receiver, dated `at`. Its sn and id are fixed
 * (`id` 0 never names a real record) so a receiver can recognise and discard it.
 * @example sampleRecordPayload(owner, clock.now(), ctx.timezone).phone // '13800138000'
 */
export function sampleRecordPayload(owner: SampleOwner, at: Date, timeZone: string): RecordPayload {
  const ms = at.getTime();
  const row: CallRecordView = {
    id: '0',
    sn: 'account|00000000000000000000000000000000',
    phone: '13800138000',
    name: '张三',
    columns: { 姓名: '张三', 地址: '上海市浦东新区', 公司名称: '示例公司', 备注: '推送测试' },
    result: 'answered',
    result_code: ANSWERED.code,
    hangup_by: 'callee',
    started_at: new Date(ms - 98_000),
    connected_at: new Date(ms - 90_000),
    disconnected_at: new Date(ms - 2_000),
    talktimes: 88,
    grade: 'A',
    grade_reason: '客户明确表示有意向',
    status_manual: '',
    turn_count: 4,
    asks_count: 1,
    score: 90,
    labels: ['有意向'],
    mark: '',
    recordfile: null,
    sip_status: null,
    sip_reason: '',
    is_transfer: 0,
    area_code: '',
    created_at: at,
    updated_at: at,
    account_sn: owner.userSn,
    account_user_name: owner.userName,
    parent_user_name: owner.parentUserName,
    team_sn: owner.teamSn,
    team_name: owner.teamName,
    task_sn: 'dial_task_main_sn|00000000000000000000000000000000',
    task_name: '推送测试任务',
    operator_name: owner.userName,
    project_sn: 'projects|00000000000000000000000000000000',
    project_caption: '推送测试话术',
  };
  return toRecordPayload(row, timeZone);
}
