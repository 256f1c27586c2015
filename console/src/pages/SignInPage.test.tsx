import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInPage } from './SignInPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function reply(body: unknown) {
  return vi.fn(
    async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
  );
}

describe('SignInPage', () => {
  it("shows the server's Chinese message for a wrong password and stays on the page", async () => {
    vi.stubGlobal('fetch', reply({ code: 20004, msg: '用户名或密码错误' }));
    const onSignedIn = vi.fn();
    render(<SignInPage onSignedIn={onSignedIn} />);
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'demo' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('用户名或密码错误'));
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('says the server cannot be reached when the request fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<SignInPage onSignedIn={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'demo' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('无法连接服务器'));
  });

  it('hands the account to the app on success', async () => {
    const me = {
      user_name: 'demo',
      user_sn: 'u',
      team_sn: 't',
      is_main: true,
      timezone: 'Asia/Shanghai',
      permissions: null,
      idle_minutes: 30,
    };
    vi.stubGlobal('fetch', reply({ code: 0, msg: '登录成功', data: me }));
    const onSignedIn = vi.fn();
    render(<SignInPage onSignedIn={onSignedIn} />);
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'demo' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'good' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(me));
  });
});
