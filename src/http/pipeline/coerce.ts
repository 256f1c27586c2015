// Liberal input (compat-notes "Input coercion"): real clients send ints as strings, JSON fields as strings or
// objects, arrays as JSON text or comma lists. These zod helpers accept all of them and yield one type.
import { z } from 'zod';
import { checkKey, dictionary, parseJsonInput } from './input-guard.js';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** An integer given as a number or a numeric string. */
export const zInt = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: '须为整数' }).int({ error: '须为整数' }),
  );

/** An optional integer where '' and null mean "not given". */
export const zOptInt = () => z.preprocess(blankToUndefined, zInt().optional());

/** Paging of §1.2: 0-based pageIndex, pageSize with the endpoint's default, capped to keep responses bounded. */
export const zPaging = (defaultSize: number, maxSize = 10_000) => ({
  pageIndex: z.preprocess(blankToUndefined, zInt().pipe(z.number().min(0)).default(0)),
  pageSize: z.preprocess(blankToUndefined, zInt().pipe(z.number().min(1).max(maxSize)).default(defaultSize)),
});

/** A string, also accepting numbers (ids sent as numbers). */
export const zStr = () =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ error: '须为字符串' }));

/** An optional string where null means "not given". */
export const zOptStr = () => z.preprocess((v) => (v === null ? undefined : v), zStr().optional());

/** A value sent either as a JSON object/array or as a string containing JSON. */
export const zJson = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return parseJsonInput(v);
    } catch (err) {
      if (err instanceof SyntaxError) return Symbol.for('invalid-json');
      throw err;
    }
  }, inner);

/** A list sent as an array, a JSON array string, or a comma-separated string. */
export const zList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (Array.isArray(v)) return v as unknown[];
    if (typeof v === 'number') return [v];
    if (typeof v !== 'string') return v;
    const t = v.trim();
    if (t === '') return [];
    if (t.startsWith('[')) {
      try {
        return parseJsonInput(t);
      } catch (err) {
        if (err instanceof SyntaxError) return v;
        throw err;
      }
    }
    return t
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean);
  }, z.array(item));

/**
 * Folds PHP form-style keys into plain ones: `permission[]` → `permission` (array), `data[name]` → `data.name`.
 * The result and its nested objects have no prototype, and prototype keys (`__proto__[url]`, `a[constructor]`)
 * are refused, so no parameter name can write to a shared object.
 * @example phpKeys({ 'a[]': 1 }) // { a: [1] }
 */
export function phpKeys(input: Record<string, unknown>): Record<string, unknown> {
  const out = dictionary();
  for (const key of Object.keys(input)) {
    const value = input[key];
    const list = /^(.+)\[\]$/.exec(key);
    const nested = /^([^[]+)\[([^\]]+)\]$/.exec(key);
    if (list) {
      const name = list[1]!;
      checkKey(name);
      const prev = out[name];
      const add: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
      out[name] = Array.isArray(prev) ? [...(prev as unknown[]), ...add] : add;
    } else if (nested) {
      const [name, field] = [nested[1]!, nested[2]!];
      checkKey(name);
      checkKey(field);
      const obj = (out[name] ??= dictionary());
      if (obj !== null && typeof obj === 'object') (obj as Record<string, unknown>)[field] = value;
    } else {
      checkKey(key);
      out[key] = value;
    }
  }
  return out;
}
