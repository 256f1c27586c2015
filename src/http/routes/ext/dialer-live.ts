// ext 外呼实时状态(推送) — the same snapshot as /ext/dialer/snapshot, streamed as Server-Sent Events
import { z } from 'zod';
import { zOptInt } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export default defineRoute({
  section: 'ext',
  title: '外呼实时状态推送(SSE)',
  method: 'GET',
  path: '/ext/dialer/live',
  envelope: 'file',
  permission: 'task.view',
  params: z.object({
    limit: zOptInt().describe('发送这么多条 snapshot 事件后结束(测试/脚本用);不传 = 一直推送'),
  }),
  handler: ({ limit }, { services, tenant, reply }) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let sent = 0;
    let unsubscribe = (): void => undefined;
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    const close = (): void => {
      clearInterval(keepalive);
      unsubscribe();
      if (!raw.writableEnded) raw.end();
    };
    const send = (snapshot: unknown): void => {
      if (raw.writableEnded) return;
      raw.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
      if (limit !== undefined && ++sent >= limit) close();
    };
    // The response's close, not the request's: a request whose body was read (a POST) has closed already.
    raw.once('close', close);
    send(services.dialerLive.snapshot(tenant));
    if (!raw.writableEnded) unsubscribe = services.dialerLive.subscribe(tenant, send);
    return Promise.resolve();
  },
});
