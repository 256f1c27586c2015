import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../lib/app-error.js';

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const Host = z
  .string()
  .trim()
  .refine((h) => isIP(h) !== 0 || HOSTNAME.test(h), '不是有效的主机名或IP地址');
const Port = z.coerce
  .number()
  .int('端口须为整数')
  .min(1, '端口须在1-65535之间')
  .max(65535, '端口须在1-65535之间');
const CallerNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{3,20}$/, '主叫号码须为3-20位数字');

/**
 * A SIP line's config JSON (stored in `lines.config`, the password sealed). Field names are the wire names of
 * the extended lines API and appear in its OpenAPI schema.
 */
export const SipLineConfigSchema = z
  .object({
    host: Host.describe('中继(对端)主机名或IP'),
    port: Port.default(5060).describe('中继SIP端口'),
    transport: z.enum(['udp', 'tcp'], { message: 'transport须为udp或tcp' }).default('udp'),
    outbound_proxy: z
      .string()
      .trim()
      .regex(/^[^:\s]+(:\d{1,5})?$/, 'outbound_proxy须为 主机[:端口]')
      .optional()
      .describe('出局代理 主机[:端口];空 = 直接发往中继'),
    username: z.string().max(128).default('').describe('鉴权用户名(401/407质询时使用,REGISTER的用户)'),
    password: z.string().max(512).default('').describe('鉴权密码(加密保存,读取时不返回)'),
    register: z.boolean().default(false).describe('是否向中继注册'),
    register_expires: z.coerce.number().int().min(60).max(86_400).default(3600),
    callers: z.array(CallerNumber).max(1000).default([]).describe('主叫号码池,轮流使用'),
    dial_prefix: z
      .string()
      .trim()
      .regex(/^[0-9*#]{0,16}$/, 'dial_prefix须为数字')
      .default('')
      .describe('拨号前缀'),
    strip_country_code: z.boolean().default(true).describe('去掉+86/0086'),
    landline_zero: z.boolean().default(false).describe('固话号码补0'),
    codecs: z
      .array(z.enum(['PCMA', 'PCMU'], { message: '编解码只支持PCMA、PCMU' }))
      .min(1, '至少一个编解码')
      .default(['PCMA', 'PCMU']),
    options_interval_s: z.coerce
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(30)
      .describe('OPTIONS保活间隔(秒),0 = 不检测'),
    options_failures: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe('连续几次OPTIONS无响应判定线路故障'),
    rtp_timeout_s: z.coerce.number().int().min(0).max(3600).default(60).describe('通话中无媒体多久挂断(秒)'),
    local_port: Port.optional().describe('本端SIP端口;空 = 自动'),
  })
  .strict();

export type SipLineConfig = z.output<typeof SipLineConfigSchema>;

/** Validates a SIP line's config (every problem listed, in Chinese, with the field). */
export function parseSipLineConfig(json: unknown): SipLineConfig {
  const parsed = SipLineConfigSchema.safeParse(json ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AppError(ErrorCode.WrongDataFormat, `SIP线路配置错误: ${problems.join('; ')}`, { problems });
}

/**
 * A fixed-line number with its area code but without the trunk prefix 0: area code 10 (Beijing) or 2x with an
 * 8-digit number, or a 3-digit area code (3xx–9xx) with a 7- or 8-digit number. Mobiles (1[3-9]…) never match.
 */
const LANDLINE_WITHOUT_ZERO = /^(?:10\d{8}|2\d{9}|[3-9]\d{9,10})$/;

/**
 * The number as the trunk wants it: +86/0086 stripped, a 0 added to landlines written without one, then the
 * line's prefix.
 * @example rewriteDialled('+8613800138000', cfg) // '13800138000' (with dial_prefix '9': '913800138000')
 */
export function rewriteDialled(
  number: string,
  cfg: Pick<SipLineConfig, 'dial_prefix' | 'strip_country_code' | 'landline_zero'>,
): string {
  let n = number.replace(/[\s-]/g, '');
  if (cfg.strip_country_code) n = n.replace(/^(\+86|0086)/, '');
  if (cfg.landline_zero && LANDLINE_WITHOUT_ZERO.test(n)) n = `0${n}`;
  return `${cfg.dial_prefix}${n}`;
}
