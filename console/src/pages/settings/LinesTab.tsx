// 线路: simulator and SIP lines with capacity, CPS and health; create, take down/up, and a test call.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { call } from '../../api/client';
import { createLine, listLines, setLineStatus, type Line } from '../../api/lines';
import { useCan } from '../../app/AuthContext';
import { ErrorState, errorText } from '../../components/PageState';

interface TestResult {
  result: string;
  result_name: string;
  talk_ms: number;
  sip_status?: number;
  sip_reason?: string;
}
const testCall = (line_id: number, phone: string) =>
  call<TestResult>('/ext/lines/testCall', { line_id: String(line_id), phone });

interface NewLine {
  kind: 'simulator' | 'sip';
  name: string;
  caller?: string;
  capacity?: number;
  cps?: number;
  host?: string;
  port?: number;
  transport?: 'udp' | 'tcp';
  username?: string;
  password?: string;
  is_default?: boolean;
}

function toCreate(v: NewLine) {
  const config =
    v.kind === 'sip'
      ? {
          host: v.host,
          port: v.port,
          transport: v.transport,
          username: v.username || undefined,
          password: v.password || undefined,
        }
      : {};
  return {
    kind: v.kind,
    name: v.name,
    caller: v.caller,
    capacity: v.capacity,
    cps: v.cps,
    config: JSON.stringify(config),
    is_default: v.is_default ? 1 : 0,
  };
}

function CreateLineModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<NewLine>();
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (v: NewLine) => createLine(toCreate(v)),
    onSuccess: () => {
      void message.success('线路已创建');
      void client.invalidateQueries({ queryKey: ['lines'] });
      form.resetFields();
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Modal
      title="新建线路"
      open={open}
      onCancel={onClose}
      okText="创建"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        name="line-create"
        layout="vertical"
        initialValues={{ kind: 'simulator', capacity: 10, cps: 2, transport: 'udp', port: 5060 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="kind" label="类型">
          <Select
            options={[
              { value: 'simulator', label: '模拟器(测试用)' },
              { value: 'sip', label: 'SIP 中继' },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label="线路名称" rules={[{ required: true, message: '请输入线路名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="caller" label="主叫号码">
          <Input placeholder="空 = 线路默认" />
        </Form.Item>
        <Space>
          <Form.Item name="capacity" label="最大并发">
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="cps" label="每秒呼叫数">
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Space>
        {kind === 'sip' && (
          <>
            <Form.Item
              name="host"
              label="SIP 服务器"
              rules={[{ required: true, message: '请输入SIP服务器地址' }]}
            >
              <Input placeholder="如 sip.example.com" />
            </Form.Item>
            <Space>
              <Form.Item name="port" label="端口">
                <InputNumber min={1} max={65535} />
              </Form.Item>
              <Form.Item name="transport" label="传输">
                <Select style={{ width: 100 }} options={[{ value: 'udp' }, { value: 'tcp' }]} />
              </Form.Item>
            </Space>
            <Space>
              <Form.Item name="username" label="认证用户名">
                <Input />
              </Form.Item>
              <Form.Item name="password" label="密码">
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Space>
          </>
        )}
        <Form.Item name="is_default" label="设为默认线路" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TestCallModal({ line, onClose }: { line?: Line; onClose: () => void }) {
  const [phone, setPhone] = useState('');
  const test = useMutation({ mutationFn: () => testCall(line!.line_id, phone.trim()) });
  return (
    <Modal
      title={`拨打测试 · ${line?.name ?? ''}`}
      open={line !== undefined}
      onCancel={() => {
        test.reset();
        onClose();
      }}
      footer={null}
      destroyOnHidden
    >
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label="测试号码"
          placeholder="被叫号码"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <Button
          type="primary"
          loading={test.isPending}
          disabled={!/^\+?\d{3,}$/.test(phone.trim())}
          onClick={() => test.mutate()}
        >
          拨打
        </Button>
      </Space.Compact>
      <div style={{ marginTop: 16 }} data-testid="test-call-result">
        {test.isPending && '正在呼叫,请稍候…'}
        {test.error && <Tag color="error">{errorText(test.error)}</Tag>}
        {test.data && (
          <Space wrap>
            <span>结果:</span>
            <Tag color={test.data.result === 'answered' ? 'success' : 'warning'}>{test.data.result_name}</Tag>
            <span>通话 {Math.round(test.data.talk_ms / 1000)} 秒</span>
            {test.data.sip_status !== undefined && (
              <span>
                SIP {test.data.sip_status} {test.data.sip_reason}
              </span>
            )}
          </Space>
        )}
      </div>
    </Modal>
  );
}

export default function LinesTab() {
  const can = useCan();
  const manage = can('account.manage');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [testing, setTesting] = useState<Line>();
  const lines = useQuery({ queryKey: ['lines'], queryFn: listLines });
  const status = useMutation({
    mutationFn: ({ line, up }: { line: Line; up: boolean }) =>
      setLineStatus(line.line_id, up ? 'up' : 'down'),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['lines'] }),
    onError: (err) => void message.error(errorText(err)),
  });
  if (lines.error) return <ErrorState error={lines.error} onRetry={() => void lines.refetch()} />;
  return (
    <div data-testid="lines-tab">
      {manage && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() => setCreating(true)}
        >
          新建线路
        </Button>
      )}
      <Table<Line>
        rowKey="line_id"
        loading={lines.isPending}
        dataSource={lines.data?.list ?? []}
        locale={{ emptyText: '还没有线路' }}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'sip' ? 'SIP' : '模拟器') },
          { title: '主叫', dataIndex: 'caller' },
          { title: '并发', dataIndex: 'capacity' },
          { title: 'CPS', dataIndex: 'cps' },
          {
            title: '状态',
            render: (_: unknown, l) => (
              <Space>
                <Tag color={l.status === 'up' ? 'success' : 'error'}>
                  {l.status === 'up' ? '正常' : '停用'}
                </Tag>
                {l.status_reason}
                {l.is_default === 1 && <Tag color="blue">默认</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_: unknown, l) =>
              manage && (
                <Space>
                  <Button size="small" type="link" onClick={() => setTesting(l)}>
                    拨打测试
                  </Button>
                  <Switch
                    size="small"
                    checked={l.status === 'up'}
                    checkedChildren="启用"
                    unCheckedChildren="停用"
                    onChange={(up) => status.mutate({ line: l, up })}
                  />
                </Space>
              ),
          },
        ]}
      />
      <CreateLineModal open={creating} onClose={() => setCreating(false)} />
      <TestCallModal line={testing} onClose={() => setTesting(undefined)} />
    </div>
  );
}
