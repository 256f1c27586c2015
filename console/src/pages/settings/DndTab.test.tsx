import { cleanup, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../app/App';
import { AuthContext } from '../../app/AuthContext';
import type { Me } from '../../api/session';
import DndTab from './DndTab';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const me = (permissions: string[] | null): Me => ({
  user_name: 'u',
  user_sn: 'SYSUSER|1',
  team_sn: 't',
  is_main: permissions === null,
  timezone: 'Asia/Shanghai',
  permissions,
  idle_minutes: 30,
});

function renderTab(who: Me, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
    ),
  );
  render(
    <AntApp>
      <QueryClientProvider client={createQueryClient()}>
        <AuthContext.Provider value={{ me: who, signOut: () => undefined }}>
          <DndTab />
        </AuthContext.Provider>
      </QueryClientProvider>
    </AntApp>,
  );
}

describe('DndTab', { timeout: 120_000 }, () => {
  it('lists the numbers and offers adding and deleting to an account that may manage the list', async () => {
    renderTab(me(null), {
      total: 1,
      datas: [{ id: 7, phone: '13800138000', term_value: '0', is_auto: '人工导入' }],
    });
    expect(await screen.findByText('13800138000')).toBeTruthy();
    expect(screen.getByText('永久')).toBeTruthy();
    expect(screen.getByRole('button', { name: /添\s*加/ })).toBeTruthy();
  });

  it('hides the add and delete actions from a role that may only view the list', async () => {
    renderTab(me(['dnd.view']), { total: 0, datas: [] });
    expect(await screen.findByText('防打扰名单为空')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /添\s*加/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /删\s*除/ })).toBeNull();
  });

  it("shows the server's refusal in Chinese instead of a blank tab", async () => {
    renderTab(me(['dnd.view']), { code: 20007, msg: '没有权限' });
    expect(await screen.findByText('没有访问权限')).toBeTruthy();
  });
});
