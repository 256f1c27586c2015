// A task's numbers (5.4), paged on the server, with cancel (5.3) of selected numbers and fail-recall (5.5).
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Drawer, Input, Modal, Popconfirm, Radio, Select, Space, Table } from 'antd';
import {
  cancelNumbers,
  failRecall,
  listCallResults,
  listNumbers,
  NUMBER_STATUS,
  type Task,
  type TaskNumber,
} from '../../api/tasks';
import { useCan } from '../../app/AuthContext';
import { ErrorState, errorText } from '../../components/PageState';

function RecallModal({ task, open, onClose }: { task: Task; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const results = useQuery({ queryKey: ['call-results'], queryFn: listCallResults, enabled: open });
  const reasons = (results.data ?? []).filter((r) => r.retry === 'later').map((r) => r.name);
  const [picked, setPicked] = useState<string[]>([]);
  const [manual, setManual] = useState(1);
  const [name, setName] = useState('');
  const recall = useMutation({
    mutationFn: () =>
      failRecall({
        dial_task_main_sn: task.dial_task_main_sn,
        recall_manual: manual,
        fail_recall_of_reason: picked,
        task_name: manual === 0 ? name : undefined,
      }),
    onSuccess: (r) => {
      void message.success(r.msg || '已提交重呼');
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Modal
      title="失败重呼"
      open={open}
      onCancel={onClose}
      okText="重呼"
      okButtonProps={{ disabled: picked.length === 0, loading: recall.isPending }}
      onOk={() => recall.mutate()}
    >
      <p>选择要重呼的挂断原因:</p>
      <Checkbox.Group options={reasons} value={picked} onChange={(v) => setPicked(v)} />
      <Radio.Group
        style={{ marginTop: 16 }}
        value={manual}
        onChange={(e) => setManual(Number(e.target.value))}
      >
        <Radio value={1}>在原任务重呼</Radio>
        <Radio value={0}>重呼到新任务</Radio>
      </Radio.Group>
      {manual === 0 && (
        <Input
          style={{ marginTop: 8 }}
          placeholder="新任务名称"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      )}
    </Modal>
  );
}

export function NumbersDrawer({ task, onClose }: { task?: Task; onClose: () => void }) {
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [page, setPage] = useState({ index: 0, size: 20 });
  const [filter, setFilter] = useState<{ phone?: string; status?: number }>({});
  const [selected, setSelected] = useState<TaskNumber[]>([]);
  const [recallOpen, setRecallOpen] = useState(false);
  const numbers = useQuery({
    queryKey: ['numbers', task?.dial_task_main_id, filter, page],
    queryFn: () => listNumbers(task!.dial_task_main_id, filter, page.index, page.size),
    enabled: task !== undefined,
    placeholderData: keepPreviousData,
  });
  const cancel = useMutation({
    mutationFn: () => cancelNumbers(task!.dial_task_main_sn, selected),
    onSuccess: () => {
      void message.success(`已取消 ${selected.length} 个号码的呼叫`);
      setSelected([]);
      void client.invalidateQueries({ queryKey: ['numbers'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const manage = can('task.manage');
  return (
    <Drawer
      title={`号码列表 · ${task?.source ?? ''}`}
      open={task !== undefined}
      size={900}
      onClose={onClose}
      destroyOnHidden
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder="按号码查找"
          allowClear
          onSearch={(phone) => {
            setFilter((f) => ({ ...f, phone: phone || undefined }));
            setPage((p) => ({ ...p, index: 0 }));
          }}
        />
        <Select
          allowClear
          placeholder="号码状态"
          style={{ width: 140 }}
          options={Object.entries(NUMBER_STATUS).map(([v, label]) => ({ value: Number(v), label }))}
          onChange={(status?: number) => {
            setFilter((f) => ({ ...f, status }));
            setPage((p) => ({ ...p, index: 0 }));
          }}
        />
        {manage && (
          <Popconfirm
            title={`取消选中的 ${selected.length} 个号码的呼叫?`}
            onConfirm={() => cancel.mutate()}
            disabled={selected.length === 0}
          >
            <Button danger disabled={selected.length === 0} loading={cancel.isPending}>
              取消呼叫
            </Button>
          </Popconfirm>
        )}
        {manage && <Button onClick={() => setRecallOpen(true)}>失败重呼</Button>}
      </Space>
      {numbers.error ? (
        <ErrorState error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : (
        <Table<TaskNumber>
          size="small"
          rowKey="sn"
          loading={numbers.isFetching}
          dataSource={numbers.data?.list ?? []}
          rowSelection={
            manage
              ? { selectedRowKeys: selected.map((s) => s.sn), onChange: (_, rows) => setSelected(rows) }
              : undefined
          }
          pagination={{
            current: page.index + 1,
            pageSize: page.size,
            total: numbers.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 个号码`,
            onChange: (p, size) => setPage({ index: p - 1, size }),
          }}
          locale={{ emptyText: '没有号码' }}
          columns={[
            { title: '号码', dataIndex: 'phone' },
            { title: '姓名', dataIndex: 'name' },
            { title: '状态', dataIndex: 'status_name' },
            { title: '呼叫次数', dataIndex: 'call_count' },
            { title: '最近结果', dataIndex: 'last_result' },
            { title: '下次呼叫', dataIndex: 'next_call_at', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
      {task && <RecallModal task={task} open={recallOpen} onClose={() => setRecallOpen(false)} />}
    </Drawer>
  );
}
