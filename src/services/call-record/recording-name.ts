// Where a call's recording is written, relative to its team's recordings directory, named as the reference
// names them: `<Ymd>/<Hi>/<YmdHis>_<parent>_<user>_<call uuid>_<last 4 digits>.wav` in the team's time zone.
import { formatDateTime } from '../../lib/clock.js';

/** Who and what a recording belongs to. */
export interface RecordingOwner {
  /** When the call was placed. */
  readonly at: Date;
  readonly timeZone: string;
  /** The task owner's parent account (its own name for a main account). */
  readonly parentName: string;
  readonly userName: string;
  readonly callUuid: string;
  readonly phone: string;
}

/** Letters and digits stay; anything else (separators, dots, slashes) becomes '-', so a name is one segment. */
const segment = (s: string, max = 32): string => s.replace(/[^\p{L}\p{N}-]+/gu, '-').slice(0, max) || '-';

/**
 * @example recordingFileName({ at, timeZone: 'Asia/Shanghai', parentName: 'zzh', userName: 'zzh1',
 *   callUuid: 'ec0fdf06-…', phone: '13800130637' })
 * // '20241022/0935/20241022093538_zzh_zzh1_ec0fdf06-…_0637.wav'
 */
export function recordingFileName(o: RecordingOwner): string {
  const stamp = formatDateTime(o.at, o.timeZone).replace(/\D/g, ''); // YmdHis
  const digits = o.phone.replace(/\D/g, '');
  const name = [stamp, segment(o.parentName), segment(o.userName), segment(o.callUuid, 36), digits.slice(-4)];
  return `${stamp.slice(0, 8)}/${stamp.slice(8, 12)}/${name.join('_')}.wav`;
}

/**
 * A turn's segment beside its call's recording, as the reference names them (6.3 example):
 * `<Ymd>/segmental_record/<Hi>/subsection_<prompt>_<recording name>_<turn>.wav`; `prompt` is the turn's
 * recorded prompt file name (its stem), `tts` for spoken text. `turn` counts from 1.
 * @example segmentFileName('20241022/0935/20241022093538_zzh_zzh1_ec0f…_0637.wav', 2, 'question2022Ga2')
 * // '20241022/segmental_record/0935/subsection_question2022Ga2_20241022093538_zzh_zzh1_ec0f…_0637_2.wav'
 */
export function segmentFileName(recordingRel: string, turn: number, prompt: string | undefined): string {
  const [day = '', minute = '', base = ''] = recordingRel.replace(/\.wav$/, '').split('/');
  const stem = prompt ? segment(prompt.replace(/^.*\//, '').replace(/\.[^.]*$/, '')) : 'tts';
  return `${day}/segmental_record/${minute}/subsection_${stem}_${base}_${turn}.wav`;
}
