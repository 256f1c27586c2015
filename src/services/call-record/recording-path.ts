// Where a recording named on the wire (6.2 recordpath + recordfile, 6.3 recordfile) lives under the team's
// recordings directory. Pure string work; recording.service.ts does the file-system checks (symlinks).
import { RECORD_PATH } from './record-payload.js';

/** A resolved relative path, or the reason the name was refused. */
export type RecordingPathResult =
  { readonly ok: true; readonly rel: string } | { readonly ok: false; readonly reason: string };

/** Audio types served, by extension; anything else is refused even inside the recordings directory. */
export const RECORDING_TYPES: Readonly<Record<string, string>> = Object.freeze({
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  amr: 'audio/amr',
  m4a: 'audio/mp4',
});

const trimSlashes = (s: string) => s.replace(/\/+$/, '');

/**
 * Maps a wire recording name to a path relative to the team's recordings directory. `recordfile` may be
 * absolute under `recordpath` (`/mnt/record` + `/mnt/record/2024…/x.wav`), under our {@link RECORD_PATH}, or
 * relative to the directory (`/20180419/x.mp3`, the reference's older form); any other absolute path is read
 * as relative too, so it can only ever name a file inside the directory. `..`/`.` segments, backslashes and
 * control characters are refused outright.
 * @example relativeRecordingPath('/recordings', '/recordings/20241022/a.wav') // { ok: true, rel: '20241022/a.wav' }
 */
export function relativeRecordingPath(
  recordpath: string | undefined,
  recordfile: string,
): RecordingPathResult {
  let f = recordfile.trim();
  if (f === '') return { ok: false, reason: 'recordfile不能为空' };
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(f)) return { ok: false, reason: 'recordfile含有非法字符' };
  for (const prefix of [trimSlashes(recordpath?.trim() ?? ''), RECORD_PATH]) {
    if (prefix !== '' && f.startsWith(`${prefix}/`)) {
      f = f.slice(prefix.length);
      break;
    }
  }
  const segments = f.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) {
    return { ok: false, reason: 'recordfile不能包含..或.路径段' };
  }
  if (segments.length === 0) return { ok: false, reason: 'recordfile不是文件' };
  const name = segments[segments.length - 1]!;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!ext || !(ext in RECORDING_TYPES)) return { ok: false, reason: `不支持的录音文件类型: ${name}` };
  return { ok: true, rel: segments.join('/') };
}
