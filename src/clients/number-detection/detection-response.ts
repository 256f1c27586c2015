/**
 * Reading a detection vendor's answer. Vendors differ in envelope and spelling, so the parser accepts the
 * common shapes and maps status words through one table:
 *
 *   [{"mobile":"138…","status":"空号"}]                       an array of entries
 *   {"code":0,"data":[…]} / {"data":{"list":[…]}}              an envelope around it (searched 3 levels deep)
 *   {"data":{"13800138000":"实号","13912345678":"停机"}}        a map keyed by number
 *
 * Entry number fields: number, mobile, phone, tel, num, msisdn. Status fields: status, result, class,
 * state, type, code, label. Vendor-specific codes (many use digits) are configured by the caller.
 */
import { DetectionClass } from './number-detector.js';

/** Status words understood without configuration (compared trimmed and lower-cased). */
export const DEFAULT_STATUS_MAP: Readonly<Record<string, DetectionClass>> = {
  shi: 'shi',
  kong: 'kong',
  tingji: 'tingji',
  kuwu: 'kuwu',
  chenmo: 'chenmo',
  fenxian: 'fenxian',
  实号: 'shi',
  正常: 'shi',
  活跃: 'shi',
  空号: 'kong',
  停机: 'tingji',
  库无: 'kuwu',
  未知: 'kuwu',
  沉默: 'chenmo',
  沉默号: 'chenmo',
  风险: 'fenxian',
  风险号: 'fenxian',
  危险号: 'fenxian',
  active: 'shi',
  real: 'shi',
  normal: 'shi',
  empty: 'kong',
  vacant: 'kong',
  invalid: 'kong',
  suspended: 'tingji',
  halt: 'tingji',
  stopped: 'tingji',
  unknown: 'kuwu',
  silent: 'chenmo',
  risk: 'fenxian',
  risky: 'fenxian',
};

const NUMBER_FIELDS = ['number', 'mobile', 'phone', 'tel', 'num', 'msisdn'] as const;
const STATUS_FIELDS = ['status', 'result', 'class', 'state', 'type', 'code', 'label'] as const;
const MAX_DEPTH = 3;

/**
 * Maps a parsed response body to classes for the requested numbers, or undefined when the body has none
 * of the accepted shapes (the caller then treats the vendor as failed). Requested numbers the vendor did
 * not mention, or gave an unknown status, are `kuwu`.
 */
export function parseDetectionResponse(
  body: unknown,
  requested: readonly string[],
  statusMap: Readonly<Record<string, DetectionClass>>,
): { classes: Map<string, DetectionClass>; matched: number } | undefined {
  const wanted = new Set(requested);
  const pairs = findPairs(body, wanted, 0);
  if (pairs === undefined) return undefined;
  const classes = new Map<string, DetectionClass>();
  for (const n of requested) classes.set(n, DetectionClass.Kuwu);
  let matched = 0;
  for (const [rawNumber, rawStatus] of pairs) {
    const n = matchRequested(rawNumber, wanted);
    if (n === undefined) continue;
    matched++;
    const cls = rawStatus === undefined ? undefined : statusMap[String(rawStatus).trim().toLowerCase()];
    classes.set(n, cls ?? DetectionClass.Kuwu);
  }
  return { classes, matched };
}

type Scalar = string | number | boolean | bigint;
type Pair = [number: string, status: Scalar | undefined];

function findPairs(node: unknown, wanted: ReadonlySet<string>, depth: number): Pair[] | undefined {
  if (depth > MAX_DEPTH || typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) return entriesOf(node);
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  // A map keyed by number: most keys are requested numbers (or their +86 forms).
  if (
    keys.length > 0 &&
    keys.filter((k) => matchRequested(k, wanted) !== undefined).length * 2 > keys.length
  ) {
    return keys.map((k): Pair => [k, statusOf(record[k])]);
  }
  for (const key of keys) {
    const found = findPairs(record[key], wanted, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An array counts as entries when at least one element carries a number and a status. */
function entriesOf(items: readonly unknown[]): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const number = firstField(record, NUMBER_FIELDS);
    const status = firstField(record, STATUS_FIELDS);
    if (number !== undefined && status !== undefined) pairs.push([String(number), status]);
  }
  return pairs.length > 0 || items.length === 0 ? pairs : undefined;
}

/** `{"138…": "空号"}` or `{"138…": {"status": "空号"}}`. */
function statusOf(value: unknown): Scalar | undefined {
  if (typeof value === 'object' && value !== null) {
    return firstField(value as Record<string, unknown>, STATUS_FIELDS);
  }
  return isScalar(value) ? value : undefined;
}

function firstField(record: Record<string, unknown>, fields: readonly string[]): Scalar | undefined {
  for (const field of fields) {
    const value = record[field];
    if (isScalar(value)) return value;
  }
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}

/** Vendors echo numbers as sent, or with +86/86/0086, spaces or dashes. */
function matchRequested(raw: string, wanted: ReadonlySet<string>): string | undefined {
  if (wanted.has(raw)) return raw;
  let digits = raw.replace(/\D/g, '');
  if (wanted.has(digits)) return digits;
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length > 11) digits = digits.slice(2);
  return wanted.has(digits) ? digits : undefined;
}
