import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeRecordingPath } from './recording-path.js';
import { recordingFileName, segmentFileName } from './recording-name.js';

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

describe('segmentFileName', () => {
  const rel = '20241022/0935/20241022093538_zzh_zzh1_ec0fdf06-9015-11ef-b667-d39081f6a486_0637.wav';
  it("follows the reference's 6.3 example: segmental_record/<Hi>/subsection_<prompt>_<recording>_<turn>", () => {
    assert.equal(
      segmentFileName(rel, 2, 'prompts/question20221028142020Ga2.wav'),
      '20241022/segmental_record/0935/subsection_question20221028142020Ga2_20241022093538_zzh_zzh1_ec0fdf06-9015-11ef-b667-d39081f6a486_0637_2.wav',
    );
  });

  it('spoken text is `tts`; a prompt name cannot leave the directory', () => {
    assert.match(segmentFileName(rel, 1, undefined), /\/subsection_tts_20241022093538_.*_0637_1\.wav$/);
    const odd = segmentFileName(rel, 3, '../../x y.mp3');
    assert.equal(relativeRecordingPath(undefined, odd).ok, true);
    assert.match(odd, /\/subsection_x-y_/);
  });
});
