// Hostile-input guards shared by every parser of request input (query, JSON, form, multipart, JSON-in-strings):
// no key can reach an object's prototype, no value nests deeper than the pipeline walks, no string carries a
// character PostgreSQL cannot store. Applied once, before authentication, so anonymous requests are covered.
import { AppError, ErrorCode } from '../../lib/app-error.js';

/** Deepest nesting of objects/arrays accepted anywhere in a request (the reference's deepest is 3). */
export const MAX_INPUT_DEPTH = 32;

// Keys that address an object's prototype chain instead of an own property.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An object without a prototype: a key such as `__proto__` or `url` is only ever its own property. */
export function dictionary<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Refuses a parameter name (or one segment of a PHP `a[b]` name) that addresses a prototype. */
export function checkKey(key: string): void {
  if (PROTOTYPE_KEYS.has(key)) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数名不允许: ${key}`);
  }
  if (key.includes('\0')) throw new AppError(ErrorCode.WrongDataFormat, '参数名含有非法字符(NUL)');
}

/** Refuses a parameter name any of whose PHP segments (`a[b][]`) addresses a prototype, as sent in forms and uploads. */
export function checkParamName(name: string): void {
  for (const segment of name.split(/[[\]]+/)) if (segment !== '') checkKey(segment);
}

/**
 * The upload parser's own refusal of a field named like a property every object inherits (`__proto__`,
 * `constructor`, `toString` …): it does not say which name it was.
 */
export const INHERITED_NAME_REFUSAL = '参数名不允许: __proto__、constructor 等对象原型上的属性名';

// NUL cannot be stored in PostgreSQL text or jsonb; `\u0000` inside a string becomes NUL once that string is
// decoded as JSON (client_info_json, data …), so both spellings are refused.
const UNSTORABLE = /\0|\\u0000/i;

/**
 * Walks a parsed request value once: refuses prototype keys at every depth, nesting beyond `MAX_INPUT_DEPTH`
 * and strings PostgreSQL cannot store. The walk stops at the depth limit, so it cannot overflow the stack.
 */
export function checkInputTree(value: unknown, path = '', depth = 0): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) {
      throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${path || '参数'}: 含有非法字符(NUL)`);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_INPUT_DEPTH) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数嵌套过深(上限${MAX_INPUT_DEPTH}层)`);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkInputTree(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  if (Buffer.isBuffer(value)) return;
  for (const key of Object.keys(value)) {
    checkKey(key);
    checkInputTree((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
  }
}

/** JSON.parse for request text: the result is checked like any other input (keys, depth, NUL). */
export function parseJsonInput(text: string): unknown {
  const parsed = JSON.parse(text) as unknown;
  checkInputTree(parsed);
  return parsed;
}

/**
 * True while no request has managed to add a property to the prototypes every object shares. Checked by
 * /healthz, so a polluted process is reported unhealthy (and restarted) instead of failing every call quietly.
 */
export function sharedPrototypesIntact(): boolean {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].every(
    (proto) => Object.keys(proto).length === 0,
  );
}
