// One script open for editing: the canvas (lazy: React Flow loads only here) with the selected node's panel,
// global handlers, knowledge base, what calls taught it; save as a new version, publish, versions, test chat.
// Every edit is validated on the server (debounced) and the problems are drawn on the nodes they concern.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Drawer, Dropdown, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, HistoryOutlined, MessageOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import {
  getScript,
  listVersions,
  publishScript,
  saveScript,
  validateScript,
  type NodeKind,
  type ScriptDefinition,
  type ScriptProblem,
} from '../../api/scripts';
import { useCan } from '../../app/AuthContext';
import { ErrorState, LoadingState } from '../../components/PageState';
import { AnswersPanel } from './AnswersPanel';
import { LearningPanel } from './LearningPanel';
import { NodeEditor } from './NodeEditor';
import { blankNode, KIND_LABELS, newNodeId, positionsOf, problemsByNode, withNode } from './script-graph';
import { TestChat } from './TestChat';

const ScriptCanvas = lazy(() => import('./ScriptCanvas'));

/** Problems of the draft, asked of the server a moment after the last edit (layout moves do not count). */
function useProblems(doc: ScriptDefinition | undefined): ScriptProblem[] {
  const [problems, setProblems] = useState<ScriptProblem[]>([]);
  const content = useMemo(() => (doc ? JSON.stringify({ ...doc, layout: undefined }) : ''), [doc]);
  useEffect(() => {
    if (!doc) return;
    let live = true;
    const timer = setTimeout(() => {
      validateScript(doc)
        .then((r) => live && setProblems(r.problems))
        .catch(() => undefined);
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-validate on content, not on canvas moves
  }, [content]);
  return problems;
}

function VersionsDrawer({
  sn,
  open,
  onClose,
  onOpenVersion,
}: {
  sn: string;
  open: boolean;
  onClose: () => void;
  onOpenVersion: (v: number) => void;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['script-versions', sn], queryFn: () => listVersions(sn), enabled: open });
  const publish = useMutation({
    mutationFn: (v: number) => publishScript(sn, v),
    onSuccess: (r) => {
      void message.success(`已发布版本 v${r.published_version}`);
      void client.invalidateQueries({ queryKey: ['script-versions', sn] });
      void client.invalidateQueries({ queryKey: ['script', sn] });
    },
    onError: (err) => void message.error(err.message),
  });
  return (
    <Drawer title="版本" open={open} onClose={onClose} width={560}>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table
          data-testid="versions"
          size="small"
          rowKey="version"
          loading={q.isFetching}
          dataSource={q.data?.list}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: '版本',
              dataIndex: 'version',
              render: (v: number, r) => (
                <Space>
                  v{v}
                  {r.published === 1 && <Tag color="green">已发布</Tag>}
                  {r.current === 1 && <Tag color="blue">最新</Tag>}
                </Space>
              ),
            },
            { title: '作者', dataIndex: 'author' },
            { title: '保存时间', dataIndex: 'created_at' },
            {
              title: '操作',
              render: (_, r) => (
                <Space>
                  <Button size="small" type="link" onClick={() => onOpenVersion(r.version)}>
                    查看
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    disabled={r.published === 1}
                    loading={publish.isPending}
                    onClick={() => publish.mutate(r.version)}
                  >
                    {r.version < (q.data?.published_version ?? 0) ? '回滚到此版本' : '发布'}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}

export function ScriptEditor() {
  const { sn = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canManage = useCan()('script.manage');
  const [version, setVersion] = useState<number>();
  const q = useQuery({ queryKey: ['script', sn, version], queryFn: () => getScript(sn, version) });
  const [doc, setDoc] = useState<ScriptDefinition>();
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string>();
  const [drawer, setDrawer] = useState<'versions' | 'chat'>();
  useEffect(() => {
    if (q.data) {
      setDoc(q.data.definition);
      setDirty(false);
    }
  }, [q.data]);
  const problems = useProblems(doc);
  const byNode = useMemo(() => problemsByNode(problems), [problems]);
  const errors = problems.filter((p) => p.severity === 'error').length;

  const edit = (next: ScriptDefinition) => {
    setDoc(next);
    setDirty(true);
  };
  const save = useMutation({
    mutationFn: (publish: boolean) => saveScript(sn, doc!, q.data!.current_version, publish),
    onSuccess: (saved) => {
      void message.success(
        `已保存为版本 v${saved.version}${saved.published_version === saved.version ? ',已发布' : ''}`,
      );
      setVersion(undefined);
      void client.invalidateQueries({ queryKey: ['script', sn] });
      void client.invalidateQueries({ queryKey: ['script-versions', sn] });
      void client.invalidateQueries({ queryKey: ['scripts'] });
    },
    onError: (err) => void message.error(err.message),
  });
  const publish = useMutation({
    mutationFn: () => publishScript(sn, q.data!.version),
    onSuccess: (r) => {
      void message.success(`已发布版本 v${r.published_version}`);
      void client.invalidateQueries({ queryKey: ['script', sn] });
    },
    onError: (err) => void message.error(err.message),
  });

  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data || !doc) return <LoadingState />;
  const view = q.data;
  const addNode = (kind: NodeKind) => {
    const id = newNodeId(doc, kind);
    const positions = positionsOf(doc);
    // Beside the selected node (or the first column), below everything already there.
    const x = (positions[selected ?? '']?.x ?? -320) + 320;
    const y = Math.max(-200, ...Object.values(positions).map((p) => p.y)) + 200;
    edit({ ...withNode(doc, id, blankNode(kind)), layout: { ...positions, [id]: { x, y } } });
    setSelected(id);
  };
  const unplaced = byNode.get('') ?? [];
  return (
    <div
      data-testid="script-editor"
      style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 96px)' }}
    >
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/scripts')}>
            话术列表
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {view.project_name}
          </Typography.Title>
          <Tag>v{view.version}</Tag>
          {view.published_version === view.version ? (
            <Tag color="green">已发布</Tag>
          ) : (
            <Tag color="orange">未发布</Tag>
          )}
          {view.version !== view.current_version && (
            <Tag color="purple">历史版本(最新 v{view.current_version})</Tag>
          )}
          {dirty && <Tag color="gold">有未保存的修改</Tag>}
          <Badge count={errors} data-testid="problem-count">
            <Tag color={errors ? 'red' : problems.length ? 'orange' : 'green'}>
              {errors ? `${errors} 个错误` : problems.length ? `${problems.length} 个提示` : '校验通过'}
            </Tag>
          </Badge>
        </Space>
        <Space wrap>
          {canManage && (
            <>
              <Dropdown
                menu={{
                  items: (Object.keys(KIND_LABELS) as NodeKind[]).map((k) => ({
                    key: k,
                    label: `${KIND_LABELS[k]}节点`,
                  })),
                  onClick: ({ key }) => addNode(key as NodeKind),
                }}
              >
                <Button icon={<PlusOutlined />}>添加节点</Button>
              </Dropdown>
              <Button
                disabled={!dirty || errors > 0}
                loading={save.isPending}
                onClick={() => save.mutate(false)}
              >
                保存
              </Button>
              <Button
                type="primary"
                disabled={errors > 0 || (!dirty && view.published_version === view.version)}
                loading={save.isPending || publish.isPending}
                onClick={() => (dirty ? save.mutate(true) : publish.mutate())}
              >
                {dirty ? '保存并发布' : '发布'}
              </Button>
            </>
          )}
          <Button icon={<HistoryOutlined />} onClick={() => setDrawer('versions')}>
            版本
          </Button>
          <Button icon={<MessageOutlined />} onClick={() => setDrawer('chat')}>
            测试对话
          </Button>
        </Space>
      </Space>
      {unplaced.length > 0 && (
        <div data-testid="script-problems" style={{ marginBottom: 8 }}>
          {unplaced.map((p, i) => (
            <div key={i} style={{ color: p.severity === 'error' ? '#cf1322' : '#ad6800' }}>
              {p.path ? `${p.path}: ` : ''}
              {p.message}
            </div>
          ))}
        </div>
      )}
      <Tabs
        style={{ flex: 1, minHeight: 0 }}
        items={[
          {
            key: 'canvas',
            label: '流程画布',
            children: (
              <div style={{ display: 'flex', gap: 8, height: 'calc(100vh - 220px)', minHeight: 560 }}>
                <div style={{ flex: 1, border: '1px solid #f0f0f0', background: '#fff' }}>
                  <Suspense fallback={<LoadingState tip="加载画布…" />}>
                    <ScriptCanvas
                      doc={doc}
                      problems={byNode}
                      selected={selected}
                      onSelect={setSelected}
                      onChange={edit}
                    />
                  </Suspense>
                </div>
                {selected && doc.nodes[selected] && (
                  <div style={{ width: 380 }}>
                    <NodeEditor
                      doc={doc}
                      id={selected}
                      problems={byNode.get(selected) ?? []}
                      onChange={edit}
                      onClose={() => setSelected(undefined)}
                    />
                  </div>
                )}
              </div>
            ),
          },
          {
            key: 'globals',
            label: '全局处理',
            children: <AnswersPanel kind="globals" doc={doc} problems={problems} onChange={edit} />,
          },
          {
            key: 'knowledge',
            label: '知识库',
            children: <AnswersPanel kind="knowledge" doc={doc} problems={problems} onChange={edit} />,
          },
          {
            key: 'learning',
            label: '待学习与热点问题',
            children: (
              <LearningPanel
                projectSn={sn}
                doc={doc}
                onLearned={() => {
                  setVersion(undefined);
                  void client.invalidateQueries({ queryKey: ['script', sn] });
                }}
              />
            ),
          },
        ]}
      />
      <VersionsDrawer
        sn={sn}
        open={drawer === 'versions'}
        onClose={() => setDrawer(undefined)}
        onOpenVersion={(v) => {
          setVersion(v);
          setDrawer(undefined);
        }}
      />
      <Drawer
        title="测试对话"
        open={drawer === 'chat'}
        onClose={() => setDrawer(undefined)}
        width={460}
        destroyOnHidden
      >
        {dirty && (
          <Typography.Paragraph type="warning">有未保存的修改:测试的是已保存的版本。</Typography.Paragraph>
        )}
        <TestChat projectSn={sn} version={view.version} />
      </Drawer>
    </div>
  );
}
