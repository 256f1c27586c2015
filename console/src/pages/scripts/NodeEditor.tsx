// The side panel for the selected node: its title and lines, whether it listens, its branches (kind, keywords
// or pattern or keys, where they lead, labels), jump/transfer targets; delete the node or make it the entry.
import {
  Button,
  Card,
  Divider,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Branch, ScriptDefinition, ScriptNode, ScriptProblem, Variant } from '../../api/scripts';
import { BRANCH_KINDS, KIND_LABELS, keywordText, withNode } from './script-graph';

const lines = (vs: Variant[] | undefined) =>
  (vs ?? []).map((v) => (typeof v === 'string' ? v : v.text)).join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

interface Props {
  doc: ScriptDefinition;
  id: string;
  problems: ScriptProblem[];
  onChange: (doc: ScriptDefinition) => void;
  onClose: () => void;
}

export function NodeEditor({ doc, id, problems, onChange, onClose }: Props) {
  const node = doc.nodes[id];
  if (!node) return null;
  const set = (patch: Partial<ScriptNode>) => onChange(withNode(doc, id, { ...node, ...patch }));
  const targets = Object.entries(doc.nodes)
    .filter(([k]) => k !== id)
    .map(([k, n]) => ({ value: k, label: `${n.title || k} (${k})` }));
  const branches = node.branches ?? [];
  const setBranch = (i: number, patch: Partial<Branch>) =>
    set({ branches: branches.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const isEntry = doc.flows?.[0]?.entry === id;
  return (
    <Card
      size="small"
      data-testid="node-editor"
      title={`${KIND_LABELS[node.kind]}节点 · ${id}`}
      extra={
        <Button size="small" type="text" onClick={onClose}>
          关闭
        </Button>
      }
      style={{ height: '100%', overflow: 'auto' }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {problems.map((p, i) => (
          <Typography.Text key={i} type={p.severity === 'error' ? 'danger' : 'warning'}>
            {p.message}
          </Typography.Text>
        ))}
        <label>
          标题
          <Input aria-label="节点标题" value={node.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        {node.kind !== 'jump' && (
          <label>
            话术(每行一种说法,可用 {'{变量}'})
            <Input.TextArea
              aria-label="节点话术"
              autoSize={{ minRows: 2, maxRows: 6 }}
              value={lines(node.variants)}
              onChange={(e) => set({ variants: e.target.value.split('\n') })}
              onBlur={(e) => set({ variants: fromLines(e.target.value) })}
            />
          </label>
        )}
        {node.kind === 'say' && (
          <Space>
            等待客户回答
            <Switch checked={node.listen !== false} onChange={(v) => set({ listen: v })} />
          </Space>
        )}
        {node.kind === 'say' && node.listen === false && (
          <Select
            allowClear
            placeholder="说完后继续到"
            style={{ width: '100%' }}
            value={node.next}
            options={targets}
            onChange={(v) => set({ next: v })}
          />
        )}
        {node.kind === 'jump' && (
          <Select
            aria-label="跳转到"
            placeholder="跳转到"
            style={{ width: '100%' }}
            value={node.target}
            options={targets}
            onChange={(v) => set({ target: v })}
          />
        )}
        {node.kind === 'transfer' && (
          <Input prefix="转接到" value={node.target} onChange={(e) => set({ target: e.target.value })} />
        )}
        {node.kind === 'hangup' && (
          <Input
            prefix="挂机原因"
            value={node.reason ?? ''}
            onChange={(e) => set({ reason: e.target.value })}
          />
        )}
        {node.kind === 'say' && (
          <>
            <Divider plain style={{ margin: '8px 0' }}>
              分支
            </Divider>
            {branches.map((b, i) => (
              <Card key={i} size="small" data-testid={`branch-${i}`} styles={{ body: { padding: 8 } }}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Select
                      aria-label={`分支${i + 1}类型`}
                      style={{ width: 110 }}
                      value={b.kind}
                      options={Object.entries(BRANCH_KINDS).map(([value, label]) => ({ value, label }))}
                      onChange={(kind) => setBranch(i, { kind })}
                    />
                    <Select
                      aria-label={`分支${i + 1}去向`}
                      style={{ flex: 1 }}
                      value={b.target || undefined}
                      placeholder="去向节点"
                      options={targets}
                      onChange={(target) => setBranch(i, { target })}
                    />
                    <Button
                      aria-label={`删除分支${i + 1}`}
                      icon={<DeleteOutlined />}
                      onClick={() => set({ branches: branches.filter((_, j) => j !== i) })}
                    />
                  </Space.Compact>
                  {b.kind === 'keywords' && (
                    <Select
                      aria-label={`分支${i + 1}关键词`}
                      mode="tags"
                      placeholder="关键词(回车添加; 支持 * 和 (a|b))"
                      value={(b.keywords ?? []).map(keywordText)}
                      onChange={(words: string[]) => setBranch(i, { keywords: words })}
                      open={false}
                      style={{ width: '100%' }}
                    />
                  )}
                  {b.kind === 'regex' && (
                    <Input
                      placeholder="正则表达式"
                      value={b.pattern}
                      onChange={(e) => setBranch(i, { pattern: e.target.value })}
                    />
                  )}
                  {b.kind === 'dtmf' && (
                    <Input
                      placeholder="按键,如 1 或 12"
                      value={b.digits}
                      onChange={(e) => setBranch(i, { digits: e.target.value })}
                    />
                  )}
                  {b.kind === 'intent' && (
                    <Input
                      placeholder="意图名称"
                      value={b.intent}
                      onChange={(e) => setBranch(i, { intent: e.target.value })}
                    />
                  )}
                  <Space>
                    <Select
                      mode="tags"
                      placeholder="标签(如 有意向)"
                      value={b.labels ?? []}
                      onChange={(labels: string[]) => setBranch(i, { labels })}
                      open={false}
                      style={{ minWidth: 160 }}
                    />
                    <InputNumber
                      size="small"
                      prefix="优先级"
                      value={b.priority ?? 0}
                      onChange={(v) => setBranch(i, { priority: v ?? 0 })}
                      style={{ width: 130 }}
                    />
                  </Space>
                </Space>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => set({ branches: [...branches, { kind: 'keywords', keywords: [], target: '' }] })}
            >
              添加分支
            </Button>
          </>
        )}
        <Divider style={{ margin: '8px 0' }} />
        <Space wrap>
          <Button
            disabled={isEntry}
            onClick={() => {
              const flows = [...(doc.flows ?? [])];
              flows[0] = { ...(flows[0] ?? { id: 'main', title: '主流程' }), entry: id };
              onChange({ ...doc, flows });
            }}
          >
            设为主流程入口
          </Button>
          <Popconfirm
            title="删除该节点及指向它的连线?"
            onConfirm={() => {
              onClose();
              onChange(withNode(doc, id, undefined));
            }}
          >
            <Button danger icon={<DeleteOutlined />}>
              删除节点
            </Button>
          </Popconfirm>
        </Space>
      </Space>
    </Card>
  );
}
