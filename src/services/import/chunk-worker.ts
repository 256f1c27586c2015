// The import parser thread (see chunk-source.ts): reads the source's chunks in order and hands each to the job,
// at most CHUNKS_AHEAD beyond the one the job is storing, so memory stays flat however long the database takes.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../lib/app-error.js';
import {
  CHUNKS_AHEAD,
  readChunk,
  type ChunkWorkerData,
  type FromChunkWorker,
  type ToChunkWorker,
  type WorkerFailure,
} from './chunk-source.js';
import { openImportRows, type ImportRowReader } from './import-source.js';

const data = workerData as ChunkWorkerData;
const port = parentPort;
if (!port) throw new Error('chunk-worker.ts runs as a worker thread');

/** Chunks the job has asked for and not yet been sent: the one it waits for, and CHUNKS_AHEAD more. */
let credit = 1 + CHUNKS_AHEAD;
let closing = false;
let wake: (() => void) | undefined;
port.on('message', (m: ToChunkWorker) => {
  if (m.type === 'more') credit++;
  else closing = true;
  wake?.();
});

const send = (message: FromChunkWorker) => port.postMessage(message);

let reader: ImportRowReader | undefined;
try {
  reader = await openImportRows(data.source, data.skip);
  for (;;) {
    while (credit === 0 && !closing) await new Promise<void>((r) => (wake = r));
    if (closing) break;
    const chunk = await readChunk(reader, data.chunkRows, data.source.template.phoneKey);
    credit--;
    send({ type: 'chunk', read: { chunk, progress: reader.progress() } });
    if (chunk.rows === 0) break;
  }
} catch (err) {
  send({ type: 'error', error: failure(err) });
} finally {
  await reader?.close().catch(() => undefined);
  port.close(); // nothing else keeps the thread alive: it ends
}

function failure(err: unknown): WorkerFailure {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: e.message, stack: e.stack };
}
