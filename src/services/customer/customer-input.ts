// Input rules of the customer-pool endpoints: phone lists, the 6.7.5 search object, owners by sn.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { parseDateTime } from '../../lib/clock.js';
import { normalizePhone } from '../../lib/phone/index.js';
import type { CustomerQuery } from '../../repositories/customer-list.repository.js';
import type { Executor } from '../../repositories/store.js';

/** Most phones one pool operation accepts. */
export const MAX_PHONES = 1000;

/**
 * A comma list of phones (ASCII or full-width commas, spaces) normalised like task imports. Every value must be
 * a number: a bad one fails the whole request with 20002, so nothing half-happens.
 */
export function phoneList(raw: string | undefined, field = 'phone'): string[] {
  const values = (raw ?? '').split(/[,，\s]+/).filter(Boolean);
  if (values.length === 0) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}必填`);
  if (values.length > MAX_PHONES) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}最多${MAX_PHONES}个号码`);
  }
  const out = new Set<string>();
  for (const v of values) {
    const r = normalizePhone(v);
    if (!r.ok) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}: ${v} ${r.reason}`);
    out.add(r.national);
  }
  return [...out];
}

/** A comma list of account sns (empty allowed when `allowEmpty`). */
export function snList(raw: string | undefined, field: string, allowEmpty = false): string[] {
  const sns = [...new Set((raw ?? '').split(/[,，\s]+/).filter(Boolean))];
  if (sns.length === 0 && !allowEmpty) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}必填`);
  }
  if (sns.length > 100) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}最多100个账号`);
  return sns;
}

export interface TeamAccount {
  id: string;
  sn: string;
  user_name: string;
}

/**
 * Accounts of the caller's team by sn (row-level security hides other teams' accounts, so another team's sn is
 * "not found" like an unknown one): 40004 naming the first missing sn.
 */
export async function teamAccounts(db: Executor, sns: readonly string[]): Promise<TeamAccount[]> {
  if (sns.length === 0) return [];
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'sn', 'user_name'])
    .where('sn', 'in', [...sns])
    .execute();
  const bySn = new Map(rows.map((r) => [r.sn, r]));
  const missing = sns.find((sn) => !bySn.has(sn));
  if (missing !== undefined) throw new AppError(ErrorCode.NotFound, `子账号不存在: ${missing}`);
  return sns.map((sn) => bySn.get(sn)!);
}

/** The 6.7.5 `data` search object after JSON decoding. */
export interface CustomerSearch {
  namephone?: string;
  updated_at_start?: string;
  updated_at_end?: string;
  created_at_start?: string;
  created_at_end?: string;
  follow_set_id?: unknown;
  status?: unknown;
  tag?: string;
  user_sn?: string;
}

const asList = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map((x) => String(x).trim()).filter(Boolean)
    : typeof v === 'string' || typeof v === 'number'
      ? String(v)
          .split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

/** A time filter: `Y-m-d H:i:s` or `Y-m-d`; an end given as a date includes that whole day. */
function timeBound(text: string | undefined, field: string, tz: string, end: boolean): Date | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  const d = parseDateTime(t, tz);
  if (!d) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: data.${field}: 须为Y-m-d H:i:s或Y-m-d`);
  if (!end) return d;
  return new Date(d.getTime() + (/^\d{4}-\d{1,2}-\d{1,2}$/.test(t) ? 86_400_000 : 1000));
}

/** The search object → repository filters (owners by sn are resolved by the caller). */
export function searchFilters(
  s: CustomerSearch,
  tz: string,
): Omit<CustomerQuery, 'pool' | 'viewer' | 'owners'> {
  const q: Omit<CustomerQuery, 'pool' | 'viewer' | 'owners'> = {};
  const text =
    typeof s.namephone === 'string' || typeof s.namephone === 'number' ? String(s.namephone).trim() : '';
  if (text !== '') {
    // Digits (with the usual separators) search phones by prefix, anything else names by prefix.
    const digits = text.replace(/[\s\-+()]/g, '');
    if (/^\d+$/.test(digits)) Object.assign(q, { phonePrefix: digits.replace(/^(0086|86(?=1\d{10}$))/, '') });
    else Object.assign(q, { namePrefix: text });
  }
  Object.assign(q, {
    updatedFrom: timeBound(s.updated_at_start, 'updated_at_start', tz, false),
    updatedTo: timeBound(s.updated_at_end, 'updated_at_end', tz, true),
    createdFrom: timeBound(s.created_at_start, 'created_at_start', tz, false),
    createdTo: timeBound(s.created_at_end, 'created_at_end', tz, true),
  });
  const followSet = asList(s.follow_set_id).map(Number);
  if (followSet.some((n) => ![0, -1, -2].includes(n))) {
    throw new AppError(ErrorCode.WrongDataFormat, '参数错误: data.follow_set_id: 须为0、-1或-2');
  }
  if (followSet.length > 0) Object.assign(q, { followSetIds: followSet });
  const grades = asList(s.status).map((g) => g.toUpperCase());
  if (grades.length > 0) Object.assign(q, { grades });
  if (typeof s.tag === 'string' && s.tag.trim() !== '') Object.assign(q, { tag: s.tag.trim() });
  for (const key of Object.keys(q) as (keyof typeof q)[]) if (q[key] === undefined) delete q[key];
  return q;
}
