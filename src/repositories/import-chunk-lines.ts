// A chunk's rows as COPY text for task_numbers (the rows to dial or hold back, in file order) and import_rejects
// (the others), from what the import stages decided about each row. The chunk arrives with every row already
// written as the commonest outcome — a dialable number, 库无 — in UTF-8 (built beside the parser, see
// services/import/chunk-builder.ts), so a run of such rows is copied as one slice of bytes and only the rows a
// stage decided about are written here.

import { ByteText } from '../lib/byte-text.js';

/** Dispositions stored in import_rejects (the rest are detection classes, stored as task numbers). */
const REJECTS = ['fail', 'repeat', 'blacklist', 'filter', 'chaopin'];

/** A text value in COPY's text format. */
function copyField(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

export interface ChunkScope {
  readonly teamId: string;
  readonly taskId: string;
  readonly importId: string;
}

/**
 * A chunk's rows in file order, by index, as bytes and typed arrays only (see ChunkBuilder): the file's row number,
 * the row's default line, and whether it is the first with its number.
 */
export interface ChunkRows {
  readonly rowNos: Int32Array;
  /** Every row's `defaultNumberLine`, UTF-8, back to back; its phone is read from there (see `lineFields`). */
  readonly lines: Uint8Array;
  /** The byte offset where each row's line ends. */
  readonly lineEnds: Int32Array;
  /** 1 when the row's number is valid and no earlier row of the chunk has it, else 0. */
  readonly firsts: Uint8Array;
}

const TAB = 0x09;

/**
 * Where row `i`'s phone (\N when invalid) and its columns lie in `rows.lines`: the fields before the columns are
 * ASCII (head, phone digits, row number), so they are found by their tabs without decoding the line.
 */
function lineFields(rows: ChunkRows, i: number, headBytes: number) {
  const start = i === 0 ? 0 : rows.lineEnds[i - 1]!;
  const phoneStart = start + headBytes;
  const phoneEnd = rows.lines.indexOf(TAB, phoneStart);
  const columnsStart = rows.lines.indexOf(TAB, phoneEnd + 1) + 1;
  return { start, phoneStart, phoneEnd, columnsStart, end: rows.lineEnds[i]! };
}

/** The start of each of a chunk's task_numbers lines: team, task, import. */
export function numberLineHead(scope: ChunkScope): string {
  return `${scope.teamId}\t${scope.taskId}\t${scope.importId}\t`;
}

/** Ends a dialable number's line: detection 库无, status 0 (waiting). */
const DEFAULT_TAIL = '\tkuwu\t0\n';

/**
 * A row as a dialable number's task_numbers COPY line: team, task, import, phone, row_no, columns (JSON text
 * already escaped for COPY), detection, status. An invalid phone is written \N; such a line is never stored.
 */
export function defaultNumberLine(
  head: string,
  phone: string | null,
  rowNo: number,
  columns: string,
): string {
  return `${head}${phone ?? '\\N'}\t${rowNo}\t${columns}${DEFAULT_TAIL}`;
}

/** What the stages decided about a row that is not simply dialable 库无 (the common case, left out). */
export interface Decision {
  disposition: string | null;
  reason: string | null;
  detection: string | null;
  held: boolean;
}

/** A staged row some stage decided about. */
export type ChunkDecision = Decision & { row_no: number };

export interface ImportCheckpoint {
  readonly status: string;
  readonly rowsDone: number;
  readonly counts: Record<string, number>;
}

export interface TaskState {
  readonly status: number;
  readonly deleted: boolean;
}

export interface CheckpointRow {
  status: string;
  rows_done: number;
  counts: Record<string, number>;
}

export interface FrequencyCaps {
  readonly perDay: number;
  readonly per7Days: number;
  readonly per30Days: number;
}

export interface DispositionCount {
  readonly disposition: string;
  readonly held: boolean;
  readonly rows: number;
}

/** Where chunkCopyLines writes a chunk's COPY text: kept by the writing session and written over chunk by chunk. */
export interface ChunkCopyOutput {
  readonly numbers: ByteText;
  readonly rejects: ByteText;
}

/** Outputs sized for a chunk of about a megabyte of lines; they grow as needed and keep their size. */
export function chunkCopyOutput(): ChunkCopyOutput {
  return {
    numbers: new ByteText(Buffer.allocUnsafeSlow(1 << 20)),
    rejects: new ByteText(Buffer.allocUnsafeSlow(1 << 16)),
  };
}

/**
 * The COPY text of the chunk's numbers and rejected rows (each empty when none), written into `out` (over what it
 * held: the previous chunk's COPY must have completed), and the rows per outcome; a row no stage decided about is
 * dialable and counts as its detection class (库无 when none). Runs of undecided rows are copied as they are.
 */
export function chunkCopyLines(
  scope: ChunkScope,
  rows: ChunkRows,
  decided: Iterable<Decision & { row_no: number }>,
  out: ChunkCopyOutput,
): { numbers: Buffer; rejects: Buffer; counts: DispositionCount[] } {
  const decisions = new Map<number, Decision>();
  for (const d of decided) decisions.set(d.row_no, d);
  const headBytes = numberLineHead(scope).length;
  const rejectHead = `${scope.importId}\t${scope.teamId}\t`;
  const { numbers, rejects } = out;
  numbers.reset();
  rejects.reset();
  const counts = new Map<string, DispositionCount>();
  let kuwu = 0;
  let runStart = 0; // the undecided rows' lines since the last decided row, copied as one run
  for (let i = 0; i < rows.rowNos.length; i++) {
    const rowNo = rows.rowNos[i]!;
    const d = decisions.get(rowNo);
    if (d === undefined) {
      kuwu++;
      continue;
    }
    const line = lineFields(rows, i, headBytes);
    if (line.start > runStart) numbers.append(rows.lines.subarray(runStart, line.start));
    runStart = line.end;
    const outcome = d.disposition ?? d.detection ?? 'kuwu';
    const key = `${outcome}|${d.held}`;
    counts.set(key, { disposition: outcome, held: d.held, rows: (counts.get(key)?.rows ?? 0) + 1 });
    const columns = rows.lines.subarray(line.columnsStart, line.end - DEFAULT_TAIL.length);
    if (d.disposition !== null && REJECTS.includes(d.disposition)) {
      rejects.write(`${rejectHead}${rowNo}\t`);
      rejects.append(rows.lines.subarray(line.phoneStart, line.phoneEnd));
      rejects.write(`\t${d.disposition}\t${copyField(d.reason ?? '')}\t`);
      rejects.append(columns);
      rejects.write('\n');
    } else if (d.disposition === null || d.held) {
      numbers.append(rows.lines.subarray(line.start, line.columnsStart)); // head, phone and row number as they are
      numbers.append(columns);
      numbers.write(`\t${d.detection ?? 'kuwu'}\t${d.held ? 4 : 0}\n`);
    }
  }
  const end = rows.lineEnds[rows.rowNos.length - 1] ?? 0;
  if (end > runStart) numbers.append(rows.lines.subarray(runStart, end));
  if (kuwu > 0) {
    const c = counts.get('kuwu|false');
    counts.set('kuwu|false', { disposition: 'kuwu', held: false, rows: (c?.rows ?? 0) + kuwu });
  }
  return { numbers: numbers.view(), rejects: rejects.view(), counts: [...counts.values()] };
}

const COMMA = Buffer.from(',');

/** Where chunkOutcomeByPhone writes: kept by the chunk pipeline and written over chunk by chunk. */
export interface OutcomeOutput {
  readonly stored: ByteText;
  readonly rejected: ByteText;
}

export function outcomeOutput(): OutcomeOutput {
  return {
    stored: new ByteText(Buffer.allocUnsafeSlow(1 << 18)),
    rejected: new ByteText(Buffer.allocUnsafeSlow(1 << 14)),
  };
}

/**
 * The distinct numbers of a chunk, by whether the chunk stores them (in task_numbers) or rejects them: each as
 * comma-separated ASCII digits, copied from the chunk's lines (no string per number) into `out`, over what it held.
 */
export function chunkOutcomeByPhone(
  scope: ChunkScope,
  rows: ChunkRows,
  decided: Iterable<Decision & { row_no: number }>,
  out: OutcomeOutput = outcomeOutput(),
): { stored: Buffer; rejected: Buffer } {
  const rejectedRows = new Set<number>();
  for (const d of decided) {
    if (d.disposition !== null && REJECTS.includes(d.disposition)) rejectedRows.add(d.row_no);
  }
  const headBytes = numberLineHead(scope).length;
  out.stored.reset();
  out.rejected.reset();
  // A later row of the same number is its repeat: only each number's first row counts.
  for (let i = 0; i < rows.rowNos.length; i++) {
    if (rows.firsts[i] !== 1) continue;
    const { phoneStart, phoneEnd } = lineFields(rows, i, headBytes);
    const list = rejectedRows.has(rows.rowNos[i]!) ? out.rejected : out.stored;
    if (list.bytes > 0) list.append(COMMA);
    list.append(rows.lines.subarray(phoneStart, phoneEnd));
  }
  return { stored: out.stored.view(), rejected: out.rejected.view() };
}
