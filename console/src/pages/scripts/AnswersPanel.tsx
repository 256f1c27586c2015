// Global handlers (全局处理: what the callee may say at any node) and knowledge-base Q&A (知识库): both are
// keywords → a reply, then return / hang up / go to a node. Edited in a table with an edit dialog.
import { useState } from 'react';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type {
  AfterAnswer,
  GlobalHandler,
  KnowledgeItem,
  ScriptDefinition,
  ScriptProblem,
} from '../../api/scripts';
import { keywordText } from './script-graph';

const THEN: Record<AfterAnswer, string> = { return: '回到原节点', hangup: '挂机', goto: '跳转到节点' };

interface Row {
  key: string;
  title: string;
  reply: string;
  keywords: string[];
  then: AfterAnswer;
  target?: string;
}

interface Props {
  kind: 'globals' | 'knowledge';
  doc: ScriptDefinition;
  problems: ScriptProblem[];
  onChange: (doc: ScriptDefinition) => void;
}

const toRow = (kind: Props['kind'], item: GlobalHandler | KnowledgeItem): Row =>
  kind === 'globals'
    ? {
        key: (item as GlobalHandler).id,
        title: item.title as string,
        reply: ((item as GlobalHandler).variants ?? [])
          .map((v) => (typeof v === 'string' ? v : v.text))
          .join('\n'),
        keywords: (item.keywords ?? []).map(keywordText),
        then: item.then ?? 'return',
        target: item.target,
      }
    : {
        key: (item as KnowledgeItem).asks_sn,
        title: (item as KnowledgeItem).ask_title,
        reply: (item as KnowledgeItem).ask_caption,
        keywords: (item.keywords ?? []).map(keywordText),
        then: item.then ?? 'return',
        target: item.target,
      };

function fromRow(kind: Props['kind'], row: Row, old: GlobalHandler | KnowledgeItem | undefined) {
  const common = {
    keywords: row.keywords,
    then: row.then,
    target: row.then === 'goto' ? row.target : undefined,
  };
  if (kind === 'globals') {
    const replies = row.reply
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return { ...old, id: row.key, title: row.title, variants: replies, ...common } as GlobalHandler;
  }
  return {
    ...old,
    asks_sn: row.key,
    ask_title: row.title,
    ask_caption: row.reply,
    ...common,
  } as KnowledgeItem;
}

const newKey = (kind: Props['kind']) =>
  kind === 'globals'
    ? `global_${Date.now().toString(36)}`
    : `asks|${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

export function AnswersPanel({ kind, doc, problems, onChange }: Props) {
  const items: (GlobalHandler | KnowledgeItem)[] = (kind === 'globals' ? doc.globals : doc.knowledge) ?? [];
  const rows = items.map((i) => toRow(kind, i));
  const [editing, setEditing] = useState<Row>();
  const [form] = Form.useForm<Row>();
  const label = kind === 'globals' ? '全局处理' : '知识库问答';
  const save = (list: (GlobalHandler | KnowledgeItem)[]) => onChange({ ...doc, [kind]: list });
  const nodeOptions = Object.entries(doc.nodes).map(([k, n]) => ({
    value: k,
    label: `${n.title || k} (${k})`,
  }));
  const prefix = kind === 'globals' ? 'globals.' : 'knowledge.';
  const mine = problems.filter((p) => p.path.startsWith(prefix));
  return (
    <div data-testid={`${kind}-panel`}>
      {mine.map((p, i) => (
        <div key={i} style={{ color: p.severity === 'error' ? '#cf1322' : '#ad6800' }}>
          {p.path}: {p.message}
        </div>
      ))}
      <Button
        icon={<PlusOutlined />}
        style={{ marginBottom: 8 }}
        onClick={() => {
          const row: Row = { key: newKey(kind), title: '', reply: '', keywords: [], then: 'return' };
          form.setFieldsValue(row);
          setEditing(row);
        }}
      >
        添加{label}
      </Button>
      <Table<Row>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: kind === 'globals' ? '名称' : '问题', dataIndex: 'title' },
          {
            title: '关键词',
            dataIndex: 'keywords',
            render: (ks: string[]) => ks.map((k) => <Tag key={k}>{k}</Tag>),
          },
          { title: '回答', dataIndex: 'reply', ellipsis: true },
          {
            title: '之后',
            dataIndex: 'then',
            render: (t: AfterAnswer, r) => THEN[t] + (t === 'goto' ? ` ${r.target ?? ''}` : ''),
          },
          {
            title: '操作',
            render: (_, r) => (
              <Space>
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    form.setFieldsValue(r);
                    setEditing(r);
                  }}
                >
                  编辑
                </Button>
                <Popconfirm
                  title={`删除该${label}?`}
                  onConfirm={() => save(items.filter((_, i) => rows[i]!.key !== r.key))}
                >
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={label}
        open={editing !== undefined}
        onCancel={() => setEditing(undefined)}
        onOk={() =>
          void form.validateFields().then((values) => {
            const row = { ...editing!, ...values };
            const index = rows.findIndex((r) => r.key === row.key);
            const item = fromRow(kind, row, items[index]);
            save(index < 0 ? [...items, item] : items.map((it, i) => (i === index ? item : it)));
            setEditing(undefined);
          })
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="title"
            label={kind === 'globals' ? '名称' : '问题'}
            rules={[{ required: true, message: '请填写' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="keywords" label="关键词(回车添加)">
            <Select mode="tags" open={false} />
          </Form.Item>
          <Form.Item name="reply" label="机器人回答" rules={[{ required: true, message: '请填写回答' }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="then" label="回答之后">
            <Select options={Object.entries(THEN).map(([value, l]) => ({ value, label: l }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.then !== b.then}>
            {() =>
              form.getFieldValue('then') === 'goto' && (
                <Form.Item
                  name="target"
                  label="跳转到节点"
                  rules={[{ required: true, message: '请选择节点' }]}
                >
                  <Select options={nodeOptions} />
                </Form.Item>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
