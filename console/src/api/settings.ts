// Settings (§2–4, §8, §9 and ext): DND list, calling hours, sub-accounts, roles, push destinations and log.
import { call, callRaw, fetchBlob, upload } from './client';

export interface DndItem {
  id: number;
  phone: string;
  name: string | null;
  remark: string;
  term_value: string;
  term_time: string;
  is_auto: string;
  created_at: string;
}
export const listDnd = (phone: string, pageIndex: number, pageSize: number) =>
  callRaw<{ total: number; datas: DndItem[] }>('/api/BlackListListsDataapi', { phone, pageIndex, pageSize });
export const addDnd = (p: { phone: string; term_value: number; remark?: string }) =>
  callRaw<{ msg: string }>('/api/importsExcelapi', p);
export const uploadDnd = (file: File, termValue: number) => {
  const form = new FormData();
  form.append('term_value', String(termValue));
  form.append('upload', file, file.name);
  return upload<{ msg: string }>('/api/importsExcelapi', form);
};
export const deleteDnd = (ids: number[]) =>
  callRaw<{ msg: string; success: number; fail: number }>('/api/BlackListDelete', {
    ids_json: ids.map(String),
  });
export const downloadDnd = () => fetchBlob('/api/downloadBlacklistapi');

export type CallTime = Record<`week${1 | 2 | 3 | 4 | 5 | 6 | 7}` | 'holiday', string> & {
  holiday_status: number;
};
export const getCallTime = () => call<CallTime>('/api/callTimeList');
export const saveCallTime = (t: CallTime) => callRaw<{ msg: string }>('/api/timeSave', t);

export interface SubAccount {
  user_sn: string;
  user_name: string;
  contact: string;
  job: string;
  role_id?: number;
  max_call_count: number;
  last_login_time: string | null;
}
export const listAccounts = (pageIndex: number, pageSize: number) =>
  callRaw<{ total: number; data: SubAccount[] }>('/api/aiUserDatasapi', { pageIndex, pageSize });
export const createAccount = (p: {
  user_name: string;
  contact: string;
  password: string;
  re_password: string;
  role_id: number;
  max_call_count: number;
}) => call<unknown>('/api/aiUserSaveapi', p);
export const deleteAccounts = (names: string[]) =>
  callRaw<{ success_num: number; not_allowed: number; fail_num: number }>('/api/aiUserDeleteapi', {
    pkey: 'user_name',
    entityInstanceId: names,
  });

export interface Role {
  id: number;
  name: string;
  display_name: string;
  description: string;
}
export interface PermissionNode {
  id: number;
  display_name: string;
  parent_id: number;
  checked: number;
}
export const listRoles = () =>
  callRaw<{ total?: number; data: Role[] }>('/api/roleGetapi', { pageSize: 100 });
export const permissionTree = (roleid: number) =>
  callRaw<{ total: number; data: PermissionNode[] }>('/api/getAllPermissionapi', { roleid });
export const createRole = (p: { name: string; description?: string; permission: number[] }) =>
  call<{ id: number }>('/api/doRoleaddapi', p);
export const updateRole = (p: { id: number; description?: string; permission: number[] }) =>
  callRaw('/api/doRoleupdateapi', p);
export const deleteRole = (roleid: number) => callRaw('/api/roleDelapi', { roleid });

export const getCallback = () =>
  call<{ open_callback: number; callback_url: string; task_callback_url: string }>('/ext/push/callback');
export const setCallback = (p: {
  open_callback: number;
  callback_url?: string;
  task_callback_url?: string;
}) => callRaw<{ msg: string }>('/api/setCallback', p);

export interface PushEvent {
  id: number;
  event_id: string;
  kind: string;
  target_url: string;
  status: string;
  attempts: number;
  last_status: number;
  last_error: string;
  created_at: string;
  delivered_at: string;
}
export interface PushAttempt {
  attempt: number;
  attempted_at: string;
  url: string;
  status_code: number;
  latency_ms: number;
  error: string;
  outcome: string;
}
export const pushEvents = (cursor: number, limit = 50) =>
  call<{ list: PushEvent[]; next_cursor: number; has_more: boolean }>('/ext/push/events', { cursor, limit });
export const pushLog = (eventId: string) =>
  call<{ event: PushEvent; attempts: PushAttempt[] }>('/ext/push/log', { event_id: eventId });
export const pushDead = (pageIndex: number, pageSize: number) =>
  call<{ total: number; list: PushEvent[] }>('/ext/push/dead', { pageIndex, pageSize });
export const pushResend = (eventIds: string[]) =>
  call<{ resent: number }>('/ext/push/resend', { event_id: eventIds });
export const pushSettings = () =>
  call<{ signature_header: string; retry: Record<string, unknown> }>('/ext/push/settings');

export const PUSH_KINDS: Record<string, string> = {
  call_record: '通话流水',
  import_result: '导入结果',
  analytics: '数据分析',
  customer: '客户',
  test: '测试',
};
/** What one delivery attempt came to. */
export const PUSH_OUTCOMES: Record<string, string> = {
  delivered: '已送达',
  retry: '失败,将重试',
  dead: '失败,转入死信',
  superseded: '已被更新的数据取代',
};
export const PUSH_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待投递', color: 'processing' },
  delivered: { text: '已送达', color: 'success' },
  dead: { text: '死信', color: 'error' },
  skipped: { text: '已跳过', color: 'default' },
};
