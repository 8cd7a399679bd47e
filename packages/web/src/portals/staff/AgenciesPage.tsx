import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AccountView, api, ApiError, fetchRegions, type Region } from '../account/api';
import { useSession } from '../account/session';
import { type Agency, hasRole, LEVEL_LABELS, RegionPicker, StaffOnly } from './admin-common';

interface ImportReport {
  ok: boolean;
  created: number;
  updated: number;
  zonesCreated: number;
  rows: { row: number; ok: boolean; errors: { field: string; message: string }[] }[];
}

interface FormValues {
  name: string;
  level: 'city' | 'county';
  address?: string;
  contactName?: string;
  contactPhone?: string;
  contactMobile?: string;
  email?: string;
}

const FORM_FIELDS = ['name', 'level', 'address', 'contactName', 'contactPhone', 'contactMobile', 'email'];

/** 评价工作机构: the agencies of a province — list, create and edit with jurisdiction, CSV import, xlsx export. */
export function AgenciesPage() {
  return <StaffOnly testId="agencies">{(account) => <Agencies account={account} />}</StaffOnly>;
}

function Agencies({ account }: { account: AccountView }) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const national = hasRole(account, 'nationalAdmin');
  const admin = national || hasRole(account, 'provinceAdmin');
  const ownProvince = account.roles.find((r) => r.role === 'provinceAdmin')?.provinceCode ?? null;
  const [province, setProvince] = useState<string | null>(national ? null : ownProvince);
  const [provinces, setProvinces] = useState<Region[]>([]);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importing, setImporting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (national) fetchRegions().then(setProvinces, () => setProvinces([]));
  }, [national]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const query = province ? `?province=${encodeURIComponent(province)}` : '';
      setAgencies((await api<{ agencies: Agency[] }>('GET', `/api/v1/staff/agencies${query}`)).agencies);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '加载失败，请稍后再试');
    } finally {
      setLoading(false);
    }
  }, [province]);

  useEffect(() => {
    void load();
  }, [load]);

  const upload = async (file: File) => {
    if (!province) return;
    setImporting(true);
    setReport(null);
    try {
      const response = await fetch(`/api/v1/staff/agencies/import?province=${encodeURIComponent(province)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', accept: 'application/json', 'x-csrf-token': csrfToken ?? '' },
        body: file,
        credentials: 'same-origin',
      });
      const json = (await response.json().catch(() => null)) as (ImportReport & { error?: { message: string } }) | null;
      if (response.status === 200 || response.status === 422) {
        setReport(json as ImportReport);
        if (response.status === 200) {
          message.success('导入成功');
          await load();
        }
      } else {
        message.error(json?.error?.message ?? `导入失败（${response.status}）`);
      }
    } catch {
      message.error('网络连接失败，请检查网络后重试');
    } finally {
      setImporting(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="kx-page" data-testid="agencies-page">
      <Typography.Title level={3}>评价工作机构</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {national && (
          <Select
            style={{ width: 200 }}
            placeholder="全部省份"
            allowClear
            value={province ?? undefined}
            onChange={(v?: string) => setProvince(v ?? null)}
            options={provinces.map((p) => ({ value: p.code, label: p.name }))}
            data-testid="agency-province"
            showSearch={{ optionFilterProp: 'label' }}
          />
        )}
        {admin && (
          <>
            <Button type="primary" disabled={!province} onClick={() => setEditing('new')} data-testid="agency-new">
              新增评价工作机构
            </Button>
            <Button
              disabled={!province}
              loading={importing}
              onClick={() => fileInput.current?.click()}
              data-testid="agency-import"
            >
              导入 CSV
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              hidden
              data-testid="agency-import-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            <Button
              disabled={!province}
              href={province ? `/api/v1/staff/agencies/export?province=${province}` : undefined}
              data-testid="agency-export"
            >
              导出组织机构信息表（xlsx）
            </Button>
          </>
        )}
      </Space>
      {admin && !province && (
        <Alert type="info" showIcon title="请选择省份后新增、导入或导出。" style={{ marginBottom: 16 }} />
      )}
      {error !== null && <Alert type="error" showIcon title={error} data-testid="agencies-error" />}
      {report !== null && <ImportReportView report={report} onClose={() => setReport(null)} />}
      <Table<Agency>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        loading={loading}
        dataSource={agencies}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="agencies-table"
        columns={[
          { title: '评价工作机构名称', dataIndex: 'name' },
          { title: '级别', dataIndex: 'level', render: (v: Agency['level']) => LEVEL_LABELS[v] },
          { title: '联系人', dataIndex: 'contactName' },
          { title: '办公电话', dataIndex: 'contactPhone' },
          {
            title: '管辖范围',
            dataIndex: 'jurisdiction',
            render: (j: Agency['jurisdiction']) => j.map((r) => r.name).join('、'),
          },
          ...(admin
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, a: Agency) => (
                    <Button size="small" onClick={() => setEditing(a)} data-testid={`agency-edit-${a.id}`}>
                      修改
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing !== null && (
        <AgencyForm
          agency={editing === 'new' ? null : editing}
          province={editing === 'new' ? (province as string) : editing.provinceCode}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      )}
    </div>
  );
}

function ImportReportView({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const bad = report.rows.filter((r) => !r.ok);
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={report.ok ? 'success' : 'error'}
      showIcon
      closable={{ onClose }}
      data-testid="agency-import-report"
      title={
        report.ok
          ? `导入成功：新增${report.created}个、更新${report.updated}个评价工作机构，新建功能区${report.zonesCreated}个`
          : `导入失败，未写入任何数据：共${bad.length}行有误`
      }
      description={
        bad.length > 0 ? (
          <ul className="kx-import-errors">
            {bad.map((r) => (
              <li key={r.row} data-testid={`agency-import-row-${r.row}`}>
                第{r.row}行：{r.errors.map((e) => e.message).join('；')}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function AgencyForm({
  agency,
  province,
  onClose,
}: {
  agency: Agency | null;
  province: string;
  onClose: (saved: boolean) => void;
}) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [region, setRegion] = useState<{ code: string; name: string } | null>(
    agency
      ? {
          code: agency.regionCode,
          name: agency.jurisdiction.find((j) => j.code === agency.regionCode)?.name ?? agency.regionCode,
        }
      : null,
  );
  const [jurisdiction, setJurisdiction] = useState<{ code: string; name: string }[]>(agency?.jurisdiction ?? []);
  const [picked, setPicked] = useState<{ code: string; name: string; path: string } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setProblems([]);
    const body = { ...values, regionCode: region?.code ?? '', jurisdiction: jurisdiction.map((j) => j.code) };
    try {
      if (agency) await api('PUT', `/api/v1/staff/agencies/${agency.id}`, body, csrfToken ?? '');
      else await api('POST', `/api/v1/staff/agencies?province=${province}`, body, csrfToken ?? '');
      message.success(agency ? '已保存' : '已新增评价工作机构');
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(
          e.fields
            .filter((f) => FORM_FIELDS.includes(f.path))
            .map((f) => ({ name: f.path as keyof FormValues, errors: [f.message] })),
        );
        setProblems(
          e.fields.length > 0
            ? e.fields.filter((f) => !FORM_FIELDS.includes(f.path)).map((f) => f.message)
            : [e.message],
        );
      } else setProblems(['保存失败，请稍后再试']);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={agency ? `修改：${agency.name}` : '新增评价工作机构'}
      okText="保存"
      cancelText="取消"
      onOk={() => void save()}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      width={640}
      okButtonProps={{ 'data-testid': 'agency-save' } as never}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: agency?.name,
          level: agency?.level ?? 'city',
          address: agency?.address ?? undefined,
          contactName: agency?.contactName ?? undefined,
          contactPhone: agency?.contactPhone ?? undefined,
          contactMobile: agency?.contactMobile ?? undefined,
          email: agency?.email ?? undefined,
        }}
      >
        <Form.Item name="name" label="评价工作机构名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input data-testid="agency-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="level" label="级别">
          <Select
            data-testid="agency-level"
            options={[
              { value: 'city', label: '地市' },
              { value: 'county', label: '区县' },
            ]}
          />
        </Form.Item>
        <Form.Item label="对应行政区划" required>
          <RegionPicker
            root={province}
            testId="agency-region"
            placeholder={region ? `当前：${region.name}` : '选择地市、区县或功能区'}
            onPick={(r) => setRegion(r)}
          />
        </Form.Item>
        <Form.Item label="管辖范围（可多选，含功能区）" required>
          <Space.Compact style={{ width: '100%' }}>
            <div style={{ flex: 1 }}>
              <RegionPicker root={province} testId="agency-jurisdiction-picker" onPick={setPicked} />
            </div>
            <Button
              disabled={picked === null}
              data-testid="agency-jurisdiction-add"
              onClick={() => {
                if (picked && !jurisdiction.some((j) => j.code === picked.code)) {
                  setJurisdiction([...jurisdiction, { code: picked.code, name: picked.name }]);
                }
              }}
            >
              添加
            </Button>
          </Space.Compact>
          <div style={{ marginTop: 8 }} data-testid="agency-jurisdiction">
            {jurisdiction.map((j) => (
              <Tag
                key={j.code}
                closable={{ closeIcon: true }}
                onClose={() => setJurisdiction(jurisdiction.filter((x) => x.code !== j.code))}
              >
                {j.name}
              </Tag>
            ))}
          </div>
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label="联系人">
            <Input maxLength={50} data-testid="agency-contact" />
          </Form.Item>
          <Form.Item name="contactPhone" label="办公电话">
            <Input placeholder="0371-67181234" />
          </Form.Item>
          <Form.Item name="contactMobile" label="手机">
            <Input maxLength={11} />
          </Form.Item>
          <Form.Item name="email" label="电子邮箱">
            <Input />
          </Form.Item>
        </Space>
      </Form>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="agency-form-error"
          title={problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        />
      )}
    </Modal>
  );
}
