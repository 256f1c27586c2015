// Parameter schemas shared by the push API routes (ext).
import { z } from 'zod';
import { PUSH_KINDS, QUEUED_KINDS, type PushKind } from '../../../services/push/policy/push-kind.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A push kind filter: the kinds the outbox stores, named by the one registry of push kinds. */
export const zPushKind = () =>
  z
    .preprocess(blank, z.enum(QUEUED_KINDS as [PushKind, ...PushKind[]]).optional())
    .describe(`推送类型: ${QUEUED_KINDS.map((k) => `${k} (${PUSH_KINDS[k].section})`).join(' / ')}`);

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
