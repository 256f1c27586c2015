import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';

import iconv from 'iconv-lite';

import { AppError, ErrorCode } from '../../../lib/app-error.js';
import type { ImportRow } from './import-row.js';
import { openImportFile, readImportFile } from './open-import-file.js';

const CAPTIONS = ['姓名', '*电话', '地址'];

async function collect(rows: AsyncIterable<ImportRow>): Promise<ImportRow[]> {
  const out: ImportRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Feeds bytes in small chunks so multi-byte characters and records straddle chunk boundaries. */
function chunked(bytes: Uint8Array, size = 7): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(parts, { objectMode: false });
}

const isCode = (code: number) => (err: unknown) => err instanceof AppError && err.code === code;

const TEXT = [
  '姓名,*电话,地址,无关列',
  '张三,13800138000,"广东省深圳市南山区, 科技园",x',
  '',
  ' 李四 ,139 1234 5678,"北京市',
  '海淀区"',
  ',,,only-unmapped',
  '王五,+86 137-0000-0000',
].join('\r\n');

const EXPECTED: ImportRow[] = [
  { rowNo: 2, columns: { 姓名: '张三', 电话: '13800138000', 地址: '广东省深圳市南山区, 科技园' } },
  { rowNo: 4, columns: { 姓名: '李四', 电话: '139 1234 5678', 地址: '北京市\r\n海淀区' } },
  { rowNo: 6, columns: { 姓名: '王五', 电话: '+86 137-0000-0000', 地址: '' } },
];

void describe('openImportFile (csv)', () => {
  void it('streams UTF-8 rows mapped to the template, skipping blank rows but counting them', async () => {
    const file = await openImportFile(chunked(Buffer.from(TEXT)), CAPTIONS);
    assert.equal(file.type, 'csv');
    assert.equal(file.encoding, 'utf8');
    assert.deepEqual(file.header, ['姓名', '*电话', '地址', '无关列']);
    assert.deepEqual(await collect(file.rows), EXPECTED);
  });

  void it('strips a UTF-8 BOM from the first header cell', async () => {
    const rows = await collect(readImportFile(Buffer.from('\ufeff电话,姓名\n13800138000,张三\n'), CAPTIONS));
    assert.deepEqual(rows, [{ rowNo: 2, columns: { 姓名: '张三', 电话: '13800138000', 地址: '' } }]);
  });

  void it('decodes GBK files streamed in small chunks', async () => {
    const file = await openImportFile(chunked(iconv.encode(TEXT, 'gbk')), CAPTIONS);
    assert.equal(file.encoding, 'gb18030');
    assert.deepEqual(await collect(file.rows), EXPECTED);
  });

  void it('decodes GB18030 four-byte characters (rare name characters)', async () => {
    const text = '姓名,电话\n王䶮,13800138000\n𠮷野家,13912345678\n';
    const rows = await collect(readImportFile(chunked(iconv.encode(text, 'gb18030'), 5), CAPTIONS));
    assert.deepEqual(
      rows.map((r) => r.columns['姓名']),
      ['王䶮', '𠮷野家'],
    );
  });

  void it("reads Excel's tab-separated UTF-16 'Unicode text' export", async () => {
    const text = '姓名\t电话\t地址\r\n张三\t13800138000\t深圳\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    const file = await openImportFile(chunked(bytes), CAPTIONS);
    assert.equal(file.encoding, 'utf16le');
    assert.deepEqual(await collect(file.rows), [
      { rowNo: 2, columns: { 姓名: '张三', 电话: '13800138000', 地址: '深圳' } },
    ]);
  });

  void it('reads semicolon-separated files and files with old Mac line ends', async () => {
    const semi = await collect(readImportFile(Buffer.from('电话;姓名\n13800138000;张三\n'), CAPTIONS));
    assert.equal(semi[0]?.columns['姓名'], '张三');
    const mac = await collect(
      readImportFile(Buffer.from('电话,姓名\r13800138000,张三\r13912345678,李四'), CAPTIONS),
    );
    assert.deepEqual(
      mac.map((r) => [r.rowNo, r.columns['电话']]),
      [
        [2, '13800138000'],
        [3, '13912345678'],
      ],
    );
  });

  void it('finds the header below a title row', async () => {
    const text = '2024年9月外呼名单\n\n姓名,电话\n张三,13800138000\n';
    const file = await openImportFile(Buffer.from(text), CAPTIONS);
    assert.deepEqual(file.header, ['姓名', '电话']);
    assert.deepEqual(await collect(file.rows), [
      { rowNo: 4, columns: { 姓名: '张三', 电话: '13800138000', 地址: '' } },
    ]);
  });

  void it('rejects a header without the phone column with 30003', async () => {
    await assert.rejects(openImportFile(Buffer.from('姓名,手机\n张三,13800138000\n'), CAPTIONS), (err) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, ErrorCode.ImportTemplateEmpty);
      assert.deepEqual(err.details, { missing_columns: ['电话'] });
      return true;
    });
  });

  void it('rejects a header without another starred column with 30003', async () => {
    await assert.rejects(
      openImportFile(Buffer.from('电话\n13800138000\n'), ['*姓名', '*电话']),
      (err) => err instanceof AppError && err.code === 30003 && err.message.includes('"姓名"'),
    );
  });

  void it('rejects empty files and files without data rows with 30001', async () => {
    for (const text of ['', '\r\n\r\n  \r\n', '姓名,电话\r\n', '姓名,电话\n,\n\n']) {
      await assert.rejects(
        openImportFile(Buffer.from(text), CAPTIONS),
        isCode(ErrorCode.ImportFileEmpty),
        text,
      );
    }
    await assert.rejects(openImportFile(Readable.from([], { objectMode: false }), CAPTIONS), isCode(30001));
  });

  void it('rejects legacy xls and other binaries with 30002', async () => {
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
    await assert.rejects(openImportFile(xls, CAPTIONS), (err) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, ErrorCode.ImportFileFormat);
      assert.match(err.message, /xls/);
      return true;
    });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    await assert.rejects(openImportFile(png, CAPTIONS), isCode(ErrorCode.ImportFileFormat));
  });

  void it('reports unparsable csv with 30002 and the row where parsing stopped', async () => {
    const text = '电话,姓名\n13800138000,张三\n13912345678,"李四\n';
    await assert.rejects(collect(readImportFile(Buffer.from(text), CAPTIONS)), (err) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, ErrorCode.ImportFileFormat);
      assert.match(err.message, /第3行/);
      return true;
    });
    const huge = Buffer.from('电话,姓名\n13800138000,' + 'x'.repeat(2 * 1024 * 1024) + '\n');
    await assert.rejects(collect(readImportFile(huge, CAPTIONS, { maxBytes: 4 * 2 ** 20 })), isCode(30002));
  });

  void it('enforces the byte cap while streaming', async () => {
    const lines = ['姓名,电话'];
    for (let i = 0; i < 20_000; i++) lines.push(`张三${i},${13800000000 + i}`);
    const bytes = Buffer.from(lines.join('\n'));
    assert.ok(bytes.length > 300_000);
    // Cap inside the sniffed head: refused before any row is produced.
    await assert.rejects(openImportFile(chunked(bytes, 4096), CAPTIONS, { maxBytes: 10_000 }), isCode(40029));
    // Cap beyond the head: rows flow, then the import fails instead of silently truncating.
    const file = await openImportFile(chunked(bytes, 4096), CAPTIONS, { maxBytes: 256 * 1024 });
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const _row of file.rows) seen++;
      })(),
      (err) =>
        err instanceof AppError && err.code === ErrorCode.LimitExceeded && err.message.includes('256KB'),
    );
    assert.ok(seen > 1000 && seen < 20_000, `saw ${seen} rows before the cap`);
  });

  void it('enforces the row cap', async () => {
    const text = '电话\n13800000001\n13800000002\n13800000003\n';
    const rows = collect(readImportFile(Buffer.from(text), CAPTIONS, { maxRows: 2 }));
    await assert.rejects(
      rows,
      (err) => err instanceof AppError && err.code === 40029 && err.message.includes('2行'),
    );
  });

  void it('surfaces a failing upload stream instead of hanging', async () => {
    const head = Buffer.from('电话\n' + '13800138000\n'.repeat(10_000));
    async function* broken(): AsyncGenerator<Buffer> {
      yield head;
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('client hung up');
    }
    const file = await openImportFile(broken(), CAPTIONS);
    await assert.rejects(collect(file.rows), /client hung up/);
  });

  void it('releases the upload when the reader stops early or closes', async () => {
    const bytes = Buffer.from('电话\n' + '13800138000\n'.repeat(50_000));
    const source = chunked(bytes, 16_384);
    for await (const _row of readImportFile(source, CAPTIONS)) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(source.destroyed, true);

    const other = chunked(bytes, 16_384);
    const file = await openImportFile(other, CAPTIONS);
    await file.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(other.destroyed, true);
  });
});
