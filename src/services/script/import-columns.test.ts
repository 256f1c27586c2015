import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { courseScript, paymentScript } from '../../robot/index.js';
import { extendedFields, importColumns } from './import-columns.js';

const vars = (...v: { name: string; required?: boolean; description?: string; default?: string }[]) => ({
  variables: v.map((x) => ({ required: false, ...x })),
});

describe('importColumns', () => {
  it('lists the variables in order with * on required ones', () => {
    assert.deepEqual(importColumns(paymentScript), ['*姓名', '*电话', '*欠款金额', '*还款日期', '产品名称']);
    assert.deepEqual(importColumns(courseScript), ['姓名', '*电话', '课程名称', '校区']);
  });

  it('always requires 电话 and adds it after 姓名 (or first) when the script does not declare it', () => {
    assert.deepEqual(importColumns(vars({ name: '电话' })), ['*电话']);
    assert.deepEqual(importColumns(vars({ name: '姓名' }, { name: '地址' })), ['姓名', '*电话', '地址']);
    assert.deepEqual(importColumns(vars({ name: '地址', required: true })), ['*电话', '*地址']);
    assert.deepEqual(importColumns(vars()), ['*电话']);
  });
});

describe('extendedFields', () => {
  it('describes the variables beyond 姓名/电话 with required flag, meaning and default', () => {
    assert.deepEqual(extendedFields(paymentScript), [
      { name: '欠款金额', required: 1, description: '本期应还金额(元)', default: '' },
      { name: '还款日期', required: 1, description: '如 3月15日', default: '' },
      { name: '产品名称', required: 0, description: '', default: '安信借款' },
    ]);
    assert.deepEqual(extendedFields(vars({ name: '姓名' }, { name: '电话' })), []);
  });
});
