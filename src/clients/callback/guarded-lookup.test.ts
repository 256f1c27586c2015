import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { parseAllowList } from '../../lib/ip-range.js';
import {
  SsrfRefusedError,
  createGuardedLookup,
  permittedAddresses,
  type Resolver,
} from './guarded-lookup.js';

const answer =
  (...addresses: LookupAddress[]): Resolver =>
  () =>
    Promise.resolve(addresses);
const mixed = answer(
  { address: '10.0.0.1', family: 4 },
  { address: '93.184.216.34', family: 4 },
  { address: '2606:4700::1', family: 6 },
);

function run(resolver: Resolver, allow: string, options: LookupOptions, host = 'h.test') {
  const lookup = createGuardedLookup(parseAllowList(allow).allowList, resolver);
  return new Promise<{ err: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
    lookup(host, options, (err, address, family) => resolve({ err, address, family })),
  );
}

void describe(createGuardedLookup.name, () => {
  void it('returns only public addresses when net asks for all of them', async () => {
    const r = await run(mixed, '', { all: true });
    assert.equal(r.err, null);
    assert.deepEqual(r.address, [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ]);
  });
  void it('returns the first permitted address in single-address mode and honours the family', async () => {
    assert.deepEqual(await run(mixed, '', {}), { err: null, address: '93.184.216.34', family: 4 });
    assert.deepEqual(await run(mixed, '', { family: 6 }), { err: null, address: '2606:4700::1', family: 6 });
  });
  void it('fails with SsrfRefusedError when nothing is permitted', async () => {
    const r = await run(answer({ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }), '', {
      all: true,
    });
    assert.ok(r.err instanceof SsrfRefusedError);
    assert.deepEqual(r.err.addresses, ['127.0.0.1', '::1']);
  });
  void it('lets allow-listed hosts and CIDRs through', async () => {
    const local = answer({ address: '10.0.0.1', family: 4 });
    assert.equal((await run(local, 'h.test', {})).address, '10.0.0.1');
    assert.equal((await run(local, '10.0.0.0/8', {})).address, '10.0.0.1');
    assert.ok((await run(local, '10.0.0.2', {})).err instanceof SsrfRefusedError);
  });
  void it('passes resolver errors through', async () => {
    const failing: Resolver = () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
    const r = await run(failing, '', {});
    assert.equal((r.err as NodeJS.ErrnoException).code, 'ENOTFOUND');
  });
});

void describe(permittedAddresses.name, () => {
  void it('judges IPv4-mapped answers as IPv4', () => {
    const list = parseAllowList('').allowList;
    assert.deepEqual(permittedAddresses('h', [{ address: '::ffff:127.0.0.1', family: 6 }], list), []);
  });
});
