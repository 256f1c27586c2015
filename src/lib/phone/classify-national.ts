/**
 * Classifies a string of ASCII digits, as written inside China, into mobile / landline / service.
 *
 * Numbering facts relied on (信息通信业 numbering plan):
 * - mobiles are 11 digits `1[3-9]x…`; a leading trunk 0 (`013800138000`) is how they are dialled long-distance;
 * - area codes are 010 and 020–029 (3 digits, all with 8-digit local numbers) or 0[3-9]xx (4 digits,
 *   7- or 8-digit local numbers); local numbers never start with 0 or 1. Per-city local lengths and the
 *   few unassigned 0[3-9]xx codes are not checked (no table is kept), so a wrong-but-plausible landline passes;
 * - 400/800 numbers are 10 digits; 95xxx hotlines 5–8 digits and 96xxx 5–6 digits (the latter two may carry
 *   an area code); carrier/government numbers 1xxxx are 5 digits (10086, 12345) and 1010xxxx 8 digits;
 *   3-digit 1xx numbers (110, 119, 120 …) are emergency/special and never dialled by a robot;
 * - a landline stored as an Excel number loses its trunk 0 (`75512345678`), and the E.164 form drops it too,
 *   so 10–11 digit numbers starting 2–9 are retried with the 0 restored.
 */
import { mobileCarrier } from './mobile-segments.js';
import { PhoneKind, REJECT } from './phone-result.js';
import type { PhoneResult } from './phone-result.js';

const D0 = 48;
const D1 = 49;
const D2 = 50;
const D3 = 51;
const D5 = 53;
const D6 = 54;
const D9 = 57;

/** A national number `1xxxxxxxxxx`; rejects unassigned segments. */
export function classifyMobile(n: string): PhoneResult {
  const carrier = mobileCarrier(n);
  if (carrier === undefined) return REJECT.Segment;
  return { ok: true, e164Digits: '86' + n, national: n, kind: PhoneKind.Mobile, carrier };
}

/**
 * Classifies national digits (no country code, trunk 0 optional for landlines).
 * @example classifyNational('075512345678') // { ok: true, kind: 'landline', areaCode: '0755', … }
 */
export function classifyNational(n: string): PhoneResult {
  switch (n.charCodeAt(0)) {
    case D1:
      return classifyLeadingOne(n);
    case D0:
      return classifyLeadingZero(n);
    default:
      return classifyOther(n);
  }
}

function classifyLeadingOne(n: string): PhoneResult {
  const len = n.length;
  const c1 = n.charCodeAt(1);
  if (len === 11) return classifyMobile(n);
  // Beijing landline in E.164 form or typed into Excel as a number: 10 + 8 digits.
  if (len === 10 && c1 === D0) return classifyLeadingZero('0' + n);
  if (c1 >= D0 && c1 <= D2) {
    if (len === 5) return service(n, undefined);
    if (len === 8 && n.startsWith('1010')) return service(n, undefined);
    if (len === 3) return REJECT.Special;
    return REJECT.Format;
  }
  return len < 3 ? REJECT.Format : REJECT.Length;
}

function classifyLeadingZero(n: string): PhoneResult {
  if (n.length < 3) return REJECT.Format;
  const c1 = n.charCodeAt(1);
  const c2 = n.charCodeAt(2);
  if (c1 === D0) return REJECT.Foreign; // 00…: international dialling prefix other than 0086
  if (c1 === D1) {
    if (c2 === D0) return landline(n, 3);
    if (c2 >= D3) return n.length === 12 ? classifyMobile(n.slice(1)) : REJECT.Length;
    return REJECT.AreaCode;
  }
  if (c1 === D2) return c2 === D6 ? REJECT.AreaCode : landline(n, 3); // 026 is unassigned
  return landline(n, 4);
}

function landline(n: string, areaLen: number): PhoneResult {
  const localLen = n.length - areaLen;
  const first = n.charCodeAt(areaLen);
  if (localLen <= 0) return REJECT.Length;
  if (first < D2) return REJECT.Format; // local numbers never start with 0 or 1
  if (localLen === 8 || (localLen === 7 && areaLen === 4)) {
    return {
      ok: true,
      e164Digits: '86' + n.slice(1),
      national: n,
      kind: PhoneKind.Landline,
      areaCode: n.slice(0, areaLen),
    };
  }
  if (isHotline(n, areaLen)) return service(n, n.slice(0, areaLen));
  return REJECT.Length;
}

/** 95xxx (5–8 digits) and 96xxx (5–6 digits) starting at `from`. */
function isHotline(n: string, from: number): boolean {
  if (n.charCodeAt(from) !== D9) return false;
  const c = n.charCodeAt(from + 1);
  const len = n.length - from;
  if (c === D5) return len >= 5 && len <= 8;
  if (c === D6) return len >= 5 && len <= 6;
  return false;
}

function classifyOther(n: string): PhoneResult {
  const len = n.length;
  if (len === 10 && (n.startsWith('400') || n.startsWith('800'))) return service(n, undefined);
  if (isHotline(n, 0)) return service(n, undefined);
  if (len === 10 || len === 11) {
    const restored = classifyLeadingZero('0' + n);
    if (restored.ok) return restored;
  }
  if (len === 7 || len === 8) return REJECT.NoAreaCode;
  return REJECT.Format;
}

function service(n: string, areaCode: string | undefined): PhoneResult {
  const significant = areaCode === undefined ? n : n.slice(1);
  return areaCode === undefined
    ? { ok: true, e164Digits: '86' + significant, national: n, kind: PhoneKind.Service }
    : { ok: true, e164Digits: '86' + significant, national: n, kind: PhoneKind.Service, areaCode };
}
