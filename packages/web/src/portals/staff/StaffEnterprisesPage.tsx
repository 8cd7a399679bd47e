import { Alert, Button, Card, Descriptions, Input, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, REAL_NAME_LABELS, UNIT_TYPE_LABELS, type UnitType } from '../account/api';
import { RegionPicker, StaffOnly } from './admin-common';

interface EnterpriseItem {
  id: number;
  name: string;
  uscc: string;
  unitType: UnitType;
  regionCode: string;
  regionText: string;
  legalRepName: string;
  agentName: string;
  agentPhone: string;
  realNameStatus: keyof typeof REAL_NAME_LABELS;
  createdAt: string;
}

interface EnterpriseDetail extends EnterpriseItem {
  legalRepIdNumber: string;
  agentIdNumber: string;
  accountStatus: string;
  agency: { id: number; name: string; contactName: string | null; contactPhone: string | null } | null;
}

interface ListReply {
  total: number;
  page: number;
  pageSize: number;
  enterprises: EnterpriseItem[];
}

/** 企业查询: the enterprises within the staff member's jurisdiction, searchable by name, USCC and region. */
export function StaffEnterprisesPage() {
  return <StaffOnly testId="staff-enterprises">{() => <EnterpriseList />}</StaffOnly>;
}

function EnterpriseList() {
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState('');
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ListReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    const query = new URLSearchParams({ page: String(page) });
    if (applied !== '') query.set('q', applied);
    if (regionCode) query.set('regionCode', regionCode);
    try {
      setData(await api<ListReply>('GET', `/api/v1/staff/enterprises?${query.toString()}`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '加载失败，请稍后再试');
    } finally {
      setLoading(false);
    }
  }, [page, applied, regionCode]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="kx-page" data-testid="staff-enterprises-page">
      <Typography.Title level={3}>企业查询</Typography.Title>
      <Typography.Paragraph type="secondary">仅显示注册地在您管辖范围内的企业；个人信息已脱敏。</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="企业名称或统一社会信用代码"
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(value) => {
            setApplied(value.trim());
            setPage(1);
          }}
          style={{ width: 320 }}
          data-testid="enterprise-search"
        />
        <div style={{ width: 280 }}>
          <RegionPicker
            testId="enterprise-region-filter"
            placeholder="所在地区（含下级）"
            onPick={(r) => {
              setRegionCode(r?.code ?? null);
              setPage(1);
            }}
          />
        </div>
      </Space>
      {error !== null && <Alert type="error" showIcon title={error} data-testid="staff-enterprises-error" />}
      <Table<EnterpriseItem>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        loading={loading}
        dataSource={data?.enterprises ?? []}
        data-testid="staff-enterprises-table"
        pagination={{
          current: page,
          pageSize: data?.pageSize ?? 20,
          total: data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => `共 ${total} 家`,
        }}
        columns={[
          {
            title: '企业名称',
            dataIndex: 'name',
            render: (name: string, e: EnterpriseItem) => (
              <a href={`/staff/enterprises/${e.id}`} data-testid={`enterprise-link-${e.id}`}>
                {name}
              </a>
            ),
          },
          { title: '统一社会信用代码', dataIndex: 'uscc' },
          { title: '注册地', dataIndex: 'regionText' },
          { title: '法定代表人', dataIndex: 'legalRepName' },
          { title: '主代办人', dataIndex: 'agentName' },
          { title: '代办人手机', dataIndex: 'agentPhone' },
          {
            title: '实名状态',
            dataIndex: 'realNameStatus',
            render: (s: EnterpriseItem['realNameStatus']) => <Tag>{REAL_NAME_LABELS[s]}</Tag>,
          },
        ]}
      />
    </div>
  );
}

/** One enterprise, with the agency its registered region routes to. */
export function StaffEnterpriseDetailPage({ id }: { id: string }) {
  return <StaffOnly testId="staff-enterprise">{() => <EnterpriseDetailView id={id} />}</StaffOnly>;
}

function EnterpriseDetailView({ id }: { id: string }) {
  const [data, setData] = useState<EnterpriseDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<EnterpriseDetail>('GET', `/api/v1/staff/enterprises/${encodeURIComponent(id)}`).then(setData, (e: unknown) =>
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', '加载失败，请稍后再试', [])),
    );
  }, [id]);

  if (error !== null) {
    return (
      <Result
        status={error.status === 404 ? '404' : 'error'}
        title={error.status === 404 ? '无法查看该企业' : '加载失败'}
        subTitle={<span data-testid="staff-enterprise-refused">{error.message}</span>}
        extra={<Button href="/staff/enterprises">返回企业查询</Button>}
      />
    );
  }
  if (data === null) {
    return (
      <div className="kx-page kx-center">
        <Spin description="正在加载…" />
      </div>
    );
  }
  return (
    <div className="kx-page" data-testid="staff-enterprise-detail">
      <Typography.Title level={3}>{data.name}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'uscc', label: '统一社会信用代码', children: data.uscc },
            { key: 'type', label: '单位类型', children: UNIT_TYPE_LABELS[data.unitType] ?? data.unitType },
            {
              key: 'region',
              label: '注册地',
              children: <span data-testid="staff-enterprise-region">{data.regionText}</span>,
            },
            { key: 'realName', label: '实名状态', children: REAL_NAME_LABELS[data.realNameStatus] },
            { key: 'legalRep', label: '法定代表人', children: data.legalRepName },
            { key: 'legalRepId', label: '法定代表人身份证号码', children: data.legalRepIdNumber },
            { key: 'agent', label: '主代办人', children: data.agentName },
            { key: 'agentId', label: '主代办人身份证号码', children: data.agentIdNumber },
            { key: 'agentPhone', label: '主代办人手机', children: data.agentPhone },
            { key: 'status', label: '账号状态', children: data.accountStatus === 'active' ? '正常' : '已停用' },
          ]}
        />
      </Card>
      <Card title="所属评价工作机构">
        {data.agency === null ? (
          <Typography.Text type="warning" data-testid="staff-enterprise-agency">
            该注册地尚未对应任何评价工作机构
          </Typography.Text>
        ) : (
          <Descriptions
            column={1}
            items={[
              {
                key: 'name',
                label: '机构名称',
                children: <span data-testid="staff-enterprise-agency">{data.agency.name}</span>,
              },
              { key: 'contact', label: '联系人', children: data.agency.contactName ?? '—' },
              { key: 'phone', label: '办公电话', children: data.agency.contactPhone ?? '—' },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
