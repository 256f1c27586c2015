import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import type { SendErrorKind } from '../../../clients/callback/send-failure.js';
import { classifyStatus, judgeAttempt } from './attempt-verdict.js';
import type { PushKind } from './push-kind.js';

const result = (status: number, bodySnippet = '', errorKind?: SendErrorKind): SendResult => ({
  status,
  bodySnippet,
  bodyBytes: bodySnippet.length,
  latencyMs: 5,
  queuedMs: 0,
  ...(errorKind ? { error: { kind: errorKind, message: 'detail' } } : {}),
});
const classOf = (kind: PushKind, r: SendResult) => {
  const v = judgeAttempt(kind, r);
  return v.outcome === 'acknowledged' ? 'acknowledged' : v.failureClass;
};

void describe(judgeAttempt.name, () => {
  void it('acknowledges a call record only on 2xx SUCCESS', () => {
    assert.equal(classOf('call_record', result(200, 'SUCCESS')), 'acknowledged');
    assert.equal(classOf('call_record', result(200, 'ok')), 'retry_limited');
    assert.deepEqual(judgeAttempt('call_record', result(200, 'ok')), {
      outcome: 'failed',
      failureClass: 'retry_limited',
      reason: 'HTTP 200 without SUCCESS',
    });
  });
  void it('retries outages for the whole window', () => {
    for (const kind of ['timeout', 'connect', 'dns', 'other'] as const) {
      assert.equal(classOf('call_record', result(0, '', kind)), 'retry', kind);
    }
    for (const status of [500, 502, 503, 504, 408, 425, 429]) {
      assert.equal(classOf('call_record', result(status, 'SUCCESS')), 'retry', String(status));
      assert.equal(classOf('import_result', result(status)), 'retry', String(status));
    }
  });
  void it('retries wrong answers only a limited number of times', () => {
    for (const status of [400, 401, 403, 404, 405, 410, 413, 422]) {
      assert.equal(classOf('analytics', result(status)), 'retry_limited', String(status));
    }
    assert.equal(classOf('call_record', result(302, '', 'redirect')), 'retry_limited');
    assert.equal(classOf('call_record', result(200, 'SUCCESS', 'too_large')), 'retry_limited');
  });
  void it('gives up at once when nothing can be sent', () => {
    assert.equal(classOf('call_record', result(0, '', 'ssrf')), 'permanent');
    assert.equal(classOf('import_result', result(0, '', 'invalid_url')), 'permanent');
  });
  void it('counts a 2xx status as delivered for status-acknowledged kinds even if the body then failed', () => {
    assert.equal(classOf('import_result', result(200, 'x', 'too_large')), 'acknowledged');
    assert.equal(classOf('analytics', result(200, '', 'timeout')), 'acknowledged');
    assert.equal(classOf('call_record', result(200, 'SUC', 'timeout')), 'retry');
    assert.equal(classOf('analytics', result(0, '', 'timeout')), 'retry');
  });
  void it('carries the transport error into the reason', () => {
    const v = judgeAttempt('call_record', result(0, '', 'connect'));
    assert.deepEqual(v, { outcome: 'failed', failureClass: 'retry', reason: 'connect: detail' });
  });
});

void describe(classifyStatus.name, () => {
  void it('treats odd statuses as broken exchanges', () => {
    assert.equal(classifyStatus(100), 'retry');
    assert.equal(classifyStatus(0), 'retry');
    assert.equal(classifyStatus(599), 'retry');
    assert.equal(classifyStatus(204), 'retry_limited');
  });
});
