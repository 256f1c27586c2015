import { z } from 'zod';
import type { AsrProvider } from '../speech.js';
import { AliyunNlsProvider } from './aliyun-nls-asr.js';
import { FunAsrProvider } from './funasr-asr.js';
import { OpenAiTranscriptionProvider } from './openai-transcription-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from './resilient-stream.js';

/**
 * A recogniser as configured for a tenant or a line. Secrets (API key, access token) are not part of this
 * document: they are stored sealed beside it and handed to {@link createAsrProvider} opened, so the config
 * can be shown and logged as it is.
 */
const wsUrl = z.string().regex(/^wss?:\/\/[^\s]+$/, 'a ws:// or wss:// address');
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// address');
const timeouts = z
  .object({
    connectTimeoutMs: z.number().int().min(100).max(30_000).default(DEFAULT_ASR_TIMEOUTS.connectTimeoutMs),
    readTimeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_ASR_TIMEOUTS.readTimeoutMs),
    reconnects: z.number().int().min(0).max(3).default(DEFAULT_ASR_TIMEOUTS.reconnects),
  })
  .default(DEFAULT_ASR_TIMEOUTS);

export const AsrProviderConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('funasr'),
    url: wsUrl,
    mode: z.enum(['online', 'offline', '2pass']).default('2pass'),
    hotwordWeight: z.number().int().min(1).max(100).default(20),
    itn: z.boolean().default(true),
    sampleRate: z.union([z.literal(8000), z.literal(16000)]).default(16000),
    timeouts,
  }),
  z.object({
    kind: z.literal('openai'),
    baseUrl: httpUrl,
    model: z.string().min(1),
    language: z.string().default('zh'),
    sampleRate: z.union([z.literal(8000), z.literal(16000)]).default(16000),
    timeouts,
  }),
  z.object({
    kind: z.literal('aliyun'),
    url: wsUrl.default('wss://nls-gateway-cn-shanghai.aliyuncs.com/ws/v1'),
    appKey: z.string().min(1),
    vocabularyId: z.string().optional(),
    sampleRate: z.union([z.literal(8000), z.literal(16000)]).default(16000),
    timeouts,
  }),
]);
export type AsrProviderConfig = z.output<typeof AsrProviderConfigSchema>;

/** Opened secrets of a provider: `apiKey` (openai), `token` (aliyun access token). */
export interface AsrSecrets {
  apiKey?: string;
  token?: string;
}

/** Builds the provider a configuration describes. Throws for an aliyun config without a token. */
export function createAsrProvider(config: AsrProviderConfig, secrets: AsrSecrets = {}): AsrProvider {
  switch (config.kind) {
    case 'funasr':
      return new FunAsrProvider(config);
    case 'openai':
      return new OpenAiTranscriptionProvider({ ...config, apiKey: secrets.apiKey });
    case 'aliyun': {
      const token = secrets.token;
      if (!token) throw new Error('the aliyun recogniser needs an access token');
      return new AliyunNlsProvider({ ...config, token: () => Promise.resolve(token) });
    }
  }
}
