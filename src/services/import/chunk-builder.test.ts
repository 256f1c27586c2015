import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChunk } from './chunk-builder.js';

void describe('buildChunk', () => {
  void it('normalizes phones and escapes JSON for COPY text format', () => {
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
    const lines = c.copyText.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[0], '2\t13800138000\t\\N\t\\N\t{"姓名":"张\\\\\\\\三","电话":"+86 138-0013-8000"}');
    assert.equal(lines[1], '3\t\\N\t号码格式错误\tfail\t{"姓名":"a\\\\tb\\\\nc","电话":"abc"}');
    assert.equal(lines[2], '4\t\\N\t号码为空\tfail\t{"姓名":"xy","电话":""}');
    assert.equal(lines[3], '');
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
    const dispositions = c.copyText
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 4).join('|'));
    assert.deepEqual(dispositions, [
      '2|13800138000|\\N|\\N',
      '3|\\N|号码格式错误|fail',
      '4|13800138000|导入数据中号码重复|repeat',
      '5|13900139000|\\N|\\N',
    ]);
  });
});
