/**
 * 年度评价工作: the provinces' campaigns — evaluation year, filing window, the agencies' review time limit,
 * publicity deadline, batch cadence and on-site triggers (the rule set's, marked 国家规定, and the province's,
 * marked 本省增加) — for province administrators (their province) and national administrators (all).
 */
import { ON_SITE_LABELS, type OnSiteTrigger, ruleSetForYear } from '@kexiao/rules';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { type AccountView, api, ApiError, fetchRegions, type Region } from '../account/api';
import { useSession } from '../account/session';
import { hasRole, ProblemAlert, StaffGate, usePagedQuery } from './admin-common';

type BatchCadence = 'weekly' | 'biweekly' | 'monthly' | 'onDemand';

const CADENCE_LABELS: Readonly<Record<BatchCadence, string>> = {
  weekly: '每周',
  biweekly: '每两周',
  monthly: '每月',
  onDemand: '按需',
};

interface CampaignTrigger {
  code: OnSiteTrigger;
  label: string;
  source: 'ruleSet' | 'province';
}

interface Campaign {
  id: number;
  provinceCode: string;
  provinceName: string;
  evaluationYear: number;
  ruleSetId: string;
  ruleSetTitle: string;
  ruleSetProvisional: boolean;
  windowOpensOn: string;
  windowClosesOn: string;
  reviewWorkingDays: number;
  publicityDeadline: string;
  batchCadence: BatchCadence;
  batchCadenceLabel: string;
  extraOnSiteTriggers: OnSiteTrigger[];
  onSiteTriggers: CampaignTrigger[];
  note: string | null;
}

interface FormValues {
  provinceCode?: string;
  evaluationYear: number;
  windowOpensOn: Dayjs | null;
  windowClosesOn: Dayjs | null;
  reviewWorkingDays: number;
  publicityDeadline: Dayjs | null;
  batchCadence: BatchCadence;
  extraOnSiteTriggers: OnSiteTrigger[];
  note?: string;
}

const FORM_FIELDS = [
  'provinceCode',
  'evaluationYear',
  'windowOpensOn',
  'windowClosesOn',
  'reviewWorkingDays',
  'publicityDeadline',
  'batchCadence',
  'extraOnSiteTriggers',
  'note',
] as const;
type FormField = (typeof FORM_FIELDS)[number];

const ALL_TRIGGERS = Object.keys(ON_SITE_LABELS) as OnSiteTrigger[];
const today = () => dayjs().format('YYYY-MM-DD');
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** Where the window stands today. */
function windowState(c: Campaign): { text: string; color: string } {
  const day = today();
  if (day < c.windowOpensOn) return { text: '未开始', color: 'default' };
  if (day > c.windowClosesOn) return { text: '已截止', color: 'default' };
  return { text: '填报中', color: 'green' };
}

/** The campaign's on-site triggers as two groups of tags: 国家规定 and 本省增加. */
function TriggerTags({ triggers }: { triggers: CampaignTrigger[] }) {
  const national = triggers.filter((t) => t.source === 'ruleSet');
  const own = triggers.filter((t) => t.source === 'province');
  const group = (title: string, list: CampaignTrigger[], color: string) =>
    list.length > 0 && (
      <div style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">{title}：</Typography.Text>
        {list.map((t) => (
          <Tag key={t.code} color={color} data-testid={`campaign-trigger-${t.source}-${t.code}`}>
            {t.label}
          </Tag>
        ))}
      </div>
    );
  if (triggers.length === 0) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <div style={{ maxWidth: 340, whiteSpace: 'normal' }}>
      {group('国家规定', national, 'blue')}
      {group('本省增加', own, 'orange')}
    </div>
  );
}

export function CampaignsPage() {
  const { account } = useSession();
  const allowed = hasRole(account, 'nationalAdmin', 'provinceAdmin');
  return (
    <StaffGate allowed={allowed} subTitle="年度评价工作仅限省级管理员和全国管理员使用，请使用管理员账号登录。">
      {account && <Campaigns account={account} />}
    </StaffGate>
  );
}

function Campaigns({ account }: { account: AccountView }) {
  const national = hasRole(account, 'nationalAdmin');
  const [province, setProvince] = useState<string | null>(null);
  const [provinces, setProvinces] = useState<Region[]>([]);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);

  useEffect(() => {
    if (national) fetchRegions().then(setProvinces, () => setProvinces([]));
  }, [national]);

  const url = useCallback(
    () => `/api/v1/staff/campaigns${province ? `?province=${encodeURIComponent(province)}` : ''}`,
    [province],
  );
  const { data, error, loading, load } = usePagedQuery<{ campaigns: Campaign[] }>(url, true, '加载失败，请稍后再试');

  return (
    <div className="kx-page kx-staff-page" data-testid="campaigns-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          年度评价工作
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          每个省份每个年度一项：企业在填报时间内提交信息表，评价工作机构在审核时限内完成审核，省级在公示截止日期前完成公示。评价规则随评价年度确定，实地核查情形只能在国家规定之外增加。
        </Typography.Paragraph>
      </div>
      <Space className="kx-staff-toolbar" wrap>
        {national && (
          <Select
            style={{ width: 200 }}
            placeholder="全部省份"
            allowClear
            value={province ?? undefined}
            onChange={(v?: string) => setProvince(v ?? null)}
            options={provinces.map((p) => ({ value: p.code, label: p.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="campaign-province-filter"
          />
        )}
        <Button type="primary" onClick={() => setEditing('new')} data-testid="campaign-new">
          新建
        </Button>
      </Space>
      {error && <ProblemAlert error={error} testId="campaigns-error" />}
      <Card>
        <Table<Campaign>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          loading={loading}
          dataSource={data?.campaigns ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无年度评价工作' }}
          data-testid="campaigns-table"
          onRow={(c) => ({ 'data-testid': `campaign-row-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'year',
              title: '年度',
              render: (_, c) => (
                <>
                  <div>{c.evaluationYear}</div>
                  <Typography.Text type="secondary" title={c.ruleSetTitle}>
                    {c.ruleSetId}版规则
                  </Typography.Text>
                  {c.ruleSetProvisional && (
                    <Tag color="warning" style={{ marginLeft: 4 }}>
                      暂定
                    </Tag>
                  )}
                </>
              ),
            },
            ...(national
              ? [{ key: 'province', title: '省份', render: (_: unknown, c: Campaign) => c.provinceName }]
              : []),
            {
              key: 'window',
              title: '填报时间',
              render: (_, c) => {
                const state = windowState(c);
                return (
                  <>
                    <div style={{ whiteSpace: 'nowrap' }}>
                      {c.windowOpensOn} 至 {c.windowClosesOn}
                    </div>
                    <Tag color={state.color}>{state.text}</Tag>
                  </>
                );
              },
            },
            {
              key: 'review',
              title: '审核时限',
              render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{c.reviewWorkingDays} 个工作日</span>,
            },
            { key: 'publicity', title: '公示截止', dataIndex: 'publicityDeadline' },
            { key: 'cadence', title: '公示批次', dataIndex: 'batchCadenceLabel' },
            {
              key: 'triggers',
              title: '实地核查情形',
              render: (_, c) => <TriggerTags triggers={c.onSiteTriggers} />,
            },
            {
              key: 'actions',
              title: '操作',
              render: (_, c) => (
                <Button size="small" onClick={() => setEditing(c)} data-testid={`campaign-edit-${c.id}`}>
                  编辑
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing !== null && (
        <CampaignForm
          campaign={editing === 'new' ? null : editing}
          national={national}
          provinces={provinces}
          defaultProvince={province}
          onClose={(saved) => {
            setEditing(null);
            if (saved) load();
          }}
        />
      )}
    </div>
  );
}

/** The values of a new campaign: this year, with Henan's dates (30 June – 30 September, publicity by 31 October). */
function newValues(province: string | null): FormValues {
  const year = dayjs().year();
  return {
    provinceCode: province ?? undefined,
    evaluationYear: year,
    windowOpensOn: dayjs(`${year}-06-30`),
    windowClosesOn: dayjs(`${year}-09-30`),
    reviewWorkingDays: 5,
    publicityDeadline: dayjs(`${year}-10-31`),
    batchCadence: 'onDemand',
    extraOnSiteTriggers: [],
  };
}

function CampaignForm({
  campaign,
  national,
  provinces,
  defaultProvince,
  onClose,
}: {
  campaign: Campaign | null;
  national: boolean;
  provinces: Region[];
  defaultProvince: string | null;
  onClose: (saved: boolean) => void;
}) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const year = Form.useWatch('evaluationYear', form) as number | null | undefined;
  const opened = campaign !== null && today() >= campaign.windowOpensOn;

  const validYear = typeof year === 'number' && Number.isInteger(year) && year >= 2017 && year <= 2100;
  const ruleSet = validYear ? ruleSetForYear(year) : null;
  const addable = ALL_TRIGGERS.filter((t) => !ruleSet?.onSiteTriggers.includes(t));

  // A trigger the new year's rule set already has is no longer the province's to add.
  useEffect(() => {
    if (ruleSet === null) return;
    const chosen = (form.getFieldValue('extraOnSiteTriggers') ?? []) as OnSiteTrigger[];
    const kept = chosen.filter((t) => !ruleSet.onSiteTriggers.includes(t));
    if (kept.length !== chosen.length) form.setFieldValue('extraOnSiteTriggers', kept);
  }, [ruleSet, form]);

  const initialValues: FormValues = campaign
    ? {
        provinceCode: campaign.provinceCode,
        evaluationYear: campaign.evaluationYear,
        windowOpensOn: dayjs(campaign.windowOpensOn),
        windowClosesOn: dayjs(campaign.windowClosesOn),
        reviewWorkingDays: campaign.reviewWorkingDays,
        publicityDeadline: dayjs(campaign.publicityDeadline),
        batchCadence: campaign.batchCadence,
        extraOnSiteTriggers: campaign.extraOnSiteTriggers,
        note: campaign.note ?? undefined,
      }
    : newValues(defaultProvince);

  /** A new campaign's dates follow its year (same month and day) when the year is changed. */
  const onValuesChange = (changed: Partial<FormValues>) => {
    if (campaign !== null || typeof changed.evaluationYear !== 'number') return;
    const y = changed.evaluationYear;
    if (y < 2017 || y > 2100) return;
    for (const key of ['windowOpensOn', 'windowClosesOn', 'publicityDeadline'] as const) {
      const d = form.getFieldValue(key) as Dayjs | null;
      if (d) form.setFieldValue(key, d.year(y));
    }
  };

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblems([]);
    const body = {
      ...(national && values.provinceCode ? { provinceCode: values.provinceCode } : {}),
      evaluationYear: values.evaluationYear,
      windowOpensOn: iso(values.windowOpensOn),
      windowClosesOn: iso(values.windowClosesOn),
      reviewWorkingDays: values.reviewWorkingDays,
      publicityDeadline: iso(values.publicityDeadline),
      batchCadence: values.batchCadence,
      extraOnSiteTriggers: values.extraOnSiteTriggers ?? [],
      note: values.note?.trim() ? values.note.trim() : null,
    };
    try {
      if (campaign) await api('PUT', `/api/v1/staff/campaigns/${campaign.id}`, body, csrfToken ?? '');
      else await api('POST', '/api/v1/staff/campaigns', body, csrfToken ?? '');
      message.success(campaign ? '已保存' : '已新建年度评价工作');
      onClose(true);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setProblems(['保存失败，请稍后再试']);
        return;
      }
      // Each problem on its field (without the field's name, which the label already shows); the rest above.
      const byField = new Map<FormField, string[]>();
      const rest: string[] = [];
      for (const f of e.fields) {
        const name = f.path.split('.')[0] as FormField;
        if (!FORM_FIELDS.includes(name)) {
          rest.push(f.message);
          continue;
        }
        const colon = f.message.indexOf('：');
        const text = colon > 0 && colon <= 16 ? f.message.slice(colon + 1) : f.message;
        byField.set(name, [...(byField.get(name) ?? []), text]);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setProblems(e.fields.length > 0 ? rest : [e.message]);
    } finally {
      setSaving(false);
    }
  };

  const required = (text: string) => [{ required: true, message: text }];

  return (
    <Modal
      open
      title={campaign ? `编辑：${campaign.provinceName}${campaign.evaluationYear}年度评价工作` : '新建年度评价工作'}
      okText="保存"
      cancelText="取消"
      onOk={() => void save()}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      width={640}
      okButtonProps={{ 'data-testid': 'campaign-save' } as never}
    >
      {opened && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`填报已于 ${campaign?.windowOpensOn} 开放：省份、评价年度和填报开始日期不能修改；填报截止日期、审核时限和公示截止日期只能延后。`}
          data-testid="campaign-opened"
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        data-testid="campaign-form"
      >
        {national && (
          <Form.Item name="provinceCode" label="省份" rules={required('请选择省份')}>
            <Select
              placeholder="选择省份"
              disabled={opened}
              options={provinces.map((p) => ({ value: p.code, label: p.name }))}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="campaign-province"
            />
          </Form.Item>
        )}
        <Form.Item name="evaluationYear" label="评价年度" rules={required('请填写评价年度')}>
          <InputNumber
            min={2017}
            max={2100}
            precision={0}
            disabled={opened}
            style={{ width: 160 }}
            data-testid="campaign-year"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="windowOpensOn" label="填报开始日期" rules={required('请选择日期')}>
            <DatePicker disabled={opened} inputReadOnly data-testid="campaign-opens" />
          </Form.Item>
          <Form.Item name="windowClosesOn" label="填报截止日期（含当日）" rules={required('请选择日期')}>
            <DatePicker inputReadOnly data-testid="campaign-closes" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="reviewWorkingDays" label="审核时限" rules={required('请填写审核时限')}>
            <InputNumber
              min={1}
              max={30}
              precision={0}
              suffix="个工作日"
              style={{ width: 150 }}
              data-testid="campaign-review-days"
            />
          </Form.Item>
          <Form.Item name="publicityDeadline" label="公示截止日期" rules={required('请选择日期')}>
            <DatePicker inputReadOnly data-testid="campaign-publicity" />
          </Form.Item>
          <Form.Item name="batchCadence" label="公示批次频率" rules={required('请选择')}>
            <Select
              style={{ width: 140 }}
              options={Object.entries(CADENCE_LABELS).map(([value, label]) => ({ value, label }))}
              data-testid="campaign-cadence"
            />
          </Form.Item>
        </Space>
        <Form.Item label="实地核查情形（国家规定）">
          {ruleSet === null ? (
            <Typography.Text type="secondary">请先填写评价年度</Typography.Text>
          ) : ruleSet.onSiteTriggers.length === 0 ? (
            <Typography.Text type="secondary">{ruleSet.title}未规定实地核查情形</Typography.Text>
          ) : (
            <div data-testid="campaign-national-triggers">
              {ruleSet.onSiteTriggers.map((t) => (
                <Tag key={t} color="blue">
                  {ON_SITE_LABELS[t]}
                </Tag>
              ))}
              {ruleSet.provisional && <Tag color="warning">暂定</Tag>}
            </div>
          )}
        </Form.Item>
        <Form.Item name="extraOnSiteTriggers" label="本省增加的实地核查情形">
          <Checkbox.Group data-testid="campaign-extra-triggers">
            <Space wrap>
              {addable.map((t) => (
                <Checkbox key={t} value={t} data-testid={`campaign-extra-${t}`}>
                  {ON_SITE_LABELS[t]}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="campaign-form-error"
          title={problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        />
      )}
    </Modal>
  );
}
