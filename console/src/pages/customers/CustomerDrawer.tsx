// One customer: its details, a follow-up note box, and its timeline — every call of the phone (grade, result,
// recording player), the notes and the pool moves, newest first.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Input, Space, Tag, Timeline, Typography } from 'antd';
import { customerDetail, addNote, SOURCES, type TimelineEntry } from '../../api/customers';
import { fetchBlob } from '../../api/client';
import { useCan } from '../../app/AuthContext';
import { ErrorState, LoadingState } from '../../components/PageState';

export const GRADE_COLORS: Record<string, string> = {
  A: 'red',
  B: 'orange',
  C: 'gold',
  D: 'blue',
  E: 'default',
  F: 'default',
};

/** Fetches the recording (the request needs the session's CSRF header) and plays it in an audio element. */
function Recording({ file }: { file: string }) {
  const { message } = App.useApp();
  const [url, setUrl] = useState<string>();
  const [loading, setLoading] = useState(false);
  if (url) return <audio data-testid="recording" controls src={url} style={{ height: 32 }} />;
  return (
    <Button
      size="small"
      loading={loading}
      onClick={() => {
        setLoading(true);
        fetchBlob('/api/cdrDownload', { recordfile: file })
          .then((b) => setUrl(URL.createObjectURL(b)))
          .catch((err: Error) => void message.error(err.message))
          .finally(() => setLoading(false));
      }}
    >
      播放录音
    </Button>
  );
}

function Entry({ e, canListen }: { e: TimelineEntry; canListen: boolean }) {
  if (e.type === 'call') {
    return (
      <Space orientation="vertical" size={2}>
        <Space wrap>
          <Typography.Text strong>通话</Typography.Text>
          {e.status && <Tag color={GRADE_COLORS[e.status]}>{e.status}类</Tag>}
          <span>{e.result}</span>
          <span>{e.talktimes} 秒</span>
          {e.task_name && <Typography.Text type="secondary">任务: {e.task_name}</Typography.Text>}
        </Space>
        {e.recordfile && canListen && <Recording file={e.recordfile} />}
      </Space>
    );
  }
  if (e.type === 'note') {
    return (
      <Space orientation="vertical" size={2}>
        <Typography.Text strong>跟进记录 · {e.user_name}</Typography.Text>
        <Typography.Paragraph data-testid="note" style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {e.content}
        </Typography.Paragraph>
      </Space>
    );
  }
  const to = [e.from_user_name && `从 ${e.from_user_name}`, e.to_user_name && `到 ${e.to_user_name}`].filter(
    Boolean,
  );
  return (
    <span>
      <Typography.Text strong>{e.action_name}</Typography.Text> {to.join(' ')}{' '}
      <Typography.Text type="secondary">操作人: {e.operator}</Typography.Text>
    </span>
  );
}

const DOT: Record<TimelineEntry['type'], string> = { call: 'blue', note: 'green', move: 'gray' };

export function CustomerDrawer({ phone, onClose }: { phone: string | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const canListen = useCan()('record.recording');
  const [note, setNote] = useState('');
  const q = useQuery({
    queryKey: ['customer', phone],
    queryFn: () => customerDetail(phone!),
    enabled: !!phone,
  });
  const save = useMutation({
    mutationFn: () => addNote(phone!, note.trim()),
    onSuccess: () => {
      setNote('');
      void message.success('已添加跟进记录');
      void client.invalidateQueries({ queryKey: ['customer', phone] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
    onError: (err) => void message.error(err.message),
  });
  const c = q.data?.customer;
  const timeline = q.data?.timeline ?? [];
  return (
    <Drawer
      title={c ? `${c.name || '客户'} ${c.phone}` : '客户详情'}
      open={!!phone}
      onClose={onClose}
      width={620}
      destroyOnHidden
    >
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !c ? (
        <LoadingState />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="customer-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="号码">{c.phone}</Descriptions.Item>
            <Descriptions.Item label="姓名">{c.name}</Descriptions.Item>
            <Descriptions.Item label="公司">{c.unit}</Descriptions.Item>
            <Descriptions.Item label="意向">
              {c.status && <Tag color={GRADE_COLORS[c.status]}>{c.status}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="所在">
              {c.isPrivate ? `私海 · ${c.user_name}` : '公海'}
            </Descriptions.Item>
            <Descriptions.Item label="来源">{SOURCES[c.follow_set_id] ?? c.follow_set_id}</Descriptions.Item>
            <Descriptions.Item label="协同" span={2}>
              {c.follow_user.map((u) => (
                <Tag key={u.user_sn}>{u.user_name}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="地址" span={2}>
              {c.address}
            </Descriptions.Item>
          </Descriptions>
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              aria-label="跟进内容"
              placeholder="记录这次跟进(最多2000字)"
              maxLength={2000}
              autoSize={{ minRows: 2, maxRows: 5 }}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Space.Compact>
          <Button
            type="primary"
            disabled={!note.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            添加跟进记录
          </Button>
          <Typography.Title level={5}>时间线</Typography.Title>
          {timeline.length === 0 ? (
            <Typography.Text type="secondary">暂无通话或跟进记录</Typography.Text>
          ) : (
            <Timeline
              data-testid="timeline"
              items={timeline.map((e) => ({
                color: DOT[e.type],
                content: (
                  <div data-testid={`timeline-${e.type}`}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.at}
                    </Typography.Text>
                    <div>
                      <Entry e={e} canListen={canListen} />
                    </div>
                  </div>
                ),
              }))}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
