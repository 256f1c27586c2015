/**
 * Turns whatever an operator's spreadsheet or JSON holds in the phone column into one canonical number.
 * Runs once per imported row (millions per task), so it is hand-written char-code scanning with a fast path
 * for the common case — a bare 11-digit mobile — and no regex or allocation on that path.
 */
import { classifyMobile, classifyNational } from './classify-national.js';
import { REJECT } from './phone-result.js';
import type { PhoneResult, RejectedPhone } from './phone-result.js';

/**
 * Normalizes a raw phone value (any CN mobile, landline, 400/800 or service number in the usual spellings).
 *
 * Accepted noise: `+86` / `0086` / `86` prefixes, spaces, dashes, dots, parentheses (ASCII and full-width),
 * full-width digits, invisible characters (zero-width, BOM, bidi marks), a leading `'` (Excel text marker),
 * an Excel `.0` suffix, and scientific notation when every digit is present (`1.3800138000E+10` passes;
 * `1.38E+10` and `1.3800138E+10` are rejected: Excel rounds and strips the mantissa, so padding is ambiguous).
 * @example normalizePhone('+86 138-0013-8000') // { ok: true, national: '13800138000', kind: 'mobile', carrier: '移动', … }
 * @example normalizePhone('1.38E+10') // { ok: false, reason: '号码为科学计数法,精度已丢失' }
 */
export function normalizePhone(raw: string): PhoneResult {
  if (raw.length === 11 && isAsciiDigits(raw)) {
    return raw.charCodeAt(0) === 49 ? classifyMobile(raw) : classifyNational(raw);
  }
  const digits = extractDigits(raw);
  return typeof digits === 'string' ? classifyWithCountryCode(digits) : digits;
}

/**
 * Whether a national number (as produced by `normalizePhone`) lies in an assigned range: a live mobile
 * segment, a plausible area code, or a service range. The number-detection stage uses it to mark numbers
 * of unassigned segments as 空号 without asking a vendor.
 * @example numberSegmentValid('14012345678') // false (IoT segment)
 */
export function numberSegmentValid(national: string): boolean {
  if (national.length === 0 || !isAsciiDigits(national)) return false;
  return classifyNational(national).ok;
}

function classifyWithCountryCode(d: string): PhoneResult {
  if (d.charCodeAt(0) === 43) {
    return d.startsWith('+86') && d.length > 3 ? classifyNational(d.slice(3)) : REJECT.Foreign;
  }
  if (d.startsWith('0086')) return d.length > 4 ? classifyNational(d.slice(4)) : REJECT.Format;
  const direct = classifyNational(d);
  // A bare 86 is only a country code when the rest makes a valid number (8613800138000, 86075512345678).
  if (!direct.ok && d.length >= 12 && d.startsWith('86')) {
    const stripped = classifyNational(d.slice(2));
    if (stripped.ok) return stripped;
  }
  return direct;
}

function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Characters dropped wherever they appear: separators people type and invisible ones editors insert. */
function isIgnorable(c: number): boolean {
  if (c < 0x80) return c === 32 || c === 9 || c === 10 || c === 13 || c === 45 || c === 40 || c === 41;
  return (
    c === 0xa0 || // no-break space
    c === 0xad || // soft hyphen
    c === 0x180e ||
    (c >= 0x2000 && c <= 0x200f) || // spaces, zero-width, LRM/RLM
    (c >= 0x2010 && c <= 0x2015) || // hyphens and dashes
    (c >= 0x2028 && c <= 0x202f) || // separators, bidi embeddings, narrow nbsp
    (c >= 0x205f && c <= 0x206f) || // word joiner, invisible operators, bidi isolates
    c === 0x2212 || // minus sign
    c === 0x3000 || // ideographic space
    c === 0xfeff || // BOM / zero-width nbsp
    c === 0xff08 || // （
    c === 0xff09 || // ）
    c === 0xff0d // －
  );
}

const PLUS = 43;
const FULLWIDTH_PLUS = 0xff0b;
const DOT = 46;
const FULLWIDTH_DOT = 0xff0e;
const APOSTROPHE = 39;

/**
 * The digits of `raw` (full-width folded to ASCII), prefixed with `+` when the value started with one,
 * or the reason it cannot be a number.
 */
export function extractDigits(raw: string): string | RejectedPhone {
  let out = '';
  let plus = false;
  let sawDot = false;
  const len = raw.length;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += raw[i];
    } else if (c >= 0xff10 && c <= 0xff19) {
      out += String.fromCharCode(c - 0xfee0);
    } else if (isIgnorable(c)) {
      continue;
    } else if (c === DOT || c === FULLWIDTH_DOT) {
      if (!sawDot && out !== '' && isZeroSuffix(raw, i + 1)) break; // Excel's "13800138000.0"
      sawDot = true;
    } else if (c === PLUS || c === FULLWIDTH_PLUS) {
      if (out !== '' || plus) return REJECT.Format;
      plus = true;
    } else if (c === 101 || c === 69) {
      return expandScientific(raw);
    } else if (!(c === APOSTROPHE && out === '' && !plus)) {
      return REJECT.Format;
    }
  }
  if (out === '') return REJECT.Empty;
  return plus ? '+' + out : out;
}

/** True when raw[from…] is one or more zeros, optionally followed by ignorable characters. */
function isZeroSuffix(raw: string, from: number): boolean {
  let zeros = 0;
  let i = from;
  for (; i < raw.length && raw.charCodeAt(i) === 48; i++) zeros++;
  for (; i < raw.length; i++) if (!isIgnorable(raw.charCodeAt(i))) return false;
  return zeros > 0;
}

const SCIENTIFIC = /^[\s']*(\d+)(?:\.(\d*))?[eE]\+?(\d{1,2})\s*$/;

/**
 * Expands `1.3800138E+10` to its integer digits. Excel writes this form (and rounds the mantissa) when a
 * long number is shown in a narrow General column, so any zero padding means digits may have been lost:
 * such values are rejected rather than dialled as a wrong number.
 */
function expandScientific(raw: string): string | RejectedPhone {
  const m = SCIENTIFIC.exec(raw);
  if (m === null) return REJECT.Format;
  const int = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp = Number(m[3]);
  if (frac.length < exp) return REJECT.Precision;
  for (let i = exp; i < frac.length; i++) if (frac.charCodeAt(i) !== 48) return REJECT.Format; // not an integer
  return int + frac.slice(0, exp);
}
