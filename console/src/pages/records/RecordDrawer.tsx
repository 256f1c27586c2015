// A call record: its facts, the intention grade with the robot's reason, manual classification, the
// recording (when one exists and the account may hear it) and the dialogue turns (6.4).
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Empty, Form, Input, Select, Space, Typography } from 'antd';
import { classifyRecord, GRADES, showRecord, type CallRecord, type DialogueTurn } from '../../api/records';
import { useCan } from '../../app/AuthContext';
import { errorText, QueryState } from '../../components/PageState';
import { RecordingPlayer } from './RecordingPlayer';
import { gradeTag } from './GradeTag';

function Bubble({
  side,
  who,
  text,
  note,
}: {
  side: 'left' | 'right';
  who: string;
  text: string;
  note?: string;
}) {
  return (
    <div
      style={{
        display: 'flex',
        justifyContent: side === 'left' ? 'flex-start' : 'flex-end',
        margin: '8px 0',
      }}
    >
      <div style={{ maxWidth: '75%' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {who}
          {note ? ` · ${note}` : ''}
        </Typography.Text>
        <div
          style={{
            background: side === 'left' ? '#f0f5ff' : '#f6ffed',
            borderRadius: 8,
            padding: '6px 12px',
            whiteSpace: 'pre-wrap',
          }}
        >
          {text}
        </div>
      </div>
    </div>
  );
}

function Dialogue({ turns }: { turns: DialogueTurn[] }) {
  return (
    <div data-testid="dialogue">
      {turns.map((t, i) => (
        <div key={i}>
          {t.caption && <Bubble side="left" who="机器人" note={t.title} text={t.caption} />}
          {t.answer && <Bubble side="right" who="客户" note={t.labelling} text={t.answer} />}
        </div>
      ))}
    </div>
  );
}

function Classify({ record, onDone }: { record: CallRecord; onDone: (grade: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status_manual: string; mark: string }>();
  useEffect(
    () => form.setFieldsValue({ status_manual: record.status_manual, mark: record.mark }),
    [form, record],
  );
  const save = useMutation({
    mutationFn: (v: { status_manual: string; mark: string }) =>
      classifyRecord(record.sn, v.status_manual ?? '', v.mark ?? ''),
    onSuccess: (r) => {
      void message.success('人工分类已保存');
      onDone(r.status_manual);
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Form form={form} name="classify" layout="inline" onFinish={(v) => save.mutate(v)} style={{ rowGap: 8 }}>
      <Form.Item name="status_manual" label="人工分类">
        <Select
          allowClear
          style={{ width: 100 }}
          options={GRADES.map((g) => ({ value: g, label: g }))}
          onClear={() => form.setFieldValue('status_manual', '')}
        />
      </Form.Item>
      <Form.Item name="mark" label="备注" rules={[{ max: 500, message: '备注不能超过500个字' }]}>
        <Input style={{ width: 260 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存分类
      </Button>
    </Form>
  );
}

export default function RecordDrawer({ record, onClose }: { record?: CallRecord; onClose: () => void }) {
  const can = useCan();
  const client = useQueryClient();
  const dialogue = useQuery({
    queryKey: ['record-dialogue', record?.sn],
    queryFn: () => showRecord(record!),
    enabled: record !== undefined,
  });
  return (
    <Drawer
      title={record ? `通话详情 · ${record.phone}` : '通话详情'}
      open={record !== undefined}
      size={760}
      onClose={onClose}
      destroyOnHidden
    >
      {record && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered data-testid="record-facts">
            <Descriptions.Item label="号码">{record.phone}</Descriptions.Item>
            <Descriptions.Item label="姓名">{record.name || '-'}</Descriptions.Item>
            <Descriptions.Item label="任务">{record.source}</Descriptions.Item>
            <Descriptions.Item label="话术">{record.project_caption}</Descriptions.Item>
            <Descriptions.Item label="呼叫时间">{record.started_at}</Descriptions.Item>
            <Descriptions.Item label="接通时间">{record.connected_at ?? '未接通'}</Descriptions.Item>
            <Descriptions.Item label="号码状态">{record.hangup_reason}</Descriptions.Item>
            <Descriptions.Item label="通话时长">{record.talktimes}秒</Descriptions.Item>
            <Descriptions.Item label="AI意向等级">{gradeTag(record.status)}</Descriptions.Item>
            <Descriptions.Item label="人工分类">{gradeTag(record.status_manual)}</Descriptions.Item>
            <Descriptions.Item label="等级原因" span={2}>
              <span data-testid="grade-reason">{record.grade_reason || '-'}</span>
            </Descriptions.Item>
          </Descriptions>
          <Classify record={record} onDone={() => void client.invalidateQueries({ queryKey: ['records'] })} />
          <div>
            <Typography.Title level={5}>录音</Typography.Title>
            {!record.recordfile ? (
              <Typography.Text type="secondary">该通话没有录音</Typography.Text>
            ) : can('record.recording') ? (
              <RecordingPlayer record={record} />
            ) : (
              <Typography.Text type="secondary">当前账号无权收听录音</Typography.Text>
            )}
          </div>
          <div>
            <Typography.Title level={5}>对话内容</Typography.Title>
            <QueryState
              query={dialogue}
              isEmpty={(d) => d.fragment.flat().length === 0}
              empty={<Empty description="没有对话内容(未接通或未开口)" />}
            >
              {(d) => <Dialogue turns={d.fragment.flat()} />}
            </QueryState>
          </div>
        </Space>
      )}
    </Drawer>
  );
}
