// Parameter schemas shared by the push API routes (ext).
import { z } from 'zod';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A push kind filter. */
export const zPushKind = () =>
  z
    .preprocess(blank, z.enum(['import_result', 'call_record', 'analytics', 'customer']).optional())
    .describe('推送类型: import_result (5.7.15) / call_record (6.6.1) / analytics (7.7) / customer (6.7)');

// Settings are small counts and durations; a bound keeps every derived time and interval representable.
const NUMBER_LIMIT = 1_000_000_000;

/** A number given as a number or a numeric string (fractions allowed), within ±1,000,000,000. */
export const zOptNumber = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : blank(v)),
    z
      .number({ error: '须为数字' })
      .min(-NUMBER_LIMIT, { error: '超出范围' })
      .max(NUMBER_LIMIT, { error: '超出范围' })
      .optional(),
  );

export const zTimeRange = {
  start_time: z.preprocess(blank, z.string().optional()).describe('创建时间起 Y-m-d H:i:s(含)'),
  end_time: z.preprocess(blank, z.string().optional()).describe('创建时间止 Y-m-d H:i:s(含)'),
};
