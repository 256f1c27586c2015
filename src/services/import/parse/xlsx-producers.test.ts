// Workbooks as real producers write them. libreoffice-7.4-list.xlsx was converted by LibreOffice Calc 7.4
// (`soffice --headless --convert-to xlsx test/fixtures/xlsx/libreoffice-list.fods`): merged title row, dates,
// a phone shown in scientific notation, numbers stored as text, the sheet stored before its shared strings.
// The Excel/WPS-layout workbook below is assembled part by part as those programs lay it out (parts order,
// `x:` prefixes, phonetic runs, `_x000D_` escapes, rich text, inline strings, built-in and custom date formats).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';

import type { ImportRow } from './import-row.js';
import { readImportFile } from './open-import-file.js';
import { readXlsxRows } from './xlsx-rows.js';
import { Readable } from 'node:stream';

const FIXTURES = path.join(import.meta.dirname, '../../../../test/fixtures/xlsx');

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** A zip of `parts` in the given order, deflated, sizes in the local headers (as Excel writes them). */
function zip(parts: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(text), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(Buffer.byteLength(text), 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([...locals, ...central, end]);
}

const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const excelLayout = zip([
  [
    '[Content_Types].xml',
    '<Types><Override PartName="/xl/workbook.xml"/><Override PartName="/xl/worksheets/sheet1.xml"/><Override PartName="/xl/styles.xml"/><Override PartName="/xl/sharedStrings.xml"/></Types>',
  ],
  ['xl/workbook.xml', `<x:workbook ${NS}><x:workbookPr date1904="false"/></x:workbook>`],
  [
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0"?><x:worksheet ${NS}><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" t="s"><x:v>2</x:v></x:c><x:c r="C2" t="s"><x:v>3</x:v></x:c><x:c r="D2" t="s"><x:v>4</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3" t="s"><x:v>5</x:v></x:c><x:c r="B3" s="0"><x:v>1.3800138E10</x:v></x:c><x:c r="C3" t="s"><x:v>6</x:v></x:c><x:c r="D3" s="1"><x:v>45559</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:r><x:t>王</x:t></x:r><x:r><x:t xml:space="preserve">五 </x:t></x:r></x:is></x:c><x:c r="B5" t="s"><x:v>7</x:v></x:c><x:c r="D5" s="2"><x:v>45566.5</x:v></x:c></x:row>' +
      '<x:row r="6"><x:c r="B6" t="str"><x:f>"139"&amp;"00000000"</x:f><x:v>13900000000</x:v></x:c><x:c r="C6" t="b"><x:v>1</x:v></x:c><x:c r="D6" s="0"><x:v>45566.5</x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells><x:mergeCell ref="A1:D1"/></x:mergeCells></x:worksheet>',
  ],
  ['xl/theme/theme1.xml', '<a:theme xmlns:a="urn:x"/>'],
  [
    'xl/styles.xml',
    `<x:styleSheet ${NS}><x:numFmts count="1"><x:numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\\ h:mm"/></x:numFmts>` +
      '<x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>' +
      '<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="14" applyNumberFormat="1"/><x:xf numFmtId="176"/></x:cellXfs></x:styleSheet>',
  ],
  [
    'xl/sharedStrings.xml',
    `<x:sst ${NS} count="8" uniqueCount="8"><x:si><x:t>客户名单</x:t></x:si><x:si><x:t>姓名</x:t></x:si><x:si><x:t>*电话</x:t></x:si>` +
      '<x:si><x:t>地址</x:t></x:si><x:si><x:t>日期</x:t></x:si>' +
      '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>张</x:t></x:r><x:r><x:t>三</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ちょう</x:t></x:rPh></x:si>' +
      '<x:si><x:t>深圳_x000D_\n南山 &lt;1&gt;</x:t></x:si><x:si><x:t>13700000001</x:t></x:si></x:sst>',
  ],
]);

const CAPTIONS = ['姓名', '*电话', '地址', '日期'];

void describe('xlsx as producers write it', () => {
  void it('reads a LibreOffice Calc workbook: merged title, dates, scientific notation, numbers as text', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'libreoffice-7.4-list.xlsx'));
    const rows = await collect(readImportFile(bytes, CAPTIONS));
    assert.deepEqual(rows, [
      { rowNo: 3, columns: { 姓名: '张三', 电话: '13800138000', 地址: '深圳 & 南山', 日期: '2024-09-24' } },
      { rowNo: 4, columns: { 姓名: '李四', 电话: '13912345678', 地址: '北京', 日期: '2024-10-01 08:30:00' } },
      { rowNo: 5, columns: { 姓名: '张三', 电话: '13700000001', 地址: '', 日期: '45567.5' } },
    ] satisfies ImportRow[]);
  });

  void it('reads an Excel/WPS-layout workbook: prefixed XML, parts after the sheet, rich and phonetic text', async () => {
    const rows = await collect(readImportFile(excelLayout, CAPTIONS));
    assert.deepEqual(rows, [
      {
        rowNo: 3,
        columns: { 姓名: '张三', 电话: '13800138000', 地址: '深圳\r\n南山 <1>', 日期: '2024-09-24' },
      },
      { rowNo: 5, columns: { 姓名: '王五', 电话: '13700000001', 地址: '', 日期: '2024-10-01 12:00:00' } },
      { rowNo: 6, columns: { 姓名: '', 电话: '13900000000', 地址: 'TRUE', 日期: '45566.5' } },
    ] satisfies ImportRow[]);
  });

  void it('gives the same rows whatever the chunking of the upload', async () => {
    const whole = await collect(readXlsxRows(Readable.from([excelLayout])));
    const parts: Buffer[] = [];
    for (let i = 0; i < excelLayout.length; i += 7) parts.push(excelLayout.subarray(i, i + 7));
    assert.deepEqual(await collect(readXlsxRows(Readable.from(parts))), whole);
  });
});
