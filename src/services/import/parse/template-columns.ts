/**
 * The import template (5.11 下载话术模板): column captions such as `['姓名', '*电话', '地址']`, where a leading
 * `*` marks a required column. Rows are keyed by the caption without the star — that is how 5.7.2 clients
 * send `client_info_json` (`{"电话": "138…"}`) and how 5.7.4 echoes `import_fail_data`.
 */
import { AppError, ErrorCode } from '../../../lib/app-error.js';

export interface TemplateColumn {
  /** Caption without `*`, trimmed: the key in `ImportRow.columns`. */
  key: string;
  required: boolean;
}

export interface ImportTemplate {
  columns: readonly TemplateColumn[];
  /** Key of the column holding the callee's number; always treated as required. */
  phoneKey: string;
}

/** The phone column is `电话` in every stock template; other spellings are accepted as a fallback. */
const PHONE_KEY = '电话';
const PHONE_LIKE = /电话|手机|号码|phone|mobile|tel/i;

/** Caption or header cell → column key: trimmed (incl. full-width spaces), without a leading `*`/`＊`. */
export function columnKey(caption: string): string {
  const trimmed = caption.trim();
  const first = trimmed.charCodeAt(0);
  return first === 42 || first === 0xff0a ? trimmed.slice(1).trim() : trimmed;
}

/**
 * Parses template captions. Throws 30003 (模板为空) when there are no columns or none can hold a phone.
 * @example parseTemplate(['姓名', '*电话']) // { columns: [{ key: '姓名', required: false }, { key: '电话', required: true }], phoneKey: '电话' }
 */
export function parseTemplate(captions: readonly string[]): ImportTemplate {
  const columns: TemplateColumn[] = [];
  const seen = new Set<string>();
  for (const caption of captions) {
    const key = columnKey(caption);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const first = caption.trim().charCodeAt(0);
    columns.push({ key, required: first === 42 || first === 0xff0a });
  }
  const phoneKey = seen.has(PHONE_KEY) ? PHONE_KEY : columns.find((c) => PHONE_LIKE.test(c.key))?.key;
  if (phoneKey === undefined) {
    throw new AppError(ErrorCode.ImportTemplateEmpty, '导入失败,模板为空:模板中没有电话列');
  }
  return {
    columns: columns.map((c) => (c.key === phoneKey ? { key: c.key, required: true } : c)),
    phoneKey,
  };
}
