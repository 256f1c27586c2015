import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer.js';

function tokenize(
  text: string,
  pieces = 1,
  delimiter = ',',
  recordDelimiter: '\n' | '\r' = '\n',
): string[][] {
  const t = new CsvTokenizer(delimiter, recordDelimiter, 1000);
  const out: string[][] = [];
  const size = Math.ceil(text.length / pieces);
  for (let i = 0; i < text.length; i += size) out.push(...t.push(text.slice(i, i + size)));
  out.push(...t.end());
  return out;
}

const TEXT =
  '\uFEFF姓名,电话,地址\r\n' +
  '张三 ,13800138000,"深圳市, 南山区"\r\n' +
  '\r\n' +
  '"李""四""",139 1234 5678 ,"北京市\r\n海淀区"  \r\n' +
  '王"五",+86 137-0000-0000\r\n' +
  ',,\r\n' +
  '赵六,13600000000';

const EXPECTED = [
  ['姓名', '电话', '地址'],
  ['张三', '13800138000', '深圳市, 南山区'],
  [''],
  ['李"四"', '139 1234 5678', '北京市\r\n海淀区'],
  ['王"五"', '+86 137-0000-0000'],
  ['', '', ''],
  ['赵六', '13600000000'],
];

void describe('CSV tokenizer', () => {
  void it('reads quoted fields, doubled quotes, quotes inside unquoted fields, CRLF and a last line without end', () => {
    assert.deepEqual(tokenize(TEXT), EXPECTED);
  });

  void it('gives the same records however the text is cut into chunks', () => {
    for (const pieces of [2, 3, 7, 19, TEXT.length]) {
      assert.deepEqual(tokenize(TEXT, pieces), EXPECTED, `${pieces}`);
    }
  });

  void it('splits at the sniffed delimiter and record delimiter (tabs; old Mac line ends)', () => {
    assert.deepEqual(tokenize('a\tb c \t"d\te"\nf', 1, '\t'), [['a', 'b c', 'd\te'], ['f']]);
    assert.deepEqual(tokenize('a;b\r"c\rd";e\r', 3, ';', '\r'), [
      ['a', 'b'],
      ['c\rd', 'e'],
    ]);
  });

  void it('refuses a quote never closed, text after a closing quote and a record beyond the cap', () => {
    assert.throws(() => tokenize('a,"b\nc,d\n'), CsvSyntaxError);
    assert.throws(() => tokenize('a,"b"c\n'), CsvSyntaxError);
    assert.throws(() => tokenize(`a,${'x'.repeat(1001)}\n`), CsvSyntaxError);
    assert.throws(
      () => tokenize(`a,${'x'.repeat(2000)}`, 40),
      CsvSyntaxError,
      'also while the record is still open',
    );
  });
});
