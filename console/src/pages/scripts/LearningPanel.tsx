// What calls teach a script: the to-learn list (7.5: replies the robot could not place), each labelled with the
// branch, global handler or knowledge answer it should have led to (a new version), and the hot questions (7.3).
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Modal, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import {
  hotQuestions,
  labelToLearn,
  toLearnList,
  type LabelTarget,
  type ScriptDefinition,
  type ToLearnItem,
} from '../../api/scripts';
import { ErrorState } from '../../components/PageState';
import { branchLabel } from './script-graph';

const TYPES: Record<number, string> = { 1: '无法回答', 2: '答非所问', 3: '识别异常' };

interface LabelForm {
  to: 'branch' | 'global' | 'knowledge';
  node?: string;
  branch?: string;
  global?: string;
  asks_sn?: string;
  publish: boolean;
}

function LabelDialog({
  item,
  doc,
  projectSn,
  onDone,
  onCancel,
}: {
  item: ToLearnItem;
  doc: ScriptDefinition;
  projectSn: string;
  onDone: (version: number) => void;
  onCancel: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LabelForm>();
  const to = Form.useWatch('to', form);
  const node = Form.useWatch('node', form);
  const listening = Object.entries(doc.nodes).filter(
    ([, n]) => n.kind === 'say' && (n.branches ?? []).length > 0,
  );
  const label = useMutation({
    mutationFn: (v: LabelForm) => {
      const target: LabelTarget =
        v.to === 'branch'
          ? { node: v.node, branch: v.branch }
          : v.to === 'global'
            ? { global: v.global }
            : { asks_sn: v.asks_sn };
      return labelToLearn(projectSn, item.id, target, v.publish);
    },
    onSuccess: (saved) => {
      void message.success(
        `已学习,保存为版本 v${saved.version}${saved.published_version === saved.version ? '并已发布' : ''}`,
      );
      onDone(saved.version);
    },
    onError: (err) => void message.error(err.message),
  });
  const required = [{ required: true, message: '请选择' }];
  return (
    <Modal
      title={`标注: “${item.context_follow}”`}
      open
      onCancel={onCancel}
      okText="学习"
      confirmLoading={label.isPending}
      onOk={() => void form.validateFields().then((v) => label.mutate(v))}
    >
      <Form form={form} layout="vertical" initialValues={{ to: 'branch', publish: false }}>
        <Form.Item name="to" label="这句话应当">
          <Radio.Group
            options={[
              { value: 'branch', label: '进入节点的分支' },
              { value: 'global', label: '触发全局处理' },
              { value: 'knowledge', label: '回答知识库问题' },
            ]}
          />
        </Form.Item>
        {to === 'branch' && (
          <>
            <Form.Item name="node" label="节点" rules={required}>
              <Select
                aria-label="标注节点"
                options={listening.map(([id, n]) => ({ value: id, label: `${n.title || id} (${id})` }))}
                onChange={() => form.setFieldValue('branch', undefined)}
              />
            </Form.Item>
            <Form.Item name="branch" label="分支" rules={required}>
              <Select
                aria-label="标注分支"
                options={(doc.nodes[node ?? '']?.branches ?? []).map((b, i) => ({
                  value: b.id ?? `${node}#${i + 1}`,
                  label: `${i + 1}. ${branchLabel(b)} → ${b.target}`,
                }))}
              />
            </Form.Item>
          </>
        )}
        {to === 'global' && (
          <Form.Item name="global" label="全局处理" rules={required}>
            <Select options={(doc.globals ?? []).map((g) => ({ value: g.id, label: g.title }))} />
          </Form.Item>
        )}
        {to === 'knowledge' && (
          <Form.Item name="asks_sn" label="知识库问题" rules={required}>
            <Select options={(doc.knowledge ?? []).map((k) => ({ value: k.asks_sn, label: k.ask_title }))} />
          </Form.Item>
        )}
        <Form.Item name="publish" valuePropName="checked">
          <Checkbox>学习后立即发布新版本</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ToLearn({
  projectSn,
  doc,
  onLearned,
}: {
  projectSn: string;
  doc: ScriptDefinition;
  onLearned: (v: number) => void;
}) {
  const [page, setPage] = useState({ index: 1, size: 10 });
  const [type, setType] = useState<number>();
  const [labelling, setLabelling] = useState<ToLearnItem>();
  const q = useQuery({
    queryKey: ['to-learn', projectSn, type, page],
    queryFn: () => toLearnList(projectSn, type, page.index - 1, page.size),
    placeholderData: keepPreviousData,
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div data-testid="to-learn">
      <Select
        allowClear
        placeholder="全部类型"
        style={{ width: 160, marginBottom: 8 }}
        options={Object.entries(TYPES).map(([v, l]) => ({ value: Number(v), label: l }))}
        onChange={(v?: number) => {
          setType(v);
          setPage((p) => ({ ...p, index: 1 }));
        }}
      />
      <Table<ToLearnItem>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.data}
        locale={{ emptyText: '暂无待学习问题' }}
        pagination={{
          current: page.index,
          pageSize: page.size,
          total: q.data?.total,
          onChange: (index, size) => setPage({ index, size }),
        }}
        columns={[
          { title: '类型', dataIndex: 'type', render: (t: number) => <Tag>{TYPES[t] ?? t}</Tag>, width: 100 },
          { title: '机器人上一句', dataIndex: 'context_above', ellipsis: true },
          { title: '客户说', dataIndex: 'context_follow' },
          { title: '节点', dataIndex: 'node_title', width: 140 },
          { title: '时间', dataIndex: 'created_at', width: 170 },
          {
            title: '操作',
            width: 90,
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                disabled={!r.context_follow.trim()}
                onClick={() => setLabelling(r)}
              >
                标注
              </Button>
            ),
          },
        ]}
      />
      {labelling && (
        <LabelDialog
          item={labelling}
          doc={doc}
          projectSn={projectSn}
          onCancel={() => setLabelling(undefined)}
          onDone={(v) => {
            setLabelling(undefined);
            onLearned(v);
          }}
        />
      )}
    </div>
  );
}

function HotQuestions({ projectSn }: { projectSn: string }) {
  const [page, setPage] = useState({ index: 1, size: 10 });
  const q = useQuery({
    queryKey: ['hot-questions', projectSn, page],
    queryFn: () => hotQuestions(projectSn, page.index - 1, page.size),
    placeholderData: keepPreviousData,
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Table
      data-testid="hot-questions"
      size="small"
      rowKey="asks_sn"
      loading={q.isFetching}
      dataSource={q.data?.data}
      locale={{ emptyText: '暂无知识库问题' }}
      pagination={{
        current: page.index,
        pageSize: page.size,
        total: q.data?.total,
        onChange: (index, size) => setPage({ index, size }),
      }}
      columns={[
        { title: '问题', dataIndex: 'ask_title' },
        { title: '回答', dataIndex: 'ask_caption', ellipsis: true },
        { title: '被问次数', dataIndex: 'asked_times', width: 100 },
      ]}
    />
  );
}

export function LearningPanel(props: {
  projectSn: string;
  doc: ScriptDefinition;
  onLearned: (v: number) => void;
}) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Tabs
        items={[
          { key: 'to-learn', label: '待学习', children: <ToLearn {...props} /> },
          { key: 'hot', label: '热点问题', children: <HotQuestions projectSn={props.projectSn} /> },
        ]}
      />
    </Space>
  );
}
