import { md5Hex } from '../../lib/hash.js';

/**
 * The reference's `url` anti-hijack string (§1.5): md5 of the other parameters as compact JSON in the order sent,
 * characters 2–9. PHP's json_encode escapes `/` as `\/` and non-ASCII as `\uXXXX` by default; clients differ, so
 * every escaping variant is accepted (compat-notes "url verification").
 */
export function urlSignVariants(params: Record<string, unknown>): string[] {
  const json = JSON.stringify(params);
  const slashes = json.replace(/\//g, '\\/');
  const unicode = (s: string) =>
    s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([json, slashes, unicode(json), unicode(slashes)])].map((s) => md5Hex(s).slice(1, 9));
}

export type UrlCheck = 'ok' | 'mismatch' | 'order';

/**
 * Verifies `url` against the parameters (without `url`, in the order received).
 * 'order' means it matches the same parameters in another key order — the reference's 100001.
 */
export function checkUrlSign(paramsInOrder: Record<string, unknown>, url: string): UrlCheck {
  const rest = Object.fromEntries(Object.entries(paramsInOrder).filter(([k]) => k !== 'url'));
  if (urlSignVariants(rest).includes(url)) return 'ok';
  const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (urlSignVariants(sorted).includes(url)) return 'order';
  return 'mismatch';
}
