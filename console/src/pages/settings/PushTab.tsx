// 推送设置: push destinations (9.1), the delivery log with each event's attempts, dead letters and resend.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import {
  getCallback,
  pushDead,
  pushEvents,
  pushLog,
  pushResend,
  PUSH_KINDS,
  PUSH_OUTCOMES,
  PUSH_STATUS,
  setCallback,
  type PushEvent,
} from '../../api/settings';
import { ErrorState, errorText, QueryState } from '../../components/PageState';

/** The destinations as saved: the form opens on them, so saving never blanks an address nobody touched. */
function CallbackSettings() {
  const current = useQuery({ queryKey: ['push-callback'], queryFn: getCallback });
  return (
    <QueryState query={current}>
      {(c) => (
        <CallbackForm
          initial={{
            open: c.open_callback === 1,
            callback_url: c.callback_url || undefined,
            task_callback_url: c.task_callback_url || undefined,
          }}
        />
      )}
    </QueryState>
  );
}

interface CallbackValues {
  open: boolean;
  callback_url?: string;
  task_callback_url?: string;
}

function CallbackForm({ initial }: { initial: CallbackValues }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (v: CallbackValues) =>
      setCallback({
        open_callback: v.open ? 1 : 0,
        callback_url: v.callback_url ?? '',
        task_callback_url: v.task_callback_url ?? '',
      }),
    onSuccess: () => {
      void message.success('推送地址已保存');
      void client.invalidateQueries({ queryKey: ['push-callback'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Form<CallbackValues>
      name="callback"
      initialValues={initial}
      layout="inline"
      style={{ rowGap: 8, marginBottom: 16 }}
      onFinish={(v) => save.mutate(v)}
    >
      <Form.Item name="open" label="开启流水推送" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item
        name="callback_url"
        label="流水推送地址"
        rules={[{ type: 'url', message: '请输入 http(s) 地址' }]}
      >
        <Input style={{ width: 280 }} placeholder="https://crm.example.com/aicall" />
      </Form.Item>
      <Form.Item
        name="task_callback_url"
        label="导入结果推送地址"
        rules={[{ type: 'url', message: '请输入 http(s) 地址' }]}
      >
        <Input style={{ width: 280 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存
      </Button>
    </Form>
  );
}

function Attempts({ eventId, onClose }: { eventId?: string; onClose: () => void }) {
  const log = useQuery({
    queryKey: ['push-log', eventId],
    queryFn: () => pushLog(eventId!),
    enabled: !!eventId,
  });
  return (
    <Modal title="投递记录" open={!!eventId} onCancel={onClose} footer={null} width={900} destroyOnHidden>
      <QueryState query={log}>
        {(d) => (
          <Table
            rowKey="attempt"
            size="small"
            pagination={false}
            dataSource={d.attempts}
            locale={{ emptyText: '尚未投递' }}
            columns={[
              { title: '次数', dataIndex: 'attempt' },
              { title: '时间', dataIndex: 'attempted_at' },
              { title: 'HTTP', dataIndex: 'status_code' },
              { title: '耗时(ms)', dataIndex: 'latency_ms' },
              { title: '结果', dataIndex: 'outcome', render: (o: string) => PUSH_OUTCOMES[o] ?? o },
              { title: '错误', dataIndex: 'error', ellipsis: true },
            ]}
          />
        )}
      </QueryState>
    </Modal>
  );
}

function EventTable({
  rows,
  loading,
  onLog,
  onResend,
}: {
  rows: PushEvent[];
  loading: boolean;
  onLog: (id: string) => void;
  onResend: (id: string) => void;
}) {
  return (
    <Table<PushEvent>
      rowKey="event_id"
      size="small"
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: '没有推送记录' }}
      pagination={false}
      columns={[
        { title: '时间', dataIndex: 'created_at', width: 170 },
        { title: '类型', dataIndex: 'kind', render: (k: string) => PUSH_KINDS[k] ?? k },
        { title: '地址', dataIndex: 'target_url', ellipsis: true },
        {
          title: '状态',
          dataIndex: 'status',
          render: (s: string) => <Tag color={PUSH_STATUS[s]?.color}>{PUSH_STATUS[s]?.text ?? s}</Tag>,
        },
        { title: '尝试', dataIndex: 'attempts' },
        { title: '最近错误', dataIndex: 'last_error', ellipsis: true },
        {
          title: '操作',
          render: (_: unknown, e) => (
            <Space size={0}>
              <Button size="small" type="link" onClick={() => onLog(e.event_id)}>
                投递记录
              </Button>
              <Button size="small" type="link" onClick={() => onResend(e.event_id)}>
                重新推送
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

export default function PushTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [logOf, setLogOf] = useState<string>();
  const [deadPage, setDeadPage] = useState(0);
  const [cursor, setCursor] = useState(0);
  const events = useQuery({
    queryKey: ['push-events', cursor],
    queryFn: () => pushEvents(cursor),
    placeholderData: keepPreviousData,
  });
  const dead = useQuery({
    queryKey: ['push-dead', deadPage],
    queryFn: () => pushDead(deadPage, 20),
    placeholderData: keepPreviousData,
  });
  const resend = useMutation({
    mutationFn: (ids: string[]) => pushResend(ids),
    onSuccess: (r) => {
      void message.success(`已重新排队 ${r.resent} 条推送`);
      void client.invalidateQueries({ queryKey: ['push-dead'] });
      void client.invalidateQueries({ queryKey: ['push-events'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <div data-testid="push-tab">
      <CallbackSettings />
      <Typography.Title level={5}>推送日志</Typography.Title>
      {events.error ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <>
          <EventTable
            rows={events.data?.list ?? []}
            loading={events.isFetching}
            onLog={setLogOf}
            onResend={(id) => resend.mutate([id])}
          />
          <Space style={{ marginTop: 8 }}>
            <Button disabled={cursor === 0} onClick={() => setCursor(0)}>
              从头查看
            </Button>
            <Button
              disabled={!events.data?.has_more}
              onClick={() => setCursor(events.data?.next_cursor ?? 0)}
            >
              下一页
            </Button>
          </Space>
        </>
      )}
      <div data-testid="push-dead">
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          死信(多次投递失败)
        </Typography.Title>
        {dead.error ? (
          <ErrorState error={dead.error} onRetry={() => void dead.refetch()} />
        ) : (
          <>
            <Descriptions size="small" items={[{ label: '死信总数', children: dead.data?.total ?? 0 }]} />
            <EventTable
              rows={dead.data?.list ?? []}
              loading={dead.isFetching}
              onLog={setLogOf}
              onResend={(id) => resend.mutate([id])}
            />
            <Space style={{ marginTop: 8 }}>
              <Button disabled={deadPage === 0} onClick={() => setDeadPage((p) => p - 1)}>
                上一页
              </Button>
              <Button
                disabled={(deadPage + 1) * 20 >= (dead.data?.total ?? 0)}
                onClick={() => setDeadPage((p) => p + 1)}
              >
                下一页
              </Button>
            </Space>
          </>
        )}
      </div>
      <Attempts eventId={logOf} onClose={() => setLogOf(undefined)} />
    </div>
  );
}
