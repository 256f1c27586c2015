// 7.4 话术模板测试 — the wire format of the script-test websocket (compat-notes "7.4").
import { AppError, ErrorCode } from '../../../lib/app-error.js';
import type { TestFrame } from '../../../services/script/script-test.service.js';

/** What a client sends: a start message (JSON), then callee lines (plain text, or JSON `{text}` / `{dtmf}`). */
export type ClientMessage =
  | {
      readonly kind: 'start';
      readonly apiKey: string;
      readonly userSn: string;
      /** The console's CSRF token: with the session cookie of the upgrade request, instead of api_key. */
      readonly csrf: string;
      readonly projectSn: string;
      readonly questionSn: string;
      readonly version: number | undefined;
      readonly variables: Record<string, string>;
    }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'dtmf'; readonly digit: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function startMessage(o: Record<string, unknown>): ClientMessage {
  // The reference spells it `processs_type` (three s); the correct spelling is accepted too.
  const type = str(o.processs_type ?? o.process_type);
  if (type !== '2') throw new AppError(ErrorCode.WrongDataFormat, 'processs_type 须为 2(话术测试)');
  const projectSn = str(o.project_sn).trim();
  if (projectSn === '') throw new AppError(ErrorCode.WrongDataFormat, '缺少 project_sn');
  const version = o.version === undefined || o.version === '' ? undefined : Number(o.version);
  if (version !== undefined && !(Number.isInteger(version) && version >= 1)) {
    throw new AppError(ErrorCode.WrongDataFormat, 'version 须为正整数');
  }
  const variables: Record<string, string> = {};
  if (o.variables !== null && typeof o.variables === 'object' && !Array.isArray(o.variables)) {
    for (const [k, v] of Object.entries(o.variables)) variables[k] = str(v);
  }
  return {
    kind: 'start',
    apiKey: str(o.api_key ?? o.apikey),
    userSn: str(o.user_sn),
    csrf: str(o.csrf),
    projectSn,
    questionSn: str(o.question_sn),
    version,
    variables,
  };
}

/**
 * Reads one client message. A JSON object with `processs_type` starts (or restarts) a test; `{dtmf:"1"}` is a
 * keypress; `{text:"…"}` or any other text is what the callee says (blank = silence).
 * @example parseClientMessage('{"processs_type":2,"project_sn":"projects|…","question_sn":"…"}')
 */
export function parseClientMessage(raw: string): ClientMessage {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { kind: 'text', text: raw };
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const o = parsed as Record<string, unknown>;
      if ('processs_type' in o || 'process_type' in o) return startMessage(o);
      if ('dtmf' in o) {
        const digit = str(o.dtmf).trim().slice(0, 1);
        if (!/^[0-9*#]$/.test(digit)) throw new AppError(ErrorCode.WrongDataFormat, 'dtmf 须为 0-9、* 或 #');
        return { kind: 'dtmf', digit };
      }
      if ('text' in o) return { kind: 'text', text: str(o.text) };
      throw new AppError(ErrorCode.WrongDataFormat, '无法识别的消息: 需要 processs_type、text 或 dtmf');
    }
  }
  return { kind: 'text', text: raw };
}

/** `#` separates the fields, so a `#` inside one is sent as the full-width `＃`. */
const field = (text: string) => text.replace(/#/g, '＃');

/**
 * One server frame as the reference sends it: `robot line # recording file # question to learn # Y-m-d H:i:s`.
 * @example formatFrame({ text: '您好', audio: '', toLearn: '', at: '2025-03-01 09:00:00' }) // '您好###2025-03-01 09:00:00'
 */
export function formatFrame(frame: TestFrame): string {
  return [frame.text, frame.audio, frame.toLearn, frame.at].map(field).join('#');
}

/** An error as a JSON text frame, the vendor's `{code,msg}` shape. */
export function errorFrame(code: number, msg: string): string {
  return JSON.stringify({ code, msg });
}
