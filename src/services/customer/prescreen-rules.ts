// AI pre-screening rules (AI预筛): which grades send a callee to a pool, and which pool. A task's own rule wins
// over the team default; no grades = off.
import { sql } from 'kysely';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Executor } from '../../repositories/store.js';

export type PoolName = 'private' | 'public';

export interface PrescreenRule {
  taskId: string;
  taskName: string;
  /** The task's owner: the private pool pre-screened callees go to. */
  ownerId: string;
  grades: readonly string[];
  pool: PoolName;
  /** The team's private-pool cap (0 = unlimited). */
  cap: number;
}

/** Grades as a list, JSON array or comma string: single letters, upper-cased, at most 26. */
export function parseGrades(value: unknown): string[] {
  let v = value;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: prescreen_grades: 不是合法的JSON数组');
    }
  }
  const list = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/[,，\s]+/) : undefined;
  if (!list) throw new AppError(ErrorCode.WrongDataFormat, '参数错误: prescreen_grades: 须为等级列表,如A,B');
  const grades = [...new Set(list.map((g) => g.trim().toUpperCase()).filter(Boolean))];
  const bad = grades.find((g) => !/^[A-Z]$/.test(g));
  if (bad !== undefined) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数错误: prescreen_grades: ${bad} 不是等级(单个字母)`);
  }
  return grades.sort();
}

export function parsePool(value: string): PoolName {
  const v = value.trim();
  if (v === 'private' || v === '1') return 'private';
  if (v === 'public' || v === '0') return 'public';
  throw new AppError(
    ErrorCode.WrongDataFormat,
    '参数错误: prescreen_pool: 须为private(私海,任务所属账号)或public(公海)',
  );
}

/** The rules of the given tasks, in one query (inside the hang-up transaction). */
export async function loadPrescreenRules(
  db: Executor,
  taskIds: readonly string[],
): Promise<Map<string, PrescreenRule>> {
  const out = new Map<string, PrescreenRule>();
  if (taskIds.length === 0) return out;
  const { rows } = await sql<{
    task_id: string;
    task_name: string;
    owner_id: string;
    grades: string[];
    pool: PoolName;
    cap: number;
  }>`
    SELECT t.id AS task_id, t.name AS task_name, t.account_id AS owner_id,
           coalesce(tp.grades, s.prescreen_grades, '{}') AS grades,
           coalesce(tp.pool, s.prescreen_pool, 'private') AS pool, coalesce(s.private_cap, 0) AS cap
    FROM tasks t
    LEFT JOIN task_prescreen tp ON tp.task_id = t.id
    LEFT JOIN customer_pool_settings s ON s.team_id = t.team_id
    WHERE t.id = ANY(${[...new Set(taskIds)]}::bigint[])`.execute(db);
  for (const r of rows) {
    out.set(r.task_id, {
      taskId: r.task_id,
      taskName: r.task_name,
      ownerId: r.owner_id,
      grades: r.grades,
      pool: r.pool,
      cap: r.cap,
    });
  }
  return out;
}
