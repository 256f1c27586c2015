import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeRecordingPath } from './recording-path.js';
import { recordingFileName } from './recording-name.js';

describe('recordingFileName', () => {
  const at = new Date('2024-10-22T01:35:38Z'); // 09:35:38 in Shanghai
  it("follows the reference's naming in the team's zone", () => {
    const rel = recordingFileName({
      at,
      timeZone: 'Asia/Shanghai',
      parentName: 'zzh',
      userName: 'zzh1',
      callUuid: 'ec0fdf06-9015-11ef-b667-d39081f6a486',
      phone: '+86 138-0013-0637',
    });
    assert.equal(rel, '20241022/0935/20241022093538_zzh_zzh1_ec0fdf06-9015-11ef-b667-d39081f6a486_0637.wav');
  });

  it('account names can never leave the directory or add segments', () => {
    const rel = recordingFileName({
      at,
      timeZone: 'UTC',
      parentName: '../..',
      userName: '张/三.x',
      callUuid: 'u',
      phone: '13800138000',
    });
    assert.equal(rel, '20241022/0135/20241022013538_-_张-三-x_u_8000.wav');
    assert.deepEqual(relativeRecordingPath(undefined, rel), { ok: true, rel });
  });
});
