// A FunASR runtime stand-in on loopback: speaks the runtime's WebSocket protocol as documented (configuration
// message, binary PCM, {"is_speaking": false}; 2pass-online/2pass-offline/online/offline results) and answers
// with the transcript the test chose. It records what each connection received so tests can check the
// adapter's side of the protocol.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type StandinFault = 'none' | 'stall' | 'closeMidUtterance' | 'garbage';

export interface FunAsrSession {
  readonly index: number;
  config: Record<string, unknown> | undefined;
  audioBytes: number;
  ended: boolean;
  /** Messages that broke the protocol (the adapter's fault), e.g. audio before the configuration. */
  violations: string[];
}

export interface FunAsrStandinOptions {
  /** Transcript for a session (default: "不需要"). */
  answer?: (session: FunAsrSession) => string;
  /** Fault for a session (default none). */
  fault?: (session: FunAsrSession) => StandinFault;
  /** Send a partial every this many bytes of audio (streaming modes). */
  partialEveryBytes?: number;
}

export class FunAsrStandin {
  readonly sessions: FunAsrSession[] = [];
  readonly #server: WebSocketServer;
  readonly #options: FunAsrStandinOptions;

  private constructor(server: WebSocketServer, options: FunAsrStandinOptions) {
    this.#server = server;
    this.#options = options;
    server.on('connection', (socket) => this.#serve(socket));
  }

  static async start(options: FunAsrStandinOptions = {}): Promise<FunAsrStandin> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FunAsrStandin(server, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: WebSocket): void {
    const session: FunAsrSession = {
      index: this.sessions.length,
      config: undefined,
      audioBytes: 0,
      ended: false,
      violations: [],
    };
    this.sessions.push(session);
    const fault = () => this.#options.fault?.(session) ?? 'none';
    const answer = () => this.#options.answer?.(session) ?? '不需要';
    const every = this.#options.partialEveryBytes ?? 6400;
    let sentChars = 0;
    let nextPartialAt = every;
    socket.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (isBinary) {
        if (!session.config) session.violations.push('audio before the configuration message');
        if (session.ended) session.violations.push('audio after is_speaking=false');
        session.audioBytes += bytes.length;
        const mode = session.config?.mode;
        if (fault() === 'closeMidUtterance' && session.audioBytes >= 3200) {
          socket.terminate();
          return;
        }
        if (
          (mode === 'online' || mode === '2pass') &&
          session.audioBytes >= nextPartialAt &&
          fault() === 'none'
        ) {
          nextPartialAt += every;
          const text = answer();
          if (sentChars < text.length - 1) {
            const delta = text.slice(sentChars, sentChars + 1);
            sentChars++;
            socket.send(
              JSON.stringify({
                mode: mode === '2pass' ? '2pass-online' : 'online',
                wav_name: session.config?.wav_name,
                text: delta,
                is_final: false,
              }),
            );
          }
        }
        return;
      }
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      } catch {
        session.violations.push('text message that is not JSON');
        return;
      }
      if (!session.config) {
        for (const key of ['mode', 'wav_name', 'is_speaking']) {
          if (!(key in message)) session.violations.push(`configuration without ${key}`);
        }
        if (typeof message.hotwords === 'string') JSON.parse(message.hotwords); // must itself be JSON
        session.config = message;
        return;
      }
      if (message.is_speaking === false) {
        session.ended = true;
        const f = fault();
        if (f === 'stall') return;
        if (f === 'garbage') {
          socket.send('<html>502 Bad Gateway</html>');
          return;
        }
        const text = answer();
        const mode = session.config.mode;
        if (mode === 'online') {
          socket.send(
            JSON.stringify({
              mode: 'online',
              wav_name: session.config.wav_name,
              text: text.slice(sentChars),
              is_final: true,
            }),
          );
        }
        // Like the runtime's 2pass and offline servers: the corrected text, with a loose is_final.
        else {
          socket.send(
            JSON.stringify({
              mode: mode === '2pass' ? '2pass-offline' : 'offline',
              wav_name: session.config.wav_name,
              text,
              is_final: false,
            }),
          );
        }
      }
    });
  }
}
