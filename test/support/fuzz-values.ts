// Parameter values for the hostile-input fuzz test, derived from each route's zod schema: mostly plausible values
// (so requests get past validation into the services) with hostile ones mixed in. Every string stays free of host
// names, so no request can make the server resolve or reach anything beyond loopback.
import type { z } from 'zod';
import type { SeededRandom } from '../../src/telephony/simulator/seeded-random.js';

/** What a parameter holds once coerced, as far as generating values needs to know. */
export type ValueKind =
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'number' }
  | { readonly kind: 'string'; readonly options?: readonly string[] }
  | { readonly kind: 'bool' }
  | { readonly kind: 'list'; readonly item: ValueKind }
  | { readonly kind: 'object'; readonly shape: Readonly<Record<string, ValueKind>> }
  | { readonly kind: 'any' };

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      innerType?: z.ZodType;
      in?: z.ZodType;
      out?: z.ZodType;
      element?: z.ZodType;
      options?: z.ZodType[];
      shape?: Record<string, z.ZodType>;
      entries?: Record<string, string | number>;
      values?: unknown[];
      checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
    };
    bag?: { minimum?: number; maximum?: number; format?: string };
  };
}

/** Reads a zod schema (v4 internals) down to the value it ends with: preprocess/pipe targets, optional inners. */
export function kindOf(schema: z.ZodType, depth = 0): ValueKind {
  const zod = (schema as unknown as ZodInternals)._zod;
  const def = zod.def;
  if (depth > 12) return { kind: 'any' };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return kindOf(def.innerType!, depth + 1);
    case 'pipe': {
      const out = kindOf(def.out!, depth + 1);
      return out.kind === 'any' ? kindOf(def.in!, depth + 1) : out;
    }
    case 'number': {
      const bag = zod.bag ?? {};
      const isInt = bag.format?.includes('int') ?? false;
      return isInt || Number.isFinite(bag.minimum) || Number.isFinite(bag.maximum)
        ? { kind: 'int', min: bag.minimum ?? -2_147_483_648, max: bag.maximum ?? 2_147_483_647 }
        : { kind: 'number' };
    }
    case 'bigint':
      return { kind: 'int', min: -1e15, max: 1e15 };
    case 'string':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'enum':
      return { kind: 'string', options: Object.values(def.entries ?? {}).map(String) };
    case 'literal':
      return { kind: 'string', options: (def.values ?? []).map(String) };
    case 'array':
      return { kind: 'list', item: kindOf(def.element!, depth + 1) };
    case 'object':
      return {
        kind: 'object',
        shape: Object.fromEntries(
          Object.entries(def.shape ?? {}).map(([k, v]) => [k, kindOf(v, depth + 1)] as const),
        ),
      };
    case 'union':
      return def.options?.[0] ? kindOf(def.options[0], depth + 1) : { kind: 'any' };
    default:
      return { kind: 'any' };
  }
}

/** The parameters of a route schema with their kinds. */
export function fieldsOf(params: z.ZodObject): Record<string, ValueKind> {
  const kind = kindOf(params);
  return kind.kind === 'object' ? { ...kind.shape } : {};
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '%00',
  '9'.repeat(40),
  '-99999999999999999999',
  '1e308',
  'NaN',
  'Infinity',
  '-1',
  '0x7fffffff',
  '1.5',
  '2026-13-45 25:61:61',
  '0000-00-00',
  "'; DROP TABLE teams; --",
  '../../../../etc/passwd',
  '..%2f..%2fpackage.json',
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  '\ud800',
  '😀'.repeat(50),
  '{"__proto__":{"url":"x"}}',
  '{"constructor":{"prototype":{"url":"x"}}}',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '{"a":',
  '[1,2,',
  '1,2,3',
  'http://127.0.0.1:9/callback',
  'file:///etc/passwd',
  'x'.repeat(5000),
];

const HOSTILE_VALUES: readonly unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  32_768,
  2_147_483_648,
  -2_147_483_649,
  2 ** 53 + 2,
  1e308,
  -1e308,
  1.5,
  true,
  false,
  null,
  [],
  {},
  [null],
  [[1, [2, [3]]]],
  { a: { b: { c: 1 } } },
  { __proto__x: 1, toString: 'x', valueOf: 1, hasOwnProperty: 'x' },
  ['a\u0000'],
];

/** A value nested `levels` deep, kept as a description: serialising thousands of levels recursively overflows. */
export class Deep {
  constructor(
    readonly levels: number,
    readonly asObject: boolean,
  ) {}

  json(): string {
    return this.asObject
      ? `${'{"a":'.repeat(this.levels)}1${'}'.repeat(this.levels)}`
      : `${'['.repeat(this.levels)}1${']'.repeat(this.levels)}`;
  }

  /** The PHP key suffix of the same nesting: `[a][a]…` or `[][]…`. */
  phpSuffix(): string {
    return (this.asObject ? '[a]' : '[]').repeat(this.levels);
  }
}

export function deepValue(levels: number, asObject: boolean): Deep {
  return new Deep(levels, asObject);
}

const PLAUSIBLE_STRINGS = ['测试', 'abc', '13800138000', '1', '2026-01-01', '2026-01-01 00:00:00', '张三'];

/** A value of the right kind, sometimes at an edge of its range. */
export function plausible(rng: SeededRandom, kind: ValueKind, depth = 0): unknown {
  switch (kind.kind) {
    case 'int': {
      const edges = [kind.min, kind.max, 0, 1, kind.min - 1, kind.max + 1].filter(
        (n) => Number.isSafeInteger(n) || rng.chance(0.3),
      );
      if (rng.chance(0.25)) return rng.pick(edges);
      const v = rng.int(Math.max(kind.min, 0), Math.min(kind.max, 100));
      return rng.chance(0.5) ? String(v) : v;
    }
    case 'number':
      return rng.pick([0, 1, 0.5, 100, '3', -1]);
    case 'string':
      return kind.options?.length && rng.chance(0.8) ? rng.pick(kind.options) : rng.pick(PLAUSIBLE_STRINGS);
    case 'bool':
      return rng.pick([true, false, 1, 0, '1', '0', 'true']);
    case 'list': {
      if (depth > 3) return [];
      const items = Array.from({ length: rng.int(0, 3) }, () => plausible(rng, kind.item, depth + 1));
      return rng.chance(0.3) ? JSON.stringify(items) : items;
    }
    case 'object': {
      if (depth > 3) return {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(kind.shape)) {
        if (rng.chance(0.7)) out[k] = plausible(rng, v, depth + 1);
      }
      return rng.chance(0.3) ? JSON.stringify(out) : out;
    }
    case 'any':
      return rng.pick(PLAUSIBLE_STRINGS);
  }
}

/** A value meant to break things: wrong type, out of range, NUL, prototype text, over-deep or oversized. */
export function hostile(rng: SeededRandom, kind: ValueKind): unknown {
  const roll = rng.next();
  if (roll < 0.05) return deepValue(rng.int(33, 400), rng.chance(0.5));
  if (roll < 0.25 && kind.kind === 'int') {
    return rng.pick([
      kind.max + 1,
      kind.min - 1,
      String(kind.max + 1),
      '1'.repeat(rng.int(11, 30)),
      1e15,
      -0.5,
    ]);
  }
  return rng.pick(HOSTILE_VALUES);
}
