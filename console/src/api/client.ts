// The one way the console talks to the platform: same-origin requests carrying the session cookie and the
// CSRF token (double submit), answered in the endpoint's own envelope. Every failure becomes an ApiError with
// a Chinese message the page can show where the user is.

/** Codes that mean "sign in again" (§1.7: api_key invalid / expired). */
export const SESSION_CODES = new Set([20005, 20006]);

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 200,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get sessionEnded(): boolean {
    return SESSION_CODES.has(this.code);
  }
}

type Listener = (err: ApiError) => void;
const sessionListeners = new Set<Listener>();

/** Called when any request finds the session gone (the app then shows the sign-in page). */
export function onSessionEnded(fn: Listener): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}

export function csrfToken(): string {
  const m = /(?:^|;\s*)aicall_csrf=([^;]*)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

function headers(extra?: Record<string, string>): Record<string, string> {
  return { 'X-CSRF-Token': csrfToken(), ...extra };
}

/** A body is an error when its `rst` is not "200" or its `code` is neither 0 nor 200. */
export function envelopeError(body: unknown): ApiError | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { code?: unknown; rst?: unknown; msg?: unknown };
  const msg = typeof b.msg === 'string' && b.msg !== '' ? b.msg : '请求失败';
  if (b.rst !== undefined) return String(b.rst) === '200' ? undefined : new ApiError(Number(b.rst), msg);
  if (typeof b.code === 'number' && b.code !== 0 && b.code !== 200) return new ApiError(b.code, msg);
  return undefined;
}

/**
 * A request index.html sent before the console's code arrived, handed (once) to the first call that would have
 * sent the same: a POST of no params to that path.
 */
function takeEarly(path: string, init: RequestInit): Promise<Response> | undefined {
  const early = (window as { aicallEarly?: Record<string, Promise<Response> | undefined> }).aicallEarly;
  const res = early?.[path];
  if (!early || !res || init.method !== 'POST' || init.body !== '{}') return undefined;
  delete early[path];
  return res;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await (takeEarly(path, init) ?? fetch(path, { credentials: 'same-origin', ...init }));
  } catch {
    throw new ApiError(-1, '无法连接服务器,请检查网络或服务是否已启动', 0);
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(-1, `服务器返回了无法识别的内容 (HTTP ${res.status})`, res.status);
  }
}

function fail(err: ApiError): never {
  if (err.sessionEnded) for (const fn of sessionListeners) fn(err);
  throw err;
}

/** POSTs JSON params and returns the whole response body (envelopes differ per endpoint). */
export async function callRaw<T = Record<string, unknown>>(path: string, params: object = {}): Promise<T> {
  const res = await send(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(params),
  });
  const body = await readBody(res);
  const err = envelopeError(body);
  if (err) fail(err);
  if (!res.ok) fail(new ApiError(-1, `服务器错误 (HTTP ${res.status})`, res.status));
  return body as T;
}

/** The `data` of a `{code:0, msg, data}` endpoint. */
export async function call<T>(path: string, params: object = {}): Promise<T> {
  return (await callRaw<{ data: T }>(path, params)).data;
}

/** A multipart upload (files + fields); returns the whole body. */
export async function upload<T = Record<string, unknown>>(path: string, form: FormData): Promise<T> {
  const res = await send(path, { method: 'POST', headers: headers(), body: form });
  const body = await readBody(res);
  const err = envelopeError(body);
  if (err) fail(err);
  if (!res.ok) fail(new ApiError(-1, `服务器错误 (HTTP ${res.status})`, res.status));
  return body as T;
}

/** A file endpoint as a Blob (downloads and recordings need the CSRF header, so no plain links). */
export async function fetchBlob(path: string, params: Record<string, string | number> = {}): Promise<Blob> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await send(`${path}?${query.toString()}`, { headers: headers() });
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const err = envelopeError(await readBody(res));
    if (err) fail(err);
  }
  if (!res.ok) fail(new ApiError(-1, `下载失败 (HTTP ${res.status})`, res.status));
  return res.blob();
}

/** Saves a Blob under a file name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Reads a Server-Sent Events stream with fetch (EventSource cannot send the CSRF header). Calls `onEvent`
 * per `data:` payload until `signal` aborts; reconnects after a pause when the stream drops.
 */
export async function streamEvents(
  path: string,
  onEvent: (data: unknown) => void,
  signal: AbortSignal,
  onError?: (err: ApiError) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
      if ((res.headers.get('content-type') ?? '').includes('application/json')) {
        const err = envelopeError(await res.json()) ?? new ApiError(-1, '实时数据连接失败');
        if (err.sessionEnded) fail(err);
        throw err;
      }
      if (!res.body) throw new ApiError(-1, '实时数据连接失败');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof ApiError && err.sessionEnded) return;
      onError?.(err instanceof ApiError ? err : new ApiError(-1, '实时数据连接中断,正在重连'));
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}
