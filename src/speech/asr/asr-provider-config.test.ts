import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsrProviderConfigSchema, createAsrProvider } from './asr-provider-config.js';

describe('recogniser configuration', () => {
  it('fills defaults and builds each kind', () => {
    const fun = AsrProviderConfigSchema.parse({ kind: 'funasr', url: 'ws://10.0.0.5:10095' });
    assert.equal(fun.kind === 'funasr' && fun.mode, '2pass');
    assert.deepEqual(fun.timeouts, { connectTimeoutMs: 3000, readTimeoutMs: 5000, reconnects: 1 });
    assert.equal(createAsrProvider(fun).streaming, true);
    const oa = AsrProviderConfigSchema.parse({
      kind: 'openai',
      baseUrl: 'http://10.0.0.7:8000',
      model: 'whisper-1',
    });
    assert.equal(createAsrProvider(oa, { apiKey: 'k' }).streaming, false);
    const ali = AsrProviderConfigSchema.parse({ kind: 'aliyun', appKey: 'a' });
    assert.equal(createAsrProvider(ali, { token: 't' }).kind, 'aliyun');
    assert.throws(() => createAsrProvider(ali), /access token/);
  });

  it('refuses bad addresses, unknown kinds and out-of-range time-outs', () => {
    assert.equal(AsrProviderConfigSchema.safeParse({ kind: 'funasr', url: 'http://x' }).success, false);
    assert.equal(AsrProviderConfigSchema.safeParse({ kind: 'baidu', url: 'ws://x' }).success, false);
    assert.equal(
      AsrProviderConfigSchema.safeParse({ kind: 'funasr', url: 'ws://x', timeouts: { readTimeoutMs: 10 } })
        .success,
      false,
    );
  });
});
