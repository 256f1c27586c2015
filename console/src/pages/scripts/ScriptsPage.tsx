// 话术: the scripts of the team (drafts included) with create and delete; a script opens in the editor.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Route, Routes, useNavigate } from 'react-router';
import { createScript, deleteScript, listScripts, type ScriptRecord } from '../../api/scripts';
import { useCan } from '../../app/AuthContext';
import { ErrorState } from '../../components/PageState';
import { ScriptEditor } from './ScriptEditor';
import { starterScript } from './script-graph';

function ScriptList() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const canManage = useCan()('script.manage');
  const [name, setName] = useState<string>();
  const [page, setPage] = useState({ index: 1, size: 20 });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const q = useQuery({
    queryKey: ['scripts', name, page],
    queryFn: () => listScripts(name, page.index - 1, page.size),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: (n: string) => createScript(starterScript(n), n),
    onSuccess: (saved) => {
      setCreating(false);
      void client.invalidateQueries({ queryKey: ['scripts'] });
      void navigate(`/scripts/${encodeURIComponent(saved.project_sn)}`);
    },
    onError: (err) => void message.error(err.message),
  });
  const remove = useMutation({
    mutationFn: deleteScript,
    onSuccess: () => {
      void message.success('已删除');
      void client.invalidateQueries({ queryKey: ['scripts'] });
    },
    onError: (err) => void message.error(err.message),
  });
  return (
    <Card
      data-testid="scripts-page"
      title="话术"
      extra={
        <Space>
          <Input.Search
            placeholder="按名称搜索"
            allowClear
            onSearch={(v) => {
              setName(v || undefined);
              setPage((p) => ({ ...p, index: 1 }));
            }}
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建话术
            </Button>
          )}
        </Space>
      }
    >
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<ScriptRecord>
          rowKey="sn"
          loading={q.isFetching}
          dataSource={q.data?.list}
          locale={{ emptyText: '还没有话术,点击「新建话术」开始' }}
          pagination={{
            current: page.index,
            pageSize: page.size,
            total: q.data?.total,
            onChange: (index, size) => setPage({ index, size }),
          }}
          columns={[
            { title: '名称', dataIndex: 'project_name' },
            { title: '话术标题', dataIndex: 'project_caption' },
            { title: '最新版本', dataIndex: 'version', render: (v: number) => `v${v}` },
            {
              title: '发布',
              dataIndex: 'published_version',
              render: (v: number | null, r) =>
                v === null ? (
                  <Tag color="orange">未发布</Tag>
                ) : (
                  <Tag color={v === r.version ? 'green' : 'blue'}>v{v} 已发布</Tag>
                ),
            },
            { title: '更新时间', dataIndex: 'updated_at' },
            {
              title: '操作',
              render: (_, r) => (
                <Space>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void navigate(`/scripts/${encodeURIComponent(r.sn)}`)}
                  >
                    {canManage ? '编辑' : '查看'}
                  </Button>
                  {canManage && (
                    <Popconfirm
                      title="删除该话术? 使用它的任务将被暂停"
                      onConfirm={() => remove.mutate(r.sn)}
                    >
                      <Button type="link" size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        title="新建话术"
        open={creating}
        onCancel={() => setCreating(false)}
        confirmLoading={create.isPending}
        onOk={() => void form.validateFields().then((v) => create.mutate(v.name.trim()))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="name"
            label="话术名称"
            rules={[{ required: true, whitespace: true, message: '请填写话术名称' }, { max: 100 }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export default function ScriptsPage() {
  return (
    <Routes>
      <Route index element={<ScriptList />} />
      <Route path=":sn" element={<ScriptEditor />} />
    </Routes>
  );
}
