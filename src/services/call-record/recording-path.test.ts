import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeRecordingPath } from './recording-path.js';

const rel = (recordpath: string | undefined, recordfile: string) => {
  const r = relativeRecordingPath(recordpath, recordfile);
  return r.ok ? r.rel : `ERR ${r.reason}`;
};

describe('relativeRecordingPath', () => {
  it('strips recordpath or our virtual root; relative and other absolute names stay inside', () => {
    assert.equal(rel('/mnt/record', '/mnt/record/20241022/0935/a_0637.wav'), '20241022/0935/a_0637.wav');
    assert.equal(rel('/mnt/record/', '/mnt/record/20241022/a.wav'), '20241022/a.wav');
    assert.equal(rel(undefined, '/recordings/20241022/a.wav'), '20241022/a.wav');
    assert.equal(rel('/home/record', '/20180419/xxx.mp3'), '20180419/xxx.mp3');
    assert.equal(rel(undefined, '20180419//xxx.MP3'), '20180419/xxx.MP3');
    assert.equal(rel('/mnt/record', '/etc/ssl/x.wav'), 'etc/ssl/x.wav');
  });

  it('refuses traversal, backslashes, control characters and non-audio files', () => {
    for (const bad of [
      '../x.wav',
      '/recordings/../../etc/x.wav',
      '/mnt/record/a/../../b.wav',
      'a/./b.wav',
      '..\\..\\x.wav',
      'a\u0000.wav',
      '/etc/passwd',
      '20241022/',
      '',
      '   ',
    ]) {
      assert.match(rel('/mnt/record', bad), /^ERR /, JSON.stringify(bad));
    }
  });
});
