// Tasks (§5): list, operate, create from an upload, import progress and result, numbers, cancel, fail-recall.
import { call, callRaw, fetchBlob, upload } from './client';

export interface Task {
  dial_task_main_id: number;
  dial_task_main_sn: string;
  source: string;
  status: string;
  status_code: number;
  user_name: string;
  created_at: string;
  started_at: string | null;
  total_count: number;
  send_count: number;
  unsend_count: number;
  success: number;
  fail: number;
  percent: string;
  priority: number;
  project_sn: string;
  project_caption: string;
  remark: string;
  /** The task's line id ('' = the team's default line). */
  trunkgroup_sn: string;
}

export interface TaskFilter {
  source?: string;
  status?: number;
  start_create_at?: string;
  end_create_at?: string;
}

export const TASK_STATUS: Record<number, { text: string; color: string }> = {
  0: { text: '发送中', color: 'processing' },
  1: { text: '已发送', color: 'success' },
  2: { text: '未开始', color: 'default' },
  4: { text: '暂停发送', color: 'warning' },
  6: { text: '终止发送', color: 'error' },
};

export const listTasks = (f: TaskFilter, pageIndex: number, pageSize: number) =>
  call<{ total: number; list: Task[] }>('/api/index', { ...f, pageIndex, pageSize });

export type TaskOperation = 'stop' | 'keepOn' | 'end' | 'delete';
export const operateTask = (ids: (string | number)[], oper: TaskOperation) =>
  callRaw<{ msg: string }>('/api/operateTask', { pkeys: ids.map(String), oper });

export interface Project {
  project_sn: string;
  project_name: string;
  project_caption: string;
}
export const listProjects = () => call<Project[]>('/api/getProjects');

export const downloadTemplate = (projectSn: string) =>
  fetchBlob('/api/exportModel', { project_sn: projectSn });

export interface ImportPreview {
  file_type: string;
  encoding: string | null;
  header: string[];
  columns: { key: string; required: boolean; found: boolean }[];
  rows: Record<string, string>[];
}

function fileForm(file: File, fields: Record<string, string | undefined>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
  form.append('upload', file, file.name);
  return form;
}

export const previewImport = async (
  file: File,
  target: { project_sn?: string; dial_task_main_sn?: string },
) => (await upload<{ data: ImportPreview }>('/ext/console/import-preview', fileForm(file, target))).data;

export interface CreateTaskInput {
  project_sn?: string;
  source?: string;
  ai_user_sn?: string;
  dial_task_main_sn?: string;
  is_zidong?: string;
  timed_started_at?: string;
  is_auto_fail_recall?: string;
  total_fail_recall_times?: string;
  fail_recall_interval?: string;
  priority?: string;
  remark?: string;
  /** Line id; absent = the team's default line. */
  trunkgroup_sn?: string;
}

/** 5.7.1: creates the task (or appends, with dial_task_main_sn) and starts the asynchronous import. */
export const createTaskFromFile = async (file: File, input: CreateTaskInput) =>
  (
    await upload<{ data: { dial_task_main_id: number; dial_task_main_sn: string } }>(
      '/api/addExcelOfAsync',
      fileForm(file, input as Record<string, string | undefined>),
    )
  ).data;

export interface ImportStatus {
  status: number;
  desc: string;
  import_percent: string;
  totalCount: number;
}
export const importStatus = (sn: string) =>
  call<ImportStatus>('/api/getImportTaskStatus', { dial_task_main_sn: sn });

export interface ImportCounters {
  totalCount: number;
  successCount: number;
  failCount: number;
  blacklistCount: number;
  repeatCount: number;
  filterCount: number;
  shiCount: number;
  kongCount: number;
  tingjiCount: number;
  kuwuCount: number;
  chenmoCount: number;
  fenxianCount: number;
  chaopinCount: number;
}
export interface ImportInfo {
  status: number;
  desc: string;
  import_percent: number;
  import_mark: ImportCounters | string;
  import_fail_data: Record<string, string>[];
  /** Why each row of import_fail_data was refused, at the same index. */
  import_fail_reasons?: string[];
  import_fail_total: number;
}
export const importInfo = (sn: string, pageSize = 10_000) =>
  call<ImportInfo>('/api/getImportTaskInfo', { dial_task_main_sn: sn, pageSize });

/** 5.7.15 counter names in Chinese, in display order. */
export const COUNTER_LABELS: [keyof ImportCounters, string][] = [
  ['successCount', '成功导入'],
  ['failCount', '格式错误'],
  ['blacklistCount', '防打扰'],
  ['repeatCount', '重复'],
  ['filterCount', '已过滤'],
  ['kongCount', '空号'],
  ['tingjiCount', '停机'],
  ['chenmoCount', '沉默号'],
  ['fenxianCount', '风险号'],
  ['kuwuCount', '库无'],
  ['chaopinCount', '超频'],
];

export interface TaskNumber {
  sn: string;
  detail_type: number;
  phone: string;
  name: string;
  status: number;
  status_name: string;
  call_count: number;
  last_result: string;
  next_call_at: string | null;
}
export const NUMBER_STATUS: Record<number, string> = {
  0: '待呼叫',
  1: '呼叫中',
  2: '已呼叫',
  3: '已停播',
  4: '已过滤',
  5: '等待重呼',
};
export const listNumbers = (
  taskId: number,
  filter: { phone?: string; status?: number },
  pageIndex: number,
  pageSize: number,
) =>
  call<{ total: number; list: TaskNumber[] }>('/api/getDetailsList', {
    dial_task_main_id: String(taskId),
    ...filter,
    pageIndex,
    pageSize,
  });

export const cancelNumbers = (taskSn: string, rows: TaskNumber[]) =>
  callRaw('/api/cancelCall', {
    dial_task_main_sn: taskSn,
    sn: rows.map((r) => r.sn),
    detail_type: rows.map((r) => r.detail_type),
  });

export const failRecall = (p: {
  dial_task_main_sn: string;
  recall_manual: number;
  fail_recall_of_reason: string[];
  task_name?: string;
}) => callRaw<{ msg: string }>('/api/failRecall', p);

export interface CallResultKind {
  id: number;
  name: string;
  retry: 'none' | 'later' | 'never';
}
/** 6.5 call results: the end reasons a failed number can be redialed for (never-retry ones excluded). */
export const listCallResults = () => call<CallResultKind[]>('/ext/callResults');
