// IPv4/IPv6 parsing, CIDR matching and the special-purpose address ranges a server must never be tricked into
// calling (SSRF). Ranges follow the IANA special-purpose registries (RFC 6890 and its updates); an IPv6 address
// that embeds an IPv4 one (::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the embedded IPv4.

/** A parsed address: `value` is the 32-bit (v4) or 128-bit (v6) number. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** A parsed CIDR block; `base` has the host bits cleared. */
export interface Cidr {
  readonly version: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

const V4_BITS = 32;
const V6_BITS = 128;

/**
 * Parses a strict dotted-quad IPv4 address (no leading zeros, no shorthand such as `127.1`).
 * @example parseIpv4('10.0.0.1')?.value // 167772161n
 */
export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are rejected: some resolvers read them as octal, which is a classic SSRF bypass.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return { version: 4, value };
}

/**
 * Parses an IPv6 address, with `::` compression, an optional dotted IPv4 tail, optional brackets and an optional
 * zone id (`fe80::1%eth0`, the zone is ignored).
 * @example parseIpv6('[::1]')?.value // 1n
 */
export function parseIpv6(text: string): IpAddress | undefined {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) {
    if (zone === s.length - 1) return undefined;
    s = s.slice(0, zone);
  }
  if (s.length === 0 || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return { version: 6, value };
}

/** Hex groups of one side of `::`; a dotted IPv4 is allowed only as the last element of the address. */
function parseGroups(text: string, mayEndWithIpv4: boolean): number[] | undefined {
  if (text === '') return [];
  const items = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    if (i === items.length - 1 && mayEndWithIpv4 && item.includes('.')) {
      const v4 = parseIpv4(item);
      if (!v4) return undefined;
      groups.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
      groups.push(parseInt(item, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * Parses an IPv4 or IPv6 address (IPv6 may be bracketed, as in a URL host); undefined when it is not an address.
 * @example parseIp('::ffff:127.0.0.1')?.version // 6
 */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/**
 * `::ffff:a.b.c.d` becomes the IPv4 `a.b.c.d`; any other address is returned unchanged. The OS connects an
 * IPv4-mapped address to the IPv4 host, so every check must see the IPv4 form.
 */
export function unmapIpv4(ip: IpAddress): IpAddress {
  if (ip.version === 6 && ip.value >> 32n === 0xffffn) return { version: 4, value: ip.value & 0xffffffffn };
  return ip;
}

const bitsOf = (version: 4 | 6): number => (version === 4 ? V4_BITS : V6_BITS);
const maskOf = (version: 4 | 6, prefix: number): bigint => {
  const bits = BigInt(bitsOf(version));
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
};

/**
 * Parses `addr/prefix` (host bits are cleared, so `10.1.2.3/8` means `10.0.0.0/8`) or a bare address (a single
 * host). An IPv4-mapped IPv6 block with prefix ≥ 96 is turned into the IPv4 block it denotes.
 * @example parseCidr('100.64.0.0/10')
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return undefined;
  let prefix = bitsOf(ip.version);
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > bitsOf(ip.version)) return undefined;
  }
  if (ip.version === 6 && prefix >= 96 && ip.value >> 32n === 0xffffn) {
    return cidrOf(4, ip.value & 0xffffffffn, prefix - 96);
  }
  return cidrOf(ip.version, ip.value, prefix);
}

function cidrOf(version: 4 | 6, value: bigint, prefix: number): Cidr {
  return { version, base: value & maskOf(version, prefix), prefix };
}

/** True when `ip` lies in `cidr` (IPv4-mapped IPv6 addresses are compared as IPv4). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  const a = unmapIpv4(ip);
  return a.version === cidr.version && (a.value & maskOf(cidr.version, cidr.prefix)) === cidr.base;
}

type Range = readonly [block: Cidr, name: string];
const range = (text: string, name: string): Range => {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad built-in range ${text}`);
  return [c, name];
};

// Order matters only for the name reported (the broadcast address is also inside 240/4).
const V4_RESERVED: readonly Range[] = [
  range('0.0.0.0/8', 'this-network'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'cgnat'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'ietf-protocol'),
  range('192.0.2.0/24', 'documentation'),
  range('192.88.99.0/24', '6to4-relay'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),
];

const V6_RESERVED: readonly Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('64:ff9b:1::/48', 'nat64-local'),
  range('100::/64', 'discard'),
  range('2001:db8::/32', 'documentation'),
  range('2001::/23', 'ietf-protocol'),
  range('3fff::/20', 'documentation'),
  range('5f00::/16', 'srv6'),
  range('fc00::/7', 'unique-local'),
  range('fec0::/10', 'site-local'),
  range('fe80::/10', 'link-local'),
  range('ff00::/8', 'multicast'),
];
const V6_GLOBAL_UNICAST = range('2000::/3', 'global')[0];
const V6_NAT64 = range('64:ff9b::/96', 'nat64')[0];
const V6_6TO4 = range('2002::/16', '6to4')[0];

/**
 * Name of the special-purpose range `ip` belongs to (`loopback`, `private`, `link-local`, `cgnat`, `multicast`,
 * `unique-local`, `documentation`, `broadcast`, …), or undefined for a public unicast address. Text that is not an
 * address yields `invalid` (fail closed).
 * @example reservedRangeOf('::ffff:10.0.0.1') // 'private'
 */
export function reservedRangeOf(ip: string | IpAddress): string | undefined {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!parsed) return 'invalid';
  const a = unmapIpv4(parsed);
  if (a.version === 4) return V4_RESERVED.find(([block]) => cidrContains(block, a))?.[1];
  // Translation prefixes reach the embedded IPv4 host: judge that host.
  if (cidrContains(V6_NAT64, a)) return reservedRangeOf({ version: 4, value: a.value & 0xffffffffn });
  if (cidrContains(V6_6TO4, a)) return reservedRangeOf({ version: 4, value: (a.value >> 80n) & 0xffffffffn });
  const named = V6_RESERVED.find(([block]) => cidrContains(block, a))?.[1];
  if (named) return named;
  // Everything outside 2000::/3 is unallocated or special by IANA's registry.
  return cidrContains(V6_GLOBAL_UNICAST, a) ? undefined : 'reserved';
}

/**
 * True for loopback, RFC 1918, link-local, CGNAT, this-network, multicast, unique-local, documentation,
 * benchmarking, broadcast and other non-public addresses, and for anything that is not an address.
 * @example isPrivateOrReserved('169.254.169.254') // true
 */
export function isPrivateOrReserved(ip: string | IpAddress): boolean {
  return reservedRangeOf(ip) !== undefined;
}

/** Destinations exempt from the private-address refusal: exact hosts, `*.suffix` wildcards and CIDR blocks. */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  /** Suffixes from `*.example.com` entries, stored as `.example.com`. */
  readonly hostSuffixes: readonly string[];
  readonly cidrs: readonly Cidr[];
}

export const EMPTY_ALLOW_LIST: AllowList = Object.freeze({
  hosts: new Set<string>(),
  hostSuffixes: [],
  cidrs: [],
});

/** Lowercase, no trailing dot, no IPv6 brackets: the form hosts are compared in. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

const HOST_LABELS =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses a comma-separated allow-list such as `CALLBACK_ALLOWLIST=127.0.0.0/8,receiver.internal,*.corp.example`.
 * Entries that are neither a CIDR/address nor a host name are returned in `invalid` so configuration can list them.
 * @example parseAllowList('127.0.0.0/8,receiver.internal').invalid // []
 */
export function parseAllowList(text: string): { allowList: AllowList; invalid: string[] } {
  const hosts = new Set<string>();
  const hostSuffixes: string[] = [];
  const cidrs: Cidr[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const cidr = parseCidr(entry.startsWith('[') ? entry.replace(/^\[([^\]]*)\]/, '$1') : entry);
    if (cidr) {
      cidrs.push(cidr);
      continue;
    }
    const host = normalizeHost(entry);
    if (host.startsWith('*.') && HOST_LABELS.test(host.slice(2))) hostSuffixes.push(host.slice(1));
    else if (HOST_LABELS.test(host) && !/^[\d.]+$/.test(host)) hosts.add(host);
    else invalid.push(entry);
  }
  return { allowList: { hosts, hostSuffixes, cidrs }, invalid };
}

/**
 * True when the destination is allow-listed, either by its host name (`host`, as written in the URL; any address
 * it resolves to is then accepted) or by the address actually connected to (`ip`, matched against the CIDRs).
 * `allowList` may be the raw comma-separated text (invalid entries are then ignored) or a parsed list.
 * @example matchesAllowList('receiver.internal', '10.1.2.3', 'receiver.internal') // true
 */
export function matchesAllowList(
  host: string | undefined,
  ip: string | undefined,
  list: AllowList | string,
): boolean {
  const allowList = typeof list === 'string' ? parseAllowList(list).allowList : list;
  if (host !== undefined) {
    const h = normalizeHost(host);
    if (allowList.hosts.has(h)) return true;
    if (allowList.hostSuffixes.some((suffix) => h.endsWith(suffix))) return true;
  }
  if (ip !== undefined) {
    const parsed = parseIp(ip);
    if (parsed && allowList.cidrs.some((c) => cidrContains(c, parsed))) return true;
  }
  return false;
}
