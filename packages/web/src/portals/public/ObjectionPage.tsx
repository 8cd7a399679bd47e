import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Select, Tag, Typography } from 'antd';
import { type ChangeEvent, useEffect, useState } from 'react';
import { api, ApiError, fieldErrors, postMultipart } from '../account/api';
import { digitsOnly, mobileRule, personNameRule, required, SmsCodeField, upper, usccRule } from '../account/fields';
import { useSession } from '../account/session';

const FORM = 'objection';
type Kind = 'person' | 'organisation';

interface Target {
  entryId: number;
  enterpriseName: string;
  uscc: string;
  regionName: string;
  provinceName: string | null;
  batchTitle: string;
  publishedOn: string;
  endsOn: string;
  today: string;
  phase: 'before' | 'open' | 'ended';
  outcome: 'pending' | 'registered' | 'withheld';
  open: boolean;
  grounds: { key: string; label: string }[];
}

const TEXT_FIELDS = [
  'objectorKind',
  'name',
  'phone',
  'smsCode',
  'organisationName',
  'organisationUscc',
  'contactPhone',
  'ground',
  'facts',
];
const MAX_EVIDENCE = 5;
const EVIDENCE_MAX_BYTES = 10 << 20;
const LETTER_MAX_BYTES = 5 << 20;
const FACTS_MIN = 20;
const FACTS_MAX = 2000;

/** The window's standing, in words. */
function phaseText(t: Target): string {
  if (t.outcome !== 'pending') return '该企业的公示已办结，不再受理异议。';
  if (t.phase === 'before') return `公示尚未开始（公示期为${t.publishedOn}至${t.endsOn}），请在公示期内提出异议。`;
  if (t.phase === 'ended') return `公示期已结束（公示期为${t.publishedOn}至${t.endsOn}），逾期提出的异议不予受理。`;
  return '';
}

/** 公示异议: anyone, without an account, under a real name, with facts and evidence, while the window is open. */
export function ObjectionFormPage() {
  const [form] = Form.useForm();
  const { csrfToken } = useSession();
  const entryId = new URLSearchParams(window.location.search).get('entry') ?? '';
  const kind = (Form.useWatch('objectorKind', form) as Kind | undefined) ?? 'person';
  const [target, setTarget] = useState<Target | null>(null);
  const [targetError, setTargetError] = useState<string | null>(null);
  const [letter, setLetter] = useState<File | null>(null);
  const [evidence, setEvidence] = useState<File[]>([]);
  const [fileErrors, setFileErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ receiptNo: string; message: string } | null>(null);
  const organisation = kind === 'organisation';

  useEffect(() => {
    if (!/^\d+$/.test(entryId)) {
      setTargetError('链接不完整：请从公示名单中企业的“提出异议”进入');
      return;
    }
    api<Target>('GET', `/api/v1/public/objection-targets/${entryId}`)
      .then(setTarget)
      .catch((e: unknown) => setTargetError(e instanceof ApiError ? e.message : '加载失败，请稍后再试'));
  }, [entryId]);

  const pickLetter = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    setLetter(file);
    setFileErrors((e) => ({
      ...e,
      sealedLetter: file && file.size > LETTER_MAX_BYTES ? '文件不能超过5MB' : undefined,
    }));
  };
  const pickEvidence = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    setEvidence(files);
    const tooMany = files.length > MAX_EVIDENCE ? `最多上传${MAX_EVIDENCE}份证据材料` : undefined;
    const tooLarge = files.some((f) => f.size > EVIDENCE_MAX_BYTES) ? '每份证据材料不能超过10MB' : undefined;
    setFileErrors((e) => ({ ...e, evidence: tooMany ?? tooLarge }));
  };

  const submit = async (values: Record<string, string>) => {
    const missing: Record<string, string> = {};
    if (organisation && !letter) missing.sealedLetter = '请上传加盖公章的异议函';
    if (evidence.length === 0) missing.evidence = '请至少上传1份证据材料';
    if (Object.keys(missing).length > 0 || Object.values(fileErrors).some(Boolean)) {
      setFileErrors((e) => ({ ...e, ...missing }));
      return;
    }
    const body = new FormData();
    body.append('entryId', entryId);
    for (const name of TEXT_FIELDS) {
      const value = values[name];
      if (typeof value === 'string' && value !== '') body.append(name, value.trim());
    }
    if (organisation && letter) body.append('sealedLetter', letter);
    evidence.forEach((file, i) => body.append(`evidence${i + 1}`, file));
    setBusy(true);
    setError(null);
    try {
      const json = await postMultipart<{ receiptNo: string; message: string }>(
        '/api/v1/public/objections',
        body,
        csrfToken ?? '',
      );
      setDone({ receiptNo: json.receiptNo, message: json.message });
    } catch (e) {
      const problem = e instanceof ApiError ? e : new ApiError(0, 'unknown', '提交失败，请稍后再试', []);
      const byField = fieldErrors(problem, TEXT_FIELDS);
      if (byField.length > 0) form.setFields(byField as Parameters<typeof form.setFields>[0]);
      const fileProblems: Record<string, string> = {};
      for (const f of problem.fields) {
        if (f.path === 'sealedLetter') fileProblems.sealedLetter = f.message;
        if (f.path.startsWith('evidence')) fileProblems.evidence = f.message;
      }
      setFileErrors((e) => ({ ...e, ...fileProblems }));
      if (byField.length === 0 && Object.keys(fileProblems).length === 0) setError(problem.message);
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
            title="异议已受理"
            subTitle={done.message}
            extra={[
              <Typography.Title level={3} key="r" copyable={{ text: done.receiptNo }}>
                受理编号：<span data-testid="objection-receipt">{done.receiptNo}</span>
              </Typography.Title>,
              <Typography.Paragraph key="h" type="secondary">
                请记下受理编号。查询办理进度时需要受理编号和您填写的手机号码后4位；办理结果也将以短信告知。
              </Typography.Paragraph>,
              <Button
                key="s"
                type="primary"
                href={`/objection/status?receipt=${encodeURIComponent(done.receiptNo)}`}
                data-testid="objection-status-link"
              >
                查询办理进度
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
          提出公示异议
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          任何单位和个人对公示企业有异议的，可在公示期内实名提出，并提供事实依据和证据材料。匿名、逾期或无证据材料的异议不予受理。个人须填写真实姓名和手机号码（短信验证）；单位须上传加盖公章的异议函。
        </Typography.Paragraph>
        {targetError !== null && (
          <Alert
            type="error"
            showIcon
            title={targetError}
            className="kx-form-alert"
            data-testid="objection-target-error"
          />
        )}
        {target && (
          <Descriptions
            column={1}
            size="small"
            bordered
            className="kx-recovery-desc"
            style={{ marginBottom: 16 }}
            data-testid="objection-target"
          >
            <Descriptions.Item label="被异议企业">{target.enterpriseName}</Descriptions.Item>
            <Descriptions.Item label="统一社会信用代码">{target.uscc}</Descriptions.Item>
            <Descriptions.Item label="所在地区">{target.regionName}</Descriptions.Item>
            <Descriptions.Item label="公示批次">
              {target.provinceName ?? ''}
              {target.batchTitle}
            </Descriptions.Item>
            <Descriptions.Item label="公示期">
              {target.publishedOn} 至 {target.endsOn}{' '}
              {target.open ? <Tag color="processing">公示中</Tag> : <Tag>不在公示期</Tag>}
            </Descriptions.Item>
          </Descriptions>
        )}
        {target && !target.open && (
          <Alert
            type="warning"
            showIcon
            title={phaseText(target)}
            className="kx-form-alert"
            data-testid="objection-closed"
          />
        )}
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={error}
            className="kx-form-alert"
            role="alert"
            data-testid="objection-error"
          />
        )}
        {target && (
          <Form
            form={form}
            name={FORM}
            layout="vertical"
            onFinish={submit}
            initialValues={{ objectorKind: 'person' }}
            requiredMark={false}
            disabled={!target.open}
          >
            <Form.Item name="objectorKind" label="异议人类型">
              <Radio.Group
                optionType="button"
                options={[
                  { label: '个人', value: 'person' },
                  { label: '单位', value: 'organisation' },
                ]}
                data-testid="objection-kind"
              />
            </Form.Item>
            {organisation ? (
              <>
                <Form.Item name="organisationName" label="单位名称" rules={[required('请填写单位名称')]}>
                  <Input maxLength={100} data-testid="objection-organisationName" />
                </Form.Item>
                <Form.Item name="organisationUscc" label="单位统一社会信用代码" rules={[usccRule]} normalize={upper}>
                  <Input maxLength={18} data-testid="objection-organisationUscc" />
                </Form.Item>
                <Form.Item
                  name="contactPhone"
                  label="联系电话（手机）"
                  extra="办理结果将以短信告知此号码"
                  rules={[mobileRule('联系电话')]}
                  normalize={digitsOnly}
                >
                  <Input maxLength={11} inputMode="numeric" data-testid="objection-contactPhone" />
                </Form.Item>
                <Form.Item
                  label="加盖公章的异议函"
                  required
                  validateStatus={fileErrors.sealedLetter ? 'error' : undefined}
                  help={fileErrors.sealedLetter ?? 'PDF/JPG/PNG，不超过5MB'}
                >
                  <input
                    type="file"
                    accept=".pdf,.jpg,.jpeg,.png"
                    onChange={pickLetter}
                    data-testid="objection-sealedLetter"
                  />
                </Form.Item>
              </>
            ) : (
              <>
                <Form.Item name="name" label="真实姓名" rules={[personNameRule('真实姓名')]}>
                  <Input maxLength={30} data-testid="objection-name" />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label="手机号码"
                  extra="用于验证身份；办理结果将以短信告知"
                  rules={[mobileRule('手机号码')]}
                  normalize={digitsOnly}
                >
                  <Input maxLength={11} inputMode="numeric" data-testid="objection-phone" />
                </Form.Item>
                <SmsCodeField form={form} formName={FORM} phoneField="phone" purpose="objection" />
              </>
            )}
            <Form.Item name="ground" label="异议理由" rules={[required('请选择异议理由')]}>
              <Select
                placeholder="请选择"
                options={target.grounds.map((g) => ({ value: g.key, label: g.label }))}
                data-testid="objection-ground"
              />
            </Form.Item>
            <Form.Item
              name="facts"
              label="异议事实"
              extra="写明具体事实（时间、事项、依据），与证据材料相对应"
              rules={[
                required('请填写异议事实'),
                { min: FACTS_MIN, message: `请至少填写${FACTS_MIN}个字` },
                { max: FACTS_MAX, message: `不超过${FACTS_MAX}个字` },
              ]}
            >
              <Input.TextArea rows={5} maxLength={FACTS_MAX} showCount data-testid="objection-facts" />
            </Form.Item>
            <Form.Item
              label="证据材料"
              required
              validateStatus={fileErrors.evidence ? 'error' : undefined}
              help={fileErrors.evidence ?? `至少1份，最多${MAX_EVIDENCE}份；PDF/JPG/PNG，每份不超过10MB`}
            >
              <input
                type="file"
                multiple
                accept=".pdf,.jpg,.jpeg,.png"
                onChange={pickEvidence}
                data-testid="objection-evidence"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="objection-submit">
              提交异议
            </Button>
          </Form>
        )}
        <div className="kx-login-links">
          <a href="/objection/status">查询异议办理进度</a>
        </div>
      </Card>
    </div>
  );
}

interface ObjectionStatus {
  receiptNo: string;
  status: 'received' | 'assigned' | 'verified' | 'upheld' | 'dismissed';
  statusLabel: string;
  enterpriseName: string;
  batchTitle: string;
  groundLabel: string;
  receivedAt: string;
  decidedAt: string | null;
  outcome: string | null;
}

const STATUS_COLORS = {
  received: 'default',
  assigned: 'processing',
  verified: 'processing',
  upheld: 'success',
  dismissed: 'warning',
} as const;
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** 异议办理进度: by receipt number and the last 4 digits of the phone given in the objection. */
export function ObjectionStatusPage() {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ObjectionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const initialReceipt = new URLSearchParams(window.location.search).get('receipt') ?? '';

  const submit = async (values: { receiptNo: string; last4: string }) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(
        await api<ObjectionStatus>(
          'GET',
          `/api/v1/public/objections/${encodeURIComponent(values.receiptNo.trim())}?last4=${encodeURIComponent(values.last4)}`,
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
          异议办理进度
        </Typography.Title>
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ receiptNo: initialReceipt }}
          requiredMark={false}
        >
          <Form.Item name="receiptNo" label="受理编号" rules={[required('请填写受理编号')]} normalize={upper}>
            <Input placeholder="YY…" data-testid="objection-status-receipt" />
          </Form.Item>
          <Form.Item
            name="last4"
            label="手机号码后4位"
            extra="个人为提出异议时验证的手机号码，单位为填写的联系电话"
            rules={[{ pattern: /^\d{4}$/, required: true, message: '请填写4位数字' }]}
            normalize={digitsOnly}
          >
            <Input maxLength={4} inputMode="numeric" data-testid="objection-status-last4" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="objection-status-submit">
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
            data-testid="objection-status-result"
          >
            <Descriptions.Item label="受理编号">{status.receiptNo}</Descriptions.Item>
            <Descriptions.Item label="被异议企业">{status.enterpriseName}</Descriptions.Item>
            <Descriptions.Item label="公示批次">{status.batchTitle}</Descriptions.Item>
            <Descriptions.Item label="异议理由">{status.groundLabel}</Descriptions.Item>
            <Descriptions.Item label="受理时间">{time(status.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label="办理状态">
              <Tag color={STATUS_COLORS[status.status]}>{status.statusLabel}</Tag>
            </Descriptions.Item>
            {status.decidedAt && <Descriptions.Item label="办结时间">{time(status.decidedAt)}</Descriptions.Item>}
            {status.outcome && <Descriptions.Item label="办理结果">{status.outcome}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
    </div>
  );
}
