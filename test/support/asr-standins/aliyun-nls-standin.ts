// An Alibaba Cloud real-time recognition (SpeechTranscriber) stand-in on loopback: checks the token in the
// URL, the StartTranscription / StopTranscription commands (header fields, 32-hex ids, one task id), answers
// TranscriptionStarted, intermediate results, SentenceEnd and TranscriptionCompleted with the test's text.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface NlsSession {
  readonly index: number;
  readonly token: string | null;
  start: Record<string, unknown> | undefined;
  audioBytes: number;
  stopped: boolean;
  violations: string[];
}

export interface NlsStandinOptions {
  token: string;
  answer?: (session: NlsSession) => string;
  /** 'fail': TaskFailed after the start; 'stall': never completes. */
  fault?: (session: NlsSession) => 'none' | 'fail' | 'stall';
}

const HEX32 = /^[0-9a-f]{32}$/;

export class AliyunNlsStandin {
  readonly sessions: NlsSession[] = [];
  readonly #server: WebSocketServer;
  readonly #options: NlsStandinOptions;

  private constructor(server: WebSocketServer, options: NlsStandinOptions) {
    this.#server = server;
    this.#options = options;
    server.on('connection', (socket, req) => {
      const token = new URL(req.url ?? '/', 'ws://x').searchParams.get('token');
      this.#serve(socket, token);
    });
  }

  static async start(options: NlsStandinOptions): Promise<AliyunNlsStandin> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws/v1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new AliyunNlsStandin(server, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}/ws/v1`;
  }

  async stop(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: WebSocket, token: string | null): void {
    const session: NlsSession = {
      index: this.sessions.length,
      token,
      start: undefined,
      audioBytes: 0,
      stopped: false,
      violations: [],
    };
    this.sessions.push(session);
    const fault = this.#options.fault?.(session) ?? 'none';
    const answer = this.#options.answer?.(session) ?? '不需要。';
    let taskId = '';
    let partialSent = 0;
    const event = (
      name: string,
      payload?: Record<string, unknown>,
      status = 20000000,
      statusText = 'Gateway:SUCCESS:Success.',
    ) =>
      socket.send(
        JSON.stringify({
          header: {
            namespace: 'SpeechTranscriber',
            name,
            status,
            message_id: '0'.repeat(32),
            task_id: taskId,
            status_text: statusText,
          },
          ...(payload ? { payload } : {}),
        }),
      );
    if (token !== this.#options.token) {
      // The gateway answers a bad token with TaskFailed and closes.
      socket.once('message', () => {
        event('TaskFailed', undefined, 40000001, 'Gateway:ACCESS_DENIED:The token is invalid!');
        socket.close();
      });
      return;
    }
    socket.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (isBinary) {
        if (!session.start) session.violations.push('audio before StartTranscription');
        session.audioBytes += bytes.length;
        if (
          fault === 'none' &&
          session.audioBytes >= (partialSent + 1) * 6400 &&
          partialSent < answer.length - 1
        ) {
          partialSent++;
          event('TranscriptionResultChanged', {
            index: 1,
            time: 0,
            result: answer.slice(0, partialSent),
            confidence: 0.5,
          });
        }
        return;
      }
      const message = JSON.parse(bytes.toString('utf8')) as {
        header?: Record<string, unknown>;
        payload?: Record<string, unknown>;
      };
      const header = message.header ?? {};
      for (const key of ['appkey', 'message_id', 'task_id', 'namespace', 'name']) {
        if (typeof header[key] !== 'string') session.violations.push(`header without ${key}`);
      }
      if (!HEX32.test(String(header.message_id)) || !HEX32.test(String(header.task_id))) {
        session.violations.push('ids are not 32 hex digits');
      }
      if (header.namespace !== 'SpeechTranscriber') {
        session.violations.push(`namespace ${String(header.namespace)}`);
      }
      if (header.name === 'StartTranscription') {
        session.start = message.payload ?? {};
        taskId = String(header.task_id);
        if (fault === 'fail') {
          event(
            'TaskFailed',
            undefined,
            40000004,
            'Gateway:IDLE_TIMEOUT:Websocket session is idle for too long time',
          );
          return;
        }
        event('TranscriptionStarted', { session_id: '1'.repeat(32) });
        event('SentenceBegin', { index: 1, time: 0 });
        return;
      }
      if (header.name === 'StopTranscription') {
        session.stopped = true;
        if (header.task_id !== taskId) session.violations.push('StopTranscription with another task_id');
        if (fault === 'stall') return;
        event('SentenceEnd', { index: 1, time: 1000, begin_time: 0, result: answer, confidence: 0.9 });
        event('TranscriptionCompleted');
        return;
      }
      session.violations.push(`unknown command ${String(header.name)}`);
    });
  }
}
