import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import {
  cidrContains,
  isPrivateOrReserved,
  matchesAllowList,
  normalizeHost,
  parseAllowList,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
  reservedRangeOf,
  unmapIpv4,
} from './ip-range.js';

const cidr = (text: string) => {
  const c = parseCidr(text);
  assert.ok(c, `cidr ${text}`);
  return c;
};
const ip = (text: string) => {
  const a = parseIp(text);
  assert.ok(a, `ip ${text}`);
  return a;
};

void describe('parseIpv4', () => {
  void it('parses dotted quads into 32-bit values', () => {
    assert.equal(parseIpv4('0.0.0.0')?.value, 0n);
    assert.equal(parseIpv4('255.255.255.255')?.value, 0xffffffffn);
    assert.equal(parseIpv4('10.0.0.1')?.value, 0x0a000001n);
  });
  void it('rejects shorthand, octal-looking and out-of-range forms', () => {
    for (const bad of [
      '127.1',
      '010.0.0.1',
      '256.0.0.1',
      '1.2.3.4.5',
      '1.2.3.',
      '0x7f.0.0.1',
      ' 1.2.3.4',
      '',
    ]) {
      assert.equal(parseIpv4(bad), undefined, bad);
    }
  });
});

void describe('parseIpv6', () => {
  void it('parses compressed, full, bracketed, zoned and IPv4-tailed forms', () => {
    assert.equal(parseIpv6('::')?.value, 0n);
    assert.equal(parseIpv6('::1')?.value, 1n);
    assert.equal(parseIpv6('[::1]')?.value, 1n);
    assert.equal(parseIpv6('fe80::1%eth0')?.value, (0xfe80n << 112n) | 1n);
    assert.equal(parseIpv6('1:2:3:4:5:6:7:8')?.value, 0x00010002000300040005000600070008n);
    assert.equal(parseIpv6('::ffff:127.0.0.1')?.value, parseIpv6('::ffff:7f00:1')?.value);
    assert.equal(parseIpv6('2001:DB8::')?.value, 0x20010db8n << 96n);
  });
  void it('rejects malformed text', () => {
    for (const bad of [
      '1::2::3',
      ':::',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1.2.3.4::',
      'fe80::1%',
    ]) {
      assert.equal(parseIpv6(bad), undefined, bad);
    }
  });
  void it('agrees with node:net on what is an address', () => {
    for (const text of [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '::ffff:1.2.3.4',
      '1::2::3',
      'x',
    ]) {
      assert.equal(parseIp(text) !== undefined, isIP(text) !== 0, text);
    }
  });
});

void describe('parseCidr / cidrContains', () => {
  void it('masks host bits and matches by prefix', () => {
    const block = cidr('10.1.2.3/8');
    assert.equal(block.base, 0x0a000000n);
    assert.ok(cidrContains(block, ip('10.255.0.1')));
    assert.ok(!cidrContains(block, ip('11.0.0.0')));
    assert.ok(cidrContains(cidr('0.0.0.0/0'), ip('8.8.8.8')));
    assert.ok(!cidrContains(cidr('0.0.0.0/0'), ip('2001:4860::1')));
  });
  void it('treats a bare address as a single host and rejects bad prefixes', () => {
    assert.equal(cidr('192.0.2.7').prefix, 32);
    assert.equal(cidr('::1').prefix, 128);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/08', 'host/8']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
  void it('compares IPv4-mapped IPv6 addresses and blocks as IPv4', () => {
    assert.ok(cidrContains(cidr('127.0.0.0/8'), ip('::ffff:127.0.0.9')));
    assert.deepEqual(cidr('::ffff:10.0.0.0/104'), cidr('10.0.0.0/8'));
    assert.equal(unmapIpv4(ip('::ffff:7f00:1')).version, 4);
  });
});

void describe('reservedRangeOf / isPrivateOrReserved', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['0.0.0.0', 'this-network'],
    ['0.1.2.3', 'this-network'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a00:1', 'private'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['::', 'unspecified'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001::1', 'ietf-protocol'],
    ['100::1', 'discard'],
    ['fec0::1', 'site-local'],
    ['4000::1', 'reserved'],
    ['not-an-ip', 'invalid'],
  ];
  for (const [address, name] of cases) {
    void it(`${address} is ${name}`, () => {
      assert.equal(reservedRangeOf(address), name);
      assert.equal(isPrivateOrReserved(address), true);
    });
  }
  void it('lets public unicast addresses through, including via translation prefixes', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '192.169.0.1',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ]) {
      assert.equal(isPrivateOrReserved(address), false, address);
    }
  });
});

void describe('parseAllowList / matchesAllowList', () => {
  void it('parses hosts, wildcards, CIDRs and bare addresses, and reports junk', () => {
    const { allowList, invalid } = parseAllowList(
      ' 127.0.0.0/8, Receiver.Internal. ,*.corp.example,::1,[fd00::]/8,,bad host,127.1',
    );
    assert.deepEqual([...allowList.hosts], ['receiver.internal']);
    assert.deepEqual(allowList.hostSuffixes, ['.corp.example']);
    assert.equal(allowList.cidrs.length, 3);
    assert.deepEqual(invalid, ['bad host', '127.1']);
  });
  void it('matches by host name whatever the address, and by address whatever the host', () => {
    const { allowList } = parseAllowList('127.0.0.0/8,receiver.internal,*.corp.example');
    assert.ok(matchesAllowList('receiver.internal', '10.9.9.9', allowList));
    assert.ok(matchesAllowList('RECEIVER.internal.', undefined, allowList));
    assert.ok(matchesAllowList('a.b.corp.example', '192.168.0.1', allowList));
    assert.ok(!matchesAllowList('corp.example', '192.168.0.1', allowList));
    assert.ok(matchesAllowList('anything.test', '127.0.0.2', allowList));
    assert.ok(matchesAllowList(undefined, '::ffff:127.0.0.1', allowList));
    assert.ok(!matchesAllowList('evil.test', '10.0.0.1', allowList));
    assert.ok(!matchesAllowList('evil.test', '::1', allowList));
  });
  void it('accepts the raw comma-separated text', () => {
    assert.ok(matchesAllowList('[::1]', '::1', '::1/128'));
    assert.ok(!matchesAllowList('localhost', '127.0.0.1', ''));
  });
  void it('normalizes hosts for comparison', () => {
    assert.equal(normalizeHost(' [FE80::1] '), 'fe80::1');
    assert.equal(normalizeHost('Example.COM..'), 'example.com');
  });
});
