// Turns a chunk of parsed rows into what the database needs: the staging COPY payload (row, phone and what is
// already decided — no columns: the staging table only decides) and every row written once as the commonest
// outcome, a dialable number's task_numbers line, in UTF-8 (repositories/import-chunk-lines.ts sends runs of them
// as they are and rewrites only the rows a stage decided about). In a parser thread this is where the text is
// encoded, so the job's thread handles bytes, not strings. The per-row steps that need no database are decided
// here: the phone is normalized (code rather than SQL), and a row is disposed of when its phone is not a number
// (failCount) or repeats an earlier row of the same chunk (repeatCount) — a Set costs far less than a self-join of
// the staging table.
// Everything that looks at stored data is decided set-based in the database.
import { ByteText } from '../../lib/byte-text.js';
import { normalizePhone } from '../../lib/phone/index.js';
import { defaultNumberLine, numberLineHead } from '../../repositories/import-chunk-lines.js';
import type { ChunkRows, ChunkScope } from '../../repositories/import-chunk.repository.js';
import type { ImportRow } from './parse/index.js';
import { REPEAT_IN_IMPORT } from './stages/dedupe.js';

export interface StagedChunk extends ChunkRows {
  /**
   * COPY text format, UTF-8, one line per row: row_no, phone (\N when invalid), reason and disposition (\N while the
   * row is still undecided).
   */
  readonly stage: Uint8Array;
  readonly rows: number;
  /** Rows whose phone was not a dialable number. */
  readonly invalid: number;
}

/** The two buffers of a chunk already stored, to be written over by a later one (see ChunkSource.recycle). */
export interface ChunkBuffers {
  readonly lines: Buffer;
  readonly stage: Buffer;
}

/** The smallest buffer a chunk's bytes get: an allocation of its own, never a slice of Node's shared pool. */
export const MIN_CHUNK_BYTES = 1 << 16;
/** Sizes of the last chunk built in this thread: the next one's buffers start so, and are seldom copied to grow. */
const lastBytes = { lines: 1 << 20, stage: 1 << 19 };

/** Integers appended to a typed array, grown (copied to one twice the size) when it is full. */
class IntRun<A extends Int32Array | Uint8Array> {
  length = 0;
  constructor(
    private values: A,
    private readonly allocate: (length: number) => A,
  ) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = this.allocate(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** A copy of exactly the values pushed (a small allocation of its own: it crosses threads by copy). */
  finish(): A {
    return this.values.slice(0, this.length) as A;
  }
}

const int32s = (length: number) => new Int32Array(length);
const bytes = (length: number) => new Uint8Array(length);

/**
 * Builds one chunk row by row, as the parser hands rows over: the work is spread between the database's replies
 * instead of holding the event loop for a whole chunk. Everything a chunk carries is bytes or typed arrays, no
 * strings or arrays of them: in a parser thread they cross to the job without building an object per row there,
 * and the job's heap does not fill with rows that live (and get promoted) until their chunk is stored.
 */
export class ChunkBuilder {
  readonly #rowNos: IntRun<Int32Array>;
  readonly #lineEnds: IntRun<Int32Array>;
  readonly #firsts: IntRun<Uint8Array>;
  readonly #seen = new Set<string>();
  readonly #head: string;
  readonly #lines: ByteText;
  readonly #stage: ByteText;
  #invalid = 0;

  /** `spare`: the buffers of a chunk already stored, written over instead of allocating. */
  constructor(
    private readonly phoneKey: string,
    scope: ChunkScope,
    spare?: ChunkBuffers,
    capacity = 1024,
  ) {
    this.#head = numberLineHead(scope);
    this.#lines = new ByteText(spare?.lines ?? Buffer.allocUnsafeSlow(lastBytes.lines));
    this.#stage = new ByteText(spare?.stage ?? Buffer.allocUnsafeSlow(lastBytes.stage));
    const slots = Math.max(16, capacity);
    this.#rowNos = new IntRun(int32s(slots), int32s);
    this.#lineEnds = new IntRun(int32s(slots), int32s);
    this.#firsts = new IntRun(bytes(slots), bytes);
  }

  get rows(): number {
    return this.#rowNos.length;
  }

  add(row: ImportRow): void {
    const phone = normalizePhone(row.columns[this.phoneKey] ?? '');
    const national = phone.ok ? phone.national : null;
    this.#rowNos.push(row.rowNo);
    this.#lineEnds.push(
      this.#lines.write(
        defaultNumberLine(
          this.#head,
          national,
          row.rowNo,
          copyEscape(JSON.stringify(cleanColumns(row.columns))),
        ),
      ),
    );
    if (!phone.ok) {
      this.#invalid++;
      this.#firsts.push(0);
      this.#stage.write(`${row.rowNo}\t\\N\t${phone.reason}\tfail\n`);
    } else if (this.#seen.has(phone.national)) {
      this.#firsts.push(0);
      this.#stage.write(`${row.rowNo}\t${phone.national}\t${REPEAT_IN_IMPORT}\trepeat\n`);
    } else {
      this.#seen.add(phone.national);
      this.#firsts.push(1);
      this.#stage.write(`${row.rowNo}\t${phone.national}\t\\N\t\\N\n`);
    }
  }

  finish(): StagedChunk {
    lastBytes.lines = Math.max(MIN_CHUNK_BYTES, Math.ceil(this.#lines.bytes * 1.1));
    lastBytes.stage = Math.max(MIN_CHUNK_BYTES, Math.ceil(this.#stage.bytes * 1.1));
    return {
      stage: this.#stage.view(),
      rows: this.#rowNos.length,
      invalid: this.#invalid,
      rowNos: this.#rowNos.finish(),
      lines: this.#lines.view(),
      lineEnds: this.#lineEnds.finish(),
      firsts: this.#firsts.finish(),
    };
  }
}

/**
 * @example Buffer.from(buildChunk([{ rowNo: 2, columns: { 电话: '+86 138 0013 8000' } }], '电话', scope).stage)
 *   .toString() // '2\t13800138000\t\\N\t\\N\n'
 */
export function buildChunk(rows: readonly ImportRow[], phoneKey: string, scope: ChunkScope): StagedChunk {
  const builder = new ChunkBuilder(phoneKey, scope, undefined, rows.length);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/** COPY's text format treats backslash as an escape; JSON text has no raw tabs or newlines, only backslashes. */
function copyEscape(text: string): string {
  return text.includes('\\') ? text.replace(/\\/g, '\\\\') : text;
}

/** PostgreSQL's jsonb cannot hold U+0000; a NUL in a spreadsheet cell is noise, so it is dropped. */
function cleanColumns(columns: Record<string, string>): Record<string, string> {
  for (const key in columns) {
    if (columns[key]!.includes('\u0000')) {
      const out: Record<string, string> = {};
      for (const k in columns) out[k] = columns[k]!.split('\u0000').join('');
      return out;
    }
  }
  return columns;
}
