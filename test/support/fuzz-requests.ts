// Generates the hostile-input fuzz test's requests: request `i` of seed `s` depends on (s, i) only, so any failure
// is reproduced from the two numbers printed with it, whatever order the requests ran in.
import type { z } from 'zod';
import type { AnyRoute } from '../../src/http/pipeline/define-route.js';
import { SeededRandom, hash32 } from '../../src/telephony/simulator/seeded-random.js';
import { Deep, deepValue, fieldsOf, hostile, plausible, type ValueKind } from './fuzz-values.js';

export interface FuzzCredentials {
  readonly api_key: string;
  readonly user_sn: string;
  /** Local loopback address the tenant's requests come from (127.0.0.x). */
  readonly address: string;
}

export interface FuzzRequest {
  readonly index: number;
  /** Route, mode, encoding and mutations: enough to recognise the request in a failure message. */
  readonly describe: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly localAddress: string;
}

/** What the routes cannot tell: paths beside the route registry that an attacker tries too. */
export const EXTRA_PATHS = [
  '/healthz',
  '/metrics',
  '/docs',
  '/docs/json',
  '/docs/static/..%2f..%2fpackage.json',
  '/docs/static/../../package.json',
  '/',
  '/index.html',
  '/assets/..%2f..%2f..%2fpackage.json',
  '/api/../config',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/api/noSuchEndpoint',
  `/ext/${'a'.repeat(3000)}`,
];

/** Addresses anonymous requests come from: never the tenants' own, so throttling there locks no tenant out. */
export const ANONYMOUS_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

const PROTO_KEYS = [
  '__proto__',
  '__proto__[url]',
  'constructor',
  'constructor[prototype][url]',
  'prototype',
  'prototype[url]',
  'data[__proto__][url]',
  'a[constructor][prototype]',
];

type Entry = [key: string, value: unknown];

/** An object with an own property literally named `__proto__` (JSON.stringify writes it out). */
function withOwnProto(inner: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value: inner, enumerable: true, writable: true });
  return o;
}

/** Applies one mutation to the entries; returns its name for the description. */
function mutate(rng: SeededRandom, entries: Entry[], fields: Record<string, ValueKind>): string {
  const names = Object.keys(fields);
  const roll = rng.int(0, 9);
  const slot = (key: string, value: unknown) => {
    const at = entries.findIndex(([k]) => k === key);
    if (at >= 0) entries[at] = [key, value];
    else entries.push([key, value]);
  };
  switch (roll) {
    case 0:
      entries.splice(rng.int(0, entries.length), 0, [rng.pick(PROTO_KEYS)!, 'x']);
      return 'proto-key';
    case 1:
      slot(rng.pick(names) ?? 'data', withOwnProto({ url: 'x', polluted: 1 }));
      return 'proto-value';
    case 2:
      entries.push([`a${'[b]'.repeat(rng.int(33, 3000))}`, '1']);
      return 'deep-key';
    case 3:
      slot(rng.pick(names) ?? 'x', deepValue(rng.pick([40, 1000, 5000])!, rng.chance(0.5)));
      return 'deep-value';
    case 4: {
      const name = rng.pick(names) ?? 'name';
      slot(name, `${String(plausible(rng, fields[name] ?? { kind: 'any' }))}\u0000`);
      return 'nul';
    }
    case 5: {
      const ints = names.filter((n) => fields[n]?.kind === 'int');
      slot(rng.pick(ints) ?? 'pageIndex', rng.pick(['9'.repeat(25), 1e21, -1e21, 2 ** 63, '-0', 2 ** 31]));
      return 'huge-int';
    }
    case 6:
      entries.push([`${rng.pick(names) ?? 'id'}[]`, rng.pick(['1', '\u0000', '9'.repeat(30)])]);
      return 'array-spelling';
    case 7:
      entries.push(['url', rng.pick(['1dbe80df', '', 'x'.repeat(100)])]);
      return 'url-sign';
    default: {
      const name = rng.pick(names) ?? 'name';
      slot(name, hostile(rng, fields[name] ?? { kind: 'any' }));
      return 'hostile-value';
    }
  }
}

/** PHP-style `a[b][]=` pairs of a value (what form and query clients send for nested data). */
function phpPairs(key: string, value: unknown, out: [string, string][], depth = 0): void {
  if (value instanceof Deep) {
    out.push([`${key}${value.phpSuffix()}`, '1']);
    return;
  }
  if (value !== null && typeof value === 'object' && depth < 6000) {
    const arr = Array.isArray(value);
    const items = arr ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (items.length === 0) out.push([`${key}[]`, '']);
    for (const [k, v] of items) phpPairs(arr ? `${key}[]` : `${key}[${k}]`, v, out, depth + 1);
    return;
  }
  out.push([key, value === null || value === undefined ? '' : `${value as string | number | boolean}`]);
}

/** Percent-encodes any string, lone surrogates included (sent as the UTF-8 bytes of U+FFFD, as browsers do). */
const pct = (s: string) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

function urlEncoded(entries: readonly Entry[]): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of entries) phpPairs(k, v, pairs);
  return pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
}

function jsonValue(v: unknown): string {
  if (v instanceof Deep) return v.json();
  return JSON.stringify(v, (_k, inner: unknown) => (inner instanceof Deep ? inner.json() : inner)) ?? 'null';
}

function jsonText(entries: readonly Entry[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonValue(v)}`).join(',')}}`;
}

interface UploadFile {
  readonly field: string;
  readonly filename: string;
  readonly content: Buffer;
}

function fileContent(rng: SeededRandom): Buffer {
  return rng.pick([
    () => Buffer.from('电话,姓名\n13800138000,张三\n13800138001,\u0000\n'),
    () => Buffer.from('PK\u0003\u0004not really a workbook'),
    () => Buffer.alloc(0),
    () => Buffer.from(Array.from({ length: rng.int(1, 4096) }, () => rng.int(0, 255))),
    () => Buffer.from(`${'phone\n'}${'1'.repeat(200000)}\n`),
  ])!();
}

/** A multipart body, well-formed or broken in one of the ways malformed clients break it. */
function multipartBody(
  rng: SeededRandom,
  entries: readonly Entry[],
  withFiles: boolean,
): { body: Buffer; type: string; how: string } {
  const boundary = `----fuzz${rng.int(0, 1e9)}`;
  const fieldPairs: [string, string][] = [];
  for (const [k, v] of entries) {
    if (v !== null && typeof v === 'object' && rng.chance(0.5)) fieldPairs.push([k, jsonValue(v)]);
    else phpPairs(k, v, fieldPairs);
  }
  const files: UploadFile[] = [];
  const fileCount = withFiles ? rng.pick([1, 1, 1, 2, 6])! : rng.pick([0, 0, 1])!;
  for (let i = 0; i < fileCount; i++) {
    const filename = rng.pick(['a.csv', 'b.xlsx', '../../escape.csv', '\u0000.csv', '名单.xls', ''])!;
    files.push({
      field: rng.pick(['file', 'upload', 'excel', '__proto__'])!,
      filename,
      content: fileContent(rng),
    });
  }
  if (rng.chance(0.05)) for (let i = 0; i < 201; i++) fieldPairs.push([`k${i}`, 'v']);
  const parts: Buffer[] = fieldPairs.map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  const type = `multipart/form-data; boundary=${boundary}`;
  const broken = rng.int(0, 9);
  if (broken === 0) return { body, type: 'multipart/form-data', how: 'multipart-no-boundary' };
  if (broken === 1) {
    return { body, type: 'multipart/form-data; boundary=other', how: 'multipart-wrong-boundary' };
  }
  if (broken === 2) {
    return { body: body.subarray(0, rng.int(0, body.length - 1)), type, how: 'multipart-truncated' };
  }
  if (broken === 3) {
    return {
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx`),
      type,
      how: 'multipart-garbage',
    };
  }
  return { body, type, how: `multipart(${files.length} files)` };
}

const RAW_BODIES: readonly [string, string][] = [
  ['application/json', '{"a":1,'],
  ['application/json', '[1,2,3]'],
  ['application/json', '"just a string"'],
  ['application/json', 'null'],
  ['application/json', ''],
  ['application/json', '{"a":"\\ud800"}'],
  ['application/json; charset=gbk', '{"name":"测试"}'],
  ['application/x-www-form-urlencoded', 'a=%zz&b=%&c'],
  ['application/x-www-form-urlencoded', '&&&==&=a'],
  ['text/plain', 'hello'],
  ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
  ['application/octet-stream', '\u0000\u0001\u0002'],
  ['', 'a=1'],
];

/** Request `index` of `seed` against `route` (or one of EXTRA_PATHS when `route` is a string). */
export function fuzzRequest(
  seed: number,
  index: number,
  target: AnyRoute | string,
  tenants: readonly FuzzCredentials[],
): FuzzRequest {
  const rng = new SeededRandom(hash32('fuzz', seed, index));
  const route = typeof target === 'string' ? undefined : target;
  const basePath = route?.path ?? (target as string);
  const fields = route ? fieldsOf(route.params as z.ZodObject) : {};
  const entries: Entry[] = [];
  for (const [name, kind] of Object.entries(fields)) {
    if (rng.chance(0.7)) entries.push([name, plausible(rng, kind)]);
  }
  const mutations: string[] = [];
  const count = rng.pick([0, 1, 1, 2, 3])!;
  for (let i = 0; i < count; i++) mutations.push(mutate(rng, entries, fields));

  const modeRoll = rng.next();
  const tenant = modeRoll < 0.55 ? rng.pick(tenants) : undefined;
  const mode = tenant ? 'auth' : modeRoll < 0.8 ? 'anonymous' : 'bad-key';
  let query = '';
  if (mode === 'bad-key') {
    const fake = rng.pick(['x', '0', randomHexOf(rng), '\u0000', '9'.repeat(30)])!;
    entries.unshift(['api_key', fake], ['user_sn', rng.pick(['1', 'nobody', fake])!]);
  }
  if (tenant) {
    const creds = `api_key=${tenant.api_key}&user_sn=${pct(tenant.user_sn)}`;
    if (rng.chance(0.4)) query = creds;
    else entries.unshift(['api_key', tenant.api_key], ['user_sn', tenant.user_sn]);
  }

  const encodings = ['query', 'json', 'form', 'multipart', 'raw'] as const;
  const encoding = route?.multipart && rng.chance(0.6) ? 'multipart' : rng.pick(encodings)!;
  const headers: Record<string, string> = {};
  let body: Buffer | undefined;
  let how: string = encoding;
  let method: 'GET' | 'POST' = 'POST';
  if (encoding === 'query') {
    const text = urlEncoded(entries);
    query = [query, text].filter(Boolean).join('&');
    method = rng.chance(0.7) ? 'GET' : 'POST';
  } else if (encoding === 'json') {
    body = Buffer.from(jsonText(entries));
    headers['content-type'] = 'application/json';
  } else if (encoding === 'form') {
    body = Buffer.from(urlEncoded(entries));
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (encoding === 'multipart') {
    const mp = multipartBody(rng, entries, route?.multipart === true);
    body = mp.body;
    headers['content-type'] = mp.type;
    how = mp.how;
  } else {
    const [type, text] = rng.pick(RAW_BODIES)!;
    body = Buffer.from(text);
    if (type) headers['content-type'] = type;
    how = `raw ${type || '(no type)'}`;
  }
  const oversized = rng.chance(0.003);
  if (oversized) {
    body = Buffer.from(`{"pad":"${'x'.repeat(1_200_000)}"}`);
    headers['content-type'] = 'application/json';
    how = 'oversized json';
  }
  if (body) headers['content-length'] = String(body.length);
  const path = query ? `${basePath}?${query}` : basePath;
  return {
    index,
    describe: `#${index} ${method} ${basePath} ${mode} ${how} [${mutations.join(',')}]`,
    method,
    path,
    headers,
    body,
    localAddress: tenant?.address ?? rng.pick(ANONYMOUS_ADDRESSES)!,
  };
}

function randomHexOf(rng: SeededRandom): string {
  return Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
}
