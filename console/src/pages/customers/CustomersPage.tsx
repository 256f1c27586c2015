// 公海 / 私海: the public pool (customers nobody owns: take them) and the private pool (one's own customers, all of
// them for a main account: give up, transfer, collaborators), searched by number or name prefix, grade, source,
// update time (and owner); paged on the server. A row opens the customer's timeline.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useLocation } from 'react-router';
import {
  giveUpCustomers,
  listCustomers,
  listSubAccounts,
  setCollaborators,
  SOURCES,
  takeCustomers,
  transferCustomers,
  type Customer,
  type CustomerSearch,
} from '../../api/customers';
import { useAuth, useCan } from '../../app/AuthContext';
import { ErrorState } from '../../components/PageState';
import { CustomerDrawer, GRADE_COLORS } from './CustomerDrawer';

interface SearchForm {
  namephone?: string;
  status?: string[];
  follow_set_id?: number[];
  updated?: [Dayjs, Dayjs] | null;
  user_sn?: string;
}

function toSearch(v: SearchForm): CustomerSearch {
  return {
    namephone: v.namephone?.trim() || undefined,
    status: v.status,
    follow_set_id: v.follow_set_id,
    updated_at_start: v.updated?.[0]?.format('YYYY-MM-DD'),
    updated_at_end: v.updated?.[1]?.format('YYYY-MM-DD'),
    user_sn: v.user_sn,
  };
}

/** Picks sub-accounts: one (transfer) or several (collaborators). */
function AccountsDialog(props: {
  title: string;
  multiple: boolean;
  initial: string[];
  onOk: (sns: string[]) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [value, setValue] = useState<string[]>(props.initial);
  const accounts = useQuery({ queryKey: ['sub-accounts'], queryFn: listSubAccounts });
  return (
    <Modal
      title={props.title}
      open
      onCancel={props.onCancel}
      confirmLoading={props.busy}
      okButtonProps={{ disabled: !props.multiple && value.length === 0 }}
      onOk={() => props.onOk(value)}
    >
      {accounts.error ? (
        <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <Select
          aria-label="选择账号"
          style={{ width: '100%' }}
          loading={accounts.isPending}
          mode={props.multiple ? 'multiple' : undefined}
          placeholder={props.multiple ? '协同账号(可多选,清空即取消协同)' : '接收客户的账号'}
          value={props.multiple ? value : value[0]}
          onChange={(v: string | string[]) => setValue(Array.isArray(v) ? v : v ? [v] : [])}
          options={(accounts.data?.data ?? []).map((a) => ({
            value: a.user_sn,
            label: `${a.user_name}${a.contact ? ` (${a.contact})` : ''}`,
          }))}
        />
      )}
    </Modal>
  );
}

export default function CustomersPage() {
  const isPrivate = useLocation().pathname.startsWith('/customers/private') ? 1 : 0;
  const { me } = useAuth();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SearchForm>();
  const [search, setSearch] = useState<CustomerSearch>({});
  const [page, setPage] = useState({ index: 1, size: 20 });
  const [picked, setPicked] = useState<string[]>([]);
  const [open, setOpen] = useState<string>();
  const [dialog, setDialog] = useState<{ kind: 'transfer' | 'share'; customers: Customer[] }>();
  const q = useQuery({
    queryKey: ['customers', isPrivate, search, page],
    queryFn: () => listCustomers(isPrivate, search, page.index - 1, page.size),
    placeholderData: keepPreviousData,
  });
  const done = (text: string) => {
    void message.success(text);
    setPicked([]);
    setDialog(undefined);
    void client.invalidateQueries({ queryKey: ['customers'] });
    void client.invalidateQueries({ queryKey: ['customer'] });
  };
  const act = useMutation({
    mutationFn: async (a: {
      kind: 'take' | 'giveUp' | 'transfer' | 'share';
      phones: string[];
      sns?: string[];
    }) => {
      if (a.kind === 'take') await takeCustomers(a.phones);
      else if (a.kind === 'giveUp') await giveUpCustomers(a.phones);
      else if (a.kind === 'transfer') await transferCustomers(a.phones, a.sns![0]!);
      else for (const p of a.phones) await setCollaborators(p, a.sns ?? []);
      return a.kind;
    },
    onSuccess: (kind) =>
      done(
        { take: '已领取到我的私海', giveUp: '已放弃到公海', transfer: '已转让', share: '协同已更新' }[kind],
      ),
    onError: (err) => {
      void message.error(err.message);
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  const canTransfer = can('customer.manage');
  const title = isPrivate ? '私海客户' : '公海客户';
  const actions = (c: Customer) =>
    isPrivate ? (
      <Space size={0}>
        <Popconfirm title="放弃到公海?" onConfirm={() => act.mutate({ kind: 'giveUp', phones: [c.phone] })}>
          <Button type="link" size="small">
            放弃
          </Button>
        </Popconfirm>
        {canTransfer && (
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'transfer', customers: [c] })}>
            转让
          </Button>
        )}
        <Button type="link" size="small" onClick={() => setDialog({ kind: 'share', customers: [c] })}>
          协同
        </Button>
      </Space>
    ) : (
      <Button type="link" size="small" onClick={() => act.mutate({ kind: 'take', phones: [c.phone] })}>
        领取
      </Button>
    );
  return (
    <Card data-testid={isPrivate ? 'private-pool' : 'public-pool'} title={title}>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => {
          setSearch(toSearch(v));
          setPage((p) => ({ ...p, index: 1 }));
        }}
      >
        <Form.Item name="namephone">
          <Input aria-label="号码或姓名" placeholder="号码或姓名(前缀)" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            aria-label="意向等级"
            mode="multiple"
            placeholder="意向等级"
            style={{ minWidth: 140 }}
            options={['A', 'B', 'C', 'D', 'E', 'F'].map((g) => ({ value: g, label: `${g}类` }))}
          />
        </Form.Item>
        <Form.Item name="follow_set_id">
          <Select
            mode="multiple"
            placeholder="来源"
            style={{ minWidth: 140 }}
            options={Object.entries(SOURCES).map(([v, l]) => ({ value: Number(v), label: l }))}
          />
        </Form.Item>
        <Form.Item name="updated">
          <DatePicker.RangePicker placeholder={['更新起', '更新止']} />
        </Form.Item>
        {isPrivate === 1 && me.is_main && (
          <Form.Item name="user_sn">
            <OwnerSelect />
          </Form.Item>
        )}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              搜索
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setSearch({});
                setPage((p) => ({ ...p, index: 1 }));
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        {isPrivate ? (
          <>
            <Button
              disabled={picked.length === 0}
              onClick={() => act.mutate({ kind: 'giveUp', phones: picked })}
            >
              批量放弃
            </Button>
            {canTransfer && (
              <Button
                disabled={picked.length === 0}
                onClick={() =>
                  setDialog({
                    kind: 'transfer',
                    customers: (q.data?.list ?? []).filter((c) => picked.includes(c.phone)),
                  })
                }
              >
                批量转让
              </Button>
            )}
          </>
        ) : (
          <Button disabled={picked.length === 0} onClick={() => act.mutate({ kind: 'take', phones: picked })}>
            批量领取
          </Button>
        )}
        <span>已选 {picked.length} 个</span>
      </Space>
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<Customer>
          rowKey="phone"
          size="middle"
          loading={q.isFetching || act.isPending}
          dataSource={q.data?.list}
          locale={{ emptyText: isPrivate ? '私海中没有客户' : '公海中没有客户' }}
          rowSelection={{ selectedRowKeys: picked, onChange: (keys) => setPicked(keys as string[]) }}
          pagination={{
            current: page.index,
            pageSize: page.size,
            total: q.data?.total,
            showTotal: (t) => `共 ${t} 个客户`,
            onChange: (index, size) => setPage({ index, size }),
          }}
          columns={[
            {
              title: '号码',
              dataIndex: 'phone',
              render: (p: string) => (
                <Button type="link" size="small" onClick={() => setOpen(p)}>
                  {p}
                </Button>
              ),
            },
            { title: '姓名', dataIndex: 'name' },
            { title: '公司', dataIndex: 'unit', ellipsis: true },
            {
              title: '意向',
              dataIndex: 'status',
              render: (g: string) => g && <Tag color={GRADE_COLORS[g]}>{g}</Tag>,
            },
            { title: '来源', dataIndex: 'follow_set_id', render: (v: number) => SOURCES[v] ?? v },
            ...(isPrivate
              ? [
                  { title: '归属', dataIndex: 'user_name' },
                  {
                    title: '协同',
                    dataIndex: 'follow_user',
                    render: (us: Customer['follow_user']) =>
                      us.map((u) => <Tag key={u.user_sn}>{u.user_name}</Tag>),
                  },
                ]
              : []),
            { title: '通话', dataIndex: 'call_count' },
            { title: '最近跟进', dataIndex: 'last_follow_at' },
            { title: '更新时间', dataIndex: 'updated_at' },
            { title: '操作', render: (_: unknown, c: Customer) => actions(c) },
          ]}
        />
      )}
      {/* Keyed by customer: a note typed for one customer is never saved on the next one opened. */}
      <CustomerDrawer key={open} phone={open} onClose={() => setOpen(undefined)} />
      {dialog && (
        <AccountsDialog
          title={
            dialog.kind === 'transfer'
              ? `转让 ${dialog.customers.length} 个客户`
              : `设置协同: ${dialog.customers[0]?.phone}`
          }
          multiple={dialog.kind === 'share'}
          initial={
            dialog.kind === 'share' ? (dialog.customers[0]?.follow_user.map((u) => u.user_sn) ?? []) : []
          }
          busy={act.isPending}
          onCancel={() => setDialog(undefined)}
          onOk={(sns) => act.mutate({ kind: dialog.kind, phones: dialog.customers.map((c) => c.phone), sns })}
        />
      )}
    </Card>
  );
}

/** The owner filter of the private pool (main account): one of the team's sub-accounts. */
function OwnerSelect(props: { value?: string; onChange?: (v: string | undefined) => void }) {
  const accounts = useQuery({ queryKey: ['sub-accounts'], queryFn: listSubAccounts });
  return (
    <Select
      {...props}
      allowClear
      placeholder="归属账号"
      style={{ minWidth: 140 }}
      loading={accounts.isPending}
      options={(accounts.data?.data ?? []).map((a) => ({ value: a.user_sn, label: a.user_name }))}
    />
  );
}
