// What the operator sees when a page fails to render or its code cannot be loaded (the server went down or was
// upgraded since the console was opened): a Chinese message where the page was, never a blank screen.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';

/** A page's code (a lazily loaded chunk) could not be fetched: retrying in place cannot help, reloading can. */
export function isChunkLoadError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically|ChunkLoadError/i.test(
    text,
  );
}

interface State {
  error?: unknown;
}

export class ErrorBoundary extends Component<{ children: ReactNode; full?: boolean }, State> {
  state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the browser console for whoever reports the problem.
    console.error(error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const style = { minHeight: this.props.full ? '100vh' : undefined };
    if (isChunkLoadError(error)) {
      return (
        <Result
          role="alert"
          style={style}
          status="warning"
          title="页面加载失败"
          subTitle="无法从服务器加载页面,请检查网络或服务是否已启动,然后重新加载"
          extra={<Button onClick={() => window.location.reload()}>重新加载</Button>}
        />
      );
    }
    return (
      <Result
        role="alert"
        style={style}
        status="error"
        title="页面出错了"
        subTitle={`页面显示时发生错误:${error instanceof Error ? error.message : String(error)}`}
        extra={<Button onClick={() => this.setState({ error: undefined })}>重试</Button>}
      />
    );
  }
}
