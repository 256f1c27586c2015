// Parameters the script endpoints share (compat-notes "7.x").
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';

/** A template's sn (`projects|<32hex>`), the reference's project_sn. */
export const zProjectSn = () =>
  zStr()
    .pipe(z.string().trim().min(1, { error: '不能为空' }).max(100))
    .describe('话术模板 sn (7.1 data[].sn)');

/** A project_sn that may be absent (7.2 also accepts the example's parent_sn). */
export const zOptProjectSn = () => zOptStr().pipe(z.string().trim().max(100).optional());

/** A flag sent as true/false, 1/0 or their strings; '' and null mean "not given". */
export const zOptBool = () =>
  z.preprocess(
    (v) => {
      if (v === '' || v === null || v === undefined) return undefined;
      if (v === true || v === 1 || v === '1' || v === 'true' || v === 'on') return true;
      if (v === false || v === 0 || v === '0' || v === 'false' || v === 'off') return false;
      return v;
    },
    z.boolean({ error: '须为 1/0 或 true/false' }).optional(),
  );

/** A saved version number. */
export const zOptVersion = () =>
  z.preprocess(
    (v) =>
      v === '' || v === null ? undefined : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v,
    z.number({ error: '须为正整数' }).int({ error: '须为正整数' }).min(1, { error: '须为正整数' }).optional(),
  );
