// 外呼时间 (4.3/4.4): the calling windows per weekday and on statutory holidays (调休 working days as Monday).
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Switch, Typography } from 'antd';
import { getCallTime, saveCallTime, type CallTime } from '../../api/settings';
import { useCan } from '../../app/AuthContext';
import { errorText, QueryState } from '../../components/PageState';

const DAYS: [keyof CallTime, string][] = [
  ['week1', '周一'],
  ['week2', '周二'],
  ['week3', '周三'],
  ['week4', '周四'],
  ['week5', '周五'],
  ['week6', '周六'],
  ['week7', '周日'],
  ['holiday', '法定节假日'],
];
const RANGE = '([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d';
const WINDOWS = new RegExp(`^(${RANGE}(,${RANGE}){0,3})?$`);

type FormValues = Omit<CallTime, 'holiday_status'> & { holiday_status: boolean };

function HoursForm({ value }: { value: CallTime }) {
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  useEffect(
    () => form.setFieldsValue({ ...value, holiday_status: value.holiday_status === 1 }),
    [form, value],
  );
  const save = useMutation({
    mutationFn: (v: FormValues) => saveCallTime({ ...v, holiday_status: v.holiday_status ? 1 : 0 }),
    onSuccess: (r) => {
      void message.success(r.msg || '设置成功');
      void client.invalidateQueries({ queryKey: ['call-time'] });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const editable = can('calltime.manage');
  return (
    <Form
      form={form}
      name="call-time"
      labelCol={{ span: 4 }}
      wrapperCol={{ span: 10 }}
      onFinish={(v) => save.mutate(v)}
    >
      <Typography.Paragraph type="secondary">
        时间段格式如 09:00-12:00,13:30-20:00,最多4段;留空 = 当天不外呼。
      </Typography.Paragraph>
      {DAYS.map(([key, label]) => (
        <Form.Item
          key={key}
          name={key}
          label={label}
          rules={[{ pattern: WINDOWS, message: '格式应为 HH:MM-HH:MM,多段用逗号分隔,最多4段' }]}
          normalize={(v: string) => v.replace(/,/g, ',').replace(/\s/g, '')}
        >
          <Input disabled={!editable} placeholder="不外呼" />
        </Form.Item>
      ))}
      <Form.Item name="holiday_status" label="节假日单独设置" valuePropName="checked">
        <Switch disabled={!editable} />
      </Form.Item>
      {editable && (
        <Form.Item wrapperCol={{ offset: 4 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
        </Form.Item>
      )}
    </Form>
  );
}

export default function CallingHoursTab() {
  const time = useQuery({ queryKey: ['call-time'], queryFn: getCallTime });
  return <QueryState query={time}>{(t) => <HoursForm value={t} />}</QueryState>;
}
