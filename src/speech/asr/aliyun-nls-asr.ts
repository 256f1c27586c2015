/**
 * Alibaba Cloud 智能语音交互 real-time speech recognition (实时语音识别, namespace SpeechTranscriber), from its
 * public WebSocket protocol description:
 *
 *   client                                                       server (wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1?token=…)
 *     │── text {"header":{"appkey","message_id","task_id","namespace":"SpeechTranscriber",
 *     │                  "name":"StartTranscription"},
 *     │         "payload":{"format":"pcm","sample_rate":16000,"enable_intermediate_result":true,…}} ─▶│
 *     │◀──────────────── text {"header":{"name":"TranscriptionStarted","status":20000000,…}}
 *     │── binary 16-bit PCM … (real-time pace) ─────────────────────────────────────────────────────▶│
 *     │◀──────────────── SentenceBegin / TranscriptionResultChanged {"payload":{"result":"不需"}} …
 *     │◀──────────────── SentenceEnd {"payload":{"result":"不需要。"}}  (one per sentence)
 *     │── text {"header":{…,"name":"StopTranscription"}} ──────────────────────────────────────────▶│
 *     │◀──────────────── TranscriptionCompleted            (or TaskFailed with status/status_text)
 *
 * message_id and task_id are 32 hex digits; task_id is the same for every message of one recognition.
 * Hot words are a vocabulary trained in the console (`vocabulary_id`); the protocol takes no inline list, so
 * the node's keywords are not sent to this provider.
 */
import { randomBytes } from 'node:crypto';
import type { AsrProvider, AsrRequest, AsrStream } from '../speech.js';
import { ResilientStream, type AsrTimeouts, type AttemptEvents } from './resilient-stream.js';
import { WebSocketAttempt } from './websocket-attempt.js';

/** Supplies a valid access token (a configured one, or one created from an AccessKey and cached). */
export type TokenSource = () => Promise<string>;

export interface AliyunNlsConfig {
  /** Gateway address without the token, e.g. wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1. */
  url: string;
  appKey: string;
  token: TokenSource;
  /** Hot word list id from the console (optional). */
  vocabularyId?: string;
  timeouts: AsrTimeouts;
}

const SUCCESS = 20000000;
const hex32 = (): string => randomBytes(16).toString('hex');

interface NlsEvent {
  header: { name?: unknown; status?: unknown; status_text?: unknown; status_message?: unknown };
  payload?: { result?: unknown };
}

class AliyunNlsAttempt extends WebSocketAttempt {
  readonly #config: AliyunNlsConfig;
  readonly #request: AsrRequest;
  readonly #taskId = hex32();
  #sentences = '';

  constructor(config: AliyunNlsConfig, url: string, request: AsrRequest, events: AttemptEvents) {
    super(url, {}, config.timeouts, events);
    this.#config = config;
    this.#request = request;
  }

  #header(name: string): Record<string, string> {
    return {
      appkey: this.#config.appKey,
      message_id: hex32(),
      task_id: this.#taskId,
      namespace: 'SpeechTranscriber',
      name,
    };
  }

  protected opened(): void {
    this.sendNow(
      JSON.stringify({
        header: this.#header('StartTranscription'),
        payload: {
          format: 'pcm',
          sample_rate: this.#request.sampleRate,
          enable_intermediate_result: true,
          enable_punctuation_prediction: true,
          enable_inverse_text_normalization: true,
          ...(this.#config.vocabularyId ? { vocabulary_id: this.#config.vocabularyId } : {}),
        },
      }),
    );
  }

  protected endMessage(): string {
    return JSON.stringify({ header: this.#header('StopTranscription') });
  }

  protected message(parsed: unknown): void {
    const event = parsed as NlsEvent;
    if (
      typeof event !== 'object' ||
      event === null ||
      typeof event.header !== 'object' ||
      event.header === null
    ) {
      this.fail('badResponse', 'event without header', false);
      return;
    }
    const { name, status } = event.header;
    if (name === 'TaskFailed' || (typeof status === 'number' && status !== SUCCESS)) {
      const text =
        [event.header.status_text, event.header.status_message].find((t) => typeof t === 'string') ?? '';
      this.fail('providerError', `${String(name)} ${String(status)} ${text}`.trim(), false);
      return;
    }
    const result = typeof event.payload?.result === 'string' ? event.payload.result : '';
    switch (name) {
      case 'TranscriptionStarted':
        this.ready();
        break;
      case 'TranscriptionResultChanged':
        this.events.partial(this.#sentences + result);
        break;
      case 'SentenceEnd':
        this.#sentences += result;
        this.events.partial(this.#sentences);
        break;
      case 'TranscriptionCompleted':
        this.succeed(this.#sentences);
        break;
      default:
        break; // SentenceBegin and events of later protocol versions carry nothing needed here
    }
  }
}

/**
 * Alibaba Cloud real-time recognition. The token is fetched before each connection (the source caches it),
 * so an expired token costs one failed connection, not a stuck call.
 */
export class AliyunNlsProvider implements AsrProvider {
  readonly kind = 'aliyun';
  readonly streaming = true;
  readonly #config: AliyunNlsConfig;

  constructor(config: AliyunNlsConfig) {
    this.#config = config;
  }

  open(request: AsrRequest): AsrStream {
    return new ResilientStream(
      request,
      (req, events) => new DeferredAttempt(this.#config, req, events),
      this.#config.timeouts,
    );
  }
}

/** Waits for the token, then connects; audio and the end flag written meanwhile are replayed. */
class DeferredAttempt {
  #inner: AliyunNlsAttempt | undefined;
  #pending: Int16Array[] = [];
  #ended = false;
  #closed = false;

  constructor(config: AliyunNlsConfig, request: AsrRequest, events: AttemptEvents) {
    config.token().then(
      (token) => {
        if (this.#closed) return;
        const url = `${config.url}${config.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
        const inner = new AliyunNlsAttempt(config, url, request, events);
        this.#inner = inner;
        for (const pcm of this.#pending) inner.write(pcm);
        this.#pending = [];
        if (this.#ended) inner.end();
      },
      (err: unknown) => {
        if (!this.#closed) {
          events.failed('providerError', `token: ${err instanceof Error ? err.message : String(err)}`, false);
        }
      },
    );
  }

  get isReady(): boolean {
    return this.#inner?.isReady ?? false;
  }

  write(pcm: Int16Array): void {
    if (this.#inner) this.#inner.write(pcm);
    else this.#pending.push(pcm);
  }

  end(): void {
    this.#ended = true;
    this.#inner?.end();
  }

  close(): void {
    this.#closed = true;
    this.#inner?.close();
  }
}
