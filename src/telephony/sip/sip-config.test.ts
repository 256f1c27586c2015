import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSipLineConfig, rewriteDialled } from './sip-config.js';

const cfg = (over: Record<string, unknown> = {}) => parseSipLineConfig({ host: 'trunk.test', ...over });

describe('rewriteDialled', () => {
  it('strips +86 / 0086 by default, keeps them when the line says so', () => {
    assert.equal(rewriteDialled('+8613800138000', cfg()), '13800138000');
    assert.equal(rewriteDialled('0086 138-0013-8000', cfg()), '13800138000');
    assert.equal(rewriteDialled('+8613800138000', cfg({ strip_country_code: false })), '+8613800138000');
  });

  it('adds the 0 to landlines written without it, only when asked, never to mobiles', () => {
    const zero = cfg({ landline_zero: true });
    assert.equal(rewriteDialled('1088886666', zero), '01088886666'); // Beijing, 8-digit number
    assert.equal(rewriteDialled('2188886666', zero), '02188886666'); // Shanghai
    assert.equal(rewriteDialled('7558888666', zero), '07558888666'); // 3-digit area code, 7 digits
    assert.equal(rewriteDialled('57188886666', zero), '057188886666'); // 3-digit area code, 8 digits
    assert.equal(rewriteDialled('13800138000', zero), '13800138000');
    assert.equal(rewriteDialled('01088886666', zero), '01088886666');
    assert.equal(rewriteDialled('95588', zero), '95588');
    assert.equal(rewriteDialled('1088886666', cfg()), '1088886666');
  });

  it("puts the line's prefix in front of the rewritten number", () => {
    assert.equal(rewriteDialled('+8613800138000', cfg({ dial_prefix: '9' })), '913800138000');
    assert.equal(
      rewriteDialled('2088886666', cfg({ dial_prefix: '17951', landline_zero: true })),
      '1795102088886666',
    );
  });
});
