// An OpenAI-compatible transcription stand-in on loopback: POST /v1/audio/transcriptions with a multipart
// form (file, model, language, response_format, prompt), answers {"text": …} chosen by the test. It parses
// the form and the WAV header so the adapter's request is checked, not just accepted.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranscriptionRequestSeen {
  fields: Record<string, string>;
  authorization: string | undefined;
  wav: { sampleRate: number; channels: number; bits: number; samples: number } | undefined;
}

export interface OpenAiStandinOptions {
  answer?: (seen: TranscriptionRequestSeen) => string;
  /** 'stall': never answers; 'error500'; 'garbage': 200 with HTML. */
  fault?: (index: number) => 'none' | 'stall' | 'error500' | 'garbage';
}

function parseMultipart(
  body: Buffer,
  contentType: string,
): { fields: Record<string, string>; file?: Buffer } {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) return { fields: {} };
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? '';
    if (/filename=/.test(headers)) file = content;
    else fields[name] = content.toString('utf8');
    at = next;
  }
  return { fields, file };
}

export class OpenAiTranscriptionStandin {
  readonly requests: TranscriptionRequestSeen[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(options: OpenAiStandinOptions = {}): Promise<OpenAiTranscriptionStandin> {
    const standin: OpenAiTranscriptionStandin = new OpenAiTranscriptionStandin(
      createServer((req, res) => {
        void (async () => {
          const body = await read(req);
          const index = standin.requests.length;
          if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
            res.writeHead(404).end('{"error":{"message":"not found"}}');
            return;
          }
          const { fields, file } = parseMultipart(body, req.headers['content-type'] ?? '');
          const wav =
            file && file.subarray(0, 4).toString() === 'RIFF' && file.subarray(8, 12).toString() === 'WAVE'
              ? {
                  channels: file.readUInt16LE(22),
                  sampleRate: file.readUInt32LE(24),
                  bits: file.readUInt16LE(34),
                  samples: file.readUInt32LE(40) / 2,
                }
              : undefined;
          const seen = { fields, authorization: req.headers.authorization, wav };
          standin.requests.push(seen);
          const fault = options.fault?.(index) ?? 'none';
          if (fault === 'stall') return;
          if (fault === 'error500') {
            res
              .writeHead(500, { 'content-type': 'application/json' })
              .end('{"error":{"message":"model crashed"}}');
            return;
          }
          if (fault === 'garbage') {
            res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ text: options.answer?.(seen) ?? '不需要' }));
        })();
      }),
    );
    await new Promise<void>((resolve) => standin.#server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
