import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AppError, ErrorCode } from '../../../lib/app-error.js';
import { columnKey, parseTemplate } from './template-columns.js';

void describe('parseTemplate', () => {
  void it('strips stars, marks required columns and finds the phone column', () => {
    assert.deepEqual(parseTemplate(['姓名', '*电话', ' 地址 ', '＊公司名称', '备注']), {
      columns: [
        { key: '姓名', required: false },
        { key: '电话', required: true },
        { key: '地址', required: false },
        { key: '公司名称', required: true },
        { key: '备注', required: false },
      ],
      phoneKey: '电话',
    });
  });

  void it('treats the phone column as required even without a star', () => {
    const t = parseTemplate(['姓名', '电话']);
    assert.deepEqual(t.columns[1], { key: '电话', required: true });
  });

  void it('falls back to a phone-like caption', () => {
    assert.equal(parseTemplate(['客户', '*手机号码']).phoneKey, '手机号码');
  });

  void it('drops blank and duplicate captions', () => {
    assert.deepEqual(
      parseTemplate(['电话', '', '  ', '*电话', '姓名']).columns.map((c) => c.key),
      ['电话', '姓名'],
    );
  });

  void it('rejects a template without a phone column with 30003', () => {
    assert.throws(
      () => parseTemplate(['姓名', '地址']),
      (err) => err instanceof AppError && err.code === ErrorCode.ImportTemplateEmpty,
    );
    assert.throws(
      () => parseTemplate([]),
      (err) => err instanceof AppError && err.code === 30003,
    );
  });
});

void describe('columnKey', () => {
  void it('normalizes header cells', () => {
    assert.equal(columnKey(' *电话 '), '电话');
    assert.equal(columnKey('\u3000电话\u3000'), '电话');
    assert.equal(columnKey('* 电话'), '电话');
    assert.equal(columnKey('电话*'), '电话*');
  });
});
