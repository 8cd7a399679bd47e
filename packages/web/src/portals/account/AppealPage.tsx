import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Tag, Typography } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { api, ApiError, fieldErrors, postMultipart } from './api';
import {
  digitsOnly,
  idNumberRule,
  mobileRule,
  personNameRule,
  required,
  SmsCodeField,
  upper,
  usccRule,
} from './fields';
import { useSession } from './session';

const FORM = 'appeal';
type Kind = 'person' | 'legalPerson';

interface Material {
  field: 'idFront' | 'idBack' | 'letter' | 'licence';
  label: string;
  accept: string;
  maxBytes: number;
  legalOnly: boolean;
  hint: string;
}

const MATERIALS: readonly Material[] = [
  {
    field: 'idFront',
    label: '身份证人像面',
    accept: '.jpg,.jpeg,.png',
    maxBytes: 1 << 20,
    legalOnly: false,
    hint: 'JPG/PNG，不超过1MB',
  },
  {
    field: 'idBack',
    label: '身份证国徽面',
    accept: '.jpg,.jpeg,.png',
    maxBytes: 1 << 20,
    legalOnly: false,
    hint: 'JPG/PNG，不超过1MB',
  },
  {
    field: 'letter',
    label: '申诉函（加盖公章）',
    accept: '.pdf,.jpg,.jpeg,.png',
    maxBytes: 5 << 20,
    legalOnly: true,
    hint: 'PDF/JPG/PNG，不超过5MB',
  },
  {
    field: 'licence',
    label: '营业执照',
    accept: '.pdf,.jpg,.jpeg,.png',
    maxBytes: 5 << 20,
    legalOnly: true,
    hint: 'PDF/JPG/PNG，不超过5MB',
  },
];

const TEXT_FIELDS = ['accountKind', 'name', 'idNumber', 'unitName', 'uscc', 'newPhone', 'smsCode', 'reason'];

/** 申诉: for a lost phone or a forgotten login name, without signing in; a receipt number to follow it. */
export function AppealPage() {
  const [form] = Form.useForm();
  const { csrfToken } = useSession();
  const kind = (Form.useWatch('accountKind', form) as Kind | undefined) ?? 'person';
  const [files, setFiles] = useState<Partial<Record<Material['field'], File>>>({});
  const [fileErrors, setFileErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ receipt: string; message: string } | null>(null);
  const legal = kind === 'legalPerson';
  const materials = MATERIALS.filter((m) => legal || !m.legalOnly);

  const pick = (m: Material) => (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setFiles((f) => ({ ...f, [m.field]: file }));
    setFileErrors((e) => ({
      ...e,
      [m.field]: file && file.size > m.maxBytes ? `文件不能超过${m.maxBytes >> 20}MB` : undefined,
    }));
  };

  const submit = async (values: Record<string, string>) => {
    const missing: Record<string, string> = {};
    for (const m of materials) if (!files[m.field]) missing[m.field] = `请上传${m.label}`;
    if (Object.keys(missing).length > 0 || Object.values(fileErrors).some(Boolean)) {
      setFileErrors((e) => ({ ...e, ...missing }));
      return;
    }
    const body = new FormData();
    for (const name of TEXT_FIELDS) {
      const value = values[name];
      if (typeof value === 'string' && value !== '') body.append(name, value.trim());
    }
    for (const m of materials) body.append(m.field, files[m.field] as File);
    setBusy(true);
    setError(null);
    try {
      const json = await postMultipart<{ receipt: string; message: string }>('/api/v1/appeals', body, csrfToken ?? '');
      setDone({ receipt: json.receipt, message: json.message });
    } catch (e) {
      const problem = e instanceof ApiError ? e : new ApiError(0, 'unknown', '提交失败，请稍后再试', []);
      const byField = fieldErrors(problem, TEXT_FIELDS);
      if (byField.length > 0) form.setFields(byField as Parameters<typeof form.setFields>[0]);
      const fileProblems = problem.fields.filter((f) => MATERIALS.some((m) => m.field === f.path));
      if (fileProblems.length > 0) {
        setFileErrors((e) => ({ ...e, ...Object.fromEntries(fileProblems.map((f) => [f.path, f.message])) }));
      }
      if (byField.length === 0 && fileProblems.length === 0) setError(problem.message);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="kx-page kx-account-page">
        <Card className="kx-account-card">
          <Result
            status="success"
            title="申诉已提交"
            subTitle={done.message}
            extra={[
              <Typography.Paragraph key="r" copyable={{ text: done.receipt }}>
                受理编号：<strong data-testid="appeal-receipt">{done.receipt}</strong>
              </Typography.Paragraph>,
              <Button key="s" type="primary" href={`/appeal/status?receipt=${encodeURIComponent(done.receipt)}`}>
                查询申诉进度
              </Button>,
            ]}
          />
        </Card>
      </div>
    );
  }

  return (
    <div className="kx-page kx-account-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          账号申诉
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          原手机号码已不能使用、或忘记登录名又无法检索到时，可提交申诉。所填身份信息须与注册时一致；审核通过后账号改绑新手机号码，登录名以短信告知，再通过“忘记密码”重置密码。
        </Typography.Paragraph>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={error}
            className="kx-form-alert"
            role="alert"
            data-testid="appeal-error"
          />
        )}
        <Form
          form={form}
          name={FORM}
          layout="vertical"
          onFinish={submit}
          initialValues={{ accountKind: 'person' }}
          requiredMark={false}
        >
          <Form.Item name="accountKind" label="账号类型">
            <Radio.Group
              optionType="button"
              options={[
                { label: '自然人账号', value: 'person' },
                { label: '法人账号', value: 'legalPerson' },
              ]}
            />
          </Form.Item>
          {legal && (
            <>
              <Form.Item name="unitName" label="单位名称" rules={[required('请填写单位名称')]}>
                <Input maxLength={100} data-testid="appeal-unitName" />
              </Form.Item>
              <Form.Item name="uscc" label="统一社会信用代码" rules={[usccRule]} normalize={upper}>
                <Input maxLength={18} data-testid="appeal-uscc" />
              </Form.Item>
            </>
          )}
          <Form.Item name="name" label={legal ? '申请人姓名' : '姓名'} rules={[personNameRule('姓名')]}>
            <Input maxLength={30} data-testid="appeal-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={legal ? '申请人身份证号码' : '身份证号码'}
            rules={[idNumberRule('身份证号码')]}
            normalize={upper}
          >
            <Input maxLength={18} data-testid="appeal-idNumber" />
          </Form.Item>
          <Form.Item
            name="newPhone"
            label="新手机号码"
            extra="审核结果与登录名将发送到此号码"
            rules={[mobileRule('新手机号码')]}
            normalize={digitsOnly}
          >
            <Input maxLength={11} inputMode="numeric" data-testid="appeal-newPhone" />
          </Form.Item>
          <SmsCodeField form={form} formName={FORM} phoneField="newPhone" purpose="appeal" />
          <Form.Item
            name="reason"
            label="申诉原因"
            rules={[required('请填写申诉原因'), { min: 5, message: '请至少填写5个字' }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="appeal-reason" />
          </Form.Item>
          {materials.map((m) => (
            <Form.Item
              key={m.field}
              label={m.label}
              required
              validateStatus={fileErrors[m.field] ? 'error' : undefined}
              help={fileErrors[m.field] ?? m.hint}
            >
              <input type="file" accept={m.accept} onChange={pick(m)} data-testid={`appeal-${m.field}`} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="appeal-submit">
            提交申诉
          </Button>
        </Form>
        <div className="kx-login-links">
          <a href="/login">返回登录</a>
          <a href="/appeal/status">查询申诉进度</a>
        </div>
      </Card>
    </div>
  );
}

interface AppealStatus {
  receipt: string;
  status: 'pending' | 'approved' | 'rejected';
  statusLabel: string;
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
}

const STATUS_COLORS = { pending: 'processing', approved: 'success', rejected: 'error' } as const;

/** 申诉进度: by receipt number and the new phone given in the appeal. */
export function AppealStatusPage() {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<AppealStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const initialReceipt = new URLSearchParams(window.location.search).get('receipt') ?? '';

  const submit = async (values: { receipt: string; phone: string }) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(
        await api<AppealStatus>(
          'GET',
          `/api/v1/appeals/${encodeURIComponent(values.receipt.trim())}?phone=${encodeURIComponent(values.phone)}`,
        ),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查询失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kx-page kx-account-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          申诉进度
        </Typography.Title>
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ receipt: initialReceipt }}
          requiredMark={false}
        >
          <Form.Item name="receipt" label="受理编号" rules={[required('请填写受理编号')]} normalize={upper}>
            <Input placeholder="SS…" data-testid="appeal-status-receipt" />
          </Form.Item>
          <Form.Item
            name="phone"
            label="申诉时填写的新手机号码"
            rules={[mobileRule('手机号码')]}
            normalize={digitsOnly}
          >
            <Input maxLength={11} inputMode="numeric" data-testid="appeal-status-phone" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="appeal-status-submit">
            查询
          </Button>
        </Form>
        {error !== null && <Alert type="error" showIcon title={error} className="kx-form-alert" role="alert" />}
        {status && (
          <Descriptions
            column={1}
            size="small"
            bordered
            className="kx-recovery-desc"
            data-testid="appeal-status-result"
          >
            <Descriptions.Item label="受理编号">{status.receipt}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[status.status]}>{status.statusLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="提交时间">
              {new Date(status.submittedAt).toLocaleString('zh-CN', { hour12: false })}
            </Descriptions.Item>
            {status.decidedAt && (
              <Descriptions.Item label="审核时间">
                {new Date(status.decidedAt).toLocaleString('zh-CN', { hour12: false })}
              </Descriptions.Item>
            )}
            {status.reason && <Descriptions.Item label="理由">{status.reason}</Descriptions.Item>}
          </Descriptions>
        )}
        {status?.status === 'approved' && (
          <Alert
            type="success"
            showIcon
            className="kx-form-alert"
            title={
              <span>
                账号已改绑新手机号码，登录名已通过短信告知。请通过<a href="/forgot-password">忘记密码</a>
                重置密码后登录。
              </span>
            }
          />
        )}
      </Card>
    </div>
  );
}
