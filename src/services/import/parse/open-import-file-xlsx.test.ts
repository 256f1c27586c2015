import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';

import ExcelJS from 'exceljs';

import { AppError, ErrorCode } from '../../../lib/app-error.js';
import type { ImportRow } from './import-row.js';
import { openImportFile, readImportFile } from './open-import-file.js';

const CAPTIONS = ['姓名', '*电话', '地址', '日期'];

interface SheetSpec {
  name: string;
  rows: unknown[][];
}

/** Builds an xlsx in memory with exceljs' streaming writer (as the 5.11 template export does). */
async function makeXlsx(sheets: SheetSpec[], useSharedStrings = true): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings, useStyles: true });
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const values of spec.rows) {
      const row = sheet.addRow(values);
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}

async function collect(rows: AsyncIterable<ImportRow>): Promise<ImportRow[]> {
  const out: ImportRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** A workbook of 30,000 rows (≈300 KB), larger than the sniffed head. */
async function bigWorkbook(): Promise<Buffer> {
  const rows: unknown[][] = [['姓名', '电话']];
  for (let i = 0; i < 30_000; i++) rows.push([`客户${i}`, 13800000000 + i]);
  const bytes = await makeXlsx([{ name: 's', rows }]);
  assert.ok(bytes.length > 200_000);
  return bytes;
}

function inParts(bytes: Buffer, size = 8192): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

const isCode = (code: number) => (err: unknown) => err instanceof AppError && err.code === code;

const ROWS: unknown[][] = [
  ['姓名', '*电话', '地址', '日期', '备注'],
  ['张三', 13800138000, '深圳', new Date(Date.UTC(2024, 8, 24)), 'x'],
  [],
  ['李四', '139 1234 5678', { richText: [{ text: '北京' }, { text: '海淀' }] }, 45567.5],
  [{ formula: 'A2&"2"', result: '张三2' }, { formula: '13700000000+1', result: 13700000001 }, true],
];

const EXPECTED: ImportRow[] = [
  { rowNo: 2, columns: { 姓名: '张三', 电话: '13800138000', 地址: '深圳', 日期: '2024-09-24' } },
  { rowNo: 4, columns: { 姓名: '李四', 电话: '139 1234 5678', 地址: '北京海淀', 日期: '45567.5' } },
  { rowNo: 5, columns: { 姓名: '张三2', 电话: '13700000001', 地址: 'TRUE', 日期: '' } },
];

void describe('openImportFile (xlsx)', () => {
  void it('streams rows with numbers, shared strings, rich text, formulas and dates', async () => {
    const file = await openImportFile(await makeXlsx([{ name: '名单', rows: ROWS }]), CAPTIONS);
    assert.equal(file.type, 'xlsx');
    assert.equal(file.encoding, undefined);
    assert.deepEqual(file.header, ['姓名', '*电话', '地址', '日期', '备注']);
    assert.deepEqual(await collect(file.rows), EXPECTED);
  });

  void it('reads inline strings when the writer uses no shared strings', async () => {
    // Plain text only: exceljs' reader keeps just the last run of an inline rich-text cell.
    const rows = ROWS.map((r) =>
      r.map((v) => (typeof v === 'object' && v !== null && 'richText' in v ? '北京海淀' : v)),
    );
    const bytes = await makeXlsx([{ name: '名单', rows }], false);
    assert.deepEqual(await collect(readImportFile(Readable.from([bytes]), CAPTIONS)), EXPECTED);
  });

  void it('keeps phone numbers stored as number cells free of float artefacts', async () => {
    const phones = [13800138000, 19912345678, 8613800138000, 75526123456, 4001234567];
    const rows = [['电话'], ...phones.map((p) => [p])];
    const out = await collect(readImportFile(await makeXlsx([{ name: 's', rows }]), CAPTIONS));
    assert.deepEqual(
      out.map((r) => r.columns['电话']),
      phones.map(String),
    );
  });

  void it('skips an empty first sheet, ignores later sheets and finds the header under a title', async () => {
    const bytes = await makeXlsx([
      { name: '说明', rows: [] },
      { name: '名单', rows: [['外呼名单'], ['电话', '姓名'], [13800138000, '张三']] },
      { name: '其他', rows: [['电话'], [13912345678]] },
    ]);
    const file = await openImportFile(bytes, CAPTIONS);
    assert.deepEqual(file.header, ['电话', '姓名']);
    assert.deepEqual(await collect(file.rows), [
      { rowNo: 3, columns: { 姓名: '张三', 电话: '13800138000', 地址: '', 日期: '' } },
    ]);
  });

  void it('rejects a sheet without the phone column with 30003 and a header-only sheet with 30001', async () => {
    const noPhone = await makeXlsx([
      {
        name: 's',
        rows: [
          ['姓名', '手机'],
          ['张三', 13800138000],
        ],
      },
    ]);
    await assert.rejects(openImportFile(noPhone, CAPTIONS), isCode(ErrorCode.ImportTemplateEmpty));
    const headerOnly = await makeXlsx([{ name: 's', rows: [['姓名', '电话']] }]);
    await assert.rejects(openImportFile(headerOnly, CAPTIONS), isCode(ErrorCode.ImportFileEmpty));
    const noRows = await makeXlsx([{ name: 's', rows: [] }]);
    await assert.rejects(openImportFile(noRows, CAPTIONS), isCode(ErrorCode.ImportFileEmpty));
  });

  void it('rejects corrupt and truncated workbooks with 30002 instead of hanging', async () => {
    const garbage = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(2000, 7)]);
    await assert.rejects(openImportFile(garbage, CAPTIONS), isCode(ErrorCode.ImportFileFormat));
    const good = await makeXlsx([{ name: 's', rows: ROWS }]);
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    await assert.rejects(collect(readImportFile(truncated, CAPTIONS)), isCode(ErrorCode.ImportFileFormat));
  });

  void it('enforces the byte cap on xlsx without hanging', async () => {
    const bytes = await bigWorkbook();
    await assert.rejects(
      collect(readImportFile(inParts(bytes), CAPTIONS, { maxBytes: 128 * 1024 })),
      isCode(ErrorCode.LimitExceeded),
    );
  });

  void it('rejects a workbook cut inside its sheet (exceljs alone would wait forever)', async () => {
    const bytes = await bigWorkbook();
    await assert.rejects(
      collect(readImportFile(inParts(bytes.subarray(0, 128 * 1024)), CAPTIONS)),
      (err) =>
        err instanceof AppError && err.code === ErrorCode.ImportFileFormat && err.message.includes('不完整'),
    );
  });

  void it('surfaces a failing upload stream mid-workbook', async () => {
    const bytes = await bigWorkbook();
    async function* broken(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 100_000);
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('client hung up');
    }
    await assert.rejects(collect(readImportFile(broken(), CAPTIONS)), /client hung up/);
  });

  void it('releases the upload when the reader stops early', async () => {
    const rows: unknown[][] = [['电话']];
    for (let i = 0; i < 5000; i++) rows.push([13800000000 + i]);
    const source = Readable.from([await makeXlsx([{ name: 's', rows }])], { objectMode: false });
    let seen = 0;
    for await (const _row of readImportFile(source, CAPTIONS)) if (++seen === 3) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen, 3);
    assert.equal(source.destroyed, true);
  });
});
