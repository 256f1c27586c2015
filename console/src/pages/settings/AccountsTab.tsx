// 子账号 (2.1): list, create with a role, delete.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { createAccount, deleteAccounts, listAccounts, listRoles, type SubAccount } from '../../api/settings';
import { useCan } from '../../app/AuthContext';
import { ErrorState, errorText } from '../../components/PageState';

interface NewAccount {
  user_name: string;
  contact: string;
  password: string;
  re_password: string;
  role_id: number;
  max_call_count: number;
}

function CreateAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [form] = Form.useForm<NewAccount>();
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, enabled: open && can('role.manage') });
  const create = useMutation({
    mutationFn: createAccount,
    onSuccess: () => {
      void message.success('子账号已创建');
      void client.invalidateQueries({ queryKey: ['accounts'] });
      form.resetFields();
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Modal
      title="新建子账号"
      open={open}
      onCancel={onClose}
      okText="创建"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        name="account-create"
        layout="vertical"
        initialValues={{ max_call_count: 0 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          name="user_name"
          label="登录名"
          rules={[
            {
              required: true,
              pattern: /^[A-Za-z0-9_.@-]{2,32}$/,
              message: '登录名须为2-32位字母、数字或_.@-',
            },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="contact" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, min: 6, message: '密码至少6位' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="re_password"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role_id" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select
            loading={roles.isPending && roles.fetchStatus !== 'idle'}
            options={roles.data?.data.map((r) => ({ value: r.id, label: r.display_name || r.name }))}
          />
        </Form.Item>
        <Form.Item name="max_call_count" label="AI并发数">
          <InputNumber min={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function AccountsTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [page, setPage] = useState({ index: 0, size: 20 });
  const [creating, setCreating] = useState(false);
  const accounts = useQuery({
    queryKey: ['accounts', page],
    queryFn: () => listAccounts(page.index, page.size),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (name: string) => deleteAccounts([name]),
    onSuccess: (r) => {
      if (r.success_num > 0) void message.success('已删除');
      else void message.error(r.not_allowed > 0 ? '没有删除该账号的权限' : '删除失败');
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  if (accounts.error) return <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />;
  return (
    <div data-testid="accounts-tab">
      <Button
        type="primary"
        icon={<PlusOutlined />}
        style={{ marginBottom: 12 }}
        onClick={() => setCreating(true)}
      >
        新建子账号
      </Button>
      <Table<SubAccount>
        rowKey="user_sn"
        loading={accounts.isFetching}
        dataSource={accounts.data?.data ?? []}
        locale={{ emptyText: '还没有子账号' }}
        pagination={{
          current: page.index + 1,
          pageSize: page.size,
          total: accounts.data?.total ?? 0,
          onChange: (p, size) => setPage({ index: p - 1, size }),
        }}
        columns={[
          { title: '登录名', dataIndex: 'user_name' },
          { title: '姓名', dataIndex: 'contact' },
          { title: '角色', dataIndex: 'job' },
          { title: 'AI并发数', dataIndex: 'max_call_count' },
          { title: '最近登录', dataIndex: 'last_login_time' },
          {
            title: '操作',
            render: (_: unknown, a) => (
              <Popconfirm
                title={`确定删除子账号「${a.user_name}」?`}
                onConfirm={() => remove.mutate(a.user_name)}
              >
                <Button size="small" type="link" danger>
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <CreateAccountModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
