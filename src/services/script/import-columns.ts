import type { ScriptDefinition } from '../../robot/index.js';
import { scriptColumns } from '../../robot/index.js';

/** The column every task import needs: the callee's number (5.7.2 `电话`, always required). */
export const PHONE_COLUMN = '电话';
/** Columns the reference's import template always has; the others are a script's extended fields. */
const BASE_COLUMNS = new Set(['姓名', PHONE_COLUMN]);

const bare = (column: string) => column.replace(/^\*/, '');

/**
 * The task-import columns of a script as 5.11 lists them (`*` = required). The robot's own list, with `电话`
 * added (second, after 姓名 when present) if the script does not declare it and always marked required: a
 * task cannot be imported without numbers.
 * @example importColumns(script) // ['姓名', '*电话', '*欠款金额']
 */
export function importColumns(script: Pick<ScriptDefinition, 'variables'>): string[] {
  const columns = scriptColumns(script).map((c) => (bare(c) === PHONE_COLUMN ? `*${PHONE_COLUMN}` : c));
  if (columns.some((c) => bare(c) === PHONE_COLUMN)) return columns;
  const at = columns.length > 0 && bare(columns[0] ?? '') === '姓名' ? 1 : 0;
  columns.splice(at, 0, `*${PHONE_COLUMN}`);
  return columns;
}

/** One extended field (a variable beyond 姓名/电话) as 5.11 `type=extend` describes it. */
export interface ExtendedField {
  /** The column caption, also the `{name}` placeholder in the script's lines. */
  name: string;
  /** 1 = the import must fill it. */
  required: 0 | 1;
  description: string;
  /** Said when a number has no value for it. */
  default: string;
}

/** The script's variables beyond 姓名/电话, with their meaning, in column order. */
export function extendedFields(script: Pick<ScriptDefinition, 'variables'>): ExtendedField[] {
  return script.variables
    .filter((v) => !BASE_COLUMNS.has(v.name))
    .map((v) => ({
      name: v.name,
      required: v.required ? 1 : 0,
      description: v.description ?? '',
      default: v.default ?? '',
    }));
}
