// Customer pools (公海/私海, 6.7.x): list with search, take (ext), give up, transfer, collaborators (协同), the
// customer's timeline (calls with recordings, notes, moves) and follow-up notes.
import { call, callRaw } from './client';

export interface Customer {
  id: number;
  phone: string;
  name: string;
  unit: string;
  address: string;
  remark: string;
  tags: string[];
  /** Intention grade A–F of the last graded call. */
  status: string;
  follow_set_id: number;
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

export const SOURCES: Record<number, string> = { 0: 'AI预筛', [-1]: '人工导入', [-2]: '商机导入' };

export interface CustomerSearch {
  namephone?: string;
  status?: string[];
  follow_set_id?: number[];
  updated_at_start?: string;
  updated_at_end?: string;
  tag?: string;
  user_sn?: string;
}

/** 6.7.5: one page of the public (isPrivate 0) or private (1) pool. */
export const listCustomers = (
  isPrivate: 0 | 1,
  search: CustomerSearch,
  pageIndex: number,
  pageSize: number,
) =>
  call<{ total: number; list: Customer[] }>('/api/customerList', {
    isPrivate,
    data: {
      ...search,
      status: search.status?.length ? search.status.join(',') : undefined,
      follow_set_id: search.follow_set_id?.length ? search.follow_set_id.join(',') : undefined,
    },
    pageIndex,
    pageSize,
  });

/** Into the caller's private pool; first come, first served (40009 when someone else was faster). */
export const takeCustomers = (phones: string[]) => call('/ext/customer/take', { phone: phones.join(',') });
/** 6.7.7: back to the public pool. */
export const giveUpCustomers = (phones: string[]) => call('/api/giveUp', { phone: phones.join(',') });
/** 6.7.8: to another sub-account's private pool. */
export const transferCustomers = (phones: string[], userSn: string) =>
  call('/api/transferCustomer', { phone: phones.join(','), user_sn_input: userSn });
/** 6.7.9: the collaborators (协同) who may follow the customer too; an empty list clears them. */
export const setCollaborators = (phone: string, userSns: string[]) =>
  call('/api/updateFollowUser', { phone, follow_user_sn: userSns.join(',') });

export type TimelineEntry =
  | {
      type: 'call';
      at: string;
      accounts_sn: string;
      task_name: string;
      result: string;
      talktimes: number;
      status: string;
      status_manual: string | null;
      recordfile: string;
    }
  | { type: 'note'; at: string; content: string; user_name: string }
  | {
      type: 'move';
      at: string;
      action_name: string;
      from_user_name: string;
      to_user_name: string;
      operator: string;
    };

export const customerDetail = (phone: string) =>
  call<{ customer: Customer; timeline: TimelineEntry[] }>('/ext/customer/detail', { phone });

export const addNote = (phone: string, content: string) => call('/ext/customer/note', { phone, content });

export interface SubAccount {
  user_sn: string;
  user_name: string;
  contact: string;
}
/** 2.1.1: the team's sub-accounts (receivers of a transfer, collaborators). */
export const listSubAccounts = () =>
  callRaw<{ total: number; data: SubAccount[] }>('/api/aiUserDatasapi', { pageIndex: 0, pageSize: 500 });
