import { lazy, Suspense } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary, isChunkLoadError } from './ErrorBoundary';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let broken = true;
function Fragile() {
  if (broken) throw new Error('list is undefined');
  return <p>页面内容</p>;
}

describe('ErrorBoundary', () => {
  it('shows a Chinese message instead of a blank page when a page throws, and retries it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    broken = true;
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('页面出错了');
    expect(screen.getByRole('alert').textContent).toContain('list is undefined');
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(screen.getByText('页面内容')).toBeTruthy();
  });

  it('says the page could not be loaded when its code cannot be fetched from the server', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const Page = lazy(() =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/TasksPage.js')),
    );
    render(
      <ErrorBoundary>
        <Suspense fallback={<p>加载中</p>}>
          <Page />
        </Suspense>
      </ErrorBoundary>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('页面加载失败');
    expect(alert.textContent).toContain('服务是否已启动');
    expect(screen.getByRole('button', { name: /重新加载/ })).toBeTruthy();
  });

  it('tells chunk-load failures of Chromium, Firefox and Safari from other errors', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: x.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
  });
});
