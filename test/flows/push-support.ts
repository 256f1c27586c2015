// Helpers for the push tests: a real HTTP receiver on loopback that records every push and answers as told,
// and shortcuts to a tenant's team id and the outbox.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app/build.js';
import { enqueuePush, type NewPushEvent } from '../../src/services/push/outbox.js';
import type { TestApp } from '../support/test-app.js';

export interface ReceivedPush {
  eventId: string;
  kind: string;
  attempt: number;
  body: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface Answer {
  status: number;
  body: string;
  delayMs?: number;
}

export type ReceiverHandler = (push: ReceivedPush, seen: number) => Answer;

const header = (h: IncomingHttpHeaders, name: string): string => {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

/** An HTTP receiver on 127.0.0.x; can be taken down and brought back on the same port. */
export class TestReceiver {
  readonly received: ReceivedPush[] = [];
  /** Deliveries per event id. */
  readonly seen = new Map<string, number>();
  handler: ReceiverHandler;
  #server: Server | undefined;
  #port = 0;

  private constructor(
    private readonly host: string,
    handler: ReceiverHandler,
  ) {
    this.handler = handler;
  }

  static async start(handler: ReceiverHandler = () => SUCCESS, host = '127.0.0.1'): Promise<TestReceiver> {
    const r = new TestReceiver(host, handler);
    await r.up();
    return r;
  }

  get url(): string {
    return `http://${this.host}:${this.#port}/hook`;
  }

  /** Starts listening (again, on the same port after `down()`). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const push: ReceivedPush = {
          eventId: header(req.headers, 'x-aicall-event-id'),
          kind: header(req.headers, 'x-aicall-event-type'),
          attempt: Number(header(req.headers, 'x-aicall-attempt')),
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          at: Date.now(),
        };
        const n = (this.seen.get(push.eventId) ?? 0) + 1;
        this.seen.set(push.eventId, n);
        this.received.push(push);
        const answer = this.handler(push, n);
        const reply = () => res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(this.#port, this.host);
    await once(server, 'listening');
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops open connections: the receiver is down. */
  async down(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const SUCCESS: Answer = { status: 200, body: 'SUCCESS' };

/** The team id of a logged-in account (by its user_sn). */
export async function teamIdOf(app: App, session: { user_sn: string }): Promise<string> {
  const row = await app.db.system
    .selectFrom('accounts')
    .select('team_id')
    .where('sn', '=', session.user_sn)
    .executeTakeFirstOrThrow();
  return row.team_id;
}

/** Enqueues events as a producer would (each in its own transaction). */
export async function enqueue(app: App, teamId: string, events: readonly NewPushEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) ids.push(await app.db.tenant(teamId, (trx) => enqueuePush(trx, teamId, e)));
  return ids;
}

/** Outbox statuses of a team, counted. */
export async function statusCounts(app: App, teamId: string): Promise<Record<string, number>> {
  const rows = await app.db.system
    .selectFrom('push_events')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('team_id', '=', teamId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A call-record payload in the 6.6.1 shape (a few fields). */
export const callRecord = (i: number) => ({
  id: i,
  sn: `account|${String(i).padStart(32, '0')}`,
  phone: `138${String(i).padStart(8, '0')}`,
  talktimes: i % 90,
});

export type { TestApp };
