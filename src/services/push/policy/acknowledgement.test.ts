import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAcknowledged, isSuccessToken } from './acknowledgement.js';
import { ORDERED_KINDS, PushKind, PUSH_KINDS, isPushKind } from './push-kind.js';

void describe(isSuccessToken.name, () => {
  void it('accepts SUCCESS with whitespace, BOM, JSON quotes and any case', () => {
    for (const body of [
      'SUCCESS',
      'success',
      'Success',
      ' SUCCESS\r\n',
      '\uFEFFSUCCESS',
      '"SUCCESS"',
      ' "success" \n',
      '\tSUCCESS\t',
    ]) {
      assert.equal(isSuccessToken(body), true, JSON.stringify(body));
    }
  });
  void it('refuses everything else', () => {
    for (const body of [
      '',
      'OK',
      'SUCCESS.',
      'SUCCESS\nextra',
      "'SUCCESS'",
      '""SUCCESS""',
      '{"code":0}',
      '{"msg":"SUCCESS"}',
      '["SUCCESS"]',
      'true',
      '1',
      'SUCCES',
      'UNSUCCESSFUL',
    ]) {
      assert.equal(isSuccessToken(body), false, JSON.stringify(body));
    }
  });
});

void describe(isAcknowledged.name, () => {
  void it('requires 2xx and SUCCESS for call records and push tests', () => {
    for (const kind of [PushKind.callRecord, PushKind.test]) {
      assert.equal(isAcknowledged(kind, 200, 'SUCCESS'), true);
      assert.equal(isAcknowledged(kind, 201, '"SUCCESS"'), true);
      assert.equal(isAcknowledged(kind, 200, '{"code":0}'), false);
      assert.equal(isAcknowledged(kind, 204, ''), false);
      assert.equal(isAcknowledged(kind, 500, 'SUCCESS'), false);
      assert.equal(isAcknowledged(kind, 302, 'SUCCESS'), false);
    }
  });
  void it('accepts any 2xx for import results and analytics', () => {
    for (const kind of [PushKind.importResult, PushKind.analytics]) {
      assert.equal(isAcknowledged(kind, 200, 'whatever'), true);
      assert.equal(isAcknowledged(kind, 204, ''), true);
      assert.equal(isAcknowledged(kind, 299, ''), true);
      assert.equal(isAcknowledged(kind, 300, 'SUCCESS'), false);
      assert.equal(isAcknowledged(kind, 404, 'SUCCESS'), false);
      assert.equal(isAcknowledged(kind, 199, ''), false);
    }
  });
});

void describe('PUSH_KINDS', () => {
  void it('maps each kind to its reference section', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(PUSH_KINDS).map(([kind, spec]) => [kind, spec.section])),
      { import_result: '5.7.15', call_record: '6.6.1', analytics: '7.7', test: '6.6.2' },
    );
    assert.equal(PUSH_KINDS.test.retries, false);
    assert.equal(PUSH_KINDS.analytics.latestOnly, true);
  });
  void it('orders import results and analytics per key, not call records', () => {
    assert.deepEqual(ORDERED_KINDS, ['import_result', 'analytics']);
  });
  void it('recognizes stored kind names', () => {
    assert.equal(isPushKind('call_record'), true);
    assert.equal(isPushKind('toString'), false);
    assert.equal(isPushKind('CALL_RECORD'), false);
  });
});
