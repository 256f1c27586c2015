import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_STATUS_MAP, parseDetectionResponse } from './detection-response.js';

const NUMBERS = ['13800000001', '13800000002', '13800000003'];

function classes(body: unknown, map = DEFAULT_STATUS_MAP): [string, string][] | undefined {
  const parsed = parseDetectionResponse(body, NUMBERS, map);
  return parsed === undefined ? undefined : [...parsed.classes];
}

void describe('parseDetectionResponse', () => {
  void it('reads an array of entries inside an envelope', () => {
    const body = {
      code: 0,
      msg: 'ok',
      data: [
        { mobile: '13800000001', status: '空号' },
        { mobile: '+86 138-0000-0002', status: 'Suspended' },
      ],
    };
    assert.deepEqual(classes(body), [
      ['13800000001', 'kong'],
      ['13800000002', 'tingji'],
      ['13800000003', 'kuwu'],
    ]);
  });

  void it('reads a nested list and a map keyed by number', () => {
    assert.deepEqual(classes({ data: { list: [{ phone: '8613800000003', result: '实号' }] } })?.[2], [
      '13800000003',
      'shi',
    ]);
    assert.deepEqual(classes({ data: { '13800000001': '沉默号', '13800000002': { state: '风险' } } }), [
      ['13800000001', 'chenmo'],
      ['13800000002', 'fenxian'],
      ['13800000003', 'kuwu'],
    ]);
  });

  void it('maps vendor codes through a configured table and unknown statuses to kuwu', () => {
    const map = { ...DEFAULT_STATUS_MAP, '0': 'kong', '1': 'shi' } as const;
    assert.deepEqual(
      classes(
        [
          { number: '13800000001', status: 0 },
          { number: '13800000002', status: 1 },
          { number: '13800000003', status: 7 },
        ],
        map,
      ),
      [
        ['13800000001', 'kong'],
        ['13800000002', 'shi'],
        ['13800000003', 'kuwu'],
      ],
    );
  });

  void it('ignores numbers that were not asked about and counts matches', () => {
    const parsed = parseDetectionResponse(
      [{ number: '19999999999', status: '实号' }],
      NUMBERS,
      DEFAULT_STATUS_MAP,
    );
    assert.equal(parsed?.matched, 0);
    assert.equal(parsed?.classes.get('13800000001'), 'kuwu');
  });

  void it('returns undefined for shapes it cannot read', () => {
    for (const body of [
      null,
      'OK',
      42,
      { code: 500, msg: '余额不足' },
      { data: null },
      [1, 2, 3],
      { a: { b: { c: { d: [] } } } },
    ]) {
      assert.equal(classes(body), undefined, JSON.stringify(body));
    }
  });
});
