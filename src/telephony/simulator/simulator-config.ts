import { z } from 'zod';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { CALL_RESULTS, type CallResult } from '../call-result.js';
import { DurationSchema, PersonaSchema, Probability } from './persona-schema.js';
import { SANDBOX_PERSONAS } from './sandbox-personas.js';
import type { Duration } from './seeded-random.js';

/** Results a simulated number can produce: `answered` and the callee outcomes (not our-side failures). */
export const SIMULATED_OUTCOMES = (Object.keys(CALL_RESULTS) as CallResult[]).filter(
  (r) => CALL_RESULTS[r].family !== 'local',
) as [SimulatedOutcome, ...SimulatedOutcome[]];
export type SimulatedOutcome = Exclude<
  CallResult,
  'cancelled' | 'lineDown' | 'lineFull' | 'lineRateLimited' | 'lineError'
>;
const OutcomeSchema = z.enum(SIMULATED_OUTCOMES);

/** How an outcome unfolds after call setup: whether the phone rings first, and when it resolves. */
export interface OutcomeTiming {
  /** True: `ringing` then the outcome; false: the outcome (an announcement, a busy tone) without ringing. */
  rings: boolean;
  /** From the end of call setup to answer / failure. */
  afterMs: Duration;
}

const announcement: OutcomeTiming = { rings: false, afterMs: { min: 4_000, max: 9_000 } };

/** Defaults, shaped after what Chinese carriers do: announcements for dead numbers, 60 s before 无人应答. */
export const DEFAULT_TIMING: Readonly<Record<SimulatedOutcome, OutcomeTiming>> = {
  answered: { rings: true, afterMs: { mean: 8_000, sd: 4_000, min: 2_000, max: 30_000 } },
  noAnswer: { rings: true, afterMs: 60_000 },
  rejected: { rings: true, afterMs: { min: 3_000, max: 15_000 } },
  busy: { rings: false, afterMs: { min: 1_000, max: 4_000 } },
  inCall: announcement,
  poweredOff: announcement,
  vacant: announcement,
  suspended: announcement,
  unreachable: announcement,
  outOfService: announcement,
  callReminder: announcement,
  callLater: announcement,
  arrears: announcement,
  restricted: announcement,
  other: { rings: false, afterMs: { min: 1_000, max: 8_000 } },
};

/** The sandbox mix: 60 % answered, the rest spread as a typical Chinese list would fail. */
export const SANDBOX_OUTCOMES: Readonly<Partial<Record<SimulatedOutcome, number>>> = {
  answered: 0.6,
  noAnswer: 0.11,
  rejected: 0.05,
  poweredOff: 0.05,
  busy: 0.04,
  vacant: 0.04,
  inCall: 0.03,
  unreachable: 0.03,
  suspended: 0.02,
  outOfService: 0.01,
  callReminder: 0.005,
  callLater: 0.005,
  arrears: 0.005,
  restricted: 0.002,
  other: 0.003,
};

const TimingSchema = z.object({ rings: z.boolean().optional(), afterMs: DurationSchema.optional() }).strict();

/**
 * Configuration of a line of kind `simulator`, stored as JSON with the line. Every field has a default, so
 * `{}` is a sandbox line: 30 channels, 60 % answered, the sandbox personas.
 */
export const SimulatorLineConfigSchema = z
  .object({
    /** Same seed + same config + same dialling → the same calls. */
    seed: z.union([z.string(), z.number()]).default('sandbox'),
    capacity: z.number().int().positive().default(30),
    /** Originates allowed per second (sliding 1 s window); absent = unlimited. */
    cps: z.number().positive().optional(),
    /** Caller id presented when an originate names none. */
    caller: z.string().min(1).default('01000000000'),
    /** Whole line down: every originate fails at once with `lineDown`. */
    down: z.boolean().default(false),
    /** Share of calls failing with `lineError` after setup (a flaky trunk). */
    failureRate: Probability.default(0),
    /** Relative weights of outcomes; absent ones never happen. */
    outcomes: z
      .partialRecord(OutcomeSchema, z.number().nonnegative())
      .default({ ...SANDBOX_OUTCOMES })
      .refine((o) => Object.values(o).some((w) => (w ?? 0) > 0), {
        message: 'at least one outcome needs a positive weight',
      }),
    /** Per-outcome overrides of {@link DEFAULT_TIMING}. */
    timing: z.partialRecord(OutcomeSchema, TimingSchema).default({}),
    /** From originate to ringing (or to the outcome, for outcomes that do not ring). */
    setupMs: DurationSchema.default({ min: 100, max: 600 }),
    /** Recogniser delay between the end of callee speech and its final text. */
    asrLatencyMs: DurationSchema.default({ min: 150, max: 400 }),
    /** Robot speaking speed for `say()` and `play()` with a transcript: ms per character. */
    robotCharMs: z.number().positive().default(200),
    /** Length of a `play()` without a transcript. */
    playMs: z.number().positive().default(3_000),
    transferAcceptRate: Probability.default(1),
    transferMs: DurationSchema.default({ min: 800, max: 2_000 }),
    personas: z
      .array(PersonaSchema)
      .min(1)
      .default(() => SANDBOX_PERSONAS.map((p) => PersonaSchema.parse(p))),
    /** Fixed behaviour for given numbers, e.g. your own phone always answering as `interested`. */
    numbers: z
      .record(
        z.string(),
        z.object({ outcome: OutcomeSchema.optional(), persona: z.string().optional() }).strict(),
      )
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    for (const [i, p] of config.personas.entries()) {
      if (names.has(p.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['personas', i, 'name'],
          message: `duplicate persona ${p.name}`,
        });
      }
      names.add(p.name);
    }
    if (!config.personas.some((p) => p.weight > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['personas'],
        message: 'at least one persona needs a positive weight',
      });
    }
    for (const [number, fixed] of Object.entries(config.numbers)) {
      if (fixed.persona !== undefined && !names.has(fixed.persona)) {
        ctx.addIssue({
          code: 'custom',
          path: ['numbers', number, 'persona'],
          message: `unknown persona ${fixed.persona}`,
        });
      }
    }
  });
export type SimulatorLineConfig = z.infer<typeof SimulatorLineConfigSchema>;
export type SimulatorLineConfigInput = z.input<typeof SimulatorLineConfigSchema>;

/**
 * Validates a stored simulator line config, filling defaults.
 * @throws AppError(WrongDataFormat) listing every problem as `path: message`.
 * @example parseSimulatorLineConfig({ outcomes: { answered: 1 } })
 */
export function parseSimulatorLineConfig(json: unknown): SimulatorLineConfig {
  const parsed = SimulatorLineConfigSchema.safeParse(json ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AppError(ErrorCode.WrongDataFormat, `模拟线路配置错误: ${problems.join('; ')}`, { problems });
}

/** Timing of `outcome` under `config`: the default with the configured override applied. */
export function timingOf(config: SimulatorLineConfig, outcome: SimulatedOutcome): OutcomeTiming {
  const base = DEFAULT_TIMING[outcome];
  const override = config.timing[outcome];
  return { rings: override?.rings ?? base.rings, afterMs: override?.afterMs ?? base.afterMs };
}
