// 任务管理: tasks with progress and status, filters, create/append from a file, operate, the number list.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { listLines } from '../../api/lines';
import {
  listTasks,
  operateTask,
  TASK_STATUS,
  type Task,
  type TaskFilter,
  type TaskOperation,
} from '../../api/tasks';
import { useCan } from '../../app/AuthContext';
import { ErrorState, errorText } from '../../components/PageState';
import { fmtDateTime, lastDays, percentOf } from '../../lib/format';
import { CreateTaskDrawer } from './CreateTaskDrawer';
import { NumbersDrawer } from './NumbersDrawer';

interface FilterForm {
  source?: string;
  status?: number;
  range?: [Dayjs, Dayjs];
}

const OPERATIONS: Record<TaskOperation, string> = {
  stop: '暂停',
  keepOn: '继续',
  end: '终止',
  delete: '删除',
};

function toFilter(v: FilterForm): TaskFilter {
  const [from, to] = v.range ?? lastDays(30);
  return {
    source: v.source || undefined,
    status: v.status,
    start_create_at: fmtDateTime(from),
    end_create_at: fmtDateTime(to),
  };
}

export default function TasksPage() {
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<TaskFilter>(() => toFilter({}));
  const [page, setPage] = useState({ index: 0, size: 20 });
  const [creating, setCreating] = useState<{ appendTo?: { sn: string; name: string } }>();
  const [numbersOf, setNumbersOf] = useState<Task>();
  const tasks = useQuery({
    queryKey: ['tasks', filter, page],
    queryFn: () => listTasks(filter, page.index, page.size),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  // Names for the 线路 column; a task without its own line dials on the team's default.
  const lines = useQuery({ queryKey: ['lines'], queryFn: listLines, staleTime: 60_000 });
  const lineName = (id: string) =>
    id === '' ? '默认线路' : (lines.data?.list.find((l) => String(l.line_id) === id)?.name ?? `线路 ${id}`);
  const operate = useMutation({
    mutationFn: ({ task, oper }: { task: Task; oper: TaskOperation }) =>
      operateTask([task.dial_task_main_id], oper),
    onSuccess: (r, { oper }) => {
      void message.success(r.msg || `${OPERATIONS[oper]}成功`);
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const manage = can('task.manage');
  const op = (task: Task, oper: TaskOperation, danger = false, label = OPERATIONS[oper]) => (
    <Popconfirm
      key={oper}
      title={`确定${label}任务「${task.source}」?`}
      onConfirm={() => operate.mutate({ task, oper })}
    >
      <Button size="small" type="link" danger={danger}>
        {label}
      </Button>
    </Popconfirm>
  );
  return (
    <Card title="任务管理" data-testid="tasks-page">
      <Form<FilterForm>
        name="task-filter"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ range: lastDays(30) }}
        onFinish={(v) => {
          setFilter(toFilter(v));
          setPage((p) => ({ ...p, index: 0 }));
        }}
      >
        <Form.Item name="source" label="任务名称">
          <Input allowClear placeholder="模糊查找" />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select
            allowClear
            style={{ width: 120 }}
            options={Object.entries(TASK_STATUS).map(([v, s]) => ({ value: Number(v), label: s.text }))}
          />
        </Form.Item>
        <Form.Item name="range" label="创建时间">
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button htmlType="submit" type="primary">
            查询
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void tasks.refetch()} />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({})}>
              新建任务
            </Button>
          )}
        </Space>
      </Form>
      {tasks.error ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <Table<Task>
          rowKey="dial_task_main_id"
          loading={tasks.isPending}
          dataSource={tasks.data?.list ?? []}
          locale={{ emptyText: '该时间段内没有任务' }}
          pagination={{
            current: page.index + 1,
            pageSize: page.size,
            total: tasks.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 个任务`,
            onChange: (p, size) => setPage({ index: p - 1, size }),
          }}
          columns={[
            { title: '任务名称', dataIndex: 'source' },
            { title: '话术', dataIndex: 'project_caption', ellipsis: true, width: 220 },
            {
              title: '状态',
              dataIndex: 'status_code',
              render: (code: number, t) => (
                <Tag color={TASK_STATUS[code]?.color}>{TASK_STATUS[code]?.text ?? t.status}</Tag>
              ),
            },
            {
              title: '进度',
              width: 180,
              render: (_: unknown, t) => (
                <Progress
                  size="small"
                  percent={percentOf(t.send_count, t.total_count)}
                  format={() => `${t.send_count}/${t.total_count}`}
                />
              ),
            },
            {
              title: '线路',
              dataIndex: 'trunkgroup_sn',
              ellipsis: true,
              width: 160,
              render: (id: string) => lineName(id),
            },
            { title: '接通', dataIndex: 'success' },
            { title: '失败', dataIndex: 'fail' },
            { title: '创建人', dataIndex: 'user_name' },
            { title: '创建时间', dataIndex: 'created_at', width: 170 },
            {
              title: '操作',
              render: (_: unknown, t) => (
                <Space size={0} wrap>
                  <Button size="small" type="link" onClick={() => setNumbersOf(t)}>
                    号码
                  </Button>
                  {manage && t.status_code !== 6 && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => setCreating({ appendTo: { sn: t.dial_task_main_sn, name: t.source } })}
                    >
                      追加
                    </Button>
                  )}
                  {manage && t.status_code === 2 && op(t, 'keepOn', false, '开始')}
                  {manage && t.status_code === 0 && op(t, 'stop')}
                  {manage && t.status_code === 4 && op(t, 'keepOn')}
                  {manage && t.status_code !== 6 && t.status_code !== 1 && op(t, 'end', true)}
                  {manage && op(t, 'delete', true)}
                </Space>
              ),
            },
          ]}
        />
      )}
      <CreateTaskDrawer
        open={creating !== undefined}
        appendTo={creating?.appendTo}
        onClose={(changed) => {
          setCreating(undefined);
          if (changed) void client.invalidateQueries({ queryKey: ['tasks'] });
        }}
      />
      {/* Keyed by task: another task's numbers open without the previous one's search, page or selection. */}
      <NumbersDrawer
        key={numbersOf?.dial_task_main_id}
        task={numbersOf}
        onClose={() => setNumbersOf(undefined)}
      />
    </Card>
  );
}
