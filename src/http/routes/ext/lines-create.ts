// ext 新建线路 — kind simulator or sip (config validated per kind; a SIP password is sealed, never returned)
import { z } from 'zod';
import { zJson, zOptInt, zOptStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export const LineFields = {
  name: zOptStr().describe('线路名称'),
  caller: zOptStr().describe('主叫号码;空 = 线路默认'),
  capacity: zOptInt().describe('最大并发通话数'),
  cps: z
    .preprocess(
      (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
      z
        .number({ error: '须为数字' })
        .min(0, { error: '须为0–10000' })
        .max(10_000, { error: '须为0–10000' })
        .optional(),
    )
    .describe('每秒呼叫数上限(0–10000);0 = 不限'),
  config: zJson(z.record(z.string(), z.unknown()).optional()).describe(
    '线路配置 JSON。模拟器: 接通率、人物设定等;SIP: host, port, transport(udp/tcp), outbound_proxy, username, password, register, callers(主叫号码池), dial_prefix, strip_country_code, landline_zero, codecs(PCMA/PCMU), options_interval_s, options_failures, rtp_timeout_s, local_port',
  ),
  is_default: zOptInt(INT2).describe('1 = 设为默认线路(任务未指定线路时使用)'),
};

export default defineRoute({
  section: 'ext',
  title: '新建线路',
  method: 'POST',
  path: '/ext/lines/create',
  envelope: 'data',
  permission: 'account.manage',
  msg: '创建成功',
  params: z.object({ kind: zOptStr().describe('simulator(默认) 或 sip'), ...LineFields }),
  handler: (p, { services, tenant }) => services.lines.create(tenant, p),
});
