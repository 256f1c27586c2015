// The script as a graph for the canvas: node positions (saved ones, else laid out in columns by depth from the
// flows' entries), the links between nodes (branches, `next`, jump targets) and the edits the canvas makes.
import type {
  Branch,
  Keyword,
  NodeKind,
  Position,
  ScriptDefinition,
  ScriptNode,
  ScriptProblem,
} from '../../api/scripts';

export const KIND_LABELS: Record<NodeKind, string> = {
  say: '说话',
  jump: '跳转',
  hangup: '挂机',
  transfer: '转人工',
};

export const BRANCH_KINDS: Record<string, string> = {
  affirm: '肯定',
  negate: '否定',
  refuse: '拒绝',
  busy: '在忙',
  hesitate: '犹豫',
  repeat: '没听清',
  silence: '沉默',
  noMatch: '未识别',
  keywords: '关键词',
  regex: '正则',
  intent: '意图',
  dtmf: '按键',
};

export const keywordText = (k: Keyword) => (typeof k === 'string' ? k : k.word);

/** A branch's caption on the canvas: its kind, and its words/keys when it has them. */
export function branchLabel(b: Branch): string {
  const kind = BRANCH_KINDS[b.kind] ?? b.kind;
  if (b.kind === 'keywords') return `${kind}: ${(b.keywords ?? []).map(keywordText).join('、') || '(空)'}`;
  if (b.kind === 'regex') return `${kind}: ${b.pattern ?? ''}`;
  if (b.kind === 'dtmf') return `${kind}: ${b.digits ?? ''}`;
  if (b.kind === 'intent') return `${kind}: ${b.intent ?? ''}`;
  return kind;
}

/** A link on the canvas; `handle` names where it leaves its node (`b<i>` = the i-th branch, `next`, `target`). */
export interface Link {
  readonly id: string;
  readonly source: string;
  readonly handle: string;
  readonly target: string;
  readonly label: string;
}

export function linksOf(doc: ScriptDefinition): Link[] {
  const links: Link[] = [];
  for (const [id, node] of Object.entries(doc.nodes)) {
    (node.branches ?? []).forEach((b, i) => {
      if (b.target)
        links.push({
          id: `${id}|b${i}`,
          source: id,
          handle: `b${i}`,
          target: b.target,
          label: branchLabel(b),
        });
    });
    if (node.kind === 'say' && node.next) {
      links.push({ id: `${id}|next`, source: id, handle: 'next', target: node.next, label: '继续' });
    }
    if (node.kind === 'jump' && node.target) {
      links.push({ id: `${id}|target`, source: id, handle: 'target', target: node.target, label: '' });
    }
  }
  return links.filter((l) => l.target in doc.nodes);
}

const COLUMN = 320;
const ROW = 190;

/** Saved positions, and for nodes without one a column per depth from the flows' entries (unreached last). */
export function positionsOf(doc: ScriptDefinition): Record<string, Position> {
  const saved = doc.layout ?? {};
  const depth = new Map<string, number>();
  const queue: string[] = [];
  for (const f of doc.flows ?? []) {
    if (f.entry in doc.nodes && !depth.has(f.entry)) {
      depth.set(f.entry, 0);
      queue.push(f.entry);
    }
  }
  const links = linksOf(doc);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const l of links) {
      if (l.source === id && !depth.has(l.target)) {
        depth.set(l.target, depth.get(id)! + 1);
        queue.push(l.target);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  const out: Record<string, Position> = {};
  for (const id of Object.keys(doc.nodes)) {
    const col = depth.get(id) ?? maxDepth + 1;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    out[id] = saved[id] ?? { x: col * COLUMN, y: row * ROW };
  }
  return out;
}

/** Problems grouped by the node they concern; the rest (settings, globals, knowledge) under ''. */
export function problemsByNode(problems: readonly ScriptProblem[]): Map<string, ScriptProblem[]> {
  const map = new Map<string, ScriptProblem[]>();
  for (const p of problems) {
    const key = p.nodeId ?? /^nodes\.([^.]+)/.exec(p.path)?.[1] ?? '';
    map.set(key, [...(map.get(key) ?? []), p]);
  }
  return map;
}

/** A new node id not yet used, e.g. `say_3`. */
export function newNodeId(doc: ScriptDefinition, kind: NodeKind): string {
  for (let n = Object.keys(doc.nodes).length + 1; ; n++) {
    const id = `${kind}_${n}`;
    if (!(id in doc.nodes)) return id;
  }
}

export function blankNode(kind: NodeKind): ScriptNode {
  const title = KIND_LABELS[kind];
  if (kind === 'say') return { kind, title: `新${title}节点`, variants: ['请输入机器人的话'], branches: [] };
  if (kind === 'jump') return { kind, title: '跳转' };
  if (kind === 'hangup') return { kind, title: '结束', variants: ['好的，再见。'] };
  return { kind, title: '转人工', variants: ['正在为您转接人工客服。'], target: 'default' };
}

/** The definition with one node replaced (or removed when `node` is undefined, with the links to it). */
export function withNode(doc: ScriptDefinition, id: string, node: ScriptNode | undefined): ScriptDefinition {
  const nodes = { ...doc.nodes };
  if (node) {
    nodes[id] = node;
    return { ...doc, nodes };
  }
  delete nodes[id];
  for (const [k, n] of Object.entries(nodes)) {
    const branches = n.branches?.filter((b) => b.target !== id);
    nodes[k] = {
      ...n,
      ...(branches ? { branches } : {}),
      ...(n.next === id ? { next: undefined } : {}),
      ...(n.kind === 'jump' && n.target === id ? { target: undefined } : {}),
    };
  }
  const layout = { ...doc.layout };
  delete layout[id];
  return { ...doc, nodes, layout };
}

const SIMPLE_KINDS = ['affirm', 'negate', 'refuse', 'busy', 'hesitate'];

/**
 * Connects `source` to `target` from `handle`: an existing branch / next / jump target is re-aimed; the
 * "new branch" handle adds a branch (the first yes/no/… kind the node lacks, else an empty keyword branch).
 */
export function connect(
  doc: ScriptDefinition,
  source: string,
  handle: string,
  target: string,
): ScriptDefinition {
  const node = doc.nodes[source];
  if (!node || !(target in doc.nodes)) return doc;
  const branch = /^b(\d+)$/.exec(handle);
  if (branch) {
    const branches = [...(node.branches ?? [])];
    const i = Number(branch[1]);
    if (branches[i]) branches[i] = { ...branches[i], target };
    return withNode(doc, source, { ...node, branches });
  }
  if (handle === 'next') return withNode(doc, source, { ...node, next: target });
  if (handle === 'target') return withNode(doc, source, { ...node, target });
  const used = new Set((node.branches ?? []).map((b) => b.kind));
  const kind = SIMPLE_KINDS.find((k) => !used.has(k));
  const added: Branch = kind ? { kind, target } : { kind: 'keywords', keywords: [], target };
  return withNode(doc, source, { ...node, branches: [...(node.branches ?? []), added] });
}

/** Removes the link `id` (as made by linksOf). */
export function disconnect(doc: ScriptDefinition, linkId: string): ScriptDefinition {
  const [source = '', handle = ''] = linkId.split('|');
  const node = doc.nodes[source];
  if (!node) return doc;
  const branch = /^b(\d+)$/.exec(handle);
  if (branch) {
    return withNode(doc, source, {
      ...node,
      branches: (node.branches ?? []).filter((_, i) => i !== Number(branch[1])),
    });
  }
  if (handle === 'next') return withNode(doc, source, { ...node, next: undefined });
  return withNode(doc, source, { ...node, target: undefined });
}

/** A new script's starting point: a greeting that ends the call on yes. */
export function starterScript(name: string): ScriptDefinition {
  return {
    version: 1,
    name,
    flows: [{ id: 'main', title: '主流程', entry: 'greet' }],
    nodes: {
      greet: {
        kind: 'say',
        title: '01开场白',
        variants: ['您好，请问是{姓名}吗？'],
        branches: [{ kind: 'affirm', target: 'bye' }],
      },
      bye: { kind: 'hangup', title: '结束', variants: ['好的，感谢您的接听，再见。'] },
    },
    variables: [{ name: '姓名', default: '您' }],
    settings: { fallback: 'bye' },
  };
}
