import { Alert, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSession } from '../account/session';
import { hasRole, StaffGate, usePagedQuery } from './admin-common';

export type ObjectionStatus = 'received' | 'assigned' | 'verified' | 'upheld' | 'dismissed';
export type ObjectionAction = 'assign' | 'handle' | 'confirm' | 'sendBack';

export interface ObjectionSummary {
  id: number;
  receiptNo: string;
  status: ObjectionStatus;
  statusLabel: string;
  enterpriseName: string;
  uscc: string;
  regionName: string;
  batchTitle: string;
  endsOn: string | null;
  objectorKind: 'person' | 'organisation';
  objectorKindLabel: string;
  objectorName: string;
  ground: string;
  groundLabel: string;
  receivedAt: string;
  agencyId: number | null;
  agencyName: string | null;
  allowedActions: ObjectionAction[];
}

interface Page {
  items: ObjectionSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export const OBJECTION_STATUS_COLORS: Readonly<Record<ObjectionStatus, string>> = {
  received: 'gold',
  assigned: 'processing',
  verified: 'purple',
  upheld: 'error',
  dismissed: 'success',
};

type Filter = ObjectionStatus | 'all';
const FILTERS: { label: string; value: Filter }[] = [
  { label: '待交办', value: 'received' },
  { label: '核实中', value: 'assigned' },
  { label: '待确认', value: 'verified' },
  { label: '异议成立', value: 'upheld' },
  { label: '异议不成立', value: 'dismissed' },
  { label: '全部', value: 'all' },
];

export const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

const ACTION_TEXT: Readonly<Record<ObjectionAction, string>> = {
  assign: '交办',
  handle: '核实处理',
  confirm: '确认',
  sendBack: '确认',
};

/**
 * 公示异议: the province's objections (to assign and to confirm) and, for an agency's staff, the objections
 * assigned to their agency (to verify and fill in the handling form).
 */
export function ObjectionQueuePage() {
  const { account } = useSession();
  const allowed = hasRole(account, 'nationalAdmin', 'provinceAdmin', 'agencyReviewer', 'agencyHead');
  const agency = hasRole(account, 'agencyReviewer', 'agencyHead');
  const [filter, setFilter] = useState<Filter>(agency ? 'assigned' : 'received');
  const [page, setPage] = useState(1);

  const url = useCallback(() => {
    const query = new URLSearchParams({ page: String(page) });
    if (filter !== 'all') query.set('status', filter);
    return `/api/v1/staff/objections?${query}`;
  }, [filter, page]);
  const { data, error, loading, load } = usePagedQuery<Page>(url, allowed, '加载失败，请稍后再试');

  return (
    <StaffGate allowed={allowed} subTitle="公示异议仅限省级管理员与评价工作机构使用，请使用工作人员账号登录。">
      <div className="kx-page kx-staff-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            公示异议
          </Typography.Title>
        </div>
        <Typography.Paragraph type="secondary">
          {agency
            ? '省级科技管理部门交办本机构的异议：核实后填写《公示异议核实处理情况表》，提交省级确认。'
            : '公示期内收到的异议：交办评价工作机构核实，确认核实结论（异议成立的，该企业不予入库）。'}
        </Typography.Paragraph>
        <Space className="kx-staff-toolbar" wrap>
          <Segmented<Filter>
            value={filter}
            options={FILTERS}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            data-testid="objection-filter"
          />
          <Button onClick={load}>刷新</Button>
        </Space>
        {error && <Alert type="error" showIcon title={error.message} className="kx-form-alert" />}
        <Table<ObjectionSummary>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="objection-queue"
          pagination={{
            current: page,
            pageSize: data?.pageSize ?? 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 条`,
          }}
          columns={[
            { title: '受理编号', dataIndex: 'receiptNo' },
            { title: '被异议企业', dataIndex: 'enterpriseName' },
            { title: '公示批次', dataIndex: 'batchTitle' },
            { title: '异议人', render: (_: unknown, r) => `${r.objectorName}（${r.objectorKindLabel}）` },
            { title: '异议理由', dataIndex: 'groundLabel' },
            { title: '受理时间', dataIndex: 'receivedAt', render: time },
            { title: '核实机构', dataIndex: 'agencyName', render: (n: string | null) => n ?? '—' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: ObjectionStatus, r) => <Tag color={OBJECTION_STATUS_COLORS[s]}>{r.statusLabel}</Tag>,
            },
            {
              title: '操作',
              render: (_: unknown, r) => (
                <Button size="small" href={`/staff/objections/${r.id}`} data-testid={`objection-open-${r.receiptNo}`}>
                  {r.allowedActions[0] ? ACTION_TEXT[r.allowedActions[0]] : '查看'}
                </Button>
              ),
            },
          ]}
        />
      </div>
    </StaffGate>
  );
}
