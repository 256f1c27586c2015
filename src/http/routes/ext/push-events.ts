// ext 推送事件拉取: events after a cursor (an event id), with payloads, for reconciliation after an outage.
import { z } from 'zod';
import { zInt, zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zPushKind } from './push-params.js';

export default defineRoute({
  section: 'ext',
  title: '推送事件拉取(按游标增量)',
  method: 'POST',
  path: '/ext/push/events',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({
    cursor: zOptStr().describe('上次返回的 next_cursor;首次传 0 或不传'),
    limit: z
      .preprocess(
        (v) => (v === '' || v === null ? undefined : v),
        zInt().pipe(z.number().min(1).max(1000)).default(100),
      )
      .describe('每次最多条数,默认100,最大1000'),
    kind: zPushKind(),
  }),
  handler: (p, { services, tenant }) => services.pushLog.since(tenant, p),
});
