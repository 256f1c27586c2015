import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import iconv from 'iconv-lite';

import { detectCsvEncoding, sniffDelimiter, sniffRecordDelimiter } from './text-encoding.js';

const SAMPLE =
  '姓名,电话,地址\r\n张三,13800138000,广东省深圳市南山区科技园\r\n李四,13912345678,北京市海淀区中关村大街\r\n';

void describe('detectCsvEncoding', () => {
  void it('reads BOMs', () => {
    assert.equal(detectCsvEncoding(Buffer.from('\ufeff' + SAMPLE)), 'utf8');
    assert.equal(
      detectCsvEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(SAMPLE, 'utf16le')])),
      'utf16le',
    );
    assert.equal(
      detectCsvEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SAMPLE, 'utf16be')])),
      'utf16be',
    );
  });

  void it('accepts UTF-8 cut in the middle of a character', () => {
    const bytes = Buffer.from(SAMPLE);
    assert.equal(detectCsvEncoding(bytes.subarray(0, 4)), 'utf8'); // '姓' + 1 byte of '名'
  });

  void it('decodes GBK as GB18030', () => {
    assert.equal(detectCsvEncoding(iconv.encode(SAMPLE, 'gbk')), 'gb18030');
    assert.equal(detectCsvEncoding(iconv.encode(SAMPLE, 'gb18030')), 'gb18030');
  });

  void it('keeps plain ASCII as UTF-8', () => {
    assert.equal(detectCsvEncoding(Buffer.from('phone\n13800138000\n')), 'utf8');
  });
});

void describe('sniffDelimiter', () => {
  void it('picks the most frequent delimiter outside quotes', () => {
    assert.equal(sniffDelimiter('姓名,电话,地址\n'), ',');
    assert.equal(sniffDelimiter('姓名\t电话\t地址\n'), '\t');
    assert.equal(sniffDelimiter('姓名;电话;"a,b,c,d"\n'), ';');
    assert.equal(sniffDelimiter('电话\n13800138000\n'), ',');
  });

  void it('looks past a title line', () => {
    assert.equal(sniffDelimiter('外呼名单\n姓名\t电话\t地址\n'), '\t');
  });
});

void describe('sniffRecordDelimiter', () => {
  void it('uses \\n unless the file only has old Mac line ends', () => {
    assert.equal(sniffRecordDelimiter('a\r\nb'), '\n');
    assert.equal(sniffRecordDelimiter('a\nb'), '\n');
    assert.equal(sniffRecordDelimiter('a\rb'), '\r');
    assert.equal(sniffRecordDelimiter('a'), '\n');
  });
});
