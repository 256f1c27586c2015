import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import {
  applyImportSettings,
  DEFAULT_IMPORT_SETTINGS,
  parseDetectionClasses,
  resolveImportSettings,
} from './import-settings.js';

void describe('import settings', () => {
  void it('fills unset keys with defaults and ignores a corrupt stored value', () => {
    assert.deepEqual(resolveImportSettings(undefined), DEFAULT_IMPORT_SETTINGS);
    assert.equal(resolveImportSettings({ cap_per_day: 5 }).cap_per_day, 5);
    assert.deepEqual(resolveImportSettings({ cap_per_day: 'lots' }), DEFAULT_IMPORT_SETTINGS);
  });

  void it('applies a liberal patch without touching other keys', () => {
    const next = applyImportSettings(resolveImportSettings({}), {
      cap_per_day: '2',
      filter_last_refused: 'on',
      detection_import_classes: '["SHI","kuwu","kuwu"]',
    });
    assert.equal(next.cap_per_day, 2);
    assert.equal(next.filter_last_refused, true);
    assert.deepEqual(next.detection_import_classes, ['shi', 'kuwu']);
    assert.equal(next.cap_per_30_days, DEFAULT_IMPORT_SETTINGS.cap_per_30_days);
  });

  void it('lists every invalid key in one 20002 error', () => {
    assert.throws(
      () =>
        applyImportSettings(resolveImportSettings({}), {
          silent_months: 0,
          use_vendor: 'maybe',
          cap_per_day: 1.5,
        }),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 20002 &&
        ['silent_months', 'use_vendor', 'cap_per_day'].every((k) => err.message.includes(k)),
    );
  });

  void it('parses detection class lists in every accepted spelling', () => {
    assert.deepEqual(parseDetectionClasses('shi, kong，tingji'), ['shi', 'kong', 'tingji']);
    assert.deepEqual(parseDetectionClasses(['fenxian']), ['fenxian']);
    assert.deepEqual(parseDetectionClasses(''), []);
    assert.equal(parseDetectionClasses('shi,nope'), undefined);
    assert.equal(parseDetectionClasses(3), undefined);
  });
});
