// Each endpoint answers in its own envelope, exactly as the reference shows it (§1.6, compat-notes "Envelopes").

/**
 * - `data`: `{code:0, msg, data}` — the standard.
 * - `flat`: `{code:0, msg, ...fields}` — e.g. 5.9, 5.10, 8.2 put counters beside code/msg.
 * - `bare`: the handler's object as is — `{total, data}` lists (2.1.1, 3.1, 3.2 …) and the unenveloped 3.5.
 * - `rst`: `{rst:"200", msg:"", ...fields}` — legacy CRUD (2.1.3, 2.3.4).
 * - `code200`: `{code:200, msg:"请求成功", data}` — 5.7.3.
 * - `file`: the handler writes the reply itself (downloads).
 */
export type Envelope = 'data' | 'flat' | 'bare' | 'rst' | 'code200' | 'file';

const MSG = Symbol('msg');

/** A handler result with a custom success message. */
export interface WithMsg<T> {
  readonly [MSG]: string;
  readonly value: T;
}

/** @example return withMsg('删除成功', undefined); */
export function withMsg<T>(msg: string, value: T): WithMsg<T> {
  return { [MSG]: msg, value };
}

function unwrap(result: unknown, defaultMsg: string): { msg: string; value: unknown } {
  if (result !== null && typeof result === 'object' && MSG in result) {
    const r = result as WithMsg<unknown>;
    return { msg: r[MSG], value: r.value };
  }
  return { msg: defaultMsg, value: result };
}

/** Wraps a successful handler result in the endpoint's envelope. */
export function successBody(envelope: Envelope, result: unknown, defaultMsg: string): unknown {
  const { msg, value } = unwrap(result, defaultMsg);
  const fields = value !== null && typeof value === 'object' ? value : {};
  switch (envelope) {
    case 'data':
      return value === undefined ? { code: 0, msg } : { code: 0, msg, data: value };
    case 'flat':
      return { code: 0, msg, ...fields };
    case 'bare':
      return value;
    case 'rst':
      return { rst: '200', msg, ...fields };
    case 'code200':
      return { code: 200, msg: msg || '请求成功', data: value };
    case 'file':
      return value;
  }
}

/**
 * The error body. It never has a `data` key: clients treat a reply without `data` as "log in again" (§1.6),
 * which is right for 20005/20006 and harmless otherwise.
 */
export function errorBody(
  envelope: Envelope | undefined,
  code: number,
  msg: string,
  details?: Record<string, unknown>,
) {
  const base = { code, msg, ...details };
  return envelope === 'rst' ? { rst: String(code), ...base } : base;
}
