import WebSocket from 'ws';
import { pcmBytes } from './wav.js';
import type { AsrAttempt, AsrTimeouts, AttemptEvents } from './resilient-stream.js';

/**
 * One WebSocket connection of a streaming recogniser. Handles what every such protocol shares: the connect
 * time-out (covering the protocol's own start handshake: the subclass calls `ready()` when audio may flow),
 * queueing audio until then, and mapping a refused, timed-out or dropped connection to a retryable failure.
 * Subclasses speak the protocol: `opened()` sends the start message, `message()` reads server messages,
 * `endMessage()` is the end-of-audio message.
 */
export abstract class WebSocketAttempt implements AsrAttempt {
  protected readonly socket: WebSocket;
  protected readonly events: AttemptEvents;
  readonly #queue: (Buffer | string)[] = [];
  readonly #connectTimer: NodeJS.Timeout;
  #ready = false;
  #over = false;

  constructor(url: string, headers: Record<string, string>, timeouts: AsrTimeouts, events: AttemptEvents) {
    this.events = events;
    this.#connectTimer = setTimeout(
      () => this.fail('connectTimeout', `not ready within ${timeouts.connectTimeoutMs} ms`, true),
      timeouts.connectTimeoutMs,
    );
    this.socket = new WebSocket(url, {
      headers,
      handshakeTimeout: timeouts.connectTimeoutMs,
      perMessageDeflate: false,
    });
    this.socket.on('open', () => {
      if (!this.#over) this.opened();
    });
    this.socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (this.#over || isBinary) return;
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        this.fail('badResponse', `not JSON: ${text.slice(0, 80)}`, false);
        return;
      }
      this.message(parsed);
    });
    this.socket.on('error', (err: Error) => this.fail('connectionClosed', err.message, true));
    this.socket.on('close', (code: number) =>
      this.fail('connectionClosed', `connection closed (${code})`, true),
    );
  }

  get isReady(): boolean {
    return this.#ready;
  }

  write(pcm: Int16Array): void {
    this.#send(Buffer.from(pcmBytes(pcm)));
  }

  end(): void {
    this.#send(this.endMessage());
  }

  close(): void {
    this.#over = true;
    clearTimeout(this.#connectTimer);
    this.socket.removeAllListeners('close');
    this.socket.on('error', () => undefined);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    else if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }

  /** Audio may flow: sends what was queued. */
  protected ready(): void {
    if (this.#ready || this.#over) return;
    this.#ready = true;
    clearTimeout(this.#connectTimer);
    for (const item of this.#queue.splice(0)) this.socket.send(item);
  }

  protected sendNow(message: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  protected succeed(text: string): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#connectTimer);
    this.events.final(text);
  }

  protected fail(reason: Parameters<AttemptEvents['failed']>[0], detail: string, retryable: boolean): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#connectTimer);
    this.events.failed(reason, detail, retryable);
  }

  protected abstract opened(): void;
  protected abstract message(parsed: unknown): void;
  protected abstract endMessage(): string;

  #send(item: Buffer | string): void {
    if (this.#over) return;
    if (this.#ready && this.socket.readyState === WebSocket.OPEN) this.socket.send(item);
    else this.#queue.push(item);
  }
}
