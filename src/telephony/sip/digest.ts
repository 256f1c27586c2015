/**
 * HTTP Digest authentication as SIP uses it (RFC 3261 §22.4, RFC 2617 §3.2.2, MD5 and MD5-sess, qop=auth):
 *
 *   ← 401 Unauthorized / 407 Proxy Authentication Required
 *     WWW-Authenticate: Digest realm="trunk", nonce="ab12", qop="auth", algorithm=MD5
 *   → the same request again (new CSeq and branch) with
 *     Authorization: Digest username="4001", realm="trunk", nonce="ab12", uri="sip:138…@trunk",
 *       response="<MD5(HA1:nonce:nc:cnonce:qop:HA2)>", cnonce="…", nc=00000001, qop=auth, algorithm=MD5
 *   where HA1 = MD5(username:realm:password), HA2 = MD5(method:uri).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: string;
  qop: string | undefined;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Parses a `Digest …` challenge; undefined for other schemes or a challenge without realm/nonce. */
export function parseChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const m of header.replace(/^\s*digest\s+/i, '').matchAll(/([a-zA-Z-]+)\s*=\s*("([^"]*)"|[^,\s]+)/g)) {
    params.set((m[1] as string).toLowerCase(), m[3] ?? (m[2] as string));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const qops = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  return {
    realm,
    nonce,
    opaque: params.get('opaque'),
    algorithm: params.get('algorithm') ?? 'MD5',
    qop: qops.includes('auth') ? 'auth' : undefined,
  };
}

/** The `Authorization`/`Proxy-Authorization` value answering `challenge` for one request. */
export function digestAuthorization(
  challenge: DigestChallenge,
  creds: { username: string; password: string },
  method: string,
  uri: string,
  nc = 1,
  cnonce = randomBytes(8).toString('hex'),
): string {
  let ha1 = md5(`${creds.username}:${challenge.realm}:${creds.password}`);
  if (challenge.algorithm.toLowerCase() === 'md5-sess') ha1 = md5(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = md5(`${method}:${uri}`);
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = challenge.qop
    ? md5(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:${challenge.qop}:${ha2}`)
    : md5(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${creds.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.qop) parts.push(`qop=${challenge.qop}`, `nc=${ncHex}`, `cnonce="${cnonce}"`);
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
