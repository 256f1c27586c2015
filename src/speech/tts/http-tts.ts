import { readWav } from '../../lib/wav.js';
import { TtsError, type Tts, type TtsAudio } from './tts.js';

export interface HttpTtsOptions {
  /** Base URL of an OpenAI-compatible server; `/v1/audio/speech` is appended unless already there. */
  url: string;
  model: string;
  voice: string;
  apiKey?: string;
  timeoutMs: number;
}

/**
 * An OpenAI-compatible `POST /v1/audio/speech` server (what self-hosted Chinese TTS servers such as
 * CosyVoice/Fish-Speech/GPT-SoVITS front-ends expose): JSON `{model, input, voice, response_format: "wav"}`
 * in, WAV out. Times out after `timeoutMs`; any failure is a {@link TtsError} for the caller's fallback.
 */
export class HttpTts implements Tts {
  readonly identity: string;
  readonly #endpoint: string;

  constructor(private readonly o: HttpTtsOptions) {
    const base = o.url.replace(/\/+$/, '');
    this.#endpoint = base.endsWith('/v1/audio/speech') ? base : `${base}/v1/audio/speech`;
    this.identity = `http:${this.#endpoint}:${o.model}:${o.voice}`;
  }

  async synthesize(text: string): Promise<TtsAudio> {
    let res: Response;
    try {
      res = await fetch(this.#endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.o.apiKey && { authorization: `Bearer ${this.o.apiKey}` }),
        },
        body: JSON.stringify({
          model: this.o.model,
          input: text,
          voice: this.o.voice,
          response_format: 'wav',
        }),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new TtsError(
        e.name === 'TimeoutError'
          ? `TTS server timed out after ${this.o.timeoutMs} ms`
          : `TTS server unreachable: ${e.message}`,
      );
    }
    const body = Buffer.from(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
    if (!res.ok) {
      throw new TtsError(`TTS server answered HTTP ${res.status}: ${body.toString('utf8', 0, 200)}`);
    }
    try {
      return readWav(body);
    } catch (err) {
      throw new TtsError(`TTS server sent no usable WAV: ${(err as Error).message}`);
    }
  }
}
