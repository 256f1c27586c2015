// Spoken prompts: the built-in espeak-ng voice (the real program), the content-addressed cache of 8 kHz speech
// (one synthesis per text, kept on disk across restarts, shared by concurrent calls), and the OpenAI-compatible
// HTTP provider against a loopback server speaking that API, with its failures falling back to espeak-ng.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { wavHeader } from '../../src/lib/wav.js';
import { EspeakTts } from '../../src/speech/tts/espeak-tts.js';
import { HttpTts } from '../../src/speech/tts/http-tts.js';
import { PHONE_RATE, speechWithFallback, TtsCache } from '../../src/speech/tts/tts-cache.js';
import { TtsError } from '../../src/speech/tts/tts.js';

const rms = (s: Int16Array) => Math.sqrt(s.reduce((sum, v) => sum + v * v, 0) / Math.max(1, s.length));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aicall-tts-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A loopback server answering POST /v1/audio/speech with a 16 kHz WAV tone as long as the text, or failing. */
async function speechServer(behaviour: 'ok' | 'error' | 'hang'): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ path: req.url, auth: req.headers.authorization, body: JSON.parse(raw) as unknown });
      if (behaviour === 'hang') return; // never answers
      if (behaviour === 'error') {
        res.writeHead(503).end('model loading');
        return;
      }
      const n = 16_000 / 2; // 0.5 s at 16 kHz
      const pcm = Buffer.alloc(n * 2);
      for (let i = 0; i < n; i++) {
        pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 500 * i) / 16_000)), i * 2);
      }
      res
        .writeHead(200, { 'content-type': 'audio/wav' })
        .end(Buffer.concat([wavHeader(16_000, 1, pcm.length), pcm]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections(); // the hanging request too
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('TTS: espeak-ng, the speech cache, the HTTP provider', () => {
  it('espeak-ng (cmn-latn-pinyin) speaks Chinese text: audible speech of a plausible length', async () => {
    const audio = await new EspeakTts().synthesize('您好，这里是课程回访。');
    assert.ok(audio.sampleRate >= 8000);
    const seconds = audio.samples.length / audio.sampleRate;
    assert.ok(seconds > 0.8 && seconds < 6, `${seconds} s`);
    assert.ok(rms(audio.samples) > 500, `level ${rms(audio.samples)}`);
  });

  it('espeak-ng missing is a TtsError, not a crash', async () => {
    await assert.rejects(
      new EspeakTts('cmn-latn-pinyin', 5_000, 'espeak-ng-not-installed').synthesize('你好'),
      TtsError,
    );
  });

  it('the cache synthesises a text once, at 8 kHz; concurrent calls share it; a restart reads it from disk', async () => {
    const dir = await tempDir();
    const cache = new TtsCache(new EspeakTts(), dir);
    const [a, b] = await Promise.all([cache.speech('请问您方便吗'), cache.speech('请问您方便吗')]);
    assert.equal(cache.synthesized, 1, 'two concurrent requests, one synthesis');
    assert.equal(a, b);
    assert.ok(a && a.length > PHONE_RATE / 2, 'at least half a second at 8 kHz');
    await cache.speech('请问您方便吗');
    assert.equal(cache.synthesized, 1, 'memory hit');
    await cache.speech('好的，再见');
    assert.equal(cache.synthesized, 2, 'another text is another synthesis');

    const key = cache.keyOf('请问您方便吗');
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.deepEqual(await readdir(path.join(dir, key.slice(0, 2))), [`${key}.s16`]);
    const restarted = new TtsCache(new EspeakTts(), dir);
    const again = await restarted.speech('请问您方便吗');
    assert.equal(restarted.synthesized, 0, 'read from disk, not synthesised again');
    assert.deepEqual(again, a);
    assert.notEqual(
      new TtsCache(new EspeakTts('cmn'), dir).keyOf('请问您方便吗'),
      key,
      'the voice is in the key',
    );
  });

  it('the HTTP provider: OpenAI-compatible request, WAV answer resampled to 8 kHz and cached', async () => {
    const server = await speechServer('ok');
    const tts = new HttpTts({
      url: server.url,
      model: 'cosyvoice',
      voice: '中文女',
      apiKey: 'k-123',
      timeoutMs: 2_000,
    });
    const cache = new TtsCache(tts, await tempDir());
    const speech = await cache.speech('您好');
    assert.equal(speech.length, PHONE_RATE / 2, '0.5 s at 8 kHz');
    assert.ok(rms(speech) > 3000);
    await cache.speech('您好');
    assert.equal(server.bodies.length, 1, 'cached: asked once');
    assert.deepEqual(server.bodies[0], {
      path: '/v1/audio/speech',
      auth: 'Bearer k-123',
      body: { model: 'cosyvoice', input: '您好', voice: '中文女', response_format: 'wav' },
    });
  });

  for (const behaviour of ['error', 'hang'] as const) {
    it(`the HTTP provider ${behaviour === 'error' ? 'answering 503' : 'never answering'}: a TtsError, and the robot speaks with espeak-ng`, async () => {
      const server = await speechServer(behaviour);
      const tts = new HttpTts({
        url: server.url,
        model: 'm',
        voice: 'v',
        apiKey: 'secret-key',
        timeoutMs: 300,
      });
      const err = await tts.synthesize('您好').catch((e: unknown) => e);
      assert.ok(err instanceof TtsError);
      assert.match(err.message, behaviour === 'error' ? /HTTP 503/ : /timed out after 300 ms/);
      assert.doesNotMatch(err.message, /secret-key/);
      const failures: unknown[] = [];
      const dir = await tempDir();
      const speak = speechWithFallback(new TtsCache(tts, dir), new TtsCache(new EspeakTts(), dir), (e) =>
        failures.push(e),
      );
      const speech = await speak('您好');
      assert.ok(speech.length > 0 && rms(speech) > 500, 'espeak-ng spoke instead');
      assert.equal(failures.length, 1);
    });
  }
});
