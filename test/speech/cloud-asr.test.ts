// The Alibaba Cloud real-time and the OpenAI-compatible transcription adapters, each against a loopback
// stand-in that speaks the documented protocol and checks the adapter's side of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AliyunNlsProvider } from '../../src/speech/asr/aliyun-nls-asr.js';
import { OpenAiTranscriptionProvider } from '../../src/speech/asr/openai-transcription-asr.js';
import { upsample2x } from '../../src/speech/asr/resample.js';
import { DEFAULT_ASR_TIMEOUTS } from '../../src/speech/asr/resilient-stream.js';
import type { AsrProvider, AsrResult } from '../../src/speech/speech.js';
import { AliyunNlsStandin } from '../support/asr-standins/aliyun-nls-standin.js';
import { OpenAiTranscriptionStandin } from '../support/asr-standins/openai-transcription-standin.js';
import { frames, speak } from '../support/speech-audio.js';

const timeouts = { ...DEFAULT_ASR_TIMEOUTS, connectTimeoutMs: 2000, readTimeoutMs: 800 };

async function recognise(
  provider: AsrProvider,
  partials: string[] = [],
): Promise<{ result: AsrResult; samples: number }> {
  const audio = speak('我下个月再考虑');
  const stream = provider.open({ sampleRate: 16000, hotwords: ['考虑', '下个月'], id: 'c-1' });
  stream.onPartial((t) => partials.push(t));
  let samples = 0;
  for (const f of frames(audio)) {
    const pcm = upsample2x(f);
    samples += pcm.length;
    stream.write(pcm);
    await new Promise((r) => setImmediate(r));
  }
  return { result: await stream.finish(), samples };
}

describe('Alibaba Cloud real-time recognition (SpeechTranscriber) adapter', () => {
  let fault: 'none' | 'fail' | 'stall' = 'none';
  let standin: AliyunNlsStandin;
  before(async () => {
    standin = await AliyunNlsStandin.start({
      token: 'tok-123',
      answer: () => '我下个月再考虑。',
      fault: () => fault,
    });
  });
  after(() => standin.stop());
  const provider = (token = 'tok-123') =>
    new AliyunNlsProvider({
      url: standin.url,
      appKey: 'app-key-1',
      token: () => Promise.resolve(token),
      vocabularyId: 'vocab-9',
      timeouts,
    });

  it('starts a transcription with the token, streams audio, reads intermediate and sentence results', async () => {
    fault = 'none';
    const partials: string[] = [];
    const first = standin.sessions.length;
    const { result, samples } = await recognise(provider(), partials);
    assert.deepEqual(result, { status: 'recognised', text: '我下个月再考虑。', attempts: 1 });
    const s = standin.sessions[first]!;
    assert.deepEqual(s.violations, []);
    assert.equal(s.token, 'tok-123');
    assert.equal(s.stopped, true);
    assert.equal(s.audioBytes, samples * 2);
    assert.equal(s.start?.format, 'pcm');
    assert.equal(s.start?.sample_rate, 16000);
    assert.equal(s.start?.enable_intermediate_result, true);
    assert.equal(s.start?.vocabulary_id, 'vocab-9');
    assert.ok(
      partials.length > 0 && partials.every((p) => '我下个月再考虑。'.startsWith(p)),
      partials.join('|'),
    );
  });

  it('TaskFailed (bad token, idle time-out) gives "not recognised" with the gateway status', async () => {
    fault = 'none';
    const denied = await recognise(provider('wrong'));
    assert.equal(denied.result.status === 'notRecognised' && denied.result.reason, 'providerError');
    assert.match(denied.result.status === 'notRecognised' ? denied.result.detail : '', /40000001/);
    fault = 'fail';
    const failed = await recognise(provider());
    assert.equal(failed.result.status === 'notRecognised' && failed.result.reason, 'providerError');
  });

  it('a gateway that never completes gives "not recognised" (read time-out)', async () => {
    fault = 'stall';
    const { result } = await recognise(provider());
    assert.equal(result.status === 'notRecognised' && result.reason, 'readTimeout');
  });

  it('a token source that fails gives "not recognised" at once', async () => {
    const p = new AliyunNlsProvider({
      url: standin.url,
      appKey: 'k',
      token: () => Promise.reject(new Error('AccessKey disabled')),
      timeouts,
    });
    const { result } = await recognise(p);
    assert.equal(result.status === 'notRecognised' && result.reason, 'providerError');
  });
});

describe('OpenAI-compatible /v1/audio/transcriptions adapter', () => {
  let fault: 'none' | 'stall' | 'error500' | 'garbage' = 'none';
  let standin: OpenAiTranscriptionStandin;
  before(async () => {
    standin = await OpenAiTranscriptionStandin.start({ answer: () => '我下个月再考虑', fault: () => fault });
  });
  after(() => standin.stop());
  const provider = () =>
    new OpenAiTranscriptionProvider({
      baseUrl: standin.url,
      apiKey: 'sk-test',
      model: 'sensevoice-small',
      language: 'zh',
      timeouts,
    });

  it('uploads the utterance as a 16 kHz WAV with model, language and hot-word prompt', async () => {
    fault = 'none';
    const p = provider();
    const { result, samples } = await recognise(p);
    assert.deepEqual(result, { status: 'recognised', text: '我下个月再考虑', attempts: 1 });
    const seen = standin.requests.at(-1)!;
    assert.equal(seen.authorization, 'Bearer sk-test');
    assert.deepEqual(seen.fields, {
      model: 'sensevoice-small',
      language: 'zh',
      response_format: 'json',
      prompt: '考虑，下个月',
    });
    assert.deepEqual(seen.wav, { channels: 1, sampleRate: 16000, bits: 16, samples });
    await p.close();
  });

  for (const [f, reason] of [
    ['stall', 'readTimeout'],
    ['error500', 'providerError'],
    ['garbage', 'badResponse'],
  ] as const) {
    it(`a server that answers "${f}" gives "not recognised" (${reason})`, async () => {
      fault = f;
      const p = provider();
      const { result } = await recognise(p);
      assert.equal(result.status === 'notRecognised' && result.reason, reason);
      await p.close();
    });
  }

  it('nobody listening gives "not recognised" after one reconnect', async () => {
    const p = new OpenAiTranscriptionProvider({
      baseUrl: 'http://127.0.0.1:1',
      model: 'm',
      language: 'zh',
      timeouts,
    });
    const { result } = await recognise(p);
    assert.equal(result.status === 'notRecognised' && result.reason, 'connectionClosed');
    assert.equal(result.attempts, 2);
    await p.close();
  });
});
