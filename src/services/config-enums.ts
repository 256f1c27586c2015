// GET /config enumerations, from the vocabularies' owners: §4.6 end reasons (telephony/call-result.ts) and the
// task state labels (task/task-status.ts).
import { END_REASONS } from '../telephony/call-result.js';
import { TASK_STATUS_LABEL, TaskStatus } from './task/task-status.js';

/** Task states a client filters or shows (未开始 is internal: the reference's lists never show it). */
const LISTED_STATES = [TaskStatus.sending, TaskStatus.finished, TaskStatus.paused, TaskStatus.terminated];

/** @example configEnums().task_status_enum[0] // { name: '发送中', value: 0 } */
export function configEnums() {
  return {
    virtual_extension_endreason_enum: END_REASONS.map((r) => ({ name: r, value: r })),
    task_status_enum: LISTED_STATES.map((s) => ({ name: TASK_STATUS_LABEL[s], value: s })),
    intention_enum: ['A', 'B', 'C', 'D', 'E', 'F'].map((v) => ({ name: v, value: v })),
  };
}
