import { z } from 'zod';

/** A probability in [0, 1]. */
export const Probability = z.number().min(0).max(1);

/** A configured duration in ms: fixed, uniform `{min, max}`, or normal `{mean, sd}` optionally clipped. */
export const DurationSchema = z.union([
  z.number().nonnegative(),
  z
    .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
    .strict()
    .refine((d) => d.max >= d.min, { message: 'max must be ≥ min' }),
  z
    .object({
      mean: z.number().nonnegative(),
      sd: z.number().nonnegative(),
      min: z.number().nonnegative().optional(),
      max: z.number().nonnegative().optional(),
    })
    .strict(),
]);

/**
 * What a callee does in answer: a plain string is something said; the object form can say, press keys and
 * hang up, in that order; `{}` stays silent.
 * @example '不需要，谢谢。'
 * @example { say: '我在开车，先挂了。', hangup: true }
 * @example { dtmf: '1' }
 */
export const ReplySchema = z.union([
  z.string().min(1),
  z
    .object({
      say: z.string().min(1).optional(),
      dtmf: z
        .string()
        .regex(/^[0-9*#A-D]+$/, 'DTMF keys are 0-9 * # A-D')
        .optional(),
      hangup: z.boolean().optional(),
    })
    .strict(),
]);
export type Reply = z.infer<typeof ReplySchema>;

const RegexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'iu').test('');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** `{when, reply}`: when what the robot said matches `when` (a case-insensitive regex), answer with `reply`. */
export const ReplyRuleSchema = z
  .object({
    when: RegexSource,
    /** One reply, or several to pick from at random. */
    reply: z.union([ReplySchema, z.array(ReplySchema).min(1)]),
  })
  .strict();
export type ReplyRule = z.infer<typeof ReplyRuleSchema>;

/**
 * A kind of callee. Each time the robot finishes talking, the callee decides, in this order: stay silent
 * (`silenceRate`), hang up (`hangupRate`), the first matching rule, the next unused `script` line, a line drawn
 * from `pool`, else silence.
 */
export const PersonaSchema = z
  .object({
    /** Unique within the line (used by `numbers` and the `sim.persona` variable). */
    name: z.string().min(1),
    /** Relative share of answered calls that get this persona. */
    weight: z.number().nonnegative().default(1),
    /** Said right after picking up, e.g. 喂？ */
    opening: z.string().min(1).optional(),
    openingDelayMs: DurationSchema.default({ min: 300, max: 1200 }),
    rules: z.array(ReplyRuleSchema).default([]),
    script: z.array(ReplySchema).default([]),
    pool: z.array(ReplySchema).default([]),
    silenceRate: Probability.default(0),
    hangupRate: Probability.default(0),
    /** Chance of starting to answer while the robot is still talking (barge-in). */
    bargeInRate: Probability.default(0),
    /** From the robot falling quiet to the callee starting to speak. */
    replyDelayMs: DurationSchema.default({ min: 400, max: 1500 }),
    /** Talk time after which the callee hangs up whatever happens. */
    patienceMs: DurationSchema.default({ min: 60_000, max: 180_000 }),
    /** Speaking speed: ms per character (Mandarin ≈ 4–5 characters a second). */
    charMs: z.number().positive().default(220),
  })
  .strict();
export type Persona = z.infer<typeof PersonaSchema>;
export type PersonaInput = z.input<typeof PersonaSchema>;
