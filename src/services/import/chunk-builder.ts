// Turns a chunk of parsed rows into what the database needs: the staging COPY payload (row, phone and what is
// already decided — no columns: the staging table only decides) and every row written once as the commonest
// outcome, a dialable number's task_numbers line, in UTF-8 (repositories/import-chunk-lines.ts sends runs of them
// as they are and rewrites only the rows a stage decided about). In a parser thread this is where the text is
// encoded, so the job's thread handles bytes, not strings. The per-row steps that need no database are decided
// here: the phone is normalized (code rather than SQL), and a row is disposed of when its phone is not a number
// (failCount) or repeats an earlier row of the same chunk (repeatCount) — a Set costs far less than a self-join of
// the staging table.
// Everything that looks at stored data is decided set-based in the database.
import { normalizePhone } from '../../lib/phone/index.js';
import { defaultNumberLine, numberLineHead } from '../../repositories/import-chunk-lines.js';
import type { ChunkRows, ChunkScope } from '../../repositories/import-chunk.repository.js';
import type { ImportRow } from './parse/index.js';
import { REPEAT_IN_IMPORT } from './stages/dedupe.js';

export interface StagedChunk extends ChunkRows {
  /**
   * COPY text format, one line per row: row_no, phone (\N when invalid), reason and disposition (\N while the
   * row is still undecided).
   */
  readonly stageText: string;
  readonly rows: number;
  /** Rows whose phone was not a dialable number. */
  readonly invalid: number;
}

/** The smallest buffer a chunk's lines get: an allocation of its own, never a slice of Node's shared pool. */
export const MIN_CHUNK_BYTES = 1 << 16;
let lastChunkBytes = 1 << 20;

/**
 * Builds one chunk row by row, as the parser hands rows over: the work is spread between the database's replies
 * instead of holding the event loop for a whole chunk.
 */
export class ChunkBuilder {
  readonly #stage: string[] = [];
  readonly #rowNos: number[] = [];
  readonly #phones: (string | null)[] = [];
  readonly #lineEnds: number[] = [];
  readonly #seen = new Set<string>();
  readonly #head: string;
  #lines: Buffer;
  #bytes = 0;
  #invalid = 0;

  /** `spare`: the buffer of a chunk already stored, written over instead of allocating (see ChunkSource.recycle). */
  constructor(
    private readonly phoneKey: string,
    scope: ChunkScope,
    spare?: Buffer,
  ) {
    this.#head = numberLineHead(scope);
    // Sized like the last chunk built in this thread, so a chunk's bytes are seldom copied to a larger buffer.
    this.#lines = spare ?? Buffer.allocUnsafeSlow(lastChunkBytes);
  }

  get rows(): number {
    return this.#rowNos.length;
  }

  add(row: ImportRow): void {
    const phone = normalizePhone(row.columns[this.phoneKey] ?? '');
    const national = phone.ok ? phone.national : null;
    this.#rowNos.push(row.rowNo);
    this.#phones.push(national);
    this.#write(
      defaultNumberLine(
        this.#head,
        national,
        row.rowNo,
        copyEscape(JSON.stringify(cleanColumns(row.columns))),
      ),
    );
    if (!phone.ok) {
      this.#invalid++;
      this.#stage.push(`${row.rowNo}\t\\N\t${phone.reason}\tfail\n`);
    } else if (this.#seen.has(phone.national)) {
      this.#stage.push(`${row.rowNo}\t${phone.national}\t${REPEAT_IN_IMPORT}\trepeat\n`);
    } else {
      this.#seen.add(phone.national);
      this.#stage.push(`${row.rowNo}\t${phone.national}\t\\N\t\\N\n`);
    }
  }

  #write(line: string): void {
    if (this.#bytes + line.length * 3 > this.#lines.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#lines.length * 2, this.#bytes + line.length * 3));
      this.#lines.copy(grown, 0, 0, this.#bytes);
      this.#lines = grown;
    }
    this.#bytes += this.#lines.write(line, this.#bytes, 'utf8');
    this.#lineEnds.push(this.#bytes);
  }

  finish(): StagedChunk {
    lastChunkBytes = Math.max(MIN_CHUNK_BYTES, Math.ceil(this.#bytes * 1.1));
    return {
      stageText: this.#stage.join(''),
      rows: this.#rowNos.length,
      invalid: this.#invalid,
      rowNos: this.#rowNos,
      phones: this.#phones,
      lines: this.#lines.subarray(0, this.#bytes),
      lineEnds: Int32Array.from(this.#lineEnds),
    };
  }
}

/**
 * @example buildChunk([{ rowNo: 2, columns: { 电话: '+86 138 0013 8000' } }], '电话', scope).stageText
 * // '2\t13800138000\t\\N\t\\N\n'
 */
export function buildChunk(rows: readonly ImportRow[], phoneKey: string, scope: ChunkScope): StagedChunk {
  const builder = new ChunkBuilder(phoneKey, scope);
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
