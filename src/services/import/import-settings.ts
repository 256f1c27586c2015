// A team's import settings (teams.settings.import): which extra checks an import runs and which number-detection
// classes are dialed. Defaults apply to every key a team has not set; an import keeps the settings it started with.
import { AppError, ErrorCode } from '../../lib/app-error.js';

/** Number-detection classes (§4.4 shi/kong/tingji/kuwu/chenmo/fenxian). */
export const DETECTION_CLASSES = ['shi', 'kong', 'tingji', 'kuwu', 'chenmo', 'fenxian'] as const;
export type DetectionClassName = (typeof DETECTION_CLASSES)[number];

/** Wire names are the stored names (snake case, like the reference's parameters). */
export interface ImportSettings {
  /** A number already in another task of the team created within this many days is a repeat; 0 = off. */
  cross_task_dedup_days: number;
  /** Drop numbers the team called within this many days; 0 = off. */
  filter_called_within_days: number;
  /** Drop numbers whose last call was refused (用户拒接, or graded D 拒绝). */
  filter_last_refused: boolean;
  /** Frequency caps over the team's calls to one number (rolling windows); 0 = no cap. */
  cap_per_day: number;
  cap_per_7_days: number;
  cap_per_30_days: number;
  /** Classify numbers at all; when off every number passes as 库无. */
  detection_enabled: boolean;
  /** Classes that are dialed; the others are stored held back (status 4). */
  detection_import_classes: DetectionClassName[];
  /** 沉默: at least `silent_min_calls` calls within `silent_months` months and none answered. */
  silent_months: number;
  silent_min_calls: number;
  /** Ask the platform's detection vendor (when configured) about numbers the call history does not know. */
  use_vendor: boolean;
}

export const DEFAULT_IMPORT_SETTINGS: Readonly<ImportSettings> = Object.freeze<ImportSettings>({
  cross_task_dedup_days: 0,
  filter_called_within_days: 0,
  filter_last_refused: false,
  cap_per_day: 3,
  cap_per_7_days: 10,
  cap_per_30_days: 20,
  detection_enabled: true,
  detection_import_classes: ['shi', 'kuwu', 'chenmo'],
  silent_months: 3,
  silent_min_calls: 2,
  use_vendor: true,
});

const INT_LIMITS: Record<string, readonly [number, number]> = {
  cross_task_dedup_days: [0, 365],
  filter_called_within_days: [0, 365],
  cap_per_day: [0, 1000],
  cap_per_7_days: [0, 10_000],
  cap_per_30_days: [0, 10_000],
  silent_months: [1, 24],
  silent_min_calls: [1, 100],
};
const BOOL_KEYS = ['filter_last_refused', 'detection_enabled', 'use_vendor'] as const;

/** The effective settings: defaults overlaid with whatever valid keys the team stored. */
export function resolveImportSettings(stored: unknown): ImportSettings {
  const out: ImportSettings = {
    ...DEFAULT_IMPORT_SETTINGS,
    detection_import_classes: [...DEFAULT_IMPORT_SETTINGS.detection_import_classes],
  };
  if (stored === null || typeof stored !== 'object') return out;
  try {
    return applyImportSettings(out, stored as Record<string, unknown>);
  } catch {
    return out; // a hand-edited bad value must not break imports
  }
}

/**
 * Validates a patch and applies it; every problem is listed in one 20002 error and nothing is changed.
 * @example applyImportSettings(current, { cap_per_day: 2, detection_import_classes: 'shi,kuwu' })
 */
export function applyImportSettings(base: ImportSettings, patch: Record<string, unknown>): ImportSettings {
  const next: ImportSettings = { ...base, detection_import_classes: [...base.detection_import_classes] };
  const problems: string[] = [];
  for (const [key, [min, max]] of Object.entries(INT_LIMITS)) {
    const raw = patch[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key}: 须为${min}–${max}的整数`);
    } else {
      (next as unknown as Record<string, number>)[key] = n;
    }
  }
  for (const key of BOOL_KEYS) {
    const raw = patch[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const b = toBool(raw);
    if (b === undefined) problems.push(`${key}: 须为0/1或true/false`);
    else next[key] = b;
  }
  const classes = patch.detection_import_classes;
  if (classes !== undefined && classes !== null) {
    const parsed = parseDetectionClasses(classes);
    if (parsed === undefined) {
      problems.push(`detection_import_classes: 须为${DETECTION_CLASSES.join('/')}中的若干项`);
    } else {
      next.detection_import_classes = parsed;
    }
  }
  if (problems.length > 0) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${problems.join('; ')}`);
  return next;
}

/** A list of detection classes from an array, a JSON array string or a comma list; undefined when invalid. */
export function parseDetectionClasses(value: unknown): DetectionClassName[] | undefined {
  let list: unknown = value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('[')) {
      try {
        list = JSON.parse(t);
      } catch {
        return undefined;
      }
    } else {
      list = t === '' ? [] : t.split(/[,，\s]+/).filter(Boolean);
    }
  }
  if (!Array.isArray(list)) return undefined;
  const out: DetectionClassName[] = [];
  for (const item of list) {
    const name = String(item).trim().toLowerCase();
    if (!(DETECTION_CLASSES as readonly string[]).includes(name)) return undefined;
    if (!out.includes(name as DetectionClassName)) out.push(name as DetectionClassName);
  }
  return out;
}

function toBool(v: unknown): boolean | undefined {
  if (v === true || v === 1 || v === '1' || v === 'true' || v === 'on') return true;
  if (v === false || v === 0 || v === '0' || v === 'false' || v === 'off') return false;
  return undefined;
}
