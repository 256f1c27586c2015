// 6.2 recording in an audio player. The file is fetched whole (the request needs the CSRF header) and played
// from an object URL, so the player knows its length and seeks anywhere.
import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Spin } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { saveBlob } from '../../api/client';
import { fetchRecording, type CallRecord } from '../../api/records';
import { errorText } from '../../components/PageState';

export function RecordingPlayer({ record }: { record: Pick<CallRecord, 'recordpath' | 'recordfile'> }) {
  const file = useQuery({
    queryKey: ['recording', record.recordfile],
    queryFn: () => fetchRecording(record),
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data) : undefined), [file.data]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  if (file.isPending) return <Spin size="small" />;
  if (file.error || !url)
    return <Alert type="error" showIcon title={`录音加载失败:${errorText(file.error)}`} />;
  const name = record.recordfile.split('/').pop() ?? 'recording';
  return (
    <Space>
      <audio controls preload="metadata" src={url} data-testid="recording-player" style={{ width: 420 }} />
      <Button icon={<DownloadOutlined />} onClick={() => file.data && saveBlob(file.data, name)}>
        下载
      </Button>
    </Space>
  );
}
