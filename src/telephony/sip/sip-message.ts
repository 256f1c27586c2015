/**
 * SIP messages (RFC 3261 §7): a start line, header fields, an empty line, an optional body.
 *
 *    INVITE sip:13800138000@10.0.0.1:5060 SIP/2.0        ← request line (method, Request-URI, version)
 *    Via: SIP/2.0/UDP 10.0.0.2:5062;branch=z9hG4bK776asd   ← one Via per hop; branch names the transaction
 *    From: <sip:4001@10.0.0.2>;tag=1928301774              ← our tag; To gets the far end's tag in its answer
 *    To: <sip:13800138000@10.0.0.1>
 *    Call-ID: a84b4c76e66710                               ← with both tags: the dialog
 *    CSeq: 314159 INVITE
 *    Content-Length: 142
 *                                                          ← blank line, then Content-Length bytes of body
 *    v=0 …
 *
 * Responses start with `SIP/2.0 486 Busy Here`. Header names are case-insensitive and have compact forms
 * (§7.3.3); values may be folded over lines (§7.3.1) and repeated or comma-joined. Parsing never throws: a
 * malformed datagram yields `undefined` and is dropped by the transport.
 */

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
  x: 'session-expires',
};

/** Canonical spelling used when writing (the far end must accept any case; these read best in captures). */
const CANONICAL: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'content-length': 'Content-Length',
};

const canonical = (lower: string): string =>
  CANONICAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());

/** Ordered, case-insensitive header fields. */
export class SipHeaders {
  readonly #fields: [string, string][] = [];

  constructor(init?: Iterable<readonly [string, string]>) {
    if (init) for (const [n, v] of init) this.add(n, v);
  }

  /** First value of a header, undefined if absent. */
  get(name: string): string | undefined {
    const key = normalize(name);
    return this.#fields.find(([n]) => n === key)?.[1];
  }

  /** Every value, comma-separated lists split (not inside quotes or angle brackets). */
  getAll(name: string): string[] {
    const key = normalize(name);
    return this.#fields.filter(([n]) => n === key).flatMap(([, v]) => splitList(v));
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  add(name: string, value: string): this {
    this.#fields.push([normalize(name), value]);
    return this;
  }

  set(name: string, value: string): this {
    this.delete(name);
    return this.add(name, value);
  }

  delete(name: string): void {
    const key = normalize(name);
    for (let i = this.#fields.length - 1; i >= 0; i--) {
      if (this.#fields[i]?.[0] === key) this.#fields.splice(i, 1);
    }
  }

  entries(): readonly (readonly [string, string])[] {
    return this.#fields;
  }

  clone(): SipHeaders {
    return new SipHeaders(this.#fields);
  }
}

const normalize = (name: string): string => {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
};

/** Splits a header value on commas that are outside quotes and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== '');
}

/**
 * Parses one message. For stream transports pass the whole buffer: `consumed` says how many bytes the
 * message took (header + Content-Length body); undefined when incomplete or malformed.
 */
export function parseSip(
  data: Buffer | string,
  stream = false,
): { message: SipMessage; consumed: number } | undefined {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++; // keep-alive CRLFs
  const headEnd = buf.indexOf('\r\n\r\n', start);
  if (headEnd < 0) return undefined;
  const lines = buf.subarray(start, headEnd).toString('utf8').split('\r\n');
  const startLine = lines.shift() ?? '';
  const headers = new SipHeaders();
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.entries().length > 0) {
      const last = headers.entries()[headers.entries().length - 1] as [string, string];
      last[1] = `${last[1]} ${line.trim()}`; // folded continuation
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.add(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const bodyStart = headEnd + 4;
  const declared = headers.get('content-length');
  let bodyEnd: number;
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared)) return undefined;
    bodyEnd = bodyStart + Number(declared);
    if (bodyEnd > buf.length) return undefined;
  } else {
    if (stream) return undefined; // RFC 3261 §20.14: required on stream transports
    bodyEnd = buf.length;
  }
  const body = buf.subarray(bodyStart, bodyEnd).toString('utf8');
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  let message: SipMessage;
  if (response) {
    message = { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  } else {
    const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(startLine);
    if (!request) return undefined;
    message = {
      kind: 'request',
      method: (request[1] as string).toUpperCase(),
      uri: request[2] as string,
      headers,
      body,
    };
  }
  if (
    !headers.has('call-id') ||
    !headers.has('cseq') ||
    !headers.has('via') ||
    !headers.has('from') ||
    !headers.has('to')
  ) {
    return undefined;
  }
  return { message, consumed: bodyEnd };
}

/** Writes a message; Content-Length is always (re)computed. */
export function serializeSip(m: SipMessage): Buffer {
  const body = Buffer.from(m.body, 'utf8');
  const head = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = [head];
  for (const [name, value] of m.headers.entries()) {
    if (name !== 'content-length') lines.push(`${canonical(name)}: ${value}`);
  }
  lines.push(`Content-Length: ${body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]);
}

/** `CSeq: 314159 INVITE` → its number and method. */
export function cseqOf(m: SipMessage): { seq: number; method: string } {
  const [seq = '0', method = ''] = (m.headers.get('cseq') ?? '').split(/\s+/);
  return { seq: Number(seq), method: method.toUpperCase() };
}

/** A parameter of a header value (`tag`, `branch`, `received` …), outside the <URI>. */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const outside = value.replace(/<[^>]*>/g, '<>');
  const m = new RegExp(`;\\s*${name}\\s*=\\s*("[^"]*"|[^;,\\s]+)`, 'i').exec(outside);
  return m?.[1]?.replace(/^"|"$/g, '');
}

/** The URI of a name-addr or addr-spec (`"Bob" <sip:bob@x>;tag=1` → `sip:bob@x`). */
export function uriOf(value: string): string {
  const angle = /<([^>]*)>/.exec(value);
  if (angle) return angle[1] as string;
  return (value.split(';')[0] ?? '').trim();
}
