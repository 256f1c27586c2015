import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime, type Clock } from '../../lib/clock.js';
import { newSn } from '../../lib/sn.js';
import { scriptLearningRepository } from '../../repositories/script-learning.repository.js';
import { scriptRepository } from '../../repositories/script.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import {
  compileScript,
  demoScripts,
  exportScriptJson,
  ScriptSchema,
  type CompiledScript,
  type ScriptProblem,
  type ToLearnItem,
} from '../../robot/index.js';
import type { Paging } from '../account.service.js';
import type { TenantContext } from '../tenant-context.js';
import { CompiledCache } from './compiled-cache.js';
import { checkScript, deriveColumns, type CheckedScript } from './script-document.js';
import { learnedExample, saveVersion, type LabelToLearnInput, type SavedVersion } from './script-save.js';
import { newQuestionSn, templateRecord } from './script-wire.js';

/** project_name of the demo scripts every new tenant starts with. */
export const DEMO_PROJECT_NAME = '演示模板';

export interface SaveScriptInput {
  /** The robot's script JSON: a parsed object, or its text. */
  readonly definition: unknown;
  /** project_name; default the script's name (create) or the current value (update). */
  readonly project_name?: string;
  /** Publish the saved version at once. */
  readonly publish?: boolean;
}

export type SavedScript = SavedVersion;

/** The published script of a task, compiled, as the dialer runs it. */
export interface DialScript {
  readonly scriptId: string;
  readonly sn: string;
  readonly caption: string;
  readonly questionSn: string;
  readonly version: number;
  readonly compiled: CompiledScript;
}

/** A to-learn item filed from a call, with the call it came from. */
export interface CallOrigin {
  /** accounts_sn: the call record's sn. */
  readonly accountsSn?: string;
  /** The sub-account that owns the call (its user name shows as `account` in 7.5). */
  readonly accountId?: string | null;
}

/**
 * Script templates (话术) and their versions: create, edit (each save is a new version), publish the version
 * tasks use, import/export JSON, delete; the compiled published script for the dialer; what calls teach a
 * script (knowledge hits, to-learn items).
 */
export class ScriptService {
  readonly #compiled = new CompiledCache<CompiledScript>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Validates and stores a new script as version 1. Every problem is listed in one 20002 error. */
  create(ctx: TenantContext, input: SaveScriptInput): Promise<SavedScript> {
    const checked = checkScript(input.definition);
    return this.store.tenant(ctx.teamId, (trx) => this.#insertNew(trx, ctx, checked, input));
  }

  /** Checks a script without saving it: every problem (errors and warnings), for the console's canvas. */
  validate(definition: unknown): { ok: boolean; problems: ScriptProblem[] } {
    try {
      const { warnings } = checkScript(definition);
      return { ok: true, problems: warnings };
    } catch (err) {
      const problems =
        err instanceof AppError ? (err.details?.problems as ScriptProblem[] | undefined) : undefined;
      if (!problems) throw err;
      return { ok: false, problems };
    }
  }

  /** Saves a new version of a script; `base_version`, when given, must still be the current version. */
  update(
    ctx: TenantContext,
    projectSn: string,
    input: SaveScriptInput & { base_version?: number },
  ): Promise<SavedScript> {
    const checked = checkScript(input.definition);
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireLocked(trx, projectSn);
      if (input.base_version !== undefined && input.base_version !== row.version) {
        throw new AppError(
          ErrorCode.Conflict,
          `话术已被修改: 当前版本 ${row.version}, 提交基于版本 ${input.base_version}`,
        );
      }
      return saveVersion(trx, ctx, row, checked, input);
    });
  }

  /**
   * Teaches a script a reply it missed: the to-learn item's heard text becomes a learned example leading to the
   * branch, global handler or knowledge item the operator chose, saved as a new version (published at once when
   * asked), and the item remembers its label and that version.
   */
  labelToLearn(ctx: TenantContext, input: LabelToLearnInput): Promise<SavedScript & { id: string }> {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireLocked(trx, input.project_sn);
      const item = await scriptLearningRepository.lockToLearn(trx, row.id, input.id);
      if (!item) throw new AppError(ErrorCode.NotFound, `待学习问题不存在: ${input.id}`);
      if (!item.heard.trim()) {
        throw new AppError(ErrorCode.WrongDataFormat, '该问题没有识别到的文字，无法学习');
      }
      const node = input.node ?? (item.node_id || undefined);
      const example = learnedExample(item.heard, node, input);
      const stored = await requireVersion(trx, row.id, row.version);
      const definition = ScriptSchema.parse(stored.definition);
      const learned = definition.learned.filter((e) => e.text !== example.text || e.node !== example.node);
      const checked = checkScript({ ...definition, learned: [...learned, example] });
      const saved = await saveVersion(trx, ctx, row, checked, { publish: input.publish });
      await scriptLearningRepository.markLabelled(trx, item.id, example, saved.version, this.clock.now());
      return { ...saved, id: item.id };
    });
  }

  /** Imports a script from JSON text: a new script, or a new version of `project_sn` when given. */
  importJson(
    ctx: TenantContext,
    text: string,
    opts: { project_sn?: string; project_name?: string; publish?: boolean },
  ): Promise<SavedScript> {
    const input = { ...opts, definition: text };
    return opts.project_sn ? this.update(ctx, opts.project_sn, input) : this.create(ctx, input);
  }

  /** Marks a version (default: the current one) as the one tasks use; publishing an older one rolls back. */
  publish(ctx: TenantContext, projectSn: string, version?: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireLocked(trx, projectSn);
      const target = version ?? row.version;
      const stored = await scriptRepository.getVersion(trx, row.id, target);
      if (!stored) throw new AppError(ErrorCode.NotFound, `话术版本不存在: ${target}`);
      // Saved versions were valid when saved; compiling again guards against a stricter engine since then.
      const compiled = compileScript(stored.definition);
      await scriptRepository.setPublished(trx, row.id, target);
      void this.#compiled.get(row.id, target, () => Promise.resolve(compiled));
      return { project_sn: row.sn, published_version: target };
    });
  }

  /** Every saved version, newest first. */
  versions(ctx: TenantContext, projectSn: string) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      const list = await scriptRepository.listVersions(trx, row.id);
      return {
        project_sn: row.sn,
        version: row.version,
        published_version: row.published_version,
        total: list.length,
        list: list.map((v) => ({
          version: v.version,
          author: v.author ?? '',
          created_at: formatDateTime(v.created_at, ctx.timezone),
          published: v.version === row.published_version ? 1 : 0,
          current: v.version === row.version ? 1 : 0,
        })),
      };
    });
  }

  /** One version (default: the current one) with its definition. */
  get(ctx: TenantContext, projectSn: string, version?: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      const stored = await requireVersion(trx, row.id, version ?? row.version);
      return {
        ...templateRecord(row, ctx.timezone),
        current_version: row.version,
        version: stored.version,
        author: stored.author ?? '',
        version_created_at: formatDateTime(stored.created_at, ctx.timezone),
        definition: stored.definition,
      };
    });
  }

  /** A version (default: the current one) as a JSON document, with a download file name. */
  exportJson(ctx: TenantContext, projectSn: string, version?: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      const stored = await requireVersion(trx, row.id, version ?? row.version);
      return {
        filename: `${row.caption || 'script'}-v${stored.version}.json`,
        body: exportScriptJson(ScriptSchema.parse(stored.definition)),
      };
    });
  }

  /** Soft delete: the sn stops resolving; the dialer pauses tasks that still use the script. */
  remove(ctx: TenantContext, projectSn: string): Promise<void> {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      await scriptRepository.softDelete(trx, row.id);
    });
  }

  /** Every live script including unpublished drafts (the vendor lists show published ones only). */
  async list(ctx: TenantContext, p: Paging & { project_name?: string; voice_break?: number }) {
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      scriptRepository.list(trx, {
        name: p.project_name,
        voiceBreak: p.voice_break,
        publishedOnly: false,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      }),
    );
    return { total, list: rows.map((r) => templateRecord(r, ctx.timezone)) };
  }

  /** Tenant seeder: the demo scripts, published, so a new tenant can create a task at once. */
  async seedTemplates(trx: Tx, ctx: TenantContext): Promise<void> {
    for (const demo of demoScripts) {
      await this.#insertNew(trx, ctx, checkScript(demo), { project_name: DEMO_PROJECT_NAME, publish: true });
    }
  }

  /**
   * The published version of a script, compiled (cached by script id and version). Throws 40004 when the
   * script is deleted or unknown and 40009 when no version is published: the dialer pauses the task.
   * @example const { compiled, version } = await scripts.compiledForDial(task.teamId, task.scriptId);
   */
  async compiledForDial(teamId: string, scriptId: string): Promise<DialScript> {
    return this.store.tenant(teamId, async (trx) => {
      const row = await scriptRepository.findForDial(trx, scriptId);
      if (!row || row.deleted_at !== null) throw new AppError(ErrorCode.NotFound, '话术已删除');
      if (row.published_version === null) throw new AppError(ErrorCode.Conflict, '话术未发布');
      const version = row.published_version;
      const compiled = await this.#compiled.get(row.id, version, async () =>
        compileScript((await requireVersion(trx, row.id, version)).definition),
      );
      return {
        scriptId: row.id,
        sn: row.sn,
        caption: row.caption,
        questionSn: row.question_sn,
        version,
        compiled,
      };
    });
  }

  /** A version (default: the current draft) compiled for the 7.4 test channel. */
  compiledForTest(ctx: TenantContext, projectSn: string, version?: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      const target = version ?? row.version;
      const compiled = await this.#compiled.get(row.id, target, async () =>
        compileScript((await requireVersion(trx, row.id, target)).definition),
      );
      return { scriptId: row.id, questionSn: row.question_sn, version: target, compiled };
    });
  }

  /**
   * Adds a call's knowledge answers to the items' asked_times (7.2/7.3). Called by the dialer at hang-up with
   * SessionResult.knowledgeHits, in its own transaction (tenant or system).
   */
  recordKnowledgeHits(
    trx: Tx,
    scriptId: string,
    hits: readonly { readonly asks_sn: string; readonly count: number }[],
  ): Promise<void> {
    return scriptLearningRepository.addKnowledgeHits(trx, scriptId, hits);
  }

  /**
   * Files a call's unhandled utterances (SessionResult.toLearn) in the script's to-learn list (7.5).
   * @returns the new items' ids
   */
  recordToLearn(
    trx: Tx,
    scriptId: string,
    items: readonly ToLearnItem[],
    origin: CallOrigin = {},
  ): Promise<string[]> {
    return scriptLearningRepository.insertToLearn(
      trx,
      scriptId,
      items.map((i) => ({
        type: i.type,
        robot_before: i.robotBefore,
        heard: i.heard,
        robot_after: i.robotAfter,
        node_title: i.nodeTitle,
        description: '',
        call_sn: origin.accountsSn ?? '',
        account_id: origin.accountId ?? null,
        source: 'call',
        node_id: i.nodeId,
      })),
    );
  }

  async #insertNew(
    trx: Tx,
    ctx: TenantContext,
    checked: CheckedScript,
    opts: { project_name?: string; publish?: boolean },
  ): Promise<SavedScript> {
    const row = await scriptRepository.insert(trx, {
      sn: newSn('project'),
      question_sn: newQuestionSn(this.clock.now(), ctx.timezone),
      published_version: opts.publish ? 1 : null,
      ...deriveColumns(checked.script, opts.project_name),
    });
    await scriptRepository.insertVersion(trx, {
      script_id: row.id,
      version: 1,
      definition: checked.script,
      author_id: ctx.accountId,
    });
    return {
      project_sn: row.sn,
      question_sn: row.question_sn,
      version: 1,
      published_version: row.published_version,
      warnings: checked.warnings,
    };
  }
}

async function requireScript(trx: Tx, projectSn: string) {
  const row = await scriptRepository.findBySn(trx, projectSn);
  if (!row) throw new AppError(ErrorCode.NotFound, `话术模板不存在: ${projectSn}`);
  return row;
}

async function requireLocked(trx: Tx, projectSn: string) {
  const row = await scriptRepository.lockBySn(trx, projectSn);
  if (!row) throw new AppError(ErrorCode.NotFound, `话术模板不存在: ${projectSn}`);
  return row;
}

async function requireVersion(trx: Tx, scriptId: string, version: number) {
  const stored = await scriptRepository.getVersion(trx, scriptId, version);
  if (!stored) throw new AppError(ErrorCode.NotFound, `话术版本不存在: ${version}`);
  return stored;
}
