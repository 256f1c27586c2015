import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callResultFromSip, q850CauseOf } from './sip-cause.js';

void describe('callResultFromSip', () => {
  void it('maps the common final responses', () => {
    const cases: [number, string][] = [
      [200, 'answered'],
      [404, 'vacant'],
      [604, 'vacant'],
      [480, 'noAnswer'],
      [486, 'busy'],
      [600, 'busy'],
      [487, 'noAnswer'],
      [408, 'noAnswer'],
      [603, 'rejected'],
      [403, 'restricted'],
      [503, 'lineError'],
      [500, 'lineError'],
      [488, 'lineError'],
      [407, 'lineError'],
      [302, 'other'],
      [499, 'other'],
    ];
    for (const [status, result] of cases) assert.equal(callResultFromSip(status), result, String(status));
  });

  void it('lets a known Q.850 cause refine a coarse status', () => {
    assert.equal(callResultFromSip(480, 20), 'poweredOff');
    assert.equal(callResultFromSip(480, 1), 'vacant');
    assert.equal(callResultFromSip(486, 17), 'busy');
    assert.equal(callResultFromSip(480, 18), 'noAnswer');
    assert.equal(callResultFromSip(503, 34), 'lineError');
    assert.equal(callResultFromSip(480, 999), 'noAnswer');
    assert.equal(callResultFromSip(200, 16), 'answered');
  });

  void it('refuses provisional and impossible statuses', () => {
    assert.throws(() => callResultFromSip(180), RangeError);
    assert.throws(() => callResultFromSip(700), RangeError);
    assert.throws(() => callResultFromSip(486.5), RangeError);
  });
});

void describe('q850CauseOf', () => {
  void it('reads the cause of a Q.850 Reason header and ignores other protocols', () => {
    assert.equal(q850CauseOf('Q.850;cause=17;text="User busy"'), 17);
    assert.equal(q850CauseOf('SIP;cause=600, Q.850 ; cause = 21'), 21);
    assert.equal(q850CauseOf('SIP;cause=486'), undefined);
    assert.equal(q850CauseOf(undefined), undefined);
  });
});
