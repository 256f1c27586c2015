// Settings tabs, each behind the permission its API needs (the menu shows 设置 when any tab is allowed).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface SettingsTab {
  readonly key: string;
  readonly label: string;
  readonly permission: string;
  readonly page: LazyExoticComponent<ComponentType>;
}

export const settingsTabs: readonly SettingsTab[] = [
  { key: 'dnd', label: '防打扰', permission: 'dnd.view', page: lazy(() => import('./DndTab')) },
  { key: 'lines', label: '线路', permission: 'task.view', page: lazy(() => import('./LinesTab')) },
  {
    key: 'hours',
    label: '外呼时间',
    permission: 'calltime.manage',
    page: lazy(() => import('./CallingHoursTab')),
  },
  {
    key: 'accounts',
    label: '子账号',
    permission: 'account.manage',
    page: lazy(() => import('./AccountsTab')),
  },
  { key: 'roles', label: '角色权限', permission: 'role.manage', page: lazy(() => import('./RolesTab')) },
  { key: 'push', label: '推送设置', permission: 'callback.manage', page: lazy(() => import('./PushTab')) },
];
