import type { AsrRequest, AsrResult, AsrStream, NotRecognisedReason } from '../speech.js';

/** Time-outs and retries every adapter shares. */
export interface AsrTimeouts {
  /** Connection (and the protocol's start handshake) must be up within this. */
  connectTimeoutMs: number;
  /** After the end of audio, the final result must arrive within this. */
  readTimeoutMs: number;
  /** Extra connections after a failed connect or a connection lost mid-utterance (audio is sent again). */
  reconnects: number;
}

export const DEFAULT_ASR_TIMEOUTS: AsrTimeouts = {
  connectTimeoutMs: 3000,
  readTimeoutMs: 5000,
  reconnects: 1,
};

/** What one connection attempt reports back. */
export interface AttemptEvents {
  partial(text: string): void;
  final(text: string): void;
  /** The attempt is over without a final: retryable when the connection failed or dropped. */
  failed(reason: NotRecognisedReason, detail: string, retryable: boolean): void;
}

/** One connection to the recogniser, speaking its protocol. Audio written before it is ready is its to queue. */
export interface AsrAttempt {
  /** True once audio flows (the protocol's start handshake is done). */
  readonly isReady: boolean;
  write(pcm: Int16Array): void;
  /** End of audio: ask for the final result. */
  end(): void;
  /** Drop the connection; no event after this. */
  close(): void;
}

export type AttemptFactory = (request: AsrRequest, events: AttemptEvents) => AsrAttempt;

/**
 * The provider-independent half of a recognition: keeps the utterance's audio so a lost connection can be
 * replaced and the audio sent again, enforces the read time-out after the end of audio, and turns every way
 * of failing into `notRecognised` with its reason. Exactly one result; nothing after abort().
 */
export class ResilientStream implements AsrStream {
  readonly #request: AsrRequest;
  readonly #connect: AttemptFactory;
  readonly #timeouts: AsrTimeouts;
  readonly #audio: Int16Array[] = [];
  readonly #partials: ((text: string) => void)[] = [];
  #attempt: AsrAttempt | undefined;
  #attempts = 0;
  #ended = false;
  #result: Promise<AsrResult>;
  #resolve!: (result: AsrResult) => void;
  #done = false;
  #readTimer: NodeJS.Timeout | undefined;

  constructor(request: AsrRequest, connect: AttemptFactory, timeouts: AsrTimeouts) {
    this.#request = request;
    this.#connect = connect;
    this.#timeouts = timeouts;
    this.#result = new Promise((resolve) => (this.#resolve = resolve));
    this.#start();
  }

  write(pcm: Int16Array): void {
    if (this.#done || this.#ended) return;
    this.#audio.push(pcm);
    this.#attempt?.write(pcm);
  }

  onPartial(listener: (text: string) => void): void {
    this.#partials.push(listener);
  }

  finish(): Promise<AsrResult> {
    if (!this.#ended && !this.#done) {
      this.#ended = true;
      this.#attempt?.end();
      this.#readTimer = setTimeout(() => {
        const connecting = this.#attempt !== undefined && !this.#attempt.isReady;
        this.#settle({
          status: 'notRecognised',
          reason: connecting ? 'connectTimeout' : 'readTimeout',
          detail: `no final result within ${this.#timeouts.readTimeoutMs} ms of the end of audio${connecting ? ' (still connecting)' : ''}`,
          attempts: this.#attempts,
        });
      }, this.#timeouts.readTimeoutMs);
    }
    return this.#result;
  }

  abort(): void {
    this.#settle({
      status: 'notRecognised',
      reason: 'aborted',
      detail: 'the call ended',
      attempts: this.#attempts,
    });
  }

  #start(): void {
    this.#attempts++;
    let live = true;
    const attempt: AsrAttempt = this.#connect(this.#request, {
      partial: (text) => {
        if (!live || this.#done) return;
        for (const listener of this.#partials) listener(text);
      },
      final: (text) => {
        if (!live) return;
        live = false;
        const trimmed = text.trim();
        this.#settle(
          trimmed
            ? { status: 'recognised', text: trimmed, attempts: this.#attempts }
            : {
                status: 'notRecognised',
                reason: 'emptyResult',
                detail: 'the recogniser returned no text',
                attempts: this.#attempts,
              },
        );
      },
      failed: (reason, detail, retryable) => {
        if (!live) return;
        live = false;
        attempt.close();
        if (retryable && this.#attempts <= this.#timeouts.reconnects && !this.#done) this.#start();
        else this.#settle({ status: 'notRecognised', reason, detail, attempts: this.#attempts });
      },
    });
    this.#attempt = attempt;
    for (const pcm of this.#audio) attempt.write(pcm);
    if (this.#ended) attempt.end();
  }

  #settle(result: AsrResult): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#readTimer);
    this.#attempt?.close();
    this.#attempt = undefined;
    this.#resolve(result);
  }
}
