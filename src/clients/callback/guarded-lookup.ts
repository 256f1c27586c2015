// The SSRF guard at connect time. undici hands this lookup to net/tls.connect, so the address checked here is
// exactly the address the socket connects to: a DNS answer that changes between a check and the connect
// (DNS rebinding) cannot slip through, because there is no separate check.
import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { matchesAllowList, reservedRangeOf, type AllowList } from '../../lib/ip-range.js';

/** Resolves a host name to all of its addresses (injectable for tests). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Thrown into the connect path when every address of a host is private/reserved and not allow-listed. */
export class SsrfRefusedError extends Error {
  readonly code = 'ERR_CALLBACK_SSRF_REFUSED';

  constructor(
    readonly hostname: string,
    readonly addresses: readonly string[],
  ) {
    super(`refused ${hostname}: resolves only to non-public addresses (${addresses.join(', ') || 'none'})`);
    this.name = 'SsrfRefusedError';
  }
}

/**
 * Keeps the addresses a callback may connect to: public ones, and private ones that are allow-listed (by the host
 * name or by CIDR). Private addresses of a mixed answer are dropped rather than tried.
 */
export function permittedAddresses(
  hostname: string,
  addresses: readonly LookupAddress[],
  allowList: AllowList,
): LookupAddress[] {
  return addresses.filter(
    (a) => reservedRangeOf(a.address) === undefined || matchesAllowList(hostname, a.address, allowList),
  );
}

/**
 * A `lookup` for net/tls.connect that resolves through `resolve` and only returns permitted addresses.
 * @example new Agent({ connect: { lookup: createGuardedLookup(allowList) } })
 */
export function createGuardedLookup(
  allowList: AllowList,
  resolve: Resolver = systemResolver,
): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (all) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const candidates = family ? all.filter((a) => a.family === family) : all;
        const permitted = permittedAddresses(hostname, candidates, allowList);
        const first = permitted[0];
        if (!first) {
          callback(
            new SsrfRefusedError(
              hostname,
              candidates.map((a) => a.address),
            ),
            '',
            0,
          );
        } else if (options.all === true) {
          callback(null, permitted);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)), '', 0);
      },
    );
  };
}
