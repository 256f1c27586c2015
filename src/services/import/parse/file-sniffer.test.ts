import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import iconv from 'iconv-lite';

import { sniffFileType } from './file-sniffer.js';

void describe('sniffFileType', () => {
  void it('recognises containers by magic bytes', () => {
    assert.equal(sniffFileType(Buffer.from('504b0304140000000800', 'hex')), 'xlsx');
    assert.equal(sniffFileType(Buffer.from('504b0506000000000000', 'hex')), 'xlsx');
    assert.equal(sniffFileType(Buffer.from('d0cf11e0a1b11ae10000', 'hex')), 'xls');
  });

  void it('recognises text in the encodings operators produce', () => {
    assert.equal(sniffFileType(Buffer.from('姓名,电话\n张三,13800138000\n')), 'csv');
    assert.equal(sniffFileType(iconv.encode('姓名,电话\r\n张三,13800138000\r\n', 'gbk')), 'csv');
    assert.equal(
      sniffFileType(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('姓名\t电话', 'utf16le')])),
      'csv',
    );
    assert.equal(sniffFileType(Buffer.from('13800138000')), 'csv');
  });

  void it('refuses other binaries and reports empty files', () => {
    assert.equal(sniffFileType(Buffer.alloc(0)), 'empty');
    assert.equal(sniffFileType(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1')), 'unknown');
    assert.equal(sniffFileType(Buffer.from('1f8b0800000000000003', 'hex')), 'unknown');
    assert.equal(sniffFileType(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')), 'unknown');
    assert.equal(sniffFileType(iconv.encode('phone\r\n13800138000', 'utf16le')), 'unknown'); // UTF-16 without BOM
  });
});
