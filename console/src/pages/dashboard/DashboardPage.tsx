// 首页: today's figures, live calls per task and line (SSE), calls per hour and grade distribution, line health.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Progress, Row, Statistic, Table, Tag } from 'antd';
import type { DayStats, LiveSnapshot } from '../../api/dashboard';
import { listLines, type Line } from '../../api/lines';
import { Chart } from '../../components/Chart';
import { ErrorState, LoadingState } from '../../components/PageState';
import { useLiveSnapshot } from '../../lib/useLiveSnapshot';
import { STATS_REFRESH_MS, statsQuery } from './dashboard-query';

const TASK_STATE: Record<string, string> = {
  dialing: '外呼中',
  limited: '并发已满',
  waiting: '等待重呼',
  outsideHours: '非外呼时间',
  scheduled: '定时未到',
  paused: '已暂停',
};

function hourOption(s: DayStats) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['呼叫', '接通'], top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: s.per_hour.map((h) => `${h.hour}时`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '呼叫', type: 'bar', data: s.per_hour.map((h) => h.calls) },
      { name: '接通', type: 'bar', data: s.per_hour.map((h) => h.answered) },
    ],
  };
}

function gradeOption(s: DayStats) {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        name: '意向等级',
        type: 'pie',
        radius: ['35%', '65%'],
        data: s.per_grade.map((g) => ({ name: `${g.grade}类`, value: g.calls })),
      },
    ],
  };
}

function StatCards({ s }: { s: DayStats }) {
  return (
    <Row gutter={16}>
      {[
        { title: '今日呼叫', value: s.calls },
        { title: '接通', value: s.answered },
        { title: '接通率', value: `${(s.connect_rate * 100).toFixed(1)}%` },
        { title: 'A/B类意向', value: s.grade_ab },
        { title: '通话分钟', value: s.talk_minutes },
      ].map((c) => (
        <Col key={c.title} flex="1">
          <Card>
            <Statistic title={c.title} value={c.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

interface LineHealth {
  line_id: number;
  name: string;
  up: boolean;
  reason: string;
  active: number;
  capacity: number;
  cps: number;
  cps_limit: number;
  consecutive_failures: number;
}

/** Every configured line, with the live dialer's figures where it is in use. */
function lineHealth(lines: Line[], live: LiveSnapshot): LineHealth[] {
  return lines.map((l) => {
    const now = live.lines.find((x) => x.line_id === l.line_id);
    return {
      line_id: l.line_id,
      name: l.name,
      up: l.status === 'up' && (now?.up ?? true),
      reason: l.status_reason,
      active: now?.active ?? 0,
      capacity: l.capacity,
      cps: now?.cps ?? 0,
      cps_limit: l.cps,
      consecutive_failures: now?.consecutive_failures ?? 0,
    };
  });
}

function LivePanels({ live, lines }: { live: LiveSnapshot; lines: Line[] }) {
  return (
    <Row gutter={16} style={{ marginTop: 16 }}>
      <Col span={12}>
        <Card title={`实时外呼 · 进行中 ${live.active} / 并发 ${live.ai_count}`} data-testid="live-tasks">
          <Table
            size="small"
            rowKey="dial_task_main_sn"
            pagination={false}
            dataSource={live.tasks}
            locale={{ emptyText: '当前没有正在外呼的任务' }}
            columns={[
              { title: '任务', dataIndex: 'name' },
              { title: '状态', dataIndex: 'state', render: (v: string) => TASK_STATE[v] ?? v },
              { title: '通话中', dataIndex: 'active' },
              { title: '待呼', dataIndex: 'waiting' },
              { title: '等待重呼', dataIndex: 'recall_waiting' },
            ]}
          />
        </Card>
      </Col>
      <Col span={12}>
        <Card title="线路状态">
          <Table
            size="small"
            rowKey="line_id"
            pagination={false}
            dataSource={lineHealth(lines, live)}
            locale={{ emptyText: '没有线路' }}
            columns={[
              { title: '线路', dataIndex: 'name' },
              {
                title: '健康',
                dataIndex: 'up',
                render: (up: boolean, l) =>
                  up ? (
                    <Badge status="success" text="正常" />
                  ) : (
                    <Badge status="error" text={l.reason || `异常(连续失败${l.consecutive_failures}次)`} />
                  ),
              },
              {
                title: '占用',
                render: (_: unknown, l) => (
                  <Progress
                    percent={Math.round((l.active / Math.max(1, l.capacity)) * 100)}
                    size="small"
                    format={() => `${l.active}/${l.capacity}`}
                  />
                ),
              },
              { title: 'CPS', render: (_: unknown, l) => `${l.cps}/${l.cps_limit}` },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export default function DashboardPage() {
  const stats = useQuery({ ...statsQuery, refetchInterval: STATS_REFRESH_MS });
  const { snapshot, error } = useLiveSnapshot();
  const lines = useQuery({ queryKey: ['lines'], queryFn: listLines, refetchInterval: 30_000 });
  const hours = useMemo(() => (stats.data ? hourOption(stats.data) : undefined), [stats.data]);
  const grades = useMemo(() => (stats.data ? gradeOption(stats.data) : undefined), [stats.data]);
  return (
    <div data-testid="dashboard">
      {stats.isPending ? (
        <LoadingState />
      ) : stats.error || !stats.data ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <StatCards s={stats.data} />
      )}
      {error && <Alert style={{ marginTop: 16 }} type="warning" showIcon title={error.message} />}
      {snapshot ? (
        <LivePanels live={snapshot} lines={lines.data?.list ?? []} />
      ) : (
        !error && <LoadingState tip="连接实时数据…" />
      )}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card title="每小时呼叫量">
            {hours ? <Chart option={hours} label="每小时呼叫量" /> : <LoadingState />}
          </Card>
        </Col>
        <Col span={10}>
          <Card
            title={
              <span>
                意向等级分布 <Tag>今日</Tag>
              </span>
            }
          >
            {grades && stats.data?.per_grade.length ? (
              <Chart option={grades} label="意向等级分布" />
            ) : stats.data ? (
              <div style={{ height: 280, display: 'grid', placeItems: 'center', color: '#999' }}>
                今日暂无通话
              </div>
            ) : (
              <LoadingState />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
