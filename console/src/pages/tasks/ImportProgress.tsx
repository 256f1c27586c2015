// The asynchronous import of a new task: a progress bar while 5.7.3 says it runs, then the 5.7.15 counters as a
// chart and the rows that were not imported, downloadable with why each was refused.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Progress, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { saveBlob } from '../../api/client';
import { COUNTER_LABELS, importInfo, importStatus, type ImportCounters } from '../../api/tasks';
import { Chart } from '../../components/Chart';
import { ErrorState } from '../../components/PageState';
import { rejectedRowsCsv } from './rejected-rows';

/** 5.7.3: 0 未处理, 1 导入中, 3 导入失败; anything else means the import has finished. */
const RUNNING = new Set([0, 1]);

function counterOption(c: ImportCounters) {
  const shown = COUNTER_LABELS.filter(([k]) => c[k] > 0 || k === 'successCount' || k === 'failCount');
  return {
    tooltip: {},
    grid: { left: 80, right: 24, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map(([, label]) => label).reverse() },
    series: [
      { type: 'bar', data: shown.map(([k]) => c[k]).reverse(), label: { show: true, position: 'right' } },
    ],
  };
}

export function ImportProgress({ taskSn, onDone }: { taskSn: string; onDone?: () => void }) {
  const status = useQuery({
    queryKey: ['import-status', taskSn],
    queryFn: () => importStatus(taskSn),
    refetchInterval: (q) => (q.state.data && !RUNNING.has(q.state.data.status) ? false : 1000),
  });
  const finished = status.data !== undefined && !RUNNING.has(status.data.status);
  const info = useQuery({
    queryKey: ['import-info', taskSn],
    queryFn: () => importInfo(taskSn),
    enabled: finished,
  });
  const counters = typeof info.data?.import_mark === 'object' ? info.data.import_mark : undefined;
  const option = useMemo(() => (counters ? counterOption(counters) : undefined), [counters]);
  if (status.error) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const percent = Number.parseInt(status.data?.import_percent ?? '0', 10) || 0;
  return (
    <div data-testid="import-progress">
      <Typography.Title level={5}>{finished ? '导入完成' : '正在导入号码…'}</Typography.Title>
      <Progress percent={finished ? 100 : percent} status={finished ? 'success' : 'active'} />
      {status.data && !finished && (
        <Typography.Text type="secondary">已处理 {status.data.totalCount} 行</Typography.Text>
      )}
      {info.error && <ErrorState error={info.error} onRetry={() => void info.refetch()} />}
      {info.data && typeof info.data.import_mark === 'string' && (
        <Alert type="error" showIcon title={`导入失败: ${info.data.import_mark}`} />
      )}
      {counters && option && (
        <>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }} data-testid="import-counters">
            <Descriptions.Item label="总行数">{counters.totalCount}</Descriptions.Item>
            <Descriptions.Item label="成功导入">{counters.successCount}</Descriptions.Item>
            <Descriptions.Item label="未导入">{info.data?.import_fail_total ?? 0}</Descriptions.Item>
          </Descriptions>
          <Chart option={option} height={260} label="导入结果统计" />
        </>
      )}
      {finished && (
        <Space style={{ marginTop: 16 }}>
          {info.data && info.data.import_fail_total > 0 && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                saveBlob(
                  new Blob([rejectedRowsCsv(info.data)], { type: 'text/csv;charset=utf-8' }),
                  `导入失败数据-${taskSn.slice(-8)}.csv`,
                )
              }
            >
              下载未导入的行({info.data.import_fail_total})
            </Button>
          )}
          {onDone && (
            <Button type="primary" onClick={onDone}>
              完成
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}
