// 防打扰 (§8): list paged on the server, add one number, upload a spreadsheet, delete, download.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Popconfirm, Space, Table, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { saveBlob } from '../../api/client';
import { addDnd, deleteDnd, downloadDnd, listDnd, uploadDnd, type DndItem } from '../../api/settings';
import { useCan } from '../../app/AuthContext';
import { ErrorState, errorText } from '../../components/PageState';

/** Spreadsheet kinds the server reads; anything else is refused here with a clear message. */
const SHEET = /\.(xlsx|xls|csv)$/i;

export default function DndTab() {
  const can = useCan();
  const manage = can('dnd.manage');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [phone, setPhone] = useState('');
  const [page, setPage] = useState({ index: 0, size: 20 });
  const [selected, setSelected] = useState<number[]>([]);
  const [form] = Form.useForm<{ phone: string; term_value: number; remark?: string }>();
  const list = useQuery({
    queryKey: ['dnd', phone, page],
    queryFn: () => listDnd(phone, page.index, page.size),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['dnd'] });
  const fail = (err: unknown) => void message.error(errorText(err));
  const add = useMutation({
    mutationFn: addDnd,
    onSuccess: (r) => {
      void message.success(r.msg || '添加成功');
      form.resetFields(['phone', 'remark']);
      refresh();
    },
    onError: fail,
  });
  const sheet = useMutation({
    mutationFn: (file: File) => uploadDnd(file, form.getFieldValue('term_value') ?? 0),
    onSuccess: (r) => {
      void message.success(r.msg || '导入成功');
      refresh();
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: deleteDnd,
    onSuccess: (r) => {
      void message.success(`${r.msg || '移除成功'}(成功 ${r.success} 个)`);
      setSelected([]);
      refresh();
    },
    onError: fail,
  });
  const download = useMutation({
    mutationFn: downloadDnd,
    onSuccess: (blob) => saveBlob(blob, '防打扰名单.xlsx'),
    onError: fail,
  });
  return (
    <div data-testid="dnd-tab">
      {manage && (
        <Form
          form={form}
          name="dnd-add"
          layout="inline"
          initialValues={{ term_value: 0 }}
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(v) => add.mutate(v)}
        >
          <Form.Item
            name="phone"
            label="号码"
            rules={[{ required: true, pattern: /^[\d,,\s+-]{5,}$/, message: '请输入正确的号码' }]}
          >
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="term_value" label="屏蔽天数" tooltip="0 = 永久">
            <InputNumber min={0} max={36500} />
          </Form.Item>
          <Form.Item name="remark" label="备注">
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              添加
            </Button>
            <Upload
              accept=".xlsx,.xls,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                if (!SHEET.test(file.name)) void message.error('请上传 Excel(.xlsx/.xls)或 CSV 表格文件');
                else sheet.mutate(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={sheet.isPending}>
                上传表格
              </Button>
            </Upload>
          </Space>
        </Form>
      )}
      <Space style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="按号码查找"
          onSearch={(v) => {
            setPhone(v.trim());
            setPage((p) => ({ ...p, index: 0 }));
          }}
        />
        <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()}>
          下载
        </Button>
        {manage && (
          <Popconfirm
            title={`确定移除选中的 ${selected.length} 个号码?`}
            disabled={selected.length === 0}
            onConfirm={() => remove.mutate(selected)}
          >
            <Button danger icon={<DeleteOutlined />} disabled={selected.length === 0}>
              删除
            </Button>
          </Popconfirm>
        )}
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<DndItem>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.datas ?? []}
          locale={{ emptyText: '防打扰名单为空' }}
          rowSelection={
            manage
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }
              : undefined
          }
          pagination={{
            current: page.index + 1,
            pageSize: page.size,
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 个号码`,
            onChange: (p, size) => setPage({ index: p - 1, size }),
          }}
          columns={[
            { title: '号码', dataIndex: 'phone' },
            { title: '来源', dataIndex: 'is_auto' },
            {
              title: '屏蔽天数',
              dataIndex: 'term_value',
              render: (v: string) => (v === '0' ? '永久' : `${v}天`),
            },
            { title: '到期时间', dataIndex: 'term_time' },
            { title: '备注', dataIndex: 'remark' },
            { title: '添加时间', dataIndex: 'created_at' },
          ]}
        />
      )}
    </div>
  );
}
