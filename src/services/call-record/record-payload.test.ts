import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallRecordView } from '../../repositories/call-record.repository.js';
import { RECORD_PATH, sampleRecordPayload, toRecordPayload } from './record-payload.js';

const at = (iso: string) => new Date(iso);

function row(over: Partial<CallRecordView> = {}): CallRecordView {
  return {
    id: '1989',
    sn: 'account|42160000000000000000000000000000',
    phone: '15899770637',
    name: '',
    columns: { 姓名: '李四', 地址: '深圳', 公司名称: '某公司', 备注: '老客户', 自定义: 'x' },
    result: 'answered',
    result_code: 1,
    hangup_by: 'callee',
    started_at: at('2025-04-14T02:19:10Z'),
    connected_at: at('2025-04-14T02:19:21Z'),
    disconnected_at: at('2025-04-14T02:20:48Z'),
    talktimes: 88,
    grade: 'B',
    grade_reason: '多轮积极回应',
    status_manual: '',
    turn_count: 5,
    asks_count: 1,
    score: 70,
    labels: ['有意向', '问价格'],
    mark: '',
    recordfile: null,
    sip_status: null,
    sip_reason: '',
    is_transfer: 0,
    area_code: '',
    created_at: at('2025-04-14T02:20:50Z'),
    updated_at: at('2025-04-14T02:20:50Z'),
    account_sn: 'SYSUSER|555c',
    account_user_name: 'zzh1',
    parent_user_name: 'zzh',
    team_sn: 'SON',
    team_name: '人工智能客户组',
    task_sn: 'dial_task_main_sn|abc',
    task_name: '四月回访',
    operator_name: 'zzh',
    project_sn: 'projects|af4a',
    project_caption: 'liuy-转人工测试新',
    ...over,
  };
}

// The documented push sample's keys, in its order, then the fields §3.7 lists after it.
const DOCUMENTED = [
  'id',
  'sn',
  'user_sn',
  'user_name',
  'parent_sn',
  'team_sn',
  'team_name',
  'created_at',
  'updated_at',
  'name',
  'phone',
  'address',
  'unit',
  'unit_phone',
  'project_sn',
  'project_caption',
  'connected_at',
  'disconnected_at',
  'talktimes',
  'status',
  'status_manual',
  'source',
  'started_at',
  'operator',
  'mark',
  'is_transfertoagent',
  'fs_push_screens',
  'pushed_at',
  'listened_at',
  'intervention_at',
  'fs_listen_agent',
  'fs_monitor_change_talk',
  'fs_intervention_time',
  'fs_push_screens_total',
  'actual_push_screens_total',
  'dial_task_main_sn',
  'turn_count',
  'hangup_serial_number',
  'hangup_reason',
  'score',
  'asks_count',
  'area_code',
  'qc_status',
  'warning_times',
  'dynamic_labelling',
  'recordpath',
  'recordfile',
  'grade_reason',
  'intention_reason',
];

describe('toRecordPayload', () => {
  it('reproduces the documented 6.6.1 sample fields in order, times in the team zone', () => {
    const p = toRecordPayload(row(), 'Asia/Shanghai');
    assert.deepEqual(Object.keys(p).slice(0, DOCUMENTED.length), DOCUMENTED);
    assert.equal(p.id, 1989);
    assert.equal(p.created_at, '2025-04-14 10:20:50');
    assert.equal(p.connected_at, '2025-04-14 10:19:21');
    assert.equal(p.disconnected_at, '2025-04-14 10:20:48');
    assert.equal(p.started_at, '2025-04-14 10:19:10');
    assert.equal(p.unit_phone, null);
    assert.equal(p.parent_sn, 'zzh');
    assert.equal(p.source, '四月回访');
    assert.equal(p.project_caption, 'liuy-转人工测试新');
    assert.equal(p.status, 'B');
    assert.equal(p.grade_reason, '多轮积极回应');
    assert.equal(p.intention_reason, '多轮积极回应');
    assert.equal(p.dynamic_labelling, '有意向,问价格');
    assert.equal(p.hangup_serial_number, 1);
    assert.equal(p.hangup_reason, '已接通');
  });

  it('fills name, address, unit and mark from the import columns', () => {
    const p = toRecordPayload(row(), 'Asia/Shanghai');
    assert.deepEqual([p.name, p.address, p.unit, p.mark], ['李四', '深圳', '某公司', '老客户']);
    assert.equal(p.columns['自定义'], 'x');
    const own = toRecordPayload(row({ name: '王五', mark: '已回访' }), 'Asia/Shanghai');
    assert.deepEqual([own.name, own.mark], ['王五', '已回访']);
  });

  it('an unanswered call: null connect times, 6.5 code and name from the end reason', () => {
    const p = toRecordPayload(
      row({ result: '空号', result_code: null, connected_at: null, disconnected_at: null, talktimes: 0 }),
      'UTC',
    );
    assert.equal(p.connected_at, null);
    assert.equal(p.disconnected_at, null);
    assert.equal(p.hangup_serial_number, 3);
    assert.equal(p.hangup_reason, '空号');
    assert.equal(p.started_at, '2025-04-14 02:19:10');
    const unknown = toRecordPayload(row({ result: '奇怪', result_code: null }), 'UTC');
    assert.equal(unknown.hangup_serial_number, 15);
  });

  it('recordpath/recordfile are empty without a recording and virtual when there is one', () => {
    const none = toRecordPayload(row(), 'UTC');
    assert.deepEqual([none.recordpath, none.recordfile], ['', '']);
    const p = toRecordPayload(row({ recordfile: '20250414/1020/a_0637.wav' }), 'UTC');
    assert.equal(p.recordpath, RECORD_PATH);
    assert.equal(p.recordfile, `${RECORD_PATH}/20250414/1020/a_0637.wav`);
  });

  it('a main account record has parent_sn null; missing joins become empty strings', () => {
    const p = toRecordPayload(
      row({
        parent_user_name: null,
        task_sn: null,
        task_name: null,
        project_sn: null,
        project_caption: null,
      }),
      'UTC',
    );
    assert.equal(p.parent_sn, null);
    assert.deepEqual([p.dial_task_main_sn, p.source, p.project_sn, p.project_caption], ['', '', '', '']);
  });

  it('is_transfertoagent reflects the stored flag', () => {
    assert.equal(toRecordPayload(row({ is_transfer: 1 }), 'UTC').is_transfertoagent, 1);
  });
});

describe('sampleRecordPayload', () => {
  it('is a complete record of the asking account, dated at the given time', () => {
    const p = sampleRecordPayload(
      { teamSn: 'SON|1', teamName: '测试组', userSn: 'SYSUSER|x', userName: 'zzh1', parentUserName: 'zzh' },
      at('2024-07-02T07:03:24Z'),
      'Asia/Shanghai',
    );
    assert.deepEqual(Object.keys(p).slice(0, DOCUMENTED.length), DOCUMENTED);
    assert.equal(p.created_at, '2024-07-02 15:03:24');
    assert.equal(p.name, '张三');
    assert.equal(p.team_name, '测试组');
    assert.equal(p.user_name, 'zzh1');
    assert.equal(p.talktimes, 88);
    assert.equal(p.id, 0);
  });
});
