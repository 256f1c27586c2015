// The console's pages: one entry each (path, menu label, the permission its API needs, the lazily loaded page).
// A new area (e.g. customer pools) adds one entry here; menus and routes follow, hidden without the permission.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  DashboardOutlined,
  PhoneOutlined,
  ProfileOutlined,
  ApartmentOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';

export interface PageEntry {
  readonly path: string;
  readonly label: string;
  readonly icon: ReactNode;
  /** The permission a sub-account's role must hold (the server refuses the page's API otherwise). */
  readonly permission?: string;
  readonly page: LazyExoticComponent<ComponentType>;
}

export const pages: readonly PageEntry[] = [
  {
    path: '/',
    label: '首页',
    icon: <DashboardOutlined />,
    permission: 'task.view',
    page: lazy(() => import('../pages/dashboard/DashboardPage')),
  },
  {
    path: '/tasks',
    label: '任务管理',
    icon: <ProfileOutlined />,
    permission: 'task.view',
    page: lazy(() => import('../pages/tasks/TasksPage')),
  },
  {
    path: '/records',
    label: '通话记录',
    icon: <PhoneOutlined />,
    permission: 'record.view',
    page: lazy(() => import('../pages/records/RecordsPage')),
  },
  {
    path: '/scripts',
    label: '话术',
    icon: <ApartmentOutlined />,
    permission: 'script.view',
    page: lazy(() => import('../pages/scripts/ScriptsPage')),
  },
  {
    path: '/customers/public',
    label: '公海客户',
    icon: <TeamOutlined />,
    permission: 'customer.view',
    page: lazy(() => import('../pages/customers/CustomersPage')),
  },
  {
    path: '/customers/private',
    label: '私海客户',
    icon: <UserOutlined />,
    permission: 'customer.view',
    page: lazy(() => import('../pages/customers/CustomersPage')),
  },
  {
    path: '/settings',
    label: '设置',
    icon: <SettingOutlined />,
    page: lazy(() => import('../pages/settings/SettingsPage')),
  },
];
