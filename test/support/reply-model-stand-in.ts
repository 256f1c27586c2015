// A stand-in for an OpenAI-compatible chat/completions server on loopback, for tests and `robot:accuracy`.
// `answer` sees the request and returns the message content (or a status / delay to simulate failures).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: { model?: string; messages?: { role: string; content: string }[] } & Record<string, unknown>;
}

export interface StandInAnswer {
  readonly content?: string;
  readonly status?: number;
  /** Raw body instead of a completion. */
  readonly raw?: string;
  readonly delayMs?: number;
}

export interface StandIn {
  /** API base to configure, e.g. http://127.0.0.1:40123/v1 */
  readonly baseUrl: string;
  readonly requests: StandInRequest[];
  close(): Promise<void>;
}

export async function startReplyModelStandIn(
  answer: (req: StandInRequest) => StandInAnswer | Promise<StandInAnswer>,
): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const request: StandInRequest = {
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as StandInRequest['body'],
        };
        requests.push(request);
        const a = await answer(request);
        if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(
          a.raw ??
            JSON.stringify({ choices: [{ message: { role: 'assistant', content: a.content ?? '' } }] }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The choices listed in a request's user prompt ("<id>: <description>" lines). */
export function promptChoices(req: StandInRequest): { id: string; description: string }[] {
  const user = req.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const list = user.split('选项:\n')[1]?.split('\n答案')[0] ?? '';
  return list
    .split('\n')
    .filter(Boolean)
    .map((line) => ({
      id: line.slice(0, line.indexOf(': ')),
      description: line.slice(line.indexOf(': ') + 2),
    }));
}

/** The callee's reply in a request's user prompt. */
export function promptReply(req: StandInRequest): string {
  const user = req.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  return /客户: (.*)\n/.exec(user)?.[1] ?? '';
}
