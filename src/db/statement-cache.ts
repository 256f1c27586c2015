// Statements built and compiled once per shape. Kysely builds an operation tree and compiles it to SQL on every
// call — for a list statement about as much CPU as the rest of the request's own code (a sixth of an authenticated
// list call's server time) — though a hot endpoint's statement differs from call to call only in its values. A
// cached statement is built once per shape with a placeholder in each value's position, compiled, and then run
// with each call's values put where the placeholders were: the same SQL text, the same types as a built query,
// and the same prepared statement on each pooled connection (whose cache then finds the text at once).
import {
  createQueryId,
  sql,
  type CompiledQuery,
  type Compilable,
  type Expression,
  type OperationNode,
} from 'kysely';
import type { Db, Tx } from './database.js';

/** Marks a placeholder that was turned into text: a value used otherwise than bound (refused when built). */
const MARK = '\u0000placeholder:';

/** The parameter a placeholder binds: replaced by the call's value named `name` on each run. */
class Slot {
  constructor(readonly name: string) {}
  toString(): string {
    return `${MARK}${this.name}`;
  }
}

/** A value's position in a statement being built: an expression binding its Slot. */
class Placeholder<T> implements Expression<T> {
  readonly #node: OperationNode;
  constructor(readonly name: string) {
    this.#node = sql.val(new Slot(name)).toOperationNode();
  }

  get expressionType(): T | undefined {
    return undefined;
  }

  toOperationNode(): OperationNode {
    return this.#node;
  }

  /** As text (in a template, a computation): the mark that has the statement refused. */
  toString(): string {
    return `${MARK}${this.name}`;
  }
}

/** Each value's placeholder, typed as the value, for use where a bound value goes (comparisons, limit, offset). */
export type Placeholders<V> = { readonly [K in keyof V]: Expression<V[K]> };

interface Shape {
  readonly sql: string;
  readonly query: CompiledQuery['query'];
  /** For each parameter: the value's name, or the constant the statement was built with. */
  readonly parameters: readonly ({ readonly name: string } | { readonly constant: unknown })[];
}

/** Shapes kept per statement; the least recently used one is built again when needed. */
export const SHAPES_PER_STATEMENT = 64;

/**
 * A statement whose shape is `shape` (a few flags: which optional filters apply) and whose values are `V`. `build`
 * writes it once per shape with placeholders for the values; each run binds the values. Values must only be used
 * as bound values: one placed where SQL text goes (an identifier, `sql.raw`, `sql.lit`) is refused when built.
 */
export function cachedStatement<S extends Record<string, boolean | string>, V extends object, R>(
  build: (db: Db | Tx, values: Placeholders<V>, shape: S) => Compilable<R>,
): (db: Db | Tx, shape: S, values: V) => Promise<R[]> {
  /** Shapes by key, least recently used first. */
  const shapes = new Map<string, Shape>();
  const shapeOf = (db: Db | Tx, shape: S): Shape => {
    const key = JSON.stringify(shape);
    let cached = shapes.get(key);
    if (cached === undefined) {
      cached = compileShape(db, build, shape);
      // Shapes come from requests (which filters a caller sends): never more than a bounded number are kept.
      if (shapes.size >= SHAPES_PER_STATEMENT) shapes.delete(shapes.keys().next().value!);
    } else {
      shapes.delete(key);
    }
    shapes.set(key, cached);
    return cached;
  };
  return async (db, shape, values) => {
    const { sql: text, query, parameters } = shapeOf(db, shape);
    const compiled: CompiledQuery<R> = {
      sql: text,
      query,
      queryId: createQueryId(),
      parameters: parameters.map((p) =>
        'name' in p ? (values as Record<string, unknown>)[p.name] : p.constant,
      ),
    };
    return (await db.executeQuery(compiled)).rows;
  };
}

function compileShape<S, V, R>(
  db: Db | Tx,
  build: (db: Db | Tx, values: Placeholders<V>, shape: S) => Compilable<R>,
  shape: S,
): Shape {
  // Whatever value the builder reads gets its placeholder.
  const placeholders = new Proxy({} as Placeholders<V>, {
    get: (_, name) => new Placeholder(String(name)),
  });
  const compiled = build(db, placeholders, shape).compile();
  const asText = (p: unknown) => typeof p === 'string' && p.includes(MARK);
  if (compiled.sql.includes(MARK) || compiled.parameters.some(asText)) {
    // A value computed from a placeholder, or written into the text, would be the same on every run.
    throw new Error(`a placeholder was written into the SQL text of a cached statement: ${compiled.sql}`);
  }
  return {
    sql: compiled.sql,
    query: compiled.query,
    parameters: compiled.parameters.map((p) => (p instanceof Slot ? { name: p.name } : { constant: p })),
  };
}
