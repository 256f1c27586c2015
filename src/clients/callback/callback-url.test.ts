import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllowList } from '../../lib/ip-range.js';
import { validateCallbackUrl } from './callback-url.js';

const none = parseAllowList('').allowList;
const problemOf = (url: string, allow = none) => {
  const v = validateCallbackUrl(url, allow);
  return v.ok ? 'ok' : v.problem;
};

void describe(validateCallbackUrl.name, () => {
  void it('accepts public http and https URLs with ports, paths and queries', () => {
    const v = validateCallbackUrl('  https://Receiver.Example.com:8443/api/crm?k=1  ', none);
    assert.ok(v.ok);
    assert.equal(v.host, 'receiver.example.com');
    assert.equal(v.url.pathname, '/api/crm');
    assert.equal(problemOf('http://120.77.61.117:8088/cb'), 'ok');
    assert.equal(problemOf('http://[2606:4700::1111]/cb'), 'ok');
  });
  void it('refuses other schemes, credentials, junk and overlong URLs', () => {
    assert.equal(problemOf('ftp://example.com/'), 'scheme');
    assert.equal(problemOf('javascript:alert(1)'), 'scheme');
    assert.equal(problemOf('file:///etc/passwd'), 'scheme');
    assert.equal(problemOf('http://user:pw@example.com/'), 'credentials');
    assert.equal(problemOf('http://user@example.com/'), 'credentials');
    assert.equal(problemOf('example.com/cb'), 'malformed');
    assert.equal(problemOf(''), 'malformed');
    assert.equal(problemOf(`http://example.com/${'a'.repeat(2100)}`), 'too_long');
  });
  void it('refuses literal private/reserved addresses in every spelling the URL parser normalizes', () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5:8080/',
      'http://[fd00::1]/',
      'http://0.0.0.0/',
      'http://localhost:3000/',
      'http://api.localhost/',
    ]) {
      assert.equal(problemOf(url), 'private_address', url);
    }
  });
  void it('gives the operator a Chinese reason naming the address', () => {
    const v = validateCallbackUrl('http://192.168.1.10/cb', none);
    assert.ok(!v.ok);
    assert.match(v.reason, /192\.168\.1\.10/);
    assert.match(v.reason, /CALLBACK_ALLOWLIST/);
  });
  void it('lets allow-listed private destinations through by CIDR or host', () => {
    const allow = parseAllowList('127.0.0.0/8,10.1.0.0/16,localhost').allowList;
    assert.equal(problemOf('http://127.0.0.1:9000/', allow), 'ok');
    assert.equal(problemOf('http://10.1.2.3/', allow), 'ok');
    assert.equal(problemOf('http://10.2.0.1/', allow), 'private_address');
    assert.equal(problemOf('http://localhost:9000/', allow), 'ok');
    assert.equal(problemOf('http://localhost:9000/', parseAllowList('127.0.0.0/8').allowList), 'ok');
  });
  void it('leaves host names to the connect-time guard', () => {
    assert.equal(problemOf('http://receiver.internal/cb'), 'ok');
  });
});
