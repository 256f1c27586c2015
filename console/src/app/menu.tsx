// The console's pages: one entry each (path, menu label, the permission its API needs, the lazily loaded page).
// A new area (e.g. customer pools) adds one entry here; menus and routes follow, hidden without the permission.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { prefetchDashboard } from '../pages/dashboard/dashboard-query';
import { prefetchRecords } from '../pages/records/records-query';
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
  /** Fetches the page's code (once; the route renders the same module). */
  readonly load: () => Promise<unknown>;
  /** Starts the page's first data request, so it runs while the page's code is still arriving. */
  readonly prefetch?: (client: QueryClient) => void;
}

type PageModule = Promise<{ default: ComponentType }>;

/** The page component and its loader, sharing one import so a preload is the load the route waits for. */
function lazyPage(importer: () => PageModule) {
  let loading: PageModule | undefined;
  const load = () => (loading ??= importer());
  return { page: lazy(load), load };
}

export const pages: readonly PageEntry[] = [
  {
    path: '/',
    label: '首页',
    icon: <DashboardOutlined />,
    permission: 'task.view',
    ...lazyPage(() => import('../pages/dashboard/DashboardPage')),
    prefetch: prefetchDashboard,
  },
  {
    path: '/tasks',
    label: '任务管理',
    icon: <ProfileOutlined />,
    permission: 'task.view',
    ...lazyPage(() => import('../pages/tasks/TasksPage')),
  },
  {
    path: '/records',
    label: '通话记录',
    icon: <PhoneOutlined />,
    permission: 'record.view',
    ...lazyPage(() => import('../pages/records/RecordsPage')),
    prefetch: prefetchRecords,
  },
  {
    path: '/scripts',
    label: '话术',
    icon: <ApartmentOutlined />,
    permission: 'script.view',
    ...lazyPage(() => import('../pages/scripts/ScriptsPage')),
  },
  {
    path: '/customers/public',
    label: '公海客户',
    icon: <TeamOutlined />,
    permission: 'customer.view',
    ...lazyPage(() => import('../pages/customers/CustomersPage')),
  },
  {
    path: '/customers/private',
    label: '私海客户',
    icon: <UserOutlined />,
    permission: 'customer.view',
    ...lazyPage(() => import('../pages/customers/CustomersPage')),
  },
  {
    path: '/settings',
    label: '设置',
    icon: <SettingOutlined />,
    ...lazyPage(() => import('../pages/settings/SettingsPage')),
  },
];

/** The entry of the page at `pathname` (the dashboard for `/`). */
export function pageAt(pathname: string): PageEntry | undefined {
  return pathname === '/' ? pages[0] : pages.find((p) => p.path !== '/' && pathname.startsWith(p.path));
}
