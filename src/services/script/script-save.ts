// Saving a script's next version, shared by edits and by learning from labelled to-learn items.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { scriptRepository } from '../../repositories/script.repository.js';
import type { Tx } from '../../repositories/store.js';
import type { LearnedExample, ScriptProblem } from '../../robot/index.js';
import type { TenantContext } from '../tenant-context.js';
import { deriveColumns, type CheckedScript } from './script-document.js';

export interface SavedVersion {
  project_sn: string;
  question_sn: string;
  version: number;
  published_version: number | null;
  /** Problems that do not block saving (unreachable nodes …). */
  warnings: ScriptProblem[];
}

/** Where an operator says a to-learn item should have led (exactly one of branch, global, asks_sn). */
export interface LabelToLearnInput {
  readonly project_sn: string;
  readonly id: string;
  /** Listening node id; default the node the reply was heard at. */
  readonly node?: string;
  readonly branch?: string;
  readonly global?: string;
  readonly asks_sn?: string;
  readonly publish?: boolean;
}

export function learnedExample(
  heard: string,
  node: string | undefined,
  input: LabelToLearnInput,
): LearnedExample {
  const targets = [input.branch, input.global, input.asks_sn].filter((t) => t !== undefined && t !== '');
  if (targets.length !== 1) {
    throw new AppError(ErrorCode.WrongDataFormat, '须且只能指定一个去向: branch、global 或 asks_sn');
  }
  if (input.branch && !node) throw new AppError(ErrorCode.WrongDataFormat, '指定分支时须给出节点 node');
  return {
    text: heard.trim().slice(0, 500),
    ...(node ? { node } : {}),
    ...(input.branch ? { branch: input.branch } : {}),
    ...(input.global ? { global: input.global } : {}),
    ...(input.asks_sn ? { asks_sn: input.asks_sn } : {}),
  };
}

type LockedScript = NonNullable<Awaited<ReturnType<typeof scriptRepository.lockBySn>>>;

/** Stores `checked` as the script's next version (and publishes it when asked). */
export async function saveVersion(
  trx: Tx,
  ctx: TenantContext,
  row: LockedScript,
  checked: CheckedScript,
  opts: { project_name?: string; publish?: boolean },
): Promise<SavedVersion> {
  const version = row.version + 1;
  await scriptRepository.insertVersion(trx, {
    script_id: row.id,
    version,
    definition: checked.script,
    author_id: ctx.accountId,
  });
  await scriptRepository.saveCurrent(
    trx,
    row.id,
    version,
    deriveColumns(checked.script, opts.project_name ?? row.name),
  );
  if (opts.publish) await scriptRepository.setPublished(trx, row.id, version);
  return {
    project_sn: row.sn,
    question_sn: row.question_sn,
    version,
    published_version: opts.publish ? version : row.published_version,
    warnings: checked.warnings,
  };
}
