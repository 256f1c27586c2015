// Every imported row ends with exactly one disposition; the counters of §4.4 (`import_mark`) are sums of them.
import type { DetectionClassName } from './import-settings.js';
import { DETECTION_CLASSES } from './import-settings.js';

/** Row outcomes decided before number detection; rows that pass them end as their detection class. */
export const Disposition = {
  fail: 'fail',
  repeat: 'repeat',
  blacklist: 'blacklist',
  filter: 'filter',
  chaopin: 'chaopin',
} as const;
export type RejectDisposition = (typeof Disposition)[keyof typeof Disposition];
export type DispositionName = RejectDisposition | DetectionClassName;

/** Committed counts: every disposition, plus `dialable` (detected rows stored ready to dial). */
export type ImportCounts = Partial<Record<DispositionName | 'dialable', number>>;

/** §4.4 / 5.7.15 `import_mark`, keys in the reference's order. */
export interface ImportMark {
  totalCount: number;
  successCount: number;
  failCount: number;
  blacklistCount: number;
  repeatCount: number;
  filterCount: number;
  shiCount: number;
  kongCount: number;
  tingjiCount: number;
  kuwuCount: number;
  chenmoCount: number;
  fenxianCount: number;
  chaopinCount: number;
}

/** Adds one chunk's counts to the running totals (a new object). */
export function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  const out: ImportCounts = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof ImportCounts, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The `import_mark` of a set of counts. `totalCount` is the sum of every disposition (fail + repeat + blacklist
 * + filter + chaopin + the six detection classes); `successCount` is the part stored ready to dial (detection
 * classes that are not held back).
 * @example toImportMark({ fail: 1, shi: 2, dialable: 2 }).totalCount // 3
 */
export function toImportMark(c: ImportCounts): ImportMark {
  const n = (k: keyof ImportCounts) => c[k] ?? 0;
  const detected = DETECTION_CLASSES.reduce((sum, k) => sum + n(k), 0);
  return {
    totalCount: n('fail') + n('repeat') + n('blacklist') + n('filter') + n('chaopin') + detected,
    successCount: n('dialable'),
    failCount: n('fail'),
    blacklistCount: n('blacklist'),
    repeatCount: n('repeat'),
    filterCount: n('filter'),
    shiCount: n('shi'),
    kongCount: n('kong'),
    tingjiCount: n('tingji'),
    kuwuCount: n('kuwu'),
    chenmoCount: n('chenmo'),
    fenxianCount: n('fenxian'),
    chaopinCount: n('chaopin'),
  };
}

/** Rows a count set covers (the sum of dispositions; `dialable` is a subset, not added). */
export function rowsCovered(c: ImportCounts): number {
  return toImportMark(c).totalCount;
}
