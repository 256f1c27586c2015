import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  WebhookHeader,
  buildWebhookHeaders,
  computeWebhookSignature,
  signWebhook,
  verifyWebhookSignature,
} from './webhook-signature.js';

// Vectors computed independently with `openssl dgst -sha256 -hmac <secret>` over `t + "." + body`.
const BODY = '{"phone":"13800000000","name":"张三"}';
const T = 1700000000;
const SIG_TEST = '7312a24e1f0cb81aed59241f0244974f23f49f4f33090760d0d2c01992c2fc3d';
const SIG_NEXT = '1c20b5ea4b9d6972b62e0f3aa4d3d0fbfaea08bb8bba6c17ed5f04a19901974a';
const at = (sec: number) => new Date(sec * 1000);

void describe('signWebhook', () => {
  void it('matches an independently computed HMAC over t.body (UTF-8)', () => {
    assert.equal(computeWebhookSignature('whsec_test', T, BODY), SIG_TEST);
    assert.equal(signWebhook(BODY, ['whsec_test'], T), `t=${T},v1=${SIG_TEST}`);
  });
  void it('emits one v1 per active secret during rotation', () => {
    assert.equal(signWebhook(BODY, ['whsec_test', 'whsec_next'], T), `t=${T},v1=${SIG_TEST},v1=${SIG_NEXT}`);
  });
  void it('refuses to sign without a secret', () => {
    assert.throws(() => signWebhook(BODY, [], T), RangeError);
  });
});

void describe('buildWebhookHeaders', () => {
  void it('sets the stable id, type, timestamp, attempt and signature headers', () => {
    const headers = buildWebhookHeaders({
      eventId: 'evt_42',
      eventType: 'call_record',
      attempt: 3,
      body: BODY,
      secrets: ['whsec_test'],
      now: new Date(T * 1000 + 999),
    });
    assert.deepEqual(headers, {
      [WebhookHeader.EventId]: 'evt_42',
      [WebhookHeader.EventType]: 'call_record',
      [WebhookHeader.Timestamp]: String(T),
      [WebhookHeader.Attempt]: '3',
      [WebhookHeader.Signature]: `t=${T},v1=${SIG_TEST}`,
    });
  });
  void it('omits the signature when the tenant has no secret', () => {
    const headers = buildWebhookHeaders({
      eventId: 'e',
      eventType: 'test',
      attempt: 1,
      body: '',
      secrets: [],
      now: at(T),
    });
    assert.equal(headers[WebhookHeader.Signature], undefined);
    assert.equal(headers[WebhookHeader.EventId], 'e');
  });
});

void describe('verifyWebhookSignature', () => {
  const header = `t=${T},v1=${SIG_TEST},v1=${SIG_NEXT}`;
  void it('accepts a header signed with any of the receiver secrets', () => {
    assert.deepEqual(verifyWebhookSignature(header, BODY, ['whsec_next'], 300, at(T + 10)), {
      ok: true,
      timestampSec: T,
    });
    assert.deepEqual(verifyWebhookSignature(header, BODY, ['old', 'whsec_test'], 300, at(T - 10)), {
      ok: true,
      timestampSec: T,
    });
  });
  void it('tolerates spaces, upper-case hex and unknown schemes', () => {
    const loose = ` t=${T} , v2=zzz, v1=${SIG_TEST.toUpperCase()}`;
    assert.equal(verifyWebhookSignature(loose, BODY, ['whsec_test'], 300, at(T)).ok, true);
  });
  void it('rejects a changed body, a wrong secret and a stale or future timestamp', () => {
    assert.deepEqual(verifyWebhookSignature(header, `${BODY} `, ['whsec_test'], 300, at(T)), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(verifyWebhookSignature(header, BODY, ['other'], 300, at(T)), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(verifyWebhookSignature(header, BODY, ['whsec_test'], 300, at(T + 301)), {
      ok: false,
      reason: 'stale',
    });
    assert.deepEqual(verifyWebhookSignature(header, BODY, ['whsec_test'], 300, at(T - 301)), {
      ok: false,
      reason: 'stale',
    });
  });
  void it('rejects a signature moved to another timestamp', () => {
    const replayed = `t=${T + 60},v1=${SIG_TEST}`;
    assert.deepEqual(verifyWebhookSignature(replayed, BODY, ['whsec_test'], 300, at(T + 60)), {
      ok: false,
      reason: 'mismatch',
    });
  });
  void it('distinguishes missing and malformed headers', () => {
    assert.deepEqual(verifyWebhookSignature(undefined, BODY, ['s'], 300, at(T)), {
      ok: false,
      reason: 'missing',
    });
    assert.deepEqual(verifyWebhookSignature('  ', BODY, ['s'], 300, at(T)), { ok: false, reason: 'missing' });
    for (const bad of [
      `v1=${SIG_TEST}`,
      `t=${T}`,
      `t=abc,v1=${SIG_TEST}`,
      `t=${T},v1=abcd`,
      `t=1,t=2,v1=${SIG_TEST}`,
    ]) {
      assert.deepEqual(
        verifyWebhookSignature(bad, BODY, ['whsec_test'], 300, at(T)),
        { ok: false, reason: 'malformed' },
        bad,
      );
    }
  });
});
