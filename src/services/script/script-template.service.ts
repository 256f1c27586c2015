import { AppError, ErrorCode } from '../../lib/app-error.js';
import { scriptLearningRepository } from '../../repositories/script-learning.repository.js';
import { scriptRepository } from '../../repositories/script.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import {
  ScriptSchema,
  TO_LEARN_NAMES,
  type KnowledgeItem,
  type ToLearnTypeValue,
} from '../../robot/index.js';
import type { Paging } from '../account.service.js';
import type { TenantContext } from '../tenant-context.js';
import { extendedFields, type ExtendedField } from './import-columns.js';
import { buildImportTemplate } from './import-template-xlsx.js';
import { projectOption, templateRecord, TO_LEARN_FIELDS, toLearnItem } from './script-wire.js';

/** 7.6 input, vendor field names. */
export interface ToLearnInput {
  project_sn: string;
  type: ToLearnTypeValue;
  desc?: string;
  context_above?: string;
  context_follow?: string;
  answer_above?: string;
  accounts_sn?: string;
}

/** A knowledge item as 7.2/7.3 show it. */
export interface KnowledgeView {
  asks_sn: string;
  ask_caption: string;
  ask_title: string;
  asked_times: number;
}

/**
 * The reference's script endpoints (7.1–7.3, 7.5, 7.6, 7.8) and the task-import template (5.11): read views of
 * the scripts a team has, with the counts calls left on them.
 */
export class ScriptTemplateService {
  constructor(private readonly store: Store) {}

  /** 7.1: published templates (the ones a task can use), newest first. */
  async templateList(ctx: TenantContext, p: Paging & { voice_break?: number; project_name?: string }) {
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      scriptRepository.list(trx, {
        name: p.project_name,
        voiceBreak: p.voice_break,
        publishedOnly: true,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      }),
    );
    return { data: rows.map((r) => templateRecord(r, ctx.timezone)), total };
  }

  /** 7.2: the template's knowledge items with their hit counts, and the template record as `task`. */
  templateData(ctx: TenantContext, projectSn: string) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, projectSn);
      return {
        data: await knowledgeViews(trx, row.id, row.definition),
        task: templateRecord(row, ctx.timezone),
      };
    });
  }

  /** 7.3: knowledge items by hit count, most asked first. */
  hotQuestions(ctx: TenantContext, p: Paging & { project_sn: string }) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, p.project_sn);
      const items = await knowledgeViews(trx, row.id, row.definition);
      // Stable sort: equal counts keep the script's order.
      const sorted = items
        .map((item, i) => ({ item, i }))
        .sort((a, b) => b.item.asked_times - a.item.asked_times || a.i - b.i);
      const start = p.pageIndex * p.pageSize;
      return { data: sorted.slice(start, start + p.pageSize).map((s) => s.item), total: items.length };
    });
  }

  /** 7.8: every published template, for a dropdown. */
  async projects(ctx: TenantContext) {
    const { rows } = await this.store.tenant(ctx.teamId, (trx) =>
      scriptRepository.list(trx, { publishedOnly: true, offset: 0, limit: 10_000 }),
    );
    return rows.map(projectOption);
  }

  /** 7.5: the template's to-learn list, newest first. */
  toLearnList(ctx: TenantContext, p: Paging & { project_sn: string; type?: number }) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, p.project_sn);
      const client = await scriptLearningRepository.mainAccountName(trx, ctx.teamId);
      const { total, rows } = await scriptLearningRepository.listToLearn(trx, {
        scriptId: row.id,
        type: p.type,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      });
      return {
        total,
        data: rows.map((r) =>
          toLearnItem(r, row, TO_LEARN_NAMES[r.type as ToLearnTypeValue] ?? '', client, ctx.timezone),
        ),
      };
    });
  }

  /** 7.6: adds a to-learn item by hand (filed under the calling account). */
  addToLearn(ctx: TenantContext, input: ToLearnInput) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await requireScript(trx, input.project_sn);
      const text = (wire: keyof typeof TO_LEARN_FIELDS) => (input[wire] ?? '').trim();
      if (!text('context_follow') && !text('context_above') && !text('answer_above')) {
        throw new AppError(
          ErrorCode.WrongDataFormat,
          'context_above、context_follow、answer_above 至少填写一项',
        );
      }
      const [id] = await scriptLearningRepository.insertToLearn(trx, row.id, [
        {
          type: input.type,
          [TO_LEARN_FIELDS.context_above]: text('context_above'),
          [TO_LEARN_FIELDS.context_follow]: text('context_follow'),
          [TO_LEARN_FIELDS.answer_above]: text('answer_above'),
          node_title: '',
          description: input.desc?.trim() ?? '',
          call_sn: input.accounts_sn?.trim() ?? '',
          account_id: ctx.accountId,
          source: 'manual',
        } as const,
      ]);
      return { id: Number(id) };
    });
  }

  /** 5.11 `type=json`: the import columns (`*` = required). */
  async importColumns(ctx: TenantContext, projectSn: string): Promise<string[]> {
    const row = await this.store.tenant(ctx.teamId, (trx) => requireScript(trx, projectSn));
    return row.columns;
  }

  /** 5.11 `type=extend`: the extended fields with their meaning. */
  async extendedFields(ctx: TenantContext, projectSn: string): Promise<ExtendedField[]> {
    const row = await this.store.tenant(ctx.teamId, (trx) => requireScript(trx, projectSn));
    return extendedFields(parseDefinition(row.definition));
  }

  /** 5.11 without `type`: the import template as an xlsx file. */
  async importTemplate(ctx: TenantContext, projectSn: string) {
    const row = await this.store.tenant(ctx.teamId, (trx) => requireScript(trx, projectSn));
    return {
      filename: `${row.caption || '话术'}-导入模板.xlsx`,
      body: await buildImportTemplate(row.columns, extendedFields(parseDefinition(row.definition))),
    };
  }
}

async function requireScript(trx: Tx, projectSn: string) {
  if (projectSn.trim() === '') throw new AppError(ErrorCode.WrongDataFormat, '参数错误: 缺少 project_sn');
  const row = await scriptRepository.findWithDefinition(trx, projectSn);
  if (!row) throw new AppError(ErrorCode.NotFound, `话术模板不存在: ${projectSn}`);
  return row;
}

/** A stored definition (valid when saved); an unreadable one is shown as a script without items. */
function parseDefinition(definition: unknown) {
  const parsed = ScriptSchema.safeParse(definition);
  return parsed.success ? parsed.data : { variables: [], knowledge: [] as KnowledgeItem[] };
}

/** Knowledge items in script order; asked_times = the item's imported count + hits from calls. */
async function knowledgeViews(trx: Tx, scriptId: string, definition: unknown): Promise<KnowledgeView[]> {
  const hits = await scriptLearningRepository.knowledgeHits(trx, scriptId);
  return parseDefinition(definition).knowledge.map((k) => ({
    asks_sn: k.asks_sn,
    ask_caption: k.ask_caption,
    ask_title: k.ask_title,
    asked_times: k.asked_times + (hits.get(k.asks_sn) ?? 0),
  }));
}
