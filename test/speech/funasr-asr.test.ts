import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FunAsrProvider, type FunAsrConfig, type FunAsrMode } from '../../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../../src/speech/asr/resilient-stream.js';
import { upsample2x } from '../../src/speech/asr/resample.js';
import type { AsrResult } from '../../src/speech/speech.js';
import { FunAsrStandin, type StandinFault } from '../support/asr-standins/funasr-standin.js';
import { frames, speak } from '../support/speech-audio.js';

const config = (url: string, mode: FunAsrMode, timeouts = {}): FunAsrConfig => ({
  url,
  mode,
  hotwordWeight: 20,
  itn: true,
  timeouts: { ...DEFAULT_ASR_TIMEOUTS, readTimeoutMs: 800, connectTimeoutMs: 2000, ...timeouts },
});

async function recognise(
  provider: FunAsrProvider,
  partials: string[] = [],
): Promise<{ result: AsrResult; bytes: number }> {
  const audio = speak('不需要，谢谢');
  const stream = provider.open({ sampleRate: 16000, hotwords: ['不需要', '退订'], id: 'call-1' });
  stream.onPartial((t) => partials.push(t));
  let bytes = 0;
  for (const f of frames(audio)) {
    const pcm = upsample2x(f);
    bytes += pcm.byteLength;
    stream.write(pcm);
    await new Promise((r) => setImmediate(r));
  }
  return { result: await stream.finish(), bytes };
}

describe('FunASR WebSocket adapter against the protocol stand-in', () => {
  let faults: (index: number) => StandinFault = () => 'none';
  let standin: FunAsrStandin;
  before(async () => {
    standin = await FunAsrStandin.start({ answer: () => '不需要谢谢', fault: (s) => faults(s.index) });
  });
  after(() => standin.stop());

  for (const mode of ['2pass', 'online', 'offline'] as const) {
    it(`${mode}: streams the utterance, sends hot words, returns the final text`, async () => {
      faults = () => 'none';
      const first = standin.sessions.length;
      const partials: string[] = [];
      const { result, bytes } = await recognise(new FunAsrProvider(config(standin.url, mode)), partials);
      assert.deepEqual(result, { status: 'recognised', text: '不需要谢谢', attempts: 1 });
      const session = standin.sessions[first]!;
      assert.deepEqual(session.violations, []);
      assert.equal(session.audioBytes, bytes, 'every byte of audio reached the server');
      assert.equal(session.ended, true);
      assert.equal(session.config?.mode, mode);
      assert.equal(session.config?.audio_fs, 16000);
      assert.equal(session.config?.wav_name, 'call-1');
      assert.deepEqual(JSON.parse(session.config?.hotwords as string), { 不需要: 20, 退订: 20 });
      if (mode !== 'offline') {
        assert.ok(
          partials.length > 0 && '不需要谢谢'.startsWith(partials.at(-1)!),
          `partials ${partials.join('|')}`,
        );
      }
    });
  }

  it('a server that stalls after the end of audio gives "not recognised" (read time-out)', async () => {
    faults = () => 'stall';
    const { result } = await recognise(new FunAsrProvider(config(standin.url, '2pass')));
    assert.equal(result.status, 'notRecognised');
    assert.equal(result.status === 'notRecognised' && result.reason, 'readTimeout');
  });

  it('a connection lost mid-utterance is replaced once and the audio sent again', async () => {
    const first = standin.sessions.length;
    faults = (i) => (i === first ? 'closeMidUtterance' : 'none');
    const { result, bytes } = await recognise(new FunAsrProvider(config(standin.url, '2pass')));
    assert.deepEqual(result, { status: 'recognised', text: '不需要谢谢', attempts: 2 });
    assert.equal(standin.sessions[first + 1]!.audioBytes, bytes);
  });

  it('a server that closes every time gives "not recognised" after the reconnect', async () => {
    faults = () => 'closeMidUtterance';
    const { result } = await recognise(new FunAsrProvider(config(standin.url, '2pass')));
    assert.equal(result.status === 'notRecognised' && result.reason, 'connectionClosed');
    assert.equal(result.attempts, 2);
  });

  it('garbage instead of JSON gives "not recognised"', async () => {
    faults = () => 'garbage';
    const { result } = await recognise(new FunAsrProvider(config(standin.url, 'offline')));
    assert.equal(result.status === 'notRecognised' && result.reason, 'badResponse');
  });

  it('nobody listening, or a server that never completes the handshake, gives "not recognised"', async () => {
    const refused = await recognise(new FunAsrProvider(config('ws://127.0.0.1:1', '2pass')));
    assert.equal(refused.result.status === 'notRecognised' && refused.result.reason, 'connectionClosed');
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const hung = await recognise(
      new FunAsrProvider(
        config(`ws://127.0.0.1:${port}`, '2pass', { connectTimeoutMs: 150, readTimeoutMs: 2000 }),
      ),
    );
    assert.equal(hung.result.status === 'notRecognised' && hung.result.reason, 'connectTimeout');
    assert.equal(hung.result.attempts, 2);
    silent.close();
  });
});
