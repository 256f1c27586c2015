// 通话记录: the 6.1 filters, paged on the server; a row opens the detail drawer (dialogue, recording, grade).
import { lazy, Suspense, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { GRADES, type CallRecord, type RecordFilter } from '../../api/records';
import { listCallResults, listProjects, listTasks } from '../../api/tasks';
import { ErrorState } from '../../components/PageState';
import { lastDays } from '../../lib/format';
import { gradeTag } from './GradeTag';
import {
  DEFAULT_DAYS,
  FIRST_PAGE,
  recordsQuery,
  toRecordFilter,
  type RecordFilterForm,
} from './records-query';

// The detail drawer (dialogue, recording player, classification) loads when a record is first opened.
const RecordDrawer = lazy(() => import('./RecordDrawer'));

export default function RecordsPage() {
  const [filter, setFilter] = useState<RecordFilter>(() => toRecordFilter({}));
  const [page, setPage] = useState(FIRST_PAGE);
  const [open, setOpen] = useState<CallRecord>();
  // Once opened, the drawer stays mounted so that it can animate closed.
  const [drawerUsed, setDrawerUsed] = useState(false);
  const show = (r: CallRecord) => {
    setDrawerUsed(true);
    setOpen(r);
  };
  const records = useQuery({ ...recordsQuery(filter, page), placeholderData: keepPreviousData });
  // Choices for the filters; a failure leaves the select empty rather than the page blank.
  const tasks = useQuery({ queryKey: ['record-filter-tasks'], queryFn: () => listTasks({}, 0, 200) });
  const projects = useQuery({ queryKey: ['projects'], queryFn: listProjects });
  const results = useQuery({ queryKey: ['call-results'], queryFn: listCallResults });
  return (
    <Card title="通话记录" data-testid="records-page">
      <Form<RecordFilterForm>
        name="record-filter"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ range: lastDays(DEFAULT_DAYS), status_search: 'status' }}
        onFinish={(v) => {
          setFilter(toRecordFilter(v));
          setPage((p) => ({ ...p, index: 0 }));
        }}
      >
        <Form.Item name="range" label="呼叫时间">
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item name="namephone" label="号码/姓名">
          <Input allowClear placeholder="模糊查找" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="tasks" label="任务">
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 180 }}
            loading={tasks.isPending}
            optionFilterProp="label"
            options={tasks.data?.list.map((t) => ({ value: t.dial_task_main_sn, label: t.source }))}
          />
        </Form.Item>
        <Form.Item name="projects" label="话术">
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 160 }}
            loading={projects.isPending}
            options={projects.data?.map((p) => ({ value: p.project_sn, label: p.project_caption }))}
          />
        </Form.Item>
        <Form.Item label="意向等级">
          <Space.Compact>
            <Form.Item name="status_search" noStyle>
              <Select
                style={{ width: 110 }}
                aria-label="等级来源"
                options={[
                  { value: 'status', label: 'AI等级' },
                  { value: 'status_manual', label: '人工分类' },
                ]}
              />
            </Form.Item>
            <Form.Item name="grades" noStyle>
              <Select
                mode="multiple"
                allowClear
                aria-label="等级"
                style={{ minWidth: 120 }}
                options={GRADES.map((g) => ({ value: g, label: g }))}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="results" label="号码状态">
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 160 }}
            optionFilterProp="label"
            options={results.data?.map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Form.Item label="通话时长(秒)">
          <Space.Compact>
            <Form.Item name="talk_min" noStyle>
              <InputNumber min={0} placeholder="最少" aria-label="通话时长最少" />
            </Form.Item>
            <Form.Item name="talk_max" noStyle>
              <InputNumber min={0} placeholder="最多" aria-label="通话时长最多" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item label="对话轮数">
          <Space.Compact>
            <Form.Item name="turns_min" noStyle>
              <InputNumber min={0} placeholder="最少" aria-label="对话轮数最少" />
            </Form.Item>
            <Form.Item name="turns_max" noStyle>
              <InputNumber min={0} placeholder="最多" aria-label="对话轮数最多" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="mark" label="备注">
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button htmlType="submit" type="primary">
            查询
          </Button>
          <Button icon={<ReloadOutlined />} aria-label="刷新" onClick={() => void records.refetch()} />
        </Space>
      </Form>
      {records.error ? (
        <ErrorState error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <Table<CallRecord>
          rowKey="sn"
          loading={records.isFetching}
          dataSource={records.data?.list ?? []}
          locale={{ emptyText: '该条件下没有通话记录' }}
          onRow={(r) => ({ onClick: () => show(r), style: { cursor: 'pointer' } })}
          pagination={{
            current: page.index + 1,
            pageSize: page.size,
            total: records.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条记录`,
            onChange: (p, size) => setPage({ index: p - 1, size }),
          }}
          columns={[
            { title: '号码', dataIndex: 'phone', width: 130 },
            { title: '姓名', dataIndex: 'name', width: 100 },
            { title: '任务', dataIndex: 'source', ellipsis: true },
            { title: '话术', dataIndex: 'project_caption', ellipsis: true },
            { title: '号码状态', dataIndex: 'hangup_reason', width: 110 },
            { title: '通话时长', dataIndex: 'talktimes', width: 90, render: (s: number) => `${s}秒` },
            { title: '轮数', dataIndex: 'turn_count', width: 70 },
            { title: 'AI等级', dataIndex: 'status', width: 80, render: gradeTag },
            { title: '人工分类', dataIndex: 'status_manual', width: 90, render: gradeTag },
            { title: '呼叫时间', dataIndex: 'started_at', width: 170 },
            {
              title: '操作',
              width: 80,
              render: (_: unknown, r) => (
                <Button
                  size="small"
                  type="link"
                  onClick={(e) => {
                    e.stopPropagation();
                    show(r);
                  }}
                >
                  详情
                </Button>
              ),
            },
          ]}
        />
      )}
      {drawerUsed && (
        <Suspense fallback={null}>
          <RecordDrawer record={open} onClose={() => setOpen(undefined)} />
        </Suspense>
      )}
    </Card>
  );
}
