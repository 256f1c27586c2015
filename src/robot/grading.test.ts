import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_GRADE_RULES, GradeRuleSchema, grade, type GradingFacts } from './grading.js';

const facts = (over: Partial<GradingFacts> = {}): GradingFacts => ({
  connected: true,
  customerTurns: 3,
  talkSeconds: 40,
  reachedNodes: [],
  intents: {},
  refusals: 0,
  affirmatives: 0,
  businessQuestions: 0,
  labels: [],
  dnd: false,
  transferred: false,
  ...over,
});

describe('grade (default rules)', () => {
  it('A: two interest signals and no refusal', () => {
    assert.deepEqual(grade(facts({ affirmatives: 1, businessQuestions: 1 })), {
      grade: 'A',
      reason: '多次肯定或咨询业务，无拒绝',
    });
    assert.equal(grade(facts({ transferred: true })).grade, 'A');
  });

  it('B: interest with hesitation or one refusal', () => {
    assert.equal(grade(facts({ affirmatives: 1, intents: { hesitate: 1 } })).grade, 'B');
    assert.equal(grade(facts({ affirmatives: 2, refusals: 1 })).grade, 'B');
  });

  it('C: neutral or short', () => {
    assert.deepEqual(grade(facts({ customerTurns: 1 })), { grade: 'C', reason: '中性或简短对话' });
    assert.equal(grade(facts({ affirmatives: 1 })).grade, 'C');
  });

  it('D: refused, refused twice, or asked not to be called', () => {
    assert.equal(grade(facts({ refusals: 1 })).reason, '明确拒绝，无兴趣');
    assert.equal(grade(facts({ refusals: 2, affirmatives: 3 })).reason, '多次明确拒绝');
    assert.equal(grade(facts({ dnd: true, affirmatives: 3 })).reason, '要求不再来电');
  });

  it('E: not connected or no conversation', () => {
    assert.equal(grade(facts({ connected: false, customerTurns: 0 })).reason, '未接通');
    assert.equal(grade(facts({ customerTurns: 0 })).reason, '接通但无有效对话');
  });

  it('F: answering machine or wrong person, before anything else', () => {
    assert.equal(grade(facts({ intents: { answering_machine: 1 }, dnd: true })).grade, 'F');
    assert.equal(grade(facts({ labels: ['非本人'] })).reason, '非本人接听');
  });
});

describe('grade (custom rules)', () => {
  it('applies script rules first and supports any/not and node conditions', () => {
    const rules = [
      { grade: 'A' as const, reason: '到达成交节点', when: { nodesAny: ['成交'], not: { dnd: true } } },
      ...DEFAULT_GRADE_RULES,
    ];
    assert.deepEqual(grade(facts({ reachedNodes: ['n9', '成交'], refusals: 1 }), rules), {
      grade: 'A',
      reason: '到达成交节点',
    });
    assert.equal(grade(facts({ reachedNodes: ['成交'], dnd: true }), rules).grade, 'D');
  });

  it('validates rule documents with zod, nested conditions included', () => {
    assert.equal(
      GradeRuleSchema.safeParse({ grade: 'A', reason: 'x', when: { any: [{ minTurns: 1 }] } }).success,
      true,
    );
    assert.equal(GradeRuleSchema.safeParse({ grade: 'G', reason: 'x', when: {} }).success, false);
    assert.equal(
      GradeRuleSchema.safeParse({ grade: 'A', reason: 'x', when: { not: { minTurns: -1 } } }).success,
      false,
    );
  });
});
