// 角色权限 (§3): roles with their permission tree; create, edit permissions, delete.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tree } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  createRole,
  deleteRole,
  listRoles,
  permissionTree,
  updateRole,
  type PermissionNode,
  type Role,
} from '../../api/settings';
import { ErrorState, errorText, LoadingState } from '../../components/PageState';

interface TreeNode {
  key: number;
  title: string;
  children: TreeNode[];
}
function toTree(nodes: PermissionNode[], parent = 0): TreeNode[] {
  return nodes
    .filter((n) => n.parent_id === parent)
    .map((n) => ({ key: n.id, title: n.display_name, children: toTree(nodes, n.id) }));
}

/** Create (role undefined) or edit a role's permissions. */
function RoleModal({ open, role, onClose }: { open: boolean; role?: Role; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const [checked, setChecked] = useState<number[]>([]);
  const tree = useQuery({
    queryKey: ['permission-tree', role?.id ?? 0],
    queryFn: () => permissionTree(role?.id ?? 0),
    enabled: open,
  });
  useEffect(() => {
    if (!tree.data) return;
    // Only leaves are kept as checked: a parent follows its children in the tree.
    const parents = new Set(tree.data.data.map((n) => n.parent_id));
    setChecked(tree.data.data.filter((n) => n.checked === 1 && !parents.has(n.id)).map((n) => n.id));
  }, [tree.data]);
  useEffect(
    () => form.setFieldsValue({ name: role?.name ?? '', description: role?.description ?? '' }),
    [form, role, open],
  );
  const save = useMutation({
    mutationFn: async (v: { name: string; description?: string }) => {
      const parents =
        tree.data?.data
          .filter(
            (p) =>
              p.parent_id === 0 && tree.data.data.some((c) => c.parent_id === p.id && checked.includes(c.id)),
          )
          .map((p) => p.id) ?? [];
      const permission = [...new Set([...parents, ...checked])];
      if (role) await updateRole({ id: role.id, description: v.description, permission });
      else await createRole({ name: v.name, description: v.description, permission });
    },
    onSuccess: () => {
      void message.success(role ? '角色已修改' : '角色已创建');
      void client.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Modal
      title={role ? `修改角色 · ${role.name}` : '新建角色'}
      open={open}
      onCancel={onClose}
      okText="保存"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} name="role-edit" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label="角色名称" rules={[{ required: true, message: '请输入角色名称' }]}>
          <Input disabled={role !== undefined} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input />
        </Form.Item>
        <Form.Item label="权限">
          {tree.isPending ? (
            <LoadingState />
          ) : tree.error ? (
            <ErrorState error={tree.error} />
          ) : (
            <Tree
              checkable
              // A click on a permission's name ticks it (there is nothing to select in this tree).
              selectable={false}
              defaultExpandAll
              treeData={toTree(tree.data.data)}
              checkedKeys={checked}
              onCheck={(keys) => {
                const list = Array.isArray(keys) ? keys : keys.checked;
                const parents = new Set(tree.data.data.map((n) => n.parent_id));
                setChecked(list.map(Number).filter((k) => !parents.has(k)));
              }}
            />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function RolesTab() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [editing, setEditing] = useState<{ role?: Role }>();
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles });
  const remove = useMutation({
    mutationFn: (r: Role) => deleteRole(r.id),
    onSuccess: () => {
      void message.success('角色已删除');
      void client.invalidateQueries({ queryKey: ['roles'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  if (roles.error) return <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  return (
    <div data-testid="roles-tab">
      <Button
        type="primary"
        icon={<PlusOutlined />}
        style={{ marginBottom: 12 }}
        onClick={() => setEditing({})}
      >
        新建角色
      </Button>
      <Table<Role>
        rowKey="id"
        loading={roles.isPending}
        dataSource={roles.data?.data ?? []}
        locale={{ emptyText: '还没有角色' }}
        pagination={false}
        columns={[
          { title: '角色', dataIndex: 'name' },
          { title: '说明', dataIndex: 'description' },
          {
            title: '操作',
            render: (_: unknown, r) => (
              <Space>
                <Button size="small" type="link" onClick={() => setEditing({ role: r })}>
                  权限
                </Button>
                <Popconfirm title={`确定删除角色「${r.name}」?`} onConfirm={() => remove.mutate(r)}>
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <RoleModal open={editing !== undefined} role={editing?.role} onClose={() => setEditing(undefined)} />
    </div>
  );
}
