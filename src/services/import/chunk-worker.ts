// The import parser thread (see chunk-source.ts): for each source the job opens, reads its chunks in order and
// hands each over, at most CHUNKS_AHEAD beyond the one the job is storing, so memory stays flat however long the
// database takes; then closes the source when the job says so and waits for the next one.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../lib/app-error.js';
import {
  CHUNKS_AHEAD,
  MAX_SPARES,
  movedBuffers,
  readChunk,
  type ChunkWorkerData,
  type FromChunkWorker,
  type ToChunkWorker,
  type WorkerFailure,
} from './chunk-source.js';
import type { ChunkBuffers } from './chunk-builder.js';
import { openImportRows, type ImportRowReader } from './import-source.js';

const port = parentPort;
if (!port) throw new Error('chunk-worker.ts runs as a worker thread');

interface Run {
  /** Chunks the job has asked for and not yet been sent: the one it waits for, and CHUNKS_AHEAD more. */
  credit: number;
  closing: boolean;
  wake?: () => void;
}

let current: Run | undefined;
/** Buffers of chunks the job has stored, handed back to be written over (kept from one source to the next). */
const spares: ChunkBuffers[] = [];

port.on('message', (m: ToChunkWorker) => {
  if (m.type === 'open') {
    void read(m.data);
    return;
  }
  if (m.type === 'recycle') {
    if (spares.length < MAX_SPARES) spares.push({ lines: Buffer.from(m.lines), stage: Buffer.from(m.stage) });
    return;
  }
  if (!current) return;
  if (m.type === 'more') current.credit++;
  else current.closing = true;
  current.wake?.();
});

const send = (message: FromChunkWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function read(data: ChunkWorkerData): Promise<void> {
  const run: Run = { credit: 1 + CHUNKS_AHEAD, closing: false };
  current = run;
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((r) => (run.wake = r));
  };
  let reader: ImportRowReader | undefined;
  try {
    reader = await openImportRows(data.source, data.skip);
    for (;;) {
      await until(() => run.credit > 0 || run.closing);
      if (run.closing) break;
      const chunk = await readChunk(reader, data, data.source.template.phoneKey, spares.pop());
      run.credit--;
      // The chunk's bytes are moved to the job, not copied (its typed arrays are small and copied).
      send({ type: 'chunk', read: { chunk, progress: reader.progress() } }, movedBuffers(chunk));
      if (chunk.rows === 0) break;
    }
  } catch (err) {
    send({ type: 'error', error: failure(err) });
  }
  await until(() => run.closing);
  await reader?.close().catch(() => undefined);
  current = undefined;
  send({ type: 'closed' });
}

function failure(err: unknown): WorkerFailure {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: e.message, stack: e.stack };
}
