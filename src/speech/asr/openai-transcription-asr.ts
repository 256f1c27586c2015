/**
 * OpenAI-compatible transcription (`POST {base}/v1/audio/transcriptions`, multipart/form-data), the API that
 * whisper and SenseVoice servers expose: utterance-level (the whole utterance uploaded as a WAV file once the
 * turn ended), no partial results.
 *
 *   POST /v1/audio/transcriptions           Authorization: Bearer <key>
 *     file=@utterance.wav  model=<model>  language=zh  response_format=json  prompt=<hot words>
 *   200 {"text":"不需要。"}
 *
 * Hot words go in `prompt`, the API's way of biasing the vocabulary.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import type { AsrProvider, AsrRequest, AsrStream } from '../speech.js';
import {
  ResilientStream,
  type AsrAttempt,
  type AsrTimeouts,
  type AttemptEvents,
} from './resilient-stream.js';
import { encodeWav } from './wav.js';

export interface OpenAiTranscriptionConfig {
  /** Server root, e.g. http://10.0.0.7:8000 (the path /v1/audio/transcriptions is appended). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  language: string;
  timeouts: AsrTimeouts;
}

/** Connection errors worth one more try on a new connection (the server may have restarted). */
const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function multipart(fields: Record<string, string>, wav: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----aicall${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="utterance.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    ),
    wav,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

class TranscriptionAttempt implements AsrAttempt {
  readonly #config: OpenAiTranscriptionConfig;
  readonly #agent: Agent;
  readonly #request: AsrRequest;
  readonly #events: AttemptEvents;
  readonly #audio: Int16Array[] = [];
  readonly #abort = new AbortController();
  #closed = false;
  #sent = false;

  constructor(config: OpenAiTranscriptionConfig, agent: Agent, req: AsrRequest, events: AttemptEvents) {
    this.#config = config;
    this.#agent = agent;
    this.#request = req;
    this.#events = events;
  }

  get isReady(): boolean {
    return this.#sent;
  }

  write(pcm: Int16Array): void {
    this.#audio.push(pcm);
  }

  end(): void {
    if (this.#sent || this.#closed) return;
    this.#sent = true;
    void this.#post();
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
  }

  async #post(): Promise<void> {
    const total = this.#audio.reduce((n, a) => n + a.length, 0);
    const pcm = new Int16Array(total);
    let at = 0;
    for (const a of this.#audio) {
      pcm.set(a, at);
      at += a.length;
    }
    const fields: Record<string, string> = {
      model: this.#config.model,
      language: this.#config.language,
      response_format: 'json',
    };
    if (this.#request.hotwords?.length) fields.prompt = this.#request.hotwords.join('，');
    const { body, contentType } = multipart(fields, encodeWav(pcm, this.#request.sampleRate));
    try {
      const res = await request(
        new URL('v1/audio/transcriptions', this.#config.baseUrl.replace(/\/?$/, '/')),
        {
          method: 'POST',
          dispatcher: this.#agent,
          signal: this.#abort.signal,
          headers: {
            'content-type': contentType,
            ...(this.#config.apiKey ? { authorization: `Bearer ${this.#config.apiKey}` } : {}),
          },
          body,
          headersTimeout: this.#config.timeouts.readTimeoutMs,
          bodyTimeout: this.#config.timeouts.readTimeoutMs,
        },
      );
      const text = await res.body.text();
      if (this.#closed) return;
      if (res.statusCode !== 200) {
        this.#events.failed(
          'providerError',
          `HTTP ${res.statusCode}: ${text.slice(0, 120)}`,
          res.statusCode === 503,
        );
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        this.#events.failed('badResponse', `not JSON: ${text.slice(0, 80)}`, false);
        return;
      }
      const result = (parsed as { text?: unknown }).text;
      if (typeof result !== 'string') this.#events.failed('badResponse', 'response without text', false);
      else this.#events.final(result);
    } catch (err) {
      if (this.#closed) return;
      const code = (err as { code?: string }).code ?? '';
      const timeout = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      this.#events.failed(
        timeout ? 'readTimeout' : code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connectTimeout' : 'connectionClosed',
        `${code} ${err instanceof Error ? err.message : String(err)}`.trim(),
        RETRYABLE.has(code),
      );
    }
  }
}

/** An OpenAI-compatible transcription server; one request per utterance. */
export class OpenAiTranscriptionProvider implements AsrProvider {
  readonly kind = 'openai';
  readonly streaming = false;
  readonly #config: OpenAiTranscriptionConfig;
  readonly #agent: Agent;

  constructor(config: OpenAiTranscriptionConfig) {
    this.#config = config;
    this.#agent = new Agent({
      connect: { timeout: config.timeouts.connectTimeoutMs },
      keepAliveTimeout: 10_000,
    });
  }

  open(req: AsrRequest): AsrStream {
    return new ResilientStream(
      req,
      (r, events) => new TranscriptionAttempt(this.#config, this.#agent, r, events),
      this.#config.timeouts,
    );
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
