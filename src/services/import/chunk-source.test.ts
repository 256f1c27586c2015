import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { AppError, ErrorCode } from '../../lib/app-error.js';
import { openChunkSource, type ChunkSource, type ReadChunk } from './chunk-source.js';
import type { StoredImportSource } from './import-source.js';
import { parseTemplate } from './parse/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-chunk-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function csvSource(name: string, lines: readonly string[]): StoredImportSource {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return {
    kind: 'file',
    path: file,
    bytes: Buffer.byteLength(lines.join('\n')),
    totalRows: null,
    template: parseTemplate(['姓名', '*电话']),
  };
}

async function readAll(source: ChunkSource): Promise<ReadChunk[]> {
  const out: ReadChunk[] = [];
  try {
    for (;;) {
      const read = await source.next();
      out.push(read);
      if (read.chunk.rows === 0) return out;
    }
  } finally {
    await source.close();
  }
}

const ROWS = Array.from({ length: 250 }, (_, i) =>
  i % 50 === 7 ? `客户${i},not-a-number` : `客户${i},${13_800_000_000 + (i % 120)}`,
);
const scope = { teamId: '7', taskId: '8', importId: '9' };
const THREAD = { chunkRows: 100, threadMinBytes: 0, smallInWarmThread: false, scope };
const LOCAL = { chunkRows: 100, threadMinBytes: Number.MAX_SAFE_INTEGER, smallInWarmThread: false, scope };

void describe('import chunk source (parser thread and in-thread)', () => {
  void it('the parser thread yields the same chunks, in order, as the job thread, after the skipped rows', async () => {
    const source = csvSource('numbers.csv', ['姓名,*电话', ...ROWS]);
    const threaded = await readAll(await openChunkSource(source, 30, THREAD));
    const local = await readAll(await openChunkSource(source, 30, LOCAL));
    assert.deepEqual(
      threaded.map((r) => r.chunk.rows),
      [100, 100, 20, 0],
    );
    assert.deepEqual(threaded, local);
    assert.equal(threaded[0]!.chunk.rowNos[0], 32, 'row 2 is the first data row; 30 were skipped');
    assert.ok(threaded[0]!.chunk.invalid > 0, 'malformed numbers are marked in the chunk');
    assert.equal(threaded.at(-1)!.progress, 1);
  });

  void it("a file problem found in the thread keeps its code and message (the reference's error)", async () => {
    const source = csvSource('no-phone.csv', ['姓名,地址', '张三,北京']);
    const read = (options: typeof THREAD) => openChunkSource(source, 0, options).then(readAll);
    const fromThread = await read(THREAD).then(
      () => assert.fail('the thread read a file without its phone column'),
      (err: unknown) => err,
    );
    const fromJob = await read(LOCAL).then(
      () => assert.fail('the job read a file without its phone column'),
      (err: unknown) => err,
    );
    assert.ok(fromThread instanceof AppError && fromJob instanceof AppError);
    assert.equal(fromThread.code, ErrorCode.ImportTemplateEmpty);
    assert.equal(fromThread.message, fromJob.message);
    assert.deepEqual(fromThread.details, fromJob.details);
  });

  void it('closing mid-file ends the thread; it never reads far ahead of the job', async () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `客户${i},${13_900_000_000 + i}`);
    const source = await openChunkSource(csvSource('many.csv', ['姓名,*电话', ...many]), 0, THREAD);
    const first = await source.next();
    assert.equal(first.chunk.rows, 100);
    // Sent so far: the chunks taken and at most one ahead, so the file (≈1 MB) is read only a little way.
    await new Promise((r) => setTimeout(r, 200));
    const second = await source.next();
    assert.ok(second.progress < 0.2, `the thread read ahead to ${second.progress}`);
    await source.close();
    await source.close(); // twice is harmless
    // The thread is kept for the next source, which it reads from its start.
    const next = await readAll(
      await openChunkSource(csvSource('after.csv', ['姓名,*电话', ...ROWS]), 0, THREAD),
    );
    assert.deepEqual(
      next.map((r) => r.chunk.rows),
      [100, 100, 50, 0],
    );
    assert.equal(next[0]!.chunk.rowNos[0], 2);
  });

  void it('a small source goes to an idle kept thread when asked to, and to the job thread otherwise', async () => {
    const warmed = await openChunkSource(csvSource('warm.csv', ['姓名,*电话', ...ROWS]), 0, THREAD);
    await readAll(warmed); // the thread is now kept, idle
    const small = csvSource('small.csv', ['姓名,*电话', ...ROWS.slice(0, 10)]);
    const local = await openChunkSource(small, 0, LOCAL);
    const warm = await openChunkSource(small, 0, { ...LOCAL, smallInWarmThread: true });
    assert.deepEqual([warmed.inThread, local.inThread, warm.inThread], [true, false, true]);
    assert.deepEqual(await readAll(warm), await readAll(local));
  });

  void it("a stored chunk's buffer is written over by a later chunk, and every chunk reads the same", async () => {
    const source = csvSource('recycled.csv', ['姓名,*电话', ...ROWS]);
    const fresh = await readAll(await openChunkSource(source, 0, LOCAL));
    const copies = (reads: readonly ReadChunk[]) => reads.map((r) => Buffer.from(r.chunk.lines).toString());

    // Job thread: chunk 3 is read (ahead) once chunk 1 is handed back, into chunk 1's own memory.
    const local = await openChunkSource(source, 0, LOCAL);
    const one = await local.next();
    const oneText = Buffer.from(one.chunk.lines).toString();
    local.recycle(one.chunk);
    const two = await local.next();
    local.recycle(two.chunk);
    const three = await local.next();
    assert.equal(three.chunk.lines.buffer, one.chunk.lines.buffer, 'chunk 3 reuses chunk 1 memory');
    assert.deepEqual([oneText, Buffer.from(three.chunk.lines).toString()], copies([fresh[0]!, fresh[2]!]));
    await local.close();

    // Parser thread: each chunk's memory is moved back to the thread (the job's view empties) and reused there.
    const threaded = await openChunkSource(source, 0, THREAD);
    const seen: string[] = [];
    for (;;) {
      const read = await threaded.next();
      seen.push(Buffer.from(read.chunk.lines).toString());
      if (read.chunk.rows === 0) break;
      threaded.recycle(read.chunk);
      assert.equal(read.chunk.lines.byteLength, 0, 'moved to the thread');
    }
    await threaded.close();
    assert.deepEqual(seen, copies(fresh));
  });

  void it('imports side by side each get a thread, and each its own rows', async () => {
    const a = csvSource('a.csv', ['姓名,*电话', ...ROWS]);
    const b = csvSource('b.csv', ['姓名,*电话', ...ROWS.slice(0, 120)]);
    const [ra, rb] = await Promise.all([
      openChunkSource(a, 0, THREAD).then(readAll),
      openChunkSource(b, 0, THREAD).then(readAll),
    ]);
    assert.deepEqual(
      [ra.map((r) => r.chunk.rows), rb.map((r) => r.chunk.rows)],
      [
        [100, 100, 50, 0],
        [100, 20, 0],
      ],
    );
  });
});
