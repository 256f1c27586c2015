// Call records (§6): the 6.1 list with its filters, 6.4 dialogue, 6.2 recording, manual classification, 6.5 codes.
import { call, fetchBlob } from './client';

export interface CallRecord {
  id: number;
  sn: string;
  user_name: string;
  created_at: string;
  name: string;
  phone: string;
  project_sn: string;
  project_caption: string;
  connected_at: string | null;
  disconnected_at: string | null;
  talktimes: number;
  status: string;
  status_manual: string;
  source: string;
  started_at: string;
  mark: string;
  dial_task_main_sn: string;
  turn_count: number;
  hangup_serial_number: number;
  hangup_reason: string;
  recordpath: string;
  recordfile: string;
  grade_reason: string;
}

/** The 6.1 filters the page offers (names as the reference sends them). */
export interface RecordFilter {
  start_create_at?: string;
  end_create_at?: string;
  phone?: string;
  namephone?: string;
  dial_task_main_sn?: string[];
  project_sn?: string[];
  status_search?: 'status' | 'status_manual';
  status_value?: string[];
  hangup_serial_number?: number[];
  talktimes_min?: number;
  talktimes_max?: number;
  turn_count_min?: number;
  turn_count_max?: number;
  mark?: string;
}

export const listRecords = (f: RecordFilter, pageIndex: number, pageSize: number) =>
  call<{ total: number; list: CallRecord[] }>('/api/crmList', { ...f, pageIndex, pageSize });

export interface DialogueTurn {
  caption: string;
  title: string;
  answer: string;
  fenduanluyin: string;
  is_answer: number;
  labelling: string;
}
export interface RecordDialogue {
  fragment: DialogueTurn[][];
  accounts_sn: string;
  recordpath: string;
  recordfile: string;
}
export const showRecord = (r: Pick<CallRecord, 'sn' | 'connected_at'>) =>
  call<RecordDialogue>('/api/cdrshow', { accounts_sn: r.sn, connected_at: r.connected_at ?? '' });

/** 6.2: the whole recording as a Blob (played from an object URL, so the player can seek freely). */
export const fetchRecording = (r: Pick<CallRecord, 'recordpath' | 'recordfile'>) =>
  fetchBlob('/api/cdrDownload', { recordpath: r.recordpath, recordfile: r.recordfile });

export const classifyRecord = (sn: string, statusManual: string, mark?: string) =>
  call<{ accounts_sn: string; status_manual: string }>('/ext/setStatusManual', {
    accounts_sn: sn,
    status_manual: statusManual,
    mark,
  });

/** Intention grades as the robot gives them (A/B = interested). */
export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const GRADE_COLORS: Record<string, string> = {
  A: 'red',
  B: 'orange',
  C: 'gold',
  D: 'blue',
  E: 'default',
  F: 'default',
};
