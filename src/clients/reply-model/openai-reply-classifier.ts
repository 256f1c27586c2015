/**
 * A reply classifier backed by any OpenAI-compatible chat/completions endpoint (Qwen, DeepSeek, a local vLLM or
 * Ollama server): the model is shown the robot's line, the callee's reply and the node's allowed outcomes, and
 * must answer with one outcome id. A strict deadline (default 800 ms) bounds every request; a late, failed or
 * off-list answer is "no choice", and the robot keeps its own result.
 *
 *   POST <baseUrl>/chat/completions  {"model":…,"messages":[…],"temperature":0,"max_tokens":20}
 *   200 → {"choices":[{"message":{"content":"intro#3"}}]}
 */
import { request } from 'undici';
import type { ReplyClassifier, ReplyQuestion } from '../../robot/index.js';

export interface OpenAiReplyClassifierOptions {
  /** The API base, e.g. http://127.0.0.1:11434/v1 (…/chat/completions is appended). */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as a bearer token when set; never logged. */
  readonly apiKey?: string;
  /** Deadline of one request, connection to last byte. */
  readonly timeoutMs?: number;
  /** Called with the reason when a request gives no usable choice (for logs and metrics). */
  readonly onFailure?: (reason: string) => void;
}

export const DEFAULT_REPLY_MODEL_TIMEOUT_MS = 800;
const MAX_RESPONSE_BYTES = 64 * 1024;

const SYSTEM_PROMPT =
  '你是外呼机器人的意图分类器。根据机器人刚说的话和客户的回答，从给出的选项中选出客户回答的意思。' +
  '只输出一个选项编号，不要输出其他内容；都不符合时输出 none。';

function userPrompt(q: ReplyQuestion): string {
  const options = q.choices.map((c) => `${c.id}: ${c.description}`).join('\n');
  return `机器人: ${q.robotLine}\n客户: ${q.reply}\n选项:\n${options}\n答案(选项编号):`;
}

/** The first allowed id in the model's answer: the whole answer, else the earliest id it mentions. */
export function pickChoice(content: string, q: ReplyQuestion): string | undefined {
  const answer = content.trim().replace(/^["'`]+|["'`。.]+$/g, '');
  const ids = q.choices.map((c) => c.id);
  if (ids.includes(answer)) return answer;
  let best: { id: string; at: number } | undefined;
  for (const id of [...ids].sort((a, b) => b.length - a.length)) {
    const at = answer.indexOf(id);
    if (at >= 0 && (!best || at < best.at)) best = { id, at };
  }
  return best?.id;
}

export class OpenAiReplyClassifier implements ReplyClassifier {
  readonly #url: string;
  readonly #timeoutMs: number;

  constructor(private readonly options: OpenAiReplyClassifierOptions) {
    this.#url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REPLY_MODEL_TIMEOUT_MS;
  }

  async choose(q: ReplyQuestion): Promise<string | undefined> {
    try {
      const content = await this.#complete(q);
      const choice = pickChoice(content, q);
      if (choice === undefined) this.options.onFailure?.('answer outside the choices');
      return choice;
    } catch (err) {
      this.options.onFailure?.(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }

  async #complete(q: ReplyQuestion): Promise<string> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const res = await request(this.#url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.options.model,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: userPrompt(q) },
        ],
        temperature: 0,
        max_tokens: 20,
      }),
      signal,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw new Error('response too large');
      }
      chunks.push(chunk);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      choices?: { message?: { content?: unknown } }[];
    };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('no message content');
    return content;
  }
}
