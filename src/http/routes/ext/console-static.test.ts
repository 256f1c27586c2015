// The console's hashed assets: sent precompressed to a browser that accepts it (brotli preferred, then gzip),
// as is to one that does not, cached for good and marked as varying with Accept-Encoding; index.html never cached.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { consoleStatic } from './console-static.js';

describe('console static files', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'console-static-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  const js = Buffer.from(`console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), js);
  writeFileSync(path.join(dir, 'assets', 'index-abc.js.br'), brotliCompressSync(js));
  writeFileSync(path.join(dir, 'assets', 'index-abc.js.gz'), gzipSync(js));
  writeFileSync(path.join(dir, 'assets', 'tiny-abc.js'), 'export{}'); // too small to be compressed by the build
  const app = Fastify();
  await app.register(consoleStatic(dir));
  after(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('sends brotli, else gzip, else the file itself, each cached for good', async () => {
    const br = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(br.rawPayload), js);
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(br.headers.vary), /accept-encoding/i);

    const gz = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.rawPayload), js);

    const plain = await get('/assets/index-abc.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, js);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  it('sends a file without a compressed copy as it is', async () => {
    const res = await get('/assets/tiny-abc.js', { 'accept-encoding': 'gzip, br' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.body, 'export{}');
  });

  it('answers page paths with index.html, never cached', async () => {
    const res = await get('/records', { accept: 'text/html' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.body, /id="root"/);
  });
});
