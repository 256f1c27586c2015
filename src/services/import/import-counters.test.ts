import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCounts, rowsCovered, toImportMark } from './import-counters.js';

void describe('import counters', () => {
  void it('sums dispositions into totalCount and reports the dialable part as successCount', () => {
    const counts = addCounts(
      { fail: 1, repeat: 2, shi: 3, dialable: 3 },
      { blacklist: 1, filter: 1, chaopin: 1, kong: 2, kuwu: 4, dialable: 4 },
    );
    const mark = toImportMark(counts);
    assert.equal(mark.totalCount, 1 + 2 + 3 + 1 + 1 + 1 + 2 + 4);
    assert.equal(mark.successCount, 7);
    assert.equal(rowsCovered(counts), mark.totalCount);
    assert.deepEqual(Object.keys(mark), [
      'totalCount',
      'successCount',
      'failCount',
      'blacklistCount',
      'repeatCount',
      'filterCount',
      'shiCount',
      'kongCount',
      'tingjiCount',
      'kuwuCount',
      'chenmoCount',
      'fenxianCount',
      'chaopinCount',
    ]);
  });

  void it('gives zeros for an import that has not committed anything', () => {
    assert.equal(toImportMark({}).totalCount, 0);
  });
});
