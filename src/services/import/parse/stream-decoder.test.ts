import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';

import iconv from 'iconv-lite';

import { createDecoder, iconvDecoder } from './stream-decoder.js';
import type { CsvEncoding } from './text-encoding.js';

async function decodeInChunks(decoder: NodeJS.ReadWriteStream, bytes: Buffer, size: number): Promise<string> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  let out = '';
  for await (const chunk of Readable.from(parts, { objectMode: false }).pipe(decoder)) out += chunk as string;
  return out;
}

/** Rare name characters: 䶮 (CJK ext. A, four bytes in GB18030) and 𠮷 (astral, a surrogate pair). */
const RARE = '王䶮,13800138000\r\n𠮷野家,13912345678\r\n';
const BMP = '王小,13800138000\r\n吉野家,13912345678\r\n';

function encoded(encoding: Exclude<CsvEncoding, 'utf8'>, text: string): Buffer {
  if (encoding === 'utf16le') {
    return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
  }
  if (encoding === 'utf16be') {
    return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]);
  }
  return iconv.encode(text, encoding);
}

void describe('createDecoder', () => {
  for (const encoding of ['gb18030', 'utf16le', 'utf16be'] as const) {
    void it(`decodes ${encoding} with rare characters split at every boundary, dropping the BOM`, async () => {
      const text = '姓名,电话\r\n' + RARE;
      for (const size of [1, 2, 3, 5]) {
        assert.equal(await decodeInChunks(createDecoder(encoding), encoded(encoding, text), size), text);
      }
    });
  }

  void it('decodes Big5', async () => {
    const text = '姓名,電話\r\n陳大文,0755-26123456\r\n';
    assert.equal(await decodeInChunks(createDecoder('big5'), encoded('big5', text), 1), text);
  });
});

void describe('iconvDecoder (fallback)', () => {
  for (const encoding of ['gb18030', 'big5', 'utf16le', 'utf16be'] as const) {
    void it(`decodes ${encoding} split at every boundary`, async () => {
      const text = encoding === 'big5' ? '姓名,電話\r\n陳大文,13800138000\r\n' : '姓名,电话\r\n' + BMP;
      for (const size of [1, 2, 3]) {
        assert.equal(await decodeInChunks(iconvDecoder(encoding), encoded(encoding, text), size), text);
      }
    });
  }

  void it('keeps surrogate pairs of UTF-16 whole across chunks', async () => {
    const text = '姓名\r\n' + RARE;
    assert.equal(await decodeInChunks(iconvDecoder('utf16le'), encoded('utf16le', text), 1), text);
  });
});
