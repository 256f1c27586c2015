// Static checks of a customer callback URL (9.1 `callback_url` / `task_callback_url`), run when the URL is saved
// and again before each send. Host names are only resolved at connect time (guarded-lookup.ts), because a check
// made now says nothing about the address DNS returns later.
import {
  isPrivateOrReserved,
  matchesAllowList,
  normalizeHost,
  parseIp,
  type AllowList,
} from '../../lib/ip-range.js';

export const CALLBACK_URL_MAX_LENGTH = 2048;

/** Why a callback URL is refused. */
export const CallbackUrlProblem = {
  Malformed: 'malformed',
  TooLong: 'too_long',
  Scheme: 'scheme',
  Credentials: 'credentials',
  Host: 'host',
  PrivateAddress: 'private_address',
} as const;
export type CallbackUrlProblem = (typeof CallbackUrlProblem)[keyof typeof CallbackUrlProblem];

export type CallbackUrlVerdict =
  { ok: true; url: URL; host: string } | { ok: false; problem: CallbackUrlProblem; reason: string };

const refuse = (problem: CallbackUrlProblem, reason: string): CallbackUrlVerdict => ({
  ok: false,
  problem,
  reason,
});

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), whatever DNS says. */
const isLocalhostName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/**
 * Checks a callback URL: http/https only, no user/password, a host present, and a literal IP (or `localhost`)
 * that is private/reserved is refused unless allow-listed. `reason` is the operator-facing message (Chinese).
 * @example validateCallbackUrl('http://127.0.0.1/cb', allowList) // { ok: false, problem: 'private_address', … }
 */
export function validateCallbackUrl(text: string, allowList: AllowList): CallbackUrlVerdict {
  if (text.length > CALLBACK_URL_MAX_LENGTH) {
    return refuse(CallbackUrlProblem.TooLong, `回调地址过长(最多 ${CALLBACK_URL_MAX_LENGTH} 个字符)`);
  }
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return refuse(CallbackUrlProblem.Malformed, '回调地址格式不正确');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse(CallbackUrlProblem.Scheme, '回调地址只支持 http:// 或 https://');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse(CallbackUrlProblem.Credentials, '回调地址不能包含用户名或密码');
  }
  const host = normalizeHost(url.hostname);
  if (host === '') return refuse(CallbackUrlProblem.Host, '回调地址缺少主机名');
  // The WHATWG parser has already turned `0x7f.1`, `2130706433` and `[::ffff:127.0.0.1]` into canonical IPs.
  const literal = parseIp(host);
  const blocked = literal
    ? isPrivateOrReserved(literal) && !matchesAllowList(host, host, allowList)
    : isLocalhostName(host) &&
      !matchesAllowList(host, '127.0.0.1', allowList) &&
      !matchesAllowList(host, '::1', allowList);
  if (blocked) {
    return refuse(
      CallbackUrlProblem.PrivateAddress,
      `回调地址指向内网或保留地址(${host}),不允许推送;如需推送到内网,请将其加入 CALLBACK_ALLOWLIST`,
    );
  }
  return { ok: true, url, host };
}
