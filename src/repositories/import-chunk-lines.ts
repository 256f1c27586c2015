// A chunk's rows as COPY text for task_numbers (the rows to dial or hold back, in file order) and import_rejects
// (the others), from what the import stages decided about each row.

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

/** A chunk's rows in file order, by index: the file's row number, the normalized phone, the columns document. */
export interface ChunkRows {
  readonly rowNos: readonly number[];
  /** null when the value was not a number. */
  readonly phones: readonly (string | null)[];
  /** JSON text, already escaped for COPY's text format. */
  readonly columns: readonly string[];
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
 * The COPY text of the chunk's numbers and rejected rows (empty when none) and the rows per outcome; a row no stage
 * decided about is dialable and counts as its detection class (库无 when none).
 */
export function chunkCopyLines(
  scope: ChunkScope,
  rows: ChunkRows,
  decided: Iterable<Decision & { row_no: number }>,
): { numbers: string; rejects: string; counts: DispositionCount[] } {
  const decisions = new Map<number, Decision>();
  for (const d of decided) decisions.set(d.row_no, d);
  const numberHead = `${scope.teamId}\t${scope.taskId}\t${scope.importId}\t`;
  const rejectHead = `${scope.importId}\t${scope.teamId}\t`;
  const numbers: string[] = [];
  const rejects: string[] = [];
  const counts = new Map<string, DispositionCount>();
  for (let i = 0; i < rows.rowNos.length; i++) {
    const rowNo = rows.rowNos[i]!;
    const phone = rows.phones[i] ?? null;
    const d = decisions.get(rowNo);
    const outcome = d?.disposition ?? d?.detection ?? 'kuwu';
    const held = d?.held ?? false;
    const key = `${outcome}|${held}`;
    const c = counts.get(key);
    counts.set(key, { disposition: outcome, held, rows: (c?.rows ?? 0) + 1 });
    const disposition = d?.disposition ?? null;
    if (disposition !== null && REJECTS.includes(disposition)) {
      rejects.push(
        `${rejectHead}${rowNo}\t${phone ?? '\\N'}\t${disposition}\t${copyField(d?.reason ?? '')}\t${rows.columns[i]}\n`,
      );
    } else if (disposition === null || held) {
      numbers.push(
        `${numberHead}${phone}\t${rowNo}\t${rows.columns[i]}\t${d?.detection ?? 'kuwu'}\t${held ? 4 : 0}\n`,
      );
    }
  }
  return { numbers: numbers.join(''), rejects: rejects.join(''), counts: [...counts.values()] };
}

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
