import { z } from 'zod';

/**
 * Intention grading (意向等级) of a finished call: ordered rules over what happened in the call, first match
 * wins, the rule's reason is recorded with the grade. Scripts may put their own rules in front of the defaults
 * (e.g. "reached node 加微信成功 → A").
 *
 * Defaults, close to common practice in Chinese outbound calling:
 * - F 无效: an answering machine / voicemail / carrier announcement, or somebody other than the callee
 *   (wrong_person intent, or a node labelled 非本人 / 无效);
 * - E 未接通/无对话: not connected, or connected without a single recognised utterance;
 * - D 拒绝: asked not to be called again, refused twice, or refused once without any sign of interest;
 * - A 高意向: transferred to a human agent, or ≥ 2 interest signals (affirmatives + business questions such
 *   as price or knowledge-base questions) and no refusal;
 * - B 有意向: interest shown but with hesitation or an objection (or ≥ 2 signals alongside a refusal);
 * - C 一般: everything else (neutral or short conversations).
 * "Affirmatives" leave out the yes to the entry node's identity check ("请问是张先生吗？" "是我").
 */
export const Grade = { A: 'A', B: 'B', C: 'C', D: 'D', E: 'E', F: 'F' } as const;
export type GradeLetter = (typeof Grade)[keyof typeof Grade];

/** What the grader knows about a call (built by the session). */
export interface GradingFacts {
  readonly connected: boolean;
  /** Recognised (non-empty, final) callee utterances. */
  readonly customerTurns: number;
  readonly talkSeconds: number;
  /** Ids and titles of the nodes the call went through. */
  readonly reachedNodes: readonly string[];
  /** How often each intent (built-in or custom) decided a reply. */
  readonly intents: Readonly<Record<string, number>>;
  readonly refusals: number;
  /** Yes-answers after the entry node (the identity check does not count). */
  readonly affirmatives: number;
  /** Knowledge-base hits and price questions. */
  readonly businessQuestions: number;
  readonly labels: readonly string[];
  readonly dnd: boolean;
  readonly transferred: boolean;
}

/** A condition; every field present must hold (AND). `any` is an OR of sub-conditions, `not` a negation. */
export interface GradeCondition {
  connected?: boolean;
  minTurns?: number;
  maxTurns?: number;
  minTalkSeconds?: number;
  maxTalkSeconds?: number;
  minRefusals?: number;
  maxRefusals?: number;
  minAffirmatives?: number;
  minBusinessQuestions?: number;
  /** Interest = affirmatives + business questions. */
  minInterest?: number;
  maxInterest?: number;
  intentsAny?: string[];
  nodesAny?: string[];
  labelsAny?: string[];
  dnd?: boolean;
  transferred?: boolean;
  any?: GradeCondition[];
  not?: GradeCondition;
}

export interface GradeRule {
  grade: GradeLetter;
  reason: string;
  when: GradeCondition;
}

const num = z.number().min(0).optional();
const names = z.array(z.string()).optional();

export const GradeConditionSchema: z.ZodType<GradeCondition> = z.lazy(() =>
  z.object({
    connected: z.boolean().optional(),
    minTurns: num,
    maxTurns: num,
    minTalkSeconds: num,
    maxTalkSeconds: num,
    minRefusals: num,
    maxRefusals: num,
    minAffirmatives: num,
    minBusinessQuestions: num,
    minInterest: num,
    maxInterest: num,
    intentsAny: names,
    nodesAny: names,
    labelsAny: names,
    dnd: z.boolean().optional(),
    transferred: z.boolean().optional(),
    any: z.array(GradeConditionSchema).optional(),
    not: GradeConditionSchema.optional(),
  }),
);

export const GradeRuleSchema = z.object({
  grade: z.enum(['A', 'B', 'C', 'D', 'E', 'F']),
  reason: z.string(),
  when: GradeConditionSchema,
});

export const DEFAULT_GRADE_RULES: readonly GradeRule[] = [
  { grade: 'F', reason: '语音信箱/自动应答', when: { intentsAny: ['answering_machine'] } },
  {
    grade: 'F',
    reason: '非本人接听',
    when: { any: [{ intentsAny: ['wrong_person'] }, { labelsAny: ['非本人', '无效'] }] },
  },
  { grade: 'E', reason: '未接通', when: { connected: false } },
  { grade: 'E', reason: '接通但无有效对话', when: { maxTurns: 0 } },
  { grade: 'D', reason: '要求不再来电', when: { dnd: true } },
  { grade: 'D', reason: '多次明确拒绝', when: { minRefusals: 2 } },
  { grade: 'A', reason: '转接人工坐席', when: { transferred: true, maxRefusals: 0 } },
  { grade: 'A', reason: '多次肯定或咨询业务，无拒绝', when: { minInterest: 2, maxRefusals: 0 } },
  { grade: 'D', reason: '明确拒绝，无兴趣', when: { minRefusals: 1, maxInterest: 0 } },
  {
    grade: 'B',
    reason: '有兴趣但有犹豫或异议',
    when: { minInterest: 1, any: [{ intentsAny: ['hesitate'] }, { minRefusals: 1 }] },
  },
  { grade: 'B', reason: '有兴趣', when: { minInterest: 2 } },
];

const FALLBACK = { grade: 'C', reason: '中性或简短对话' } as const;

function holds(c: GradeCondition, f: GradingFacts): boolean {
  const interest = f.affirmatives + f.businessQuestions;
  const hasAny = (wanted: readonly string[] | undefined, have: readonly string[]): boolean =>
    wanted === undefined || wanted.some((w) => have.includes(w));
  return (
    (c.connected === undefined || c.connected === f.connected) &&
    (c.minTurns === undefined || f.customerTurns >= c.minTurns) &&
    (c.maxTurns === undefined || f.customerTurns <= c.maxTurns) &&
    (c.minTalkSeconds === undefined || f.talkSeconds >= c.minTalkSeconds) &&
    (c.maxTalkSeconds === undefined || f.talkSeconds <= c.maxTalkSeconds) &&
    (c.minRefusals === undefined || f.refusals >= c.minRefusals) &&
    (c.maxRefusals === undefined || f.refusals <= c.maxRefusals) &&
    (c.minAffirmatives === undefined || f.affirmatives >= c.minAffirmatives) &&
    (c.minBusinessQuestions === undefined || f.businessQuestions >= c.minBusinessQuestions) &&
    (c.minInterest === undefined || interest >= c.minInterest) &&
    (c.maxInterest === undefined || interest <= c.maxInterest) &&
    (c.intentsAny === undefined || c.intentsAny.some((i) => (f.intents[i] ?? 0) > 0)) &&
    hasAny(c.nodesAny, f.reachedNodes) &&
    hasAny(c.labelsAny, f.labels) &&
    (c.dnd === undefined || c.dnd === f.dnd) &&
    (c.transferred === undefined || c.transferred === f.transferred) &&
    (c.any === undefined || c.any.some((sub) => holds(sub, f))) &&
    (c.not === undefined || !holds(c.not, f))
  );
}

/**
 * Grades a call: the first rule whose condition holds gives the grade and its reason; C when none does.
 * @example grade(facts) // { grade: 'D', reason: '要求不再来电' }
 */
export function grade(
  facts: GradingFacts,
  rules: readonly GradeRule[] = DEFAULT_GRADE_RULES,
): { grade: GradeLetter; reason: string } {
  for (const rule of rules) if (holds(rule.when, facts)) return { grade: rule.grade, reason: rule.reason };
  return { ...FALLBACK };
}
