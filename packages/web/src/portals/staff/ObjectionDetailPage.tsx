import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, fieldErrors } from '../account/api';
import { required } from '../account/fields';
import { useSession } from '../account/session';
import { hasRole, StaffGate } from './admin-common';
import { OBJECTION_STATUS_COLORS, type ObjectionSummary, time } from './ObjectionQueuePage';

const GROUNDS: { value: string; label: string }[] = [
  { value: 'notEligible', label: '不符合科技型中小企业评价条件' },
  { value: 'seriousFraud', label: '存在严重弄虚作假行为' },
  { value: 'researchMisconduct', label: '存在严重科研失信行为' },
  { value: 'accidentOrEnvironment', label: '发生重大安全、重大质量事故或有严重环境违法行为' },
  { value: 'abnormalOrDishonest', label: '被列入经营异常名录或严重违法失信企业名单' },
];

interface Handling {
  objectorSummary: string;
  ground: string;
  evidenceSummary: string;
  receivedInWindow: boolean;
  verification: string;
  onSite: { done: boolean; date?: string; people?: string; findings?: string };
  conclusion: 'upheld' | 'dismissed';
  opinion: string;
}

interface ObjectionDetail extends ObjectionSummary {
  objectorPhone: string;
  objectorUscc: string | null;
  hasSealedLetter: boolean;
  facts: string;
  publishedOn: string | null;
  receivedInWindow: boolean;
  defaultAgencyId: number;
  defaultAgencyName: string;
  assignedAt: string | null;
  handling: Handling | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  evidence: { id: number; fileName: string; mediaType: string; size: number }[];
}

const HANDLING_FIELDS = [
  'objectorSummary',
  'ground',
  'evidenceSummary',
  'receivedInWindow',
  'verification',
  'onSiteDone',
  'onSiteDate',
  'onSitePeople',
  'onSiteFindings',
  'conclusion',
  'opinion',
];
/** The server's paths of the handling form → this form's field names. */
const PATHS: Readonly<Record<string, string>> = {
  'onSite.done': 'onSiteDone',
  'onSite.date': 'onSiteDate',
  'onSite.people': 'onSitePeople',
  'onSite.findings': 'onSiteFindings',
};

/** One objection: what was received, its evidence, and the step the actor may take (assign, verify, confirm). */
export function ObjectionDetailPage({ id }: { id: string }) {
  const { account, csrfToken } = useSession();
  const { message } = AntApp.useApp();
  const allowed = hasRole(account, 'nationalAdmin', 'provinceAdmin', 'agencyReviewer', 'agencyHead');
  const [detail, setDetail] = useState<ObjectionDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const onSiteDone = Form.useWatch('onSiteDone', form) as boolean | undefined;

  const load = useCallback(() => {
    api<ObjectionDetail>('GET', `/api/v1/staff/objections/${encodeURIComponent(id)}`)
      .then((d) => {
        setDetail(d);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : '加载失败，请稍后再试'));
  }, [id]);
  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);

  const act = async (key: string, method: 'POST' | 'PUT', tail: string, body: unknown, done: string) => {
    setBusy(key);
    setError(null);
    setNoteError(null);
    try {
      setDetail(
        await api<ObjectionDetail>(method, `/api/v1/staff/objections/${id}${tail}`, body, csrfToken ?? undefined),
      );
      message.success(done);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setError('操作失败，请稍后再试');
        return false;
      }
      const noteProblem = e.fields.find((f) => f.path === 'note');
      if (noteProblem) setNoteError(noteProblem.message);
      const mapped = fieldErrors(
        new ApiError(
          e.status,
          e.code,
          e.message,
          e.fields.map((f) => ({ ...f, path: PATHS[f.path] ?? f.path })),
        ),
        HANDLING_FIELDS,
      );
      if (mapped.length > 0) form.setFields(mapped as Parameters<typeof form.setFields>[0]);
      if (!noteProblem && mapped.length === 0) setError(e.message);
      if (e.status === 409) load();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const submitHandling = (v: Record<string, unknown>) =>
    act(
      'handle',
      'PUT',
      '/handling',
      {
        objectorSummary: v.objectorSummary,
        ground: v.ground,
        evidenceSummary: v.evidenceSummary,
        receivedInWindow: v.receivedInWindow,
        verification: v.verification,
        onSite: v.onSiteDone
          ? {
              done: true,
              date: (v.onSiteDate as { format?: (f: string) => string } | undefined)?.format?.('YYYY-MM-DD') ?? '',
              people: v.onSitePeople,
              findings: v.onSiteFindings,
            }
          : { done: v.onSiteDone },
        conclusion: v.conclusion,
        opinion: v.opinion,
      },
      '核实处理情况表已提交省级确认',
    );

  if (!allowed || loadError !== null) {
    return (
      <StaffGate allowed={allowed} subTitle="公示异议仅限省级管理员与评价工作机构使用。">
        <Result status="404" title="无法查看" subTitle={loadError} />
      </StaffGate>
    );
  }
  if (detail === null)
    return (
      <StaffGate allowed={allowed} subTitle="">
        {null}
      </StaffGate>
    );
  const d = detail;
  const can = (a: ObjectionSummary['allowedActions'][number]) => d.allowedActions.includes(a);
  const h = d.handling;

  return (
    <StaffGate allowed={allowed} subTitle="">
      <div className="kx-page kx-staff-page" data-testid="objection-detail">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            公示异议 {d.receiptNo}
          </Typography.Title>
          <Space>
            <Tag color={OBJECTION_STATUS_COLORS[d.status]} data-testid="objection-status">
              {d.statusLabel}
            </Tag>
            <a href="/staff/objections">返回列表</a>
          </Space>
        </div>
        {error && (
          <Alert type="error" showIcon title={error} className="kx-form-alert" data-testid="objection-action-error" />
        )}
        <Card title="异议情况" size="small">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="被异议企业">{d.enterpriseName}</Descriptions.Item>
            <Descriptions.Item label="统一社会信用代码">{d.uscc}</Descriptions.Item>
            <Descriptions.Item label="公示批次">{d.batchTitle}</Descriptions.Item>
            <Descriptions.Item label="公示期">
              {d.publishedOn} 至 {d.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label="异议人">
              {d.objectorName}（{d.objectorKindLabel}）
            </Descriptions.Item>
            <Descriptions.Item label="联系电话">{d.objectorPhone}</Descriptions.Item>
            {d.objectorUscc && <Descriptions.Item label="单位统一社会信用代码">{d.objectorUscc}</Descriptions.Item>}
            <Descriptions.Item label="受理时间">
              {time(d.receivedAt)} {d.receivedInWindow ? '（公示期内）' : '（公示期外）'}
            </Descriptions.Item>
            <Descriptions.Item label="异议理由" span={2}>
              {d.groundLabel}
            </Descriptions.Item>
            <Descriptions.Item label="异议事实" span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.facts}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="材料" span={2}>
              <Space orientation="vertical">
                {d.hasSealedLetter && (
                  <a href={`/api/v1/staff/objections/${d.id}/sealed-letter`} target="_blank" rel="noreferrer">
                    加盖公章的异议函
                  </a>
                )}
                {d.evidence.map((e) => (
                  <a
                    key={e.id}
                    href={`/api/v1/staff/objections/${d.id}/evidence/${e.id}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    证据材料：{e.fileName}
                  </a>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="核实机构">
              {d.agencyName ?? `未交办（默认：${d.defaultAgencyName}）`}
            </Descriptions.Item>
            <Descriptions.Item label="交办时间">{time(d.assignedAt)}</Descriptions.Item>
            {d.decisionNote && d.status === 'assigned' && (
              <Descriptions.Item label="省级退回原因" span={2}>
                {d.decisionNote}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>

        {can('assign') && (
          <Card title="交办核实" size="small" style={{ marginTop: 16 }} className="kx-staff-decision">
            <Typography.Paragraph type="secondary">
              交办该企业的评价工作机构（{d.defaultAgencyName}）核实，并填写《公示异议核实处理情况表》。
            </Typography.Paragraph>
            <Button
              type="primary"
              loading={busy === 'assign'}
              onClick={() => act('assign', 'POST', '/assign', {}, '已交办评价工作机构')}
              data-testid="objection-assign"
            >
              交办{d.defaultAgencyName}核实
            </Button>
          </Card>
        )}

        {h && (
          <Card
            title="公示异议核实处理情况表"
            size="small"
            style={{ marginTop: 16 }}
            extra={
              <a href={`/api/v1/staff/objections/${d.id}/handling.pdf`} data-testid="objection-pdf">
                下载PDF
              </a>
            }
          >
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="异议人情况">{h.objectorSummary}</Descriptions.Item>
              <Descriptions.Item label="异议理由认定">
                {GROUNDS.find((g) => g.value === h.ground)?.label ?? h.ground}
              </Descriptions.Item>
              <Descriptions.Item label="证据材料情况">{h.evidenceSummary}</Descriptions.Item>
              <Descriptions.Item label="是否在公示期内提出">{h.receivedInWindow ? '是' : '否'}</Descriptions.Item>
              <Descriptions.Item label="核实情况">{h.verification}</Descriptions.Item>
              <Descriptions.Item label="实地核查">
                {h.onSite.done ? `${h.onSite.date}；${h.onSite.people}；${h.onSite.findings}` : '未开展'}
              </Descriptions.Item>
              <Descriptions.Item label="核实结论">
                {h.conclusion === 'upheld' ? '异议成立（不予入库）' : '异议不成立（排除异议）'}
              </Descriptions.Item>
              <Descriptions.Item label="评价工作机构意见">{h.opinion}</Descriptions.Item>
              <Descriptions.Item label="填表">
                {d.verifiedBy ?? '—'} {time(d.verifiedAt)}
              </Descriptions.Item>
              {(d.status === 'upheld' || d.status === 'dismissed') && (
                <Descriptions.Item label="省级确认">
                  {d.decidedBy ?? '—'} {time(d.decidedAt)} {d.decisionNote ?? ''}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        )}

        {can('confirm') && (
          <Card title="省级确认" size="small" style={{ marginTop: 16 }} className="kx-staff-decision">
            <Typography.Paragraph type="secondary">
              确认核实结论：异议成立的，该企业本年度不予入库；异议不成立的，公示期满后按程序公告入库。异议人与企业将收到通知。
            </Typography.Paragraph>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="确认意见（选填）；退回重新核实时须写明原因"
              status={noteError ? 'error' : undefined}
              data-testid="objection-note"
            />
            {noteError && <Typography.Text type="danger">{noteError}</Typography.Text>}
            <Space className="kx-staff-decision-buttons">
              <Button
                type="primary"
                loading={busy === 'confirm'}
                onClick={() => act('confirm', 'POST', '/confirm', { decision: 'confirm', note }, '已确认核实结论')}
                data-testid="objection-confirm"
              >
                确认：{h?.conclusion === 'upheld' ? '异议成立，不予入库' : '异议不成立'}
              </Button>
              <Button
                loading={busy === 'sendBack'}
                onClick={() =>
                  act('sendBack', 'POST', '/confirm', { decision: 'sendBack', note }, '已退回评价工作机构重新核实')
                }
                data-testid="objection-send-back"
              >
                退回重新核实
              </Button>
            </Space>
          </Card>
        )}

        {can('handle') && (
          <Card title="填写《公示异议核实处理情况表》" size="small" style={{ marginTop: 16 }}>
            <Form
              form={form}
              layout="vertical"
              onFinish={submitHandling}
              initialValues={
                h
                  ? {
                      // Sent back: the form as the agency last submitted it.
                      objectorSummary: h.objectorSummary,
                      ground: h.ground,
                      evidenceSummary: h.evidenceSummary,
                      receivedInWindow: h.receivedInWindow,
                      verification: h.verification,
                      onSiteDone: h.onSite.done,
                      onSitePeople: h.onSite.people,
                      onSiteFindings: h.onSite.findings,
                      conclusion: h.conclusion,
                      opinion: h.opinion,
                    }
                  : {
                      objectorSummary: `${d.objectorKindLabel}实名异议：${d.objectorName}`,
                      ground: d.ground,
                      receivedInWindow: d.receivedInWindow,
                      onSiteDone: false,
                      evidenceSummary: d.evidence.map((e) => e.fileName).join('；'),
                    }
              }
              data-testid="objection-handling-form"
            >
              <Form.Item name="objectorSummary" label="异议人情况" rules={[required('请填写异议人情况')]}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="ground" label="异议理由认定" rules={[required('请选择异议理由')]}>
                <Select options={GROUNDS} />
              </Form.Item>
              <Form.Item name="evidenceSummary" label="证据材料情况" rules={[required('请填写证据材料情况')]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="receivedInWindow" label="是否在公示期内提出">
                <Radio.Group
                  options={[
                    { label: '是', value: true },
                    { label: '否', value: false },
                  ]}
                />
              </Form.Item>
              <Form.Item name="verification" label="核实情况" rules={[required('请填写核实情况')]}>
                <Input.TextArea rows={4} maxLength={2000} showCount data-testid="objection-verification" />
              </Form.Item>
              <Form.Item name="onSiteDone" label="是否开展实地核查">
                <Radio.Group
                  options={[
                    { label: '是', value: true },
                    { label: '否', value: false },
                  ]}
                />
              </Form.Item>
              {onSiteDone && (
                <>
                  <Form.Item name="onSiteDate" label="实地核查日期" rules={[required('请选择实地核查日期')]}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="onSitePeople" label="实地核查人员" rules={[required('请填写实地核查人员')]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="onSiteFindings" label="实地核查情况" rules={[required('请填写实地核查情况')]}>
                    <Input.TextArea rows={3} maxLength={2000} />
                  </Form.Item>
                </>
              )}
              <Form.Item name="conclusion" label="核实结论" rules={[required('请选择核实结论')]}>
                <Radio.Group
                  options={[
                    { label: '异议成立（不予入库）', value: 'upheld' },
                    { label: '异议不成立（排除异议）', value: 'dismissed' },
                  ]}
                  data-testid="objection-conclusion"
                />
              </Form.Item>
              <Form.Item name="opinion" label="评价工作机构意见" rules={[required('请填写意见')]}>
                <Input.TextArea rows={3} maxLength={1000} data-testid="objection-opinion" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'handle'} data-testid="objection-handle">
                提交省级确认
              </Button>
            </Form>
          </Card>
        )}
      </div>
    </StaffGate>
  );
}
