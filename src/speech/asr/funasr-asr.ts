/**
 * FunASR runtime WebSocket protocol (the open-source Mandarin server, `funasr-wss-server[-2pass]`), as
 * documented in FunASR's runtime/docs/websocket_protocol.md:
 *
 *   client                                         server
 *     │── text  {"mode":"2pass","wav_name":…,"is_speaking":true,"wav_format":"pcm",
 *     │          "audio_fs":16000,"chunk_size":[5,10,5],"chunk_interval":10,"itn":true,
 *     │          "hotwords":"{\"退订\":20,…}"} ───────────────────────▶│
 *     │── binary 16-bit PCM … ──────────────────────────────────────▶│
 *     │◀──────────── text {"mode":"2pass-online","text":"不需","is_final":false}   (partial, a delta)
 *     │── text  {"is_speaking":false} ─────────────────────────────▶│
 *     │◀──────────── text {"mode":"2pass-offline","text":"不需要。","is_final":…}  (corrected sentence)
 *
 * Modes: `offline` (one result for the whole utterance), `online` (streaming deltas, the last one flagged
 * `is_final`), `2pass` (streaming deltas plus a corrected `2pass-offline` sentence at each server endpoint).
 * The protocol leaves `is_final` loose across server versions, so the final is taken as: the first
 * `offline`/`2pass-offline` message after our end flag, or any message with `is_final: true`.
 */
import type { AsrProvider, AsrRequest, AsrStream } from '../speech.js';
import { ResilientStream, type AsrTimeouts, type AttemptEvents } from './resilient-stream.js';
import { WebSocketAttempt } from './websocket-attempt.js';

export type FunAsrMode = 'online' | 'offline' | '2pass';

export interface FunAsrConfig {
  /** ws:// or wss:// address of the server, e.g. ws://10.0.0.5:10095. */
  url: string;
  mode: FunAsrMode;
  /** Weight given to each hot word (FunASR's scale, typically 1–100). */
  hotwordWeight: number;
  itn: boolean;
  timeouts: AsrTimeouts;
}

class FunAsrAttempt extends WebSocketAttempt {
  readonly #config: FunAsrConfig;
  readonly #request: AsrRequest;
  /** Corrected sentences so far (2pass) and the streaming text since the last one. */
  #committed = '';
  #online = '';
  #endSent = false;

  constructor(config: FunAsrConfig, request: AsrRequest, events: AttemptEvents) {
    super(config.url, {}, config.timeouts, events);
    this.#config = config;
    this.#request = request;
  }

  protected opened(): void {
    const hotwords = Object.fromEntries(
      (this.#request.hotwords ?? []).map((w) => [w, this.#config.hotwordWeight]),
    );
    this.sendNow(
      JSON.stringify({
        mode: this.#config.mode,
        wav_name: this.#request.id ?? 'utterance',
        wav_format: 'pcm',
        audio_fs: this.#request.sampleRate,
        is_speaking: true,
        chunk_size: [5, 10, 5],
        chunk_interval: 10,
        itn: this.#config.itn,
        ...(Object.keys(hotwords).length > 0 ? { hotwords: JSON.stringify(hotwords) } : {}),
      }),
    );
    // The server takes audio right after the configuration message; it sends nothing back first.
    this.ready();
  }

  override end(): void {
    this.#endSent = true;
    super.end();
  }

  protected endMessage(): string {
    return JSON.stringify({ is_speaking: false });
  }

  protected message(parsed: unknown): void {
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      typeof (parsed as { text?: unknown }).text !== 'string'
    ) {
      this.fail('badResponse', 'message without text', false);
      return;
    }
    const m = parsed as { mode?: unknown; text: string; is_final?: unknown };
    const mode = typeof m.mode === 'string' ? m.mode : this.#config.mode;
    if (mode === 'offline' || mode === '2pass-offline') {
      this.#committed += m.text;
      this.#online = '';
      if (this.#endSent || m.is_final === true) this.succeed(this.#committed);
      else this.events.partial(this.#committed);
      return;
    }
    this.#online += m.text;
    if (m.is_final === true) this.succeed(this.#committed + this.#online);
    else this.events.partial(this.#committed + this.#online);
  }
}

/** FunASR runtime over WebSocket: one connection per utterance, hot words from the node's keywords. */
export class FunAsrProvider implements AsrProvider {
  readonly kind = 'funasr';
  readonly #config: FunAsrConfig;

  constructor(config: FunAsrConfig) {
    this.#config = config;
  }

  get streaming(): boolean {
    return this.#config.mode !== 'offline';
  }

  open(request: AsrRequest): AsrStream {
    return new ResilientStream(
      request,
      (req, events) => new FunAsrAttempt(this.#config, req, events),
      this.#config.timeouts,
    );
  }
}
