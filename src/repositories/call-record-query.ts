// 6.1 call-record filters in our names (RecordQuery), and the one place they become SQL: as the shape of a statement
// (which filters apply) and its values, bound — so the crmList statements are compiled once per shape
// (db/statement-cache.ts) while single-record lookups build the same conditions with their values.
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Placeholders } from '../db/statement-cache.js';
import { escapeLike } from './account.repository.js';

/** An inclusive numeric range; either end may be open. */
export interface NumberRange {
  min?: number;
  max?: number;
}

/** 6.1 filters in our names (the service maps the wire parameters onto this). All given filters must hold. */
export interface RecordQuery {
  /** created_at ≥ createdFrom */
  createdFrom?: Date;
  /** created_at < createdBefore */
  createdBefore?: Date;
  /** updated_at ≥ updatedFrom (incremental sync) */
  updatedFrom?: Date;
  phone?: string;
  taskSns?: readonly string[];
  /** Record ids or sns (ids_json); a record matching either is kept. */
  ids?: readonly string[];
  sns?: readonly string[];
  projectSns?: readonly string[];
  /** Fuzzy name-or-phone. */
  nameOrPhone?: string;
  talktimes?: NumberRange;
  turnCount?: NumberRange;
  score?: NumberRange;
  asksCount?: NumberRange;
  resultCodes?: readonly number[];
  areaCode?: string;
  grades?: readonly string[];
  manualStatuses?: readonly string[];
  mark?: string;
  /** Any of these labels. */
  labels?: readonly string[];
  /** A sub-account sees the records of its own calls and of the tasks it created. */
  visibleTo?: string;
}

export type RecordsQb = SelectQueryBuilder<Database, 'call_records', object>;

/** A RecordQuery's values as bound in its statement: LIKE patterns made, lists as arrays, ranges by end. */
export interface RecordValues {
  createdFrom: Date;
  createdBefore: Date;
  updatedFrom: Date;
  phone: string;
  taskSns: readonly string[];
  ids: readonly string[];
  sns: readonly string[];
  projectSns: readonly string[];
  nameOrPhoneLike: string;
  talktimesMin: number;
  talktimesMax: number;
  turnCountMin: number;
  turnCountMax: number;
  scoreMin: number;
  scoreMax: number;
  asksCountMin: number;
  asksCountMax: number;
  resultCodes: readonly number[];
  areaCode: string;
  grades: readonly string[];
  manualStatuses: readonly string[];
  markLike: string;
  labels: readonly string[];
  visibleTo: string;
}

/** Which filters a RecordQuery applies: the shape of its statement. */
export type RecordShape = Record<keyof RecordValues, boolean>;

/** A query's shape and values (a given filter's value is bound; the others are absent from the statement). */
export function recordFilter(q: RecordQuery): { shape: RecordShape; values: Partial<RecordValues> } {
  const values: Partial<RecordValues> = {
    createdFrom: q.createdFrom,
    createdBefore: q.createdBefore,
    updatedFrom: q.updatedFrom,
    phone: q.phone || undefined,
    taskSns: q.taskSns?.length ? q.taskSns : undefined,
    ids: q.ids?.length ? q.ids : undefined,
    sns: q.sns?.length ? q.sns : undefined,
    projectSns: q.projectSns?.length ? q.projectSns : undefined,
    nameOrPhoneLike: q.nameOrPhone ? `%${escapeLike(q.nameOrPhone)}%` : undefined,
    talktimesMin: q.talktimes?.min,
    talktimesMax: q.talktimes?.max,
    turnCountMin: q.turnCount?.min,
    turnCountMax: q.turnCount?.max,
    scoreMin: q.score?.min,
    scoreMax: q.score?.max,
    asksCountMin: q.asksCount?.min,
    asksCountMax: q.asksCount?.max,
    resultCodes: q.resultCodes?.length ? q.resultCodes : undefined,
    areaCode: q.areaCode || undefined,
    grades: q.grades?.length ? q.grades : undefined,
    manualStatuses: q.manualStatuses?.length ? q.manualStatuses : undefined,
    markLike: q.mark ? `%${escapeLike(q.mark)}%` : undefined,
    labels: q.labels?.length ? q.labels : undefined,
    visibleTo: q.visibleTo || undefined,
  };
  const shape = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v !== undefined]),
  ) as RecordShape;
  return { shape, values };
}

/** Each value as a bound expression: for statements built per call (not cached). */
const bound = (values: Partial<RecordValues>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, sql.val(v)]),
  ) as unknown as Placeholders<RecordValues>;

/**
 * Every filter of the shape as one conjunction (applied identically to the count and the page), with the values
 * bound: placeholders in a cached statement, the values themselves otherwise. Lists are bound as one array each
 * (`= any(…)`), so a statement's text does not depend on their lengths.
 */
export function applyQuery(qb: RecordsQb, v: Placeholders<RecordValues>, shape: RecordShape): RecordsQb {
  return qb.where((eb) => {
    const c = [];
    if (shape.createdFrom) c.push(eb('call_records.created_at', '>=', v.createdFrom));
    if (shape.createdBefore) c.push(eb('call_records.created_at', '<', v.createdBefore));
    if (shape.updatedFrom) c.push(eb('call_records.updated_at', '>=', v.updatedFrom));
    if (shape.phone) c.push(eb('call_records.phone', '=', v.phone));
    if (shape.taskSns) {
      const tasks = eb
        .selectFrom('tasks')
        .select('tasks.id')
        .where('tasks.sn', '=', sql<string>`any(${v.taskSns})`);
      c.push(eb('call_records.task_id', 'in', tasks));
    }
    if (shape.ids || shape.sns) {
      const any = [];
      if (shape.ids) any.push(eb('call_records.id', '=', sql<string>`any(${v.ids}::bigint[])`));
      if (shape.sns) any.push(eb('call_records.sn', '=', sql<string>`any(${v.sns}::text[])`));
      c.push(eb.or(any));
    }
    if (shape.projectSns) {
      const scripts = eb
        .selectFrom('scripts')
        .select('scripts.id')
        .where('scripts.sn', '=', sql<string>`any(${v.projectSns}::text[])`);
      c.push(eb('call_records.script_id', 'in', scripts));
    }
    if (shape.nameOrPhoneLike) {
      const like = v.nameOrPhoneLike;
      // The name may only be in the import columns when the dialer left call_records.name empty.
      c.push(
        eb.or([
          eb('call_records.phone', 'like', like),
          eb('call_records.name', 'like', like),
          eb(sql<string>`call_records.columns->>'姓名'`, 'like', like),
        ]),
      );
    }
    if (shape.talktimesMin) c.push(eb('call_records.talktimes', '>=', v.talktimesMin));
    if (shape.talktimesMax) c.push(eb('call_records.talktimes', '<=', v.talktimesMax));
    if (shape.turnCountMin) c.push(eb('call_records.turn_count', '>=', v.turnCountMin));
    if (shape.turnCountMax) c.push(eb('call_records.turn_count', '<=', v.turnCountMax));
    if (shape.scoreMin) c.push(eb('call_records.score', '>=', v.scoreMin));
    if (shape.scoreMax) c.push(eb('call_records.score', '<=', v.scoreMax));
    if (shape.asksCountMin) c.push(eb('call_records.asks_count', '>=', v.asksCountMin));
    if (shape.asksCountMax) c.push(eb('call_records.asks_count', '<=', v.asksCountMax));
    if (shape.resultCodes) {
      c.push(eb('call_records.result_code', '=', sql<number>`any(${v.resultCodes}::int[])`));
    }
    if (shape.areaCode) c.push(eb('call_records.area_code', '=', v.areaCode));
    if (shape.grades) c.push(eb('call_records.grade', '=', sql<string>`any(${v.grades}::text[])`));
    if (shape.manualStatuses) {
      c.push(eb('call_records.status_manual', '=', sql<string>`any(${v.manualStatuses}::text[])`));
    }
    if (shape.markLike) c.push(eb('call_records.mark', 'like', v.markLike));
    if (shape.labels) {
      c.push(eb(sql<boolean>`${eb.ref('call_records.labels')} ?| ${v.labels}::text[]`, '=', true));
    }
    if (shape.visibleTo) c.push(recordsVisibleTo(eb, v.visibleTo));
    return eb.and(c);
  });
}

/** A sub-account sees the records of its own calls and of the tasks it created (6.1, the console's dashboard). */
export function recordsVisibleTo(
  eb: ExpressionBuilder<Database, 'call_records'>,
  me: string | Expression<string>,
) {
  return eb.or([
    eb('call_records.account_id', '=', me),
    eb(
      'call_records.task_id',
      'in',
      eb.selectFrom('tasks').select('tasks.id').where('tasks.operator_id', '=', me),
    ),
  ]);
}

/** A query's filters applied to `qb` with its values bound (a statement built for this call). */
export function filtered(qb: RecordsQb, q: RecordQuery): RecordsQb {
  const { shape, values } = recordFilter(q);
  return applyQuery(qb, bound(values), shape);
}
