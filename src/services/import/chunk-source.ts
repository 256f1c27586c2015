// An import's chunks in file order, each with the share of the source read so far. Parsing the file and building
// the chunks is most of an import's node CPU: for a large source it runs in a worker thread (chunk-worker.ts), on
// the other core while PostgreSQL stores the previous chunk, and the job's event loop stays free to answer the
// database at once (and the API, in a combined process). A small source is read in the job's own thread, where a
// thread's start-up would cost more than the parse.
import { Worker } from 'node:worker_threads';
import { AppError } from '../../lib/app-error.js';
import { workerEntry } from '../../lib/worker-entry.js';
import { ChunkBuilder, type StagedChunk } from './chunk-builder.js';
import { openImportRows, type ImportRowReader, type StoredImportSource } from './import-source.js';

export interface ReadChunk {
  /** `rows` 0: the source is exhausted. */
  readonly chunk: StagedChunk;
  /** Share of the source consumed once this chunk was read, 0–1. */
  readonly progress: number;
}

export interface ChunkSource {
  next(): Promise<ReadChunk>;
  close(): Promise<void>;
}

export interface ChunkSourceOptions {
  readonly chunkRows: number;
  /** Sources of at least this many bytes are parsed in a worker thread. */
  readonly threadMinBytes: number;
}

/** Opens the source after its first `skip` rows (committed by an earlier run). */
export async function openChunkSource(
  source: StoredImportSource,
  skip: number,
  options: ChunkSourceOptions,
): Promise<ChunkSource> {
  if (source.bytes >= options.threadMinBytes) return new ThreadChunkSource({ source, skip, ...options });
  return new LocalChunkSource(
    await openImportRows(source, skip),
    options.chunkRows,
    source.template.phoneKey,
  );
}

/**
 * Reads and stages (normalizes) the next chunk. Rows are turned into COPY lines as they arrive, so only the
 * chunk's text is held, never its row objects.
 */
export async function readChunk(
  reader: ImportRowReader,
  size: number,
  phoneKey: string,
): Promise<StagedChunk> {
  const builder = new ChunkBuilder(phoneKey);
  while (builder.rows < size) {
    const row = await reader.next();
    if (row === undefined) break;
    builder.add(row);
  }
  return builder.finish();
}

/** In the job's thread: while the database works on one chunk, the next is parsed between its replies. */
class LocalChunkSource implements ChunkSource {
  #ahead: Promise<ReadChunk>;

  constructor(
    private readonly reader: ImportRowReader,
    private readonly size: number,
    private readonly phoneKey: string,
  ) {
    this.#ahead = this.#read();
  }

  async #read(): Promise<ReadChunk> {
    const chunk = await readChunk(this.reader, this.size, this.phoneKey);
    return { chunk, progress: this.reader.progress() };
  }

  async next(): Promise<ReadChunk> {
    const read = await this.#ahead;
    if (read.chunk.rows > 0) {
      this.#ahead = this.#read();
      this.#ahead.catch(() => undefined); // surfaced when awaited
    }
    return read;
  }

  async close(): Promise<void> {
    await this.#ahead.catch(() => undefined);
    await this.reader.close().catch(() => undefined);
  }
}

/** What the worker is given. */
export interface ChunkWorkerData extends ChunkSourceOptions {
  readonly source: StoredImportSource;
  readonly skip: number;
}

/** A failure in the worker, as it crosses to the job: an AppError keeps its code, message and details. */
export interface WorkerFailure {
  readonly message: string;
  readonly code?: number;
  readonly details?: Record<string, unknown>;
  readonly stack?: string;
}

export type FromChunkWorker =
  | { readonly type: 'chunk'; readonly read: ReadChunk }
  | { readonly type: 'error'; readonly error: WorkerFailure };

export type ToChunkWorker = { readonly type: 'more' } | { readonly type: 'close' };

/** Chunks the worker may read beyond the one the job is storing. */
export const CHUNKS_AHEAD = 1;

type Settled = { ok: true; read: ReadChunk } | { ok: false; error: Error };

/** In a worker thread, which reads at most CHUNKS_AHEAD chunks ahead of the job. */
class ThreadChunkSource implements ChunkSource {
  readonly #thread: Worker;
  readonly #ready: Settled[] = [];
  #waiting?: (settled: Settled) => void;
  #ended = false;

  constructor(data: ChunkWorkerData) {
    this.#thread = new Worker(workerEntry(new URL('./chunk-worker.ts', import.meta.url)), {
      workerData: data,
      execArgv: [],
    });
    this.#thread.on('message', (m: FromChunkWorker) =>
      this.#settle(m.type === 'chunk' ? { ok: true, read: m.read } : { ok: false, error: revive(m.error) }),
    );
    this.#thread.on('error', (error) => this.#settle({ ok: false, error }));
    this.#thread.on('exit', (code) => {
      if (this.#ended) return;
      this.#settle({ ok: false, error: new Error(`import parser thread exited (${code})`) });
    });
  }

  #settle(settled: Settled): void {
    if (settled.ok && settled.read.chunk.rows === 0) this.#ended = true;
    if (!settled.ok) this.#ended = true; // the first failure is the one reported
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(settled);
    else this.#ready.push(settled);
  }

  async next(): Promise<ReadChunk> {
    const settled = this.#ready.shift() ?? (await new Promise<Settled>((r) => (this.#waiting = r)));
    if (!settled.ok) throw settled.error;
    if (settled.read.chunk.rows > 0) this.#post({ type: 'more' });
    return settled.read;
  }

  #post(message: ToChunkWorker): void {
    this.#thread.postMessage(message);
  }

  /** Asks the worker to close its file and end; one that does not within a second is terminated. */
  async close(): Promise<void> {
    this.#ended = true;
    const exited = new Promise<void>((resolve) => this.#thread.once('exit', () => resolve()));
    if (this.#thread.threadId < 0) return; // already gone
    this.#post({ type: 'close' });
    const timer = setTimeout(() => void this.#thread.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }
}

function revive(failure: WorkerFailure): Error {
  const error =
    failure.code === undefined
      ? new Error(failure.message)
      : new AppError(failure.code, failure.message, failure.details);
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}
