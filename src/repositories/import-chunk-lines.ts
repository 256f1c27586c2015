// A chunk's rows as COPY text for task_numbers (the rows to dial or hold back, in file order) and import_rejects
// (the others), from what the import stages decided about each row. The chunk arrives with every row already
// written as the commonest outcome — a dialable number, 库无 — in UTF-8 (built beside the parser, see
// services/import/chunk-builder.ts), so a run of such rows is copied as one slice of bytes and only the rows a
// stage decided about are written here.

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

/** A chunk's rows in file order, by index: the file's row number, the normalized phone, its default line. */
export interface ChunkRows {
  readonly rowNos: readonly number[];
  /** null when the value was not a number. */
  readonly phones: readonly (string | null)[];
  /** Every row's `defaultNumberLine`, UTF-8, back to back. */
  readonly lines: Uint8Array;
  /** The byte offset where each row's line ends. */
  readonly lineEnds: ArrayLike<number>;
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

/**
 * The COPY text of the chunk's numbers and rejected rows (no parts when none), as UTF-8 parts to send in order, and
 * the rows per outcome; a row no stage decided about is dialable and counts as its detection class (库无 when none).
 */
export function chunkCopyLines(
  scope: ChunkScope,
  rows: ChunkRows,
  decided: Iterable<Decision & { row_no: number }>,
): { numbers: Uint8Array[]; rejects: Uint8Array[]; counts: DispositionCount[] } {
  const decisions = new Map<number, Decision>();
  for (const d of decided) decisions.set(d.row_no, d);
  const head = numberLineHead(scope);
  const rejectHead = `${scope.importId}\t${scope.teamId}\t`;
  const numbers: Uint8Array[] = [];
  const rejects: Uint8Array[] = [];
  const counts = new Map<string, DispositionCount>();
  let kuwu = 0;
  let runStart = 0; // the undecided rows' lines since the last decided row, sent as one slice
  for (let i = 0; i < rows.rowNos.length; i++) {
    const start = i === 0 ? 0 : rows.lineEnds[i - 1]!;
    const rowNo = rows.rowNos[i]!;
    const d = decisions.get(rowNo);
    if (d === undefined) {
      kuwu++;
      continue;
    }
    if (start > runStart) numbers.push(rows.lines.subarray(runStart, start));
    runStart = rows.lineEnds[i]!;
    const phone = rows.phones[i] ?? null;
    const outcome = d.disposition ?? d.detection ?? 'kuwu';
    const key = `${outcome}|${d.held}`;
    counts.set(key, { disposition: outcome, held: d.held, rows: (counts.get(key)?.rows ?? 0) + 1 });
    // The row's columns, from its default line: the fields before them are ASCII, so characters count bytes.
    const columnsStart = start + head.length + (phone ?? '\\N').length + 1 + String(rowNo).length + 1;
    const columns = rows.lines.subarray(columnsStart, runStart - DEFAULT_TAIL.length);
    if (d.disposition !== null && REJECTS.includes(d.disposition)) {
      const reason = copyField(d.reason ?? '');
      rejects.push(
        utf8(`${rejectHead}${rowNo}\t${phone ?? '\\N'}\t${d.disposition}\t${reason}\t`),
        columns,
        NEWLINE,
      );
    } else if (d.disposition === null || d.held) {
      numbers.push(
        utf8(`${head}${phone}\t${rowNo}\t`),
        columns,
        utf8(`\t${d.detection ?? 'kuwu'}\t${d.held ? 4 : 0}\n`),
      );
    }
  }
  const end = rows.lineEnds[rows.rowNos.length - 1] ?? 0;
  if (end > runStart) numbers.push(rows.lines.subarray(runStart, end));
  if (kuwu > 0) {
    const c = counts.get('kuwu|false');
    counts.set('kuwu|false', { disposition: 'kuwu', held: false, rows: (c?.rows ?? 0) + kuwu });
  }
  return { numbers, rejects, counts: [...counts.values()] };
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const NEWLINE = utf8('\n');

/** The distinct numbers of a chunk, by whether the chunk stores them (in task_numbers) or rejects them. */
export function chunkOutcomeByPhone(
  rows: ChunkRows,
  decided: Iterable<Decision & { row_no: number }>,
): { stored: string[]; rejected: string[] } {
  const rejectedRows = new Set<number>();
  for (const d of decided) {
    if (d.disposition !== null && REJECTS.includes(d.disposition)) rejectedRows.add(d.row_no);
  }
  const seen = new Set<string>();
  const stored: string[] = [];
  const rejected: string[] = [];
  for (let i = 0; i < rows.rowNos.length; i++) {
    const phone = rows.phones[i];
    if (phone == null || seen.has(phone)) continue; // a later row of the same number is its repeat
    seen.add(phone);
    (rejectedRows.has(rows.rowNos[i]!) ? rejected : stored).push(phone);
  }
  return { stored, rejected };
}
