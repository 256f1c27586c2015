import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteRange } from './send-recording.js';

describe('byteRange', () => {
  it('reads single ranges, suffix ranges and open ends; refuses what lies past the end', () => {
    assert.deepEqual(byteRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(byteRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(byteRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(byteRange('bytes=990-5000', 1000), { start: 990, end: 999 });
    assert.equal(byteRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(byteRange(undefined, 1000), undefined);
    assert.equal(byteRange('bytes=0-1,5-6', 1000), undefined, 'several ranges: send everything');
    assert.equal(byteRange('items=1-2', 1000), undefined);
  });
});
