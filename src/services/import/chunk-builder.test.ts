import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChunk } from './chunk-builder.js';

void describe('buildChunk', () => {
  void it('normalizes phones for staging and escapes the columns JSON for COPY text format', () => {
    const c = buildChunk(
      [
        { rowNo: 2, columns: { 姓名: '张\\三', 电话: '+86 138-0013-8000' } },
        { rowNo: 3, columns: { 姓名: 'a\tb\nc', 电话: 'abc' } },
        { rowNo: 4, columns: { 姓名: 'x\u0000y', 电话: '' } },
      ],
      '电话',
    );
    assert.equal(c.rows, 3);
    assert.equal(c.invalid, 2);
    assert.equal(
      c.stageText,
      '2\t13800138000\t\\N\t\\N\n3\t\\N\t号码格式错误\tfail\n4\t\\N\t号码为空\tfail\n',
    );
    assert.deepEqual(c.rowNos, [2, 3, 4]);
    assert.deepEqual(c.phones, ['13800138000', null, null]);
    assert.deepEqual(c.columns, [
      '{"姓名":"张\\\\\\\\三","电话":"+86 138-0013-8000"}',
      '{"姓名":"a\\\\tb\\\\nc","电话":"abc"}',
      '{"姓名":"xy","电话":""}',
    ]);
  });

  void it('disposes of later rows repeating a number of the same chunk, whatever its spelling', () => {
    const c = buildChunk(
      [
        { rowNo: 2, columns: { 电话: '13800138000' } },
        { rowNo: 3, columns: { 电话: 'x' } },
        { rowNo: 4, columns: { 电话: '+86 138 0013 8000' } },
        { rowNo: 5, columns: { 电话: '13900139000' } },
      ],
      '电话',
    );
    assert.deepEqual(c.stageText.trimEnd().split('\n'), [
      '2\t13800138000\t\\N\t\\N',
      '3\t\\N\t号码格式错误\tfail',
      '4\t13800138000\t导入数据中号码重复\trepeat',
      '5\t13900139000\t\\N\t\\N',
    ]);
  });
});
