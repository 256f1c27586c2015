// 设置: one tab per area, each shown only when the account holds the permission its API needs.
import { Suspense } from 'react';
import { Card, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useCan } from '../../app/AuthContext';
import { LoadingState } from '../../components/PageState';
import { settingsTabs } from './tabs';

export default function SettingsPage() {
  const can = useCan();
  const navigate = useNavigate();
  const tab = useParams()['*'] ?? '';
  const visible = settingsTabs.filter((t) => can(t.permission));
  const active = visible.find((t) => t.key === tab) ?? visible[0];
  return (
    <Card title="设置" data-testid="settings-page">
      <Tabs
        activeKey={active?.key}
        onChange={(key) => void navigate(`/settings/${key}`)}
        destroyOnHidden
        items={visible.map((t) => ({
          key: t.key,
          label: t.label,
          children: (
            <Suspense fallback={<LoadingState />}>
              <t.page />
            </Suspense>
          ),
        }))}
      />
    </Card>
  );
}
