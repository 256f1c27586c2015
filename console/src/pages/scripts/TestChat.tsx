// The test chat: the operator plays the callee and the robot answers through the 7.4 test channel (websocket,
// authenticated by the console session plus its CSRF token). It runs the latest saved version of the script.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Space, Tag, Typography } from 'antd';
import { csrfToken } from '../../api/client';

interface Line {
  who: 'robot' | 'callee' | 'system';
  text: string;
  toLearn?: string;
}

function channelUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/script-test`;
}

export function TestChat({ projectSn, version }: { projectSn: string; version: number }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [text, setText] = useState('');
  const socket = useRef<WebSocket | null>(null);
  const add = (l: Line) => setLines((ls) => [...ls, l]);

  const start = () => {
    socket.current?.close();
    setLines([]);
    setError(undefined);
    const ws = new WebSocket(channelUrl());
    socket.current = ws;
    ws.onopen = () => {
      setOpen(true);
      ws.send(
        JSON.stringify({
          processs_type: 2,
          project_sn: projectSn,
          question_sn: '',
          version,
          csrf: csrfToken(),
        }),
      );
    };
    ws.onmessage = (e) => {
      const data = String(e.data);
      if (data.startsWith('{')) {
        const err = JSON.parse(data) as { code: number; msg: string };
        setError(`${err.msg} (${err.code})`);
        return;
      }
      const [robot = '', , toLearn = ''] = data.split('#');
      add({ who: 'robot', text: robot, toLearn: toLearn || undefined });
    };
    ws.onclose = (e) => {
      if (socket.current !== ws) return;
      setOpen(false);
      const why =
        e.reason === 'hangup' ? '机器人已挂机' : e.reason === 'transfer' ? '已转人工' : '连接已关闭';
      add({ who: 'system', text: `通话结束: ${why}` });
    };
    ws.onerror = () => setError('无法连接话术测试通道');
  };

  useEffect(() => () => socket.current?.close(), []);

  const say = (t: string) => {
    if (!socket.current || !open) return;
    socket.current.send(JSON.stringify({ text: t }));
    add({ who: 'callee', text: t || '(沉默)' });
    setText('');
  };

  return (
    <div data-testid="test-chat" style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={start}>
          {open ? '重新开始' : '开始测试'}
        </Button>
        <Typography.Text type="secondary">测试版本 v{version}(最新保存的版本)</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <div
        data-testid="chat-lines"
        style={{ flex: 1, overflow: 'auto', background: '#fafafa', padding: 8, minHeight: 300 }}
      >
        {lines.map((l, i) => (
          <div
            key={i}
            style={{
              textAlign: l.who === 'callee' ? 'right' : l.who === 'system' ? 'center' : 'left',
              margin: '6px 0',
            }}
          >
            {l.who === 'system' ? (
              <Typography.Text type="secondary">{l.text}</Typography.Text>
            ) : (
              <span
                data-testid={l.who === 'robot' ? 'robot-line' : 'callee-line'}
                style={{
                  display: 'inline-block',
                  maxWidth: '85%',
                  padding: '6px 10px',
                  borderRadius: 8,
                  background: l.who === 'robot' ? '#fff' : '#1677ff',
                  color: l.who === 'robot' ? undefined : '#fff',
                  border: '1px solid #f0f0f0',
                }}
              >
                {l.text}
              </span>
            )}
            {l.toLearn && (
              <div>
                <Tag color="orange">机器人未能识别: {l.toLearn}</Tag>
              </div>
            )}
          </div>
        ))}
      </div>
      <Space.Compact style={{ marginTop: 8 }}>
        <Input
          aria-label="客户说"
          placeholder="以客户身份说话,回车发送"
          value={text}
          disabled={!open}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => text.trim() && say(text.trim())}
        />
        <Button disabled={!open || !text.trim()} onClick={() => say(text.trim())}>
          发送
        </Button>
        <Button disabled={!open} onClick={() => say('')}>
          沉默
        </Button>
      </Space.Compact>
    </div>
  );
}
