// An import's chunks in file order, each with the share of the source read so far. Parsing the file and building
// the chunks is most of an import's node CPU: for a large source it runs in a worker thread (chunk-worker.ts), on
// the other core while PostgreSQL stores the previous chunk, and the job's event loop stays free to answer the
// database at once (and the API, in a combined process). A small source is read in the job's own thread, where a
// thread's start-up would cost more than the parse — unless a thread kept from an earlier source is idle.
import { Worker } from 'node:worker_threads';
import { AppError } from '../../lib/app-error.js';
import { workerEntry } from '../../lib/worker-entry.js';
import type { ChunkScope } from '../../repositories/import-chunk.repository.js';
import { ChunkBuilder, MIN_CHUNK_BYTES, type ChunkBuffers, type StagedChunk } from './chunk-builder.js';
import { openImportRows, type ImportRowReader, type StoredImportSource } from './import-source.js';

export interface ReadChunk {
  /** `rows` 0: the source is exhausted. */
  readonly chunk: StagedChunk;
  /** Share of the source consumed once this chunk was read, 0–1. */
  readonly progress: number;
}

export interface ChunkSource {
  /** Parsed in a parser thread (beside the job) or in the job's own thread. */
  readonly inThread: boolean;
  next(): Promise<ReadChunk>;
  /**
   * The chunk is stored and nothing reads its bytes any more: its buffers are written over by a later chunk instead
   * of new ones being allocated (each chunk's megabytes would otherwise wait for a full garbage collection, and a
   * million-row import held ~75 MB of them). Call it only once the chunk's COPY has completed.
   */
  recycle(chunk: StagedChunk): void;
  close(): Promise<void>;
}

export interface ChunkSourceOptions {
  readonly chunkRows: number;
  /** The chunk's task, team and import: every row's default line names them. */
  readonly scope: ChunkScope;
  /** Sources of at least this many bytes are parsed in a worker thread. */
  readonly threadMinBytes: number;
  /**
   * Smaller sources too, when a thread kept by an earlier source is idle: it costs no start-up, and the parse then
   * runs beside the database instead of between its replies (a 100,000-row xlsx after a large csv: ≈10 % faster).
   */
  readonly smallInWarmThread: boolean;
}

/** Opens the source after its first `skip` rows (committed by an earlier run). */
export async function openChunkSource(
  source: StoredImportSource,
  skip: number,
  options: ChunkSourceOptions,
): Promise<ChunkSource> {
  const warm = options.smallInWarmThread && idleThreads.length > 0;
  if (source.bytes >= options.threadMinBytes || warm) {
    return new ThreadChunkSource({ source, skip, ...options });
  }
  return new LocalChunkSource(await openImportRows(source, skip), options, source.template.phoneKey);
}

/**
 * Reads and stages (normalizes) the next chunk. Rows are turned into COPY lines as they arrive, so only the
 * chunk's text is held, never its row objects.
 */
export async function readChunk(
  reader: ImportRowReader,
  options: Pick<ChunkSourceOptions, 'chunkRows' | 'scope'>,
  phoneKey: string,
  spare?: ChunkBuffers,
): Promise<StagedChunk> {
  const builder = new ChunkBuilder(phoneKey, options.scope, spare, options.chunkRows);
  while (builder.rows < options.chunkRows) {
    const row = await reader.next();
    if (row === undefined) break;
    builder.add(row);
  }
  return builder.finish();
}

/** In the job's thread: while the database works on one chunk, the next is parsed between its replies. */
class LocalChunkSource implements ChunkSource {
  readonly inThread = false;
  readonly #spares: ChunkBuffers[] = [];
  #ahead: Promise<ReadChunk>;

  constructor(
    private readonly reader: ImportRowReader,
    private readonly options: ChunkSourceOptions,
    private readonly phoneKey: string,
  ) {
    this.#ahead = this.#read();
  }

  async #read(): Promise<ReadChunk> {
    const chunk = await readChunk(this.reader, this.options, this.phoneKey, this.#spares.pop());
    return { chunk, progress: this.reader.progress() };
  }

  recycle(chunk: StagedChunk): void {
    if (ownsBuffers(chunk) && this.#spares.length < MAX_SPARES) this.#spares.push(wholeBuffers(chunk));
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

/** What the worker is given for one source. */
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
  | { readonly type: 'error'; readonly error: WorkerFailure }
  | { readonly type: 'closed' };

export type ToChunkWorker =
  | { readonly type: 'open'; readonly data: ChunkWorkerData }
  | { readonly type: 'more' }
  | { readonly type: 'recycle'; readonly lines: ArrayBuffer; readonly stage: ArrayBuffer }
  | { readonly type: 'close' };

/** Chunks the worker may read beyond the one the job is storing. */
export const CHUNKS_AHEAD = 1;

/** Buffers kept for reuse: the chunks in flight at once (read ahead, decided, written) are never more. */
export const MAX_SPARES = 4;

/** The whole allocations behind a chunk's lines and staging lines (each is a view of its first bytes). */
const wholeBuffers = (chunk: StagedChunk): ChunkBuffers => ({
  lines: Buffer.from(chunk.lines.buffer),
  stage: Buffer.from(chunk.stage.buffer),
});

const ownsBuffer = (bytes: Uint8Array): boolean =>
  bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength >= MIN_CHUNK_BYTES;

/**
 * A chunk's bytes have allocations of their own (ChunkBuilder's are at least MIN_CHUNK_BYTES); a smaller buffer
 * may be a slice of Node's shared pool, which must never be written over or moved.
 */
const ownsBuffers = (chunk: StagedChunk): boolean => ownsBuffer(chunk.lines) && ownsBuffer(chunk.stage);

/** The allocations that move (not copy) with a chunk from one thread to the other. */
export const movedBuffers = (chunk: StagedChunk): ArrayBuffer[] =>
  ownsBuffers(chunk) ? [chunk.lines.buffer as ArrayBuffer, chunk.stage.buffer as ArrayBuffer] : [];

/**
 * A parser thread, reused from one source to the next: its start-up (loading the parsers, ≈0.3 s) is paid once.
 * One source at a time; an idle thread does not keep the process alive.
 */
class ParserThread {
  readonly worker = new Worker(workerEntry(new URL('./chunk-worker.ts', import.meta.url)), { execArgv: [] });
  alive = true;
  listener?: (message: FromChunkWorker) => void;
  onDeath?: (error: Error) => void;

  constructor() {
    this.worker.on('message', (m: FromChunkWorker) => this.listener?.(m));
    this.worker.on('error', (error) => this.#die(error));
    this.worker.on('exit', (code) => this.#die(new Error(`import parser thread exited (${code})`)));
  }

  #die(error: Error): void {
    if (!this.alive) return;
    this.alive = false;
    const i = idleThreads.indexOf(this);
    if (i >= 0) idleThreads.splice(i, 1);
    this.onDeath?.(error);
  }

  post(message: ToChunkWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }
}

/** Threads kept for the next source; more than one import parses at once only briefly, so one is kept. */
const idleThreads: ParserThread[] = [];
const MAX_IDLE_THREADS = 1;

function takeThread(): ParserThread {
  const thread = idleThreads.pop() ?? new ParserThread();
  thread.worker.ref();
  return thread;
}

function returnThread(thread: ParserThread): void {
  thread.listener = undefined;
  thread.onDeath = undefined;
  if (!thread.alive) return;
  if (idleThreads.length >= MAX_IDLE_THREADS) {
    void thread.worker.terminate();
    return;
  }
  thread.worker.unref();
  idleThreads.push(thread);
}

type Settled = { ok: true; read: ReadChunk } | { ok: false; error: Error };

/** In a parser thread, which reads at most CHUNKS_AHEAD chunks ahead of the job. */
class ThreadChunkSource implements ChunkSource {
  readonly inThread = true;
  readonly #thread = takeThread();
  readonly #ready: Settled[] = [];
  #waiting?: (settled: Settled) => void;
  #closed?: () => void;
  #closing?: Promise<void>;

  constructor(data: ChunkWorkerData) {
    this.#thread.listener = (m) => {
      if (m.type === 'closed') return this.#closed?.();
      this.#settle(
        m.type === 'chunk' ? { ok: true, read: asBuffers(m.read) } : { ok: false, error: revive(m.error) },
      );
    };
    this.#thread.onDeath = (error) => {
      this.#settle({ ok: false, error });
      this.#closed?.();
    };
    this.#thread.post({ type: 'open', data });
  }

  #settle(settled: Settled): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(settled);
    else this.#ready.push(settled);
  }

  async next(): Promise<ReadChunk> {
    const settled = this.#ready.shift() ?? (await new Promise<Settled>((r) => (this.#waiting = r)));
    if (!settled.ok) throw settled.error;
    if (settled.read.chunk.rows > 0) this.#thread.post({ type: 'more' });
    return settled.read;
  }

  recycle(chunk: StagedChunk): void {
    if (!this.#thread.alive || !ownsBuffers(chunk)) return;
    const [lines, stage] = movedBuffers(chunk) as [ArrayBuffer, ArrayBuffer];
    // Moved, not copied: the job's views of them become empty.
    this.#thread.post({ type: 'recycle', lines, stage }, [lines, stage]);
  }

  /** The thread closes the source and is kept for the next one; one that does not within a second is ended. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const thread = this.#thread;
    if (thread.alive) {
      const closed = new Promise<void>((resolve) => (this.#closed = resolve));
      thread.post({ type: 'close' });
      const timer = setTimeout(() => void thread.worker.terminate(), 1000);
      await closed;
      clearTimeout(timer);
    }
    returnThread(thread);
  }
}

/** A chunk's bytes cross a thread as plain Uint8Arrays; the job handles Buffers, as from its own parser. */
function asBuffers(read: ReadChunk): ReadChunk {
  const { lines, stage } = read.chunk;
  const buffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return { ...read, chunk: { ...read.chunk, lines: buffer(lines), stage: buffer(stage) } };
}

function revive(failure: WorkerFailure): Error {
  const error =
    failure.code === undefined
      ? new Error(failure.message)
      : new AppError(failure.code, failure.message, failure.details);
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}
