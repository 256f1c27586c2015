// The signed-in frame: side menu of the pages this account may use, header with the account and sign-out.
import { Suspense } from 'react';
import { Button, Layout, Menu, Result, Space, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LoadingState } from '../components/PageState';
import { useAuth, useCan } from './AuthContext';
import { pageAt, pages } from './menu';
import { settingsTabs } from '../pages/settings/tabs';

export function AppLayout() {
  const { me, signOut } = useAuth();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const allowed = (path: string, permission?: string) =>
    path === '/settings' ? settingsTabs.some((t) => can(t.permission)) : can(permission);
  const visible = pages.filter((p) => allowed(p.path, p.permission));
  const current = pageAt(location.pathname)?.path ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="dark">
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 24px' }}>aicall 外呼</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[current]}
          items={visible.map((p) => ({ key: p.path, icon: p.icon, label: p.label }))}
          onClick={({ key }) => void navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', paddingInline: 24 }}
        >
          <Space>
            <Typography.Text data-testid="current-user">
              {me.user_name}
              {me.is_main ? '(主账号)' : '(子账号)'}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          {/* Keyed by page: opening another page clears a previous page's failure. */}
          <ErrorBoundary key={current}>
            <Suspense fallback={<LoadingState />}>
              <Routes>
                {pages.map((p) => (
                  <Route
                    key={p.path}
                    path={p.path === '/' ? '/' : `${p.path}/*`}
                    element={
                      allowed(p.path, p.permission) ? (
                        <p.page />
                      ) : (
                        <Result
                          status="403"
                          title="没有访问权限"
                          subTitle={`当前账号无权使用「${p.label}」`}
                        />
                      )
                    }
                  />
                ))}
                <Route path="*" element={<Result status="404" title="页面不存在" />} />
              </Routes>
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
