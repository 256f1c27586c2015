import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';

const ME = {
  user_name: 'demo',
  user_sn: 'u',
  team_sn: 't',
  is_main: true,
  timezone: 'Asia/Shanghai',
  permissions: null,
  idle_minutes: 30,
};
const RECORD = { sn: 'r1', phone: '13800000001', name: '张三', talktimes: 12, turn_count: 3, status: 'A' };

/** A stand-in platform answering the requests the records page makes, logging their paths and bodies. */
function platform(log: { path: string; body: Record<string, unknown> }[]) {
  const answers: Record<string, unknown> = {
    '/ext/console/me': ME,
    '/api/crmList': { total: 1, list: [RECORD] },
    '/api/index': { total: 0, list: [] },
  };
  return vi.fn(async (path: string, init?: RequestInit) => {
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>;
    log.push({ path, body });
    const data = answers[path] ?? [];
    return new Response(JSON.stringify({ code: 0, msg: '', data }), {
      headers: { 'content-type': 'application/json' },
    });
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  document.cookie = 'aicall_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  window.history.pushState({}, '', '/');
});

describe('the sign-in check of a page opened directly', () => {
  it("starts the records page's first list request before the page asks for anything, and the page reuses it", async () => {
    const log: { path: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal('fetch', platform(log));
    document.cookie = 'aicall_csrf=token';
    window.history.pushState({}, '', '/records');
    render(<App />);
    await screen.findByText('13800000001', {}, { timeout: 20_000 });
    const paths = log.map((l) => l.path);
    expect(paths[0]).toBe('/ext/console/me');
    expect(paths[1]).toBe('/api/crmList');
    expect(paths.filter((p) => p === '/api/crmList')).toHaveLength(1);
    expect(log[1]?.body).toMatchObject({ pageIndex: 0, pageSize: 20 });
    expect(String(log[1]?.body.start_create_at)).toMatch(/^\d{4}-\d\d-\d\d 00:00:00$/);
  });

  it('takes the sign-in check index.html sent early instead of asking again, once', async () => {
    const log: { path: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal('fetch', platform(log));
    const early = { '/ext/console/me': Promise.resolve(Response.json({ code: 0, msg: '', data: ME })) };
    (window as { aicallEarly?: object }).aicallEarly = early;
    document.cookie = 'aicall_csrf=token';
    window.history.pushState({}, '', '/records');
    render(<App />);
    await screen.findByText('13800000001', {}, { timeout: 20_000 });
    const paths = log.map((l) => l.path);
    expect(paths[0]).toBe('/api/crmList');
    expect(paths).not.toContain('/ext/console/me');
    expect(paths.filter((p) => p === '/api/crmList')).toHaveLength(1);
    expect(early).toEqual({});
    delete (window as { aicallEarly?: object }).aicallEarly;
  });

  it('leaves the page alone without a session cookie: the sign-in page needs none of it', async () => {
    const log: { path: string; body: Record<string, unknown> }[] = [];
    const answers = vi.fn(async (path: string) => {
      log.push({ path, body: {} });
      return new Response(JSON.stringify({ code: 20005, msg: '请先登录' }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    vi.stubGlobal('fetch', answers);
    window.history.pushState({}, '', '/records');
    render(<App />);
    await screen.findByLabelText('用户名', {}, { timeout: 20_000 });
    expect(log.map((l) => l.path)).toEqual(['/ext/console/me']);
  });
});
