// Script documents and helpers for the script API tests.
import type { Session, TestApp } from './test-app.js';
import { call } from './test-app.js';

/** A script document, loosely typed so tests can break it. */
export interface ScriptDoc {
  version: number;
  name: string;
  variables: { name: string; required?: boolean; description?: string; default?: string }[];
  flows: { id: string; title: string; entry: string }[];
  settings: Record<string, unknown>;
  nodes: Record<string, Record<string, unknown>>;
  knowledge: Record<string, unknown>[];
  [key: string]: unknown;
}

/**
 * A small valid script: greet → (yes) offer → hang up; two knowledge items; an extended field 套餐.
 * @example const doc = smallScript({ name: '另一个话术' });
 */
export function smallScript(patch: Partial<ScriptDoc> = {}): ScriptDoc {
  return {
    version: 1,
    name: '宽带续费提醒',
    variables: [
      { name: '姓名', default: '您' },
      { name: '电话', required: true },
      { name: '套餐', required: true, description: '当前宽带套餐名称' },
    ],
    flows: [
      { id: 'main', title: '主流程', entry: 'greet' },
      { id: 'retain', title: '挽留', entry: 'retain' },
    ],
    settings: { fallback: 'bye', voiceBreak: 1 },
    nodes: {
      greet: {
        kind: 'say',
        title: '01打招呼',
        variants: ['您好，请问是{姓名}吗？您的{套餐}下月到期。'],
        branches: [
          { kind: 'affirm', target: 'offer' },
          { kind: 'refuse', target: 'retain' },
        ],
      },
      offer: {
        kind: 'say',
        title: '02续费',
        variants: ['现在续费可以打八折，需要帮您办理吗？'],
        branches: [{ kind: 'affirm', target: 'bye' }],
      },
      retain: {
        kind: 'say',
        title: '03挽留',
        variants: ['续费还送一个月，您再考虑一下？'],
        branches: [{ kind: 'affirm', target: 'offer' }],
      },
      bye: { kind: 'hangup', title: '04结束', variants: ['感谢您的接听，再见！'] },
    },
    knowledge: [
      {
        asks_sn: 'asks|00000000000000000000000000000001',
        ask_title: '价格',
        ask_caption: '八折后每月八十元。',
        keywords: ['多少钱', '价格'],
      },
      {
        asks_sn: 'asks|00000000000000000000000000000002',
        ask_title: '网速',
        ask_caption: '套餐是千兆宽带。',
        keywords: ['网速', '多快'],
      },
    ],
    ...patch,
  };
}

/** A script with three errors: a jump to a missing node, a loop with no way out, a keyword branch without words. */
export function brokenScript(): ScriptDoc {
  const doc = smallScript();
  doc.nodes.offer = {
    kind: 'say',
    title: '02续费',
    variants: ['需要帮您办理吗？'],
    branches: [
      { kind: 'affirm', target: 'bye' },
      { kind: 'negate', target: 'loop_a' },
      { kind: 'keywords', keywords: [], target: 'bye' },
      { kind: 'busy', target: 'go_nowhere' },
    ],
  };
  doc.nodes.go_nowhere = { kind: 'jump', title: '跳转', target: 'missing_node' };
  doc.nodes.loop_a = {
    kind: 'say',
    title: 'A',
    variants: ['a'],
    branches: [{ kind: 'affirm', target: 'loop_b' }],
  };
  doc.nodes.loop_b = {
    kind: 'say',
    title: 'B',
    variants: ['b'],
    branches: [{ kind: 'affirm', target: 'loop_a' }],
  };
  doc.settings = { voiceBreak: 1 };
  return doc;
}

export interface Saved {
  code: number;
  msg: string;
  data: { project_sn: string; question_sn: string; version: number; published_version: number | null };
  problems?: { code: string; severity: string; path: string; message: string }[];
}

/** Creates a script through the extended API (published unless told otherwise). */
export async function createScript(
  t: TestApp,
  s: Session,
  doc: ScriptDoc = smallScript(),
  opts: { publish?: boolean; project_name?: string } = {},
): Promise<Saved> {
  return call<Saved>(t, s, '/ext/scripts/create', {
    definition: doc,
    publish: opts.publish ?? true,
    ...opts,
  });
}

/** The database ids of a team and one of its scripts (for the dialer-facing service calls). */
export async function scriptIds(
  t: TestApp,
  projectSn: string,
): Promise<{ teamId: string; scriptId: string }> {
  const row = await t.app.db.system
    .selectFrom('scripts')
    .select(['id', 'team_id'])
    .where('sn', '=', projectSn)
    .executeTakeFirstOrThrow();
  return { teamId: row.team_id, scriptId: row.id };
}
