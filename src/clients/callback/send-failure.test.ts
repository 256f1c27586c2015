import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SsrfRefusedError } from './guarded-lookup.js';
import { classifySendError } from './send-failure.js';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
const kindOf = (err: unknown, timedOut = false) => classifySendError(err, timedOut).kind;

void describe(classifySendError.name, () => {
  void it('reports our own deadline as a timeout whatever was thrown', () => {
    assert.equal(kindOf(coded('UND_ERR_ABORTED'), true), 'timeout');
  });
  void it('maps socket, TLS, DNS and undici codes', () => {
    assert.equal(kindOf(coded('ECONNREFUSED')), 'connect');
    assert.equal(kindOf(coded('ECONNRESET')), 'connect');
    assert.equal(kindOf(coded('UND_ERR_SOCKET')), 'connect');
    assert.equal(kindOf(coded('UND_ERR_CONNECT_TIMEOUT')), 'connect');
    assert.equal(kindOf(coded('CERT_HAS_EXPIRED')), 'connect');
    assert.equal(kindOf(coded('DEPTH_ZERO_SELF_SIGNED_CERT')), 'connect');
    assert.equal(kindOf(coded('ERR_TLS_CERT_ALTNAME_INVALID')), 'connect');
    assert.equal(kindOf(coded('ENOTFOUND')), 'dns');
    assert.equal(kindOf(coded('EAI_AGAIN')), 'dns');
    assert.equal(kindOf(coded('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
    assert.equal(kindOf(coded('UND_ERR_RES_EXCEEDED_MAX_SIZE')), 'too_large');
    assert.equal(kindOf(coded('UND_ERR_CLOSED')), 'other');
  });
  void it('looks through the cause chain', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: new SsrfRefusedError('h.test', ['10.0.0.1']),
    });
    assert.equal(kindOf(wrapped), 'ssrf');
    const deep = Object.assign(new Error('outer'), {
      cause: Object.assign(new Error('mid'), { cause: coded('ENOTFOUND') }),
    });
    assert.equal(kindOf(deep), 'dns');
  });
  void it('keeps a short message with the code and survives non-errors', () => {
    assert.deepEqual(classifySendError(coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), false), {
      kind: 'connect',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
    });
    assert.equal(classifySendError(coded('EPIPE', 'broken'), false).message, 'EPIPE: broken');
    assert.deepEqual(classifySendError('weird', false), { kind: 'other', message: 'weird' });
    assert.ok(classifySendError(new Error('x'.repeat(1000)), false).message.length <= 301);
  });
});
