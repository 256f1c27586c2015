import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

import { mobileCarrier } from './mobile-segments.js';

void describe('mobileCarrier', () => {
  void it('reads the carrier from the first four digits', () => {
    assert.equal(mobileCarrier('13800138000'), '移动');
    assert.equal(mobileCarrier('13490000000'), '电信');
    assert.equal(mobileCarrier('13480000000'), '移动');
    assert.equal(mobileCarrier('17030000000'), '虚拟');
    assert.equal(mobileCarrier('19200000000'), '广电');
    assert.equal(mobileCarrier('14000000000'), undefined);
  });

  // Our hand-kept table must agree with Google's numbering metadata on which blocks are mobile, except
  // where we knowingly differ: 1610 (no public allocation we could confirm) and 1740 6–9 (we keep the whole
  // 1740 satellite block rather than a sub-block split).
  const knownDifferences = new Set(['1610', '17409']);

  void it('agrees with libphonenumber-js on every block from 1000 to 1999', () => {
    const disagreements: string[] = [];
    for (let prefix = 1000; prefix <= 1999; prefix++) {
      for (const tail of ['0000000', '5678901', '9999999']) {
        const n = `${prefix}${tail}`;
        const parsed = parsePhoneNumberFromString(n, 'CN');
        const theirs = parsed?.isValid() === true && parsed.getType() === 'MOBILE';
        const ours = mobileCarrier(n) !== undefined;
        if (theirs !== ours && !knownDifferences.has(n.slice(0, 4)) && !knownDifferences.has(n.slice(0, 5))) {
          disagreements.push(`${n}: ours=${ours} libphonenumber=${theirs}`);
        }
      }
    }
    assert.deepEqual(disagreements, []);
  });
});
