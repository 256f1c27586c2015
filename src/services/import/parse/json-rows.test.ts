import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AppError, ErrorCode } from '../../../lib/app-error.js';
import type { ImportRow } from './import-row.js';
import { openJsonRows } from './json-rows.js';

const CAPTIONS = ['姓名', '*电话', '地址'];

async function collect(rows: AsyncIterable<ImportRow>): Promise<ImportRow[]> {
  const out: ImportRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const isCode = (code: number) => (err: unknown) => err instanceof AppError && err.code === code;

void describe('openJsonRows', () => {
  void it('reads {"data":[…]} given as a string', async () => {
    const json = JSON.stringify({ data: [{ 姓名: '张三', 电话: '13800138000', 地址: '深圳' }] });
    const { total, rows } = openJsonRows(json, CAPTIONS);
    assert.equal(total, 1);
    assert.deepEqual(await collect(rows), [
      { rowNo: 1, columns: { 姓名: '张三', 电话: '13800138000', 地址: '深圳' } },
    ]);
  });

  void it('reads a nested object, a bare array and a double-encoded data string', async () => {
    const item = { 电话: '13800138000' };
    const expected = [{ rowNo: 1, columns: { 姓名: '', 电话: '13800138000', 地址: '' } }];
    assert.deepEqual(await collect(openJsonRows({ data: [item] }, CAPTIONS).rows), expected);
    assert.deepEqual(await collect(openJsonRows([item], CAPTIONS).rows), expected);
    assert.deepEqual(await collect(openJsonRows({ data: JSON.stringify([item]) }, CAPTIONS).rows), expected);
    assert.deepEqual(
      await collect(openJsonRows(JSON.stringify({ data: JSON.stringify([item]) }), CAPTIONS).rows),
      expected,
    );
  });

  void it('matches keys with or without star and spaces, drops unknown keys, stringifies numbers', async () => {
    const data = [
      { '*电话': 13800138000, ' 姓名 ': '  张三 ', 公司: 'x' },
      { 电话: '', '*电话': '13912345678' },
      { 电话: 1.3800138e10, 地址: null },
    ];
    assert.deepEqual(await collect(openJsonRows({ data }, CAPTIONS).rows), [
      { rowNo: 1, columns: { 姓名: '张三', 电话: '13800138000', 地址: '' } },
      { rowNo: 2, columns: { 姓名: '', 电话: '13912345678', 地址: '' } },
      { rowNo: 3, columns: { 姓名: '', 电话: '13800138000', 地址: '' } },
    ]);
  });

  void it('takes bare strings and numbers as phones and keeps blank items as rows', async () => {
    const rows = await collect(openJsonRows(['13800138000', 13912345678, null, {}], CAPTIONS).rows);
    assert.deepEqual(
      rows.map((r) => [r.rowNo, r.columns['电话']]),
      [
        [1, '13800138000'],
        [2, '13912345678'],
        [3, ''],
        [4, ''],
      ],
    );
  });

  void it('can be iterated synchronously as well', () => {
    const rows = [...openJsonRows({ data: [{ 电话: '1' }, { 电话: '2' }] }, CAPTIONS).rows];
    assert.deepEqual(
      rows.map((r) => r.columns['电话']),
      ['1', '2'],
    );
  });

  void it('rejects malformed JSON and wrong shapes with 20002', () => {
    assert.throws(() => openJsonRows('{"data":[', CAPTIONS), isCode(ErrorCode.WrongDataFormat));
    assert.throws(() => openJsonRows({ rows: [] }, CAPTIONS), isCode(ErrorCode.WrongDataFormat));
    assert.throws(() => openJsonRows(42, CAPTIONS), isCode(ErrorCode.WrongDataFormat));
    assert.throws(() => openJsonRows({ data: { 电话: '1' } }, CAPTIONS), isCode(ErrorCode.WrongDataFormat));
  });

  void it('rejects missing or empty data with 30001', () => {
    for (const value of ['', '  ', '[]', { data: [] }, { data: null }, null, undefined]) {
      assert.throws(
        () => openJsonRows(value, CAPTIONS),
        isCode(ErrorCode.ImportFileEmpty),
        JSON.stringify(value),
      );
    }
  });

  void it('streams a large request without losing rows', async () => {
    const data = Array.from({ length: 200_000 }, (_, i) => ({ 电话: String(13800000000 + i) }));
    let count = 0;
    let last = '';
    for await (const row of openJsonRows({ data }, CAPTIONS).rows) {
      count++;
      last = row.columns['电话'] ?? '';
    }
    assert.equal(count, 200_000);
    assert.equal(last, '13800199999');
  });
});
