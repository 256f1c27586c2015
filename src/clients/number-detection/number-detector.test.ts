import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { combineDetectors, segmentDetector } from './number-detector.js';
import type { DetectionClass, NumberDetector } from './number-detector.js';

function fixed(answers: Record<string, DetectionClass>, seen: string[][] = []): NumberDetector {
  return {
    detect(numbers) {
      seen.push([...numbers]);
      return Promise.resolve(new Map(numbers.map((n) => [n, answers[n] ?? 'kuwu'])));
    },
  };
}

void describe('combineDetectors', () => {
  void it('asks later detectors only about numbers still unknown', async () => {
    const firstSeen: string[][] = [];
    const secondSeen: string[][] = [];
    const sut = combineDetectors(
      fixed({ '13800000001': 'kong' }, firstSeen),
      fixed({ '13800000001': 'shi', '13800000002': 'tingji' }, secondSeen),
    );
    const result = await sut.detect(['13800000001', '13800000002', '13800000003', '13800000002']);
    assert.deepEqual(
      [...result],
      [
        ['13800000001', 'kong'],
        ['13800000002', 'tingji'],
        ['13800000003', 'kuwu'],
      ],
    );
    assert.deepEqual(firstSeen, [['13800000001', '13800000002', '13800000003']]);
    assert.deepEqual(secondSeen, [['13800000002', '13800000003']]);
  });

  void it('skips a detector that throws and stops once everything is known', async () => {
    const lastSeen: string[][] = [];
    const broken: NumberDetector = { detect: () => Promise.reject(new Error('db down')) };
    const sut = combineDetectors(broken, fixed({ a: 'shi' }), fixed({}, lastSeen));
    assert.deepEqual([...(await sut.detect(['a']))], [['a', 'shi']]);
    assert.deepEqual(lastSeen, []);
  });

  void it('answers kuwu for everything with no detectors', async () => {
    assert.deepEqual(
      [...(await combineDetectors().detect(['a', 'b']))],
      [
        ['a', 'kuwu'],
        ['b', 'kuwu'],
      ],
    );
  });
});

void describe('segmentDetector', () => {
  void it('marks numbers of unassigned segments as kong', async () => {
    const result = await segmentDetector.detect(['13800138000', '14012345678', '15412345678', '01087654321']);
    assert.deepEqual(
      [...result],
      [
        ['13800138000', 'kuwu'],
        ['14012345678', 'kong'],
        ['15412345678', 'kong'],
        ['01087654321', 'kuwu'],
      ],
    );
  });
});
