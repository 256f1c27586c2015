// Loading, empty and error states, the same on every page.
import type { ReactNode } from 'react';
import { Button, Empty, Result, Spin } from 'antd';
import { ApiError } from '../api/client';

export function LoadingState({ full, tip = '加载中…' }: { full?: boolean; tip?: string }) {
  return (
    <div style={{ padding: 48, textAlign: 'center', minHeight: full ? '100vh' : undefined }} role="status">
      <Spin />
      <div style={{ marginTop: 12, color: '#888' }}>{tip}</div>
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 20007) return '没有该操作的权限';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({
  error,
  onRetry,
  full,
}: {
  error: unknown;
  onRetry?: () => void;
  full?: boolean;
}) {
  const denied = error instanceof ApiError && error.code === 20007;
  return (
    <Result
      style={{ minHeight: full ? '100vh' : undefined }}
      status={denied ? '403' : 'error'}
      title={denied ? '没有访问权限' : '加载失败'}
      subTitle={errorText(error)}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}

export function EmptyState({ text = '暂无数据', children }: { text?: string; children?: ReactNode }) {
  return (
    <Empty description={text} style={{ padding: 32 }}>
      {children}
    </Empty>
  );
}

/** Renders a query's three states, or its data. */
export function QueryState<T>({
  query,
  children,
  isEmpty,
  empty,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(query.data)}</>;
}
