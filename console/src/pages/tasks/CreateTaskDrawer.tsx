// 新建任务 / 追加号码 from an uploaded xlsx/csv: script, template download (5.11), column mapping preview, task
// options; then the asynchronous import's progress and result (ImportProgress).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Upload,
} from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { saveBlob } from '../../api/client';
import { listLines } from '../../api/lines';
import {
  createTaskFromFile,
  downloadTemplate,
  listProjects,
  previewImport,
  type ImportPreview,
} from '../../api/tasks';
import { useAuth } from '../../app/AuthContext';
import { errorText } from '../../components/PageState';
import { fmtDateTime } from '../../lib/format';
import { ImportProgress } from './ImportProgress';

interface FormValues {
  project_sn?: string;
  source?: string;
  is_zidong: boolean;
  timed_started_at?: Dayjs | null;
  is_auto_fail_recall: boolean;
  total_fail_recall_times?: number;
  fail_recall_interval?: number;
  priority?: number;
  remark?: string;
  trunkgroup_sn?: number;
}

const ACCEPT = '.xlsx,.csv';

function PreviewTable({ preview }: { preview: ImportPreview }) {
  return (
    <div data-testid="import-preview">
      <Space wrap style={{ marginBottom: 8 }}>
        列对应:
        {preview.columns.map((c) => (
          <Tag key={c.key} color={c.found ? 'green' : c.required ? 'red' : 'default'}>
            {c.required ? '*' : ''}
            {c.key}
            {c.found ? ' ✓' : ' 未找到'}
          </Tag>
        ))}
      </Space>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey={(_, i) => String(i)}
        dataSource={preview.rows}
        columns={preview.columns.map((c) => ({ title: c.key, dataIndex: c.key }))}
        locale={{ emptyText: '文件中没有数据行' }}
      />
    </div>
  );
}

export function CreateTaskDrawer({
  open,
  appendTo,
  onClose,
}: {
  open: boolean;
  /** Append numbers to this task instead of creating one. */
  appendTo?: { sn: string; name: string };
  onClose: (changed: boolean) => void;
}) {
  const { me } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState<string>();
  const projects = useQuery({ queryKey: ['projects'], queryFn: listProjects, enabled: open && !appendTo });
  const lines = useQuery({ queryKey: ['lines'], queryFn: listLines, enabled: open && !appendTo });
  const projectSn = Form.useWatch('project_sn', form);

  const reset = (changed: boolean) => {
    form.resetFields();
    setFile(undefined);
    setPreview(undefined);
    setProblem(undefined);
    setImporting(undefined);
    onClose(changed);
  };

  const check = async (f: File, project?: string) => {
    setPreview(undefined);
    setProblem(undefined);
    if (!appendTo && !project) return;
    try {
      setPreview(
        await previewImport(f, appendTo ? { dial_task_main_sn: appendTo.sn } : { project_sn: project }),
      );
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const submit = async (v: FormValues) => {
    if (!file) {
      setProblem('请选择要导入的 xlsx 或 csv 文件');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await createTaskFromFile(
        file,
        appendTo
          ? { dial_task_main_sn: appendTo.sn }
          : {
              project_sn: v.project_sn,
              source: v.source,
              ai_user_sn: me.user_sn,
              is_zidong: v.is_zidong ? '1' : '0',
              timed_started_at: fmtDateTime(v.timed_started_at),
              is_auto_fail_recall: v.is_auto_fail_recall ? '1' : '0',
              total_fail_recall_times: v.is_auto_fail_recall
                ? String(v.total_fail_recall_times ?? 1)
                : undefined,
              fail_recall_interval: v.is_auto_fail_recall ? String(v.fail_recall_interval ?? 30) : undefined,
              priority: v.priority === undefined ? undefined : String(v.priority),
              remark: v.remark,
              trunkgroup_sn: v.trunkgroup_sn === undefined ? undefined : String(v.trunkgroup_sn),
            },
      );
      setImporting(created.dial_task_main_sn);
      void message.success(appendTo ? '号码已提交,正在导入' : '任务已创建,正在导入号码');
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const title = appendTo ? `追加号码 · ${appendTo.name}` : '新建外呼任务';
  return (
    <Drawer
      title={title}
      open={open}
      size={720}
      onClose={() => reset(importing !== undefined)}
      destroyOnHidden
    >
      {importing ? (
        <ImportProgress taskSn={importing} onDone={() => reset(true)} />
      ) : (
        <Form
          form={form}
          name="task-create"
          layout="vertical"
          initialValues={{ is_zidong: true, is_auto_fail_recall: false, priority: 0 }}
          onFinish={(v) => void submit(v)}
        >
          {!appendTo && (
            <>
              <Form.Item
                label="话术模板"
                name="project_sn"
                rules={[{ required: true, message: '请选择话术模板' }]}
                extra={
                  <Button
                    type="link"
                    size="small"
                    style={{ paddingInline: 0 }}
                    icon={<DownloadOutlined />}
                    disabled={!projectSn}
                    onClick={() =>
                      projectSn &&
                      void downloadTemplate(projectSn)
                        .then((b) => saveBlob(b, '导入模板.xlsx'))
                        .catch((err: unknown) => void message.error(errorText(err)))
                    }
                  >
                    下载该话术的导入模板(5.11)
                  </Button>
                }
              >
                <Select
                  loading={projects.isPending}
                  placeholder="选择话术"
                  options={(projects.data ?? []).map((p) => ({
                    value: p.project_sn,
                    label: p.project_caption,
                  }))}
                  onChange={(sn: string) => file && void check(file, sn)}
                  notFoundContent={projects.error ? errorText(projects.error) : '暂无已发布的话术'}
                />
              </Form.Item>
              <Form.Item
                label="任务名称"
                name="source"
                rules={[
                  { required: true, message: '请输入任务名称' },
                  {
                    pattern: /^[\u4e00-\u9fa5A-Za-z0-9()（）_-]+$/,
                    message: '只能包含中文、字母、数字、括号、下划线、短横线',
                  },
                ]}
              >
                <Input maxLength={50} />
              </Form.Item>
            </>
          )}
          <Form.Item label="号码文件(xlsx / csv)" required>
            <Upload
              accept={ACCEPT}
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                void check(f, projectSn);
                return false;
              }}
              onRemove={() => {
                setFile(undefined);
                setPreview(undefined);
              }}
            >
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
          </Form.Item>
          {problem && (
            <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} role="alert" />
          )}
          {preview && <PreviewTable preview={preview} />}
          {!appendTo && (
            <>
              <Alert
                style={{ margin: '16px 0' }}
                type="info"
                showIcon
                title="外呼时间按「设置 › 外呼时间」执行(含节假日)。"
              />
              <Form.Item label="外呼线路" name="trunkgroup_sn" extra="不选则使用团队的默认线路">
                <Select
                  allowClear
                  loading={lines.isPending}
                  placeholder="默认线路"
                  options={(lines.data?.list ?? []).map((l) => ({
                    value: l.line_id,
                    label: `${l.name}${l.is_default ? '(默认)' : ''}${l.status === 'up' ? '' : '(已停用)'}`,
                  }))}
                  notFoundContent={lines.error ? errorText(lines.error) : '暂无线路'}
                />
              </Form.Item>
              <Space size="large" wrap>
                <Form.Item label="导入后自动开始" name="is_zidong" valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item label="定时开始" name="timed_started_at">
                  <DatePicker showTime placeholder="不定时" />
                </Form.Item>
                <Form.Item label="优先级" name="priority">
                  <InputNumber min={0} max={10} />
                </Form.Item>
              </Space>
              <Space size="large" wrap>
                <Form.Item label="自动失败重呼" name="is_auto_fail_recall" valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item label="重呼次数" name="total_fail_recall_times">
                  <InputNumber min={0} max={10} placeholder="1" />
                </Form.Item>
                <Form.Item label="重呼间隔(分钟)" name="fail_recall_interval">
                  <InputNumber min={1} max={1440} placeholder="30" />
                </Form.Item>
              </Space>
              <Form.Item label="备注" name="remark">
                <Input.TextArea rows={2} maxLength={200} />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" loading={busy} disabled={!file || !!problem}>
            {appendTo ? '追加并导入' : '创建任务并导入'}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
