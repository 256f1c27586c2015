/**
 * The uploaded bytes as one guarded stream: counts bytes against the cap as they arrive, keeps the head
 * for sniffing, then replays it in front of the rest.
 *
 * Failures of the source (cap exceeded, client hang-up, disk error, a container cut short) are recorded
 * in `SourceState` and end the stream instead of erroring it: exceljs pipes its input with `.pipe()`,
 * which does not forward errors, and its zip reader waits forever on an entry cut short. Readers race
 * `state.onFailure` and report `state.error` in preference to whatever parse error it caused.
 */
import { Readable } from 'node:stream';

import { ImportFileError } from './parse-errors.js';

/** What an upload can be handed over as: a Node stream (multipart file, fs stream), any byte iterable, or bytes. */
export type ImportSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

/** Length of the tail kept for `endCheck` (a zip's end-of-central-directory record lies within it). */
const TAIL_BYTES = 65_557;

export class SourceState {
  bytes = 0;
  /** Set when the source failed; takes precedence over any parse error it caused. */
  error: Error | undefined = undefined;
  /** Run on the last bytes when the source ends normally; a returned error fails the source. */
  endCheck: ((tail: Buffer) => Error | undefined) | undefined = undefined;
  // Listeners rather than one long-lived promise: racing a never-settling promise once per read would
  // pile up reactions that keep every read's result alive.
  readonly #listeners = new Set<() => void>();

  /** Calls `listener` once if the source fails; returns the unsubscribe function. */
  onFailure(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  fail(error: unknown): void {
    if (this.error !== undefined) return;
    this.error = error instanceof Error ? error : new Error(String(error));
    for (const listener of this.#listeners) listener();
    this.#listeners.clear();
  }
}

export interface OpenedSource {
  /** The first bytes (at least `HEAD_BYTES` unless the file is shorter). */
  head: Buffer;
  /** All bytes, head included, in order. */
  stream: Readable;
  state: SourceState;
}

/** Head size read before deciding the file type and the csv encoding. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Starts reading `source`, enforcing `maxBytes`, and returns its head plus a stream of every byte.
 * @example const { head, stream, state } = await openSource(fs.createReadStream(path), 100 * 2 ** 20);
 */
export async function openSource(source: ImportSource, maxBytes: number): Promise<OpenedSource> {
  const state = new SourceState();
  const chunks = guarded(source instanceof Uint8Array ? [source] : source, maxBytes, state);
  const headChunks: Buffer[] = [];
  let headLength = 0;
  while (headLength < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done === true) break;
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* headChunks;
      for (;;) {
        const next = await chunks.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await chunks.return(undefined);
    }
  }
  return { head: Buffer.concat(headChunks), stream: Readable.from(replay(), { objectMode: false }), state };
}

async function* guarded(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
  maxBytes: number,
  state: SourceState,
): AsyncGenerator<Buffer> {
  // Chunk references only (no copying) covering at least the last TAIL_BYTES.
  const tail: Buffer[] = [];
  let tailLength = 0;
  try {
    for await (const chunk of source) {
      const buf =
        typeof chunk === 'string'
          ? Buffer.from(chunk)
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      state.bytes += buf.length;
      if (state.bytes > maxBytes) {
        state.fail(ImportFileError.tooLarge(maxBytes));
        return;
      }
      if (buf.length === 0) continue;
      tail.push(buf);
      tailLength += buf.length;
      while (tail.length > 1 && tailLength - (tail[0]?.length ?? 0) >= TAIL_BYTES) {
        tailLength -= tail.shift()?.length ?? 0;
      }
      yield buf;
    }
  } catch (err) {
    state.fail(err);
    return;
  }
  const problem = state.endCheck?.(Buffer.concat(tail));
  if (problem !== undefined) state.fail(problem);
}
