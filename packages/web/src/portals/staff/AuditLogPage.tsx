import { Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../account/api';
import { formatDateTime } from '../account/messages';
import { useSession } from '../account/session';
import { ProblemAlert, StaffGate, usePagedQuery } from './admin-common';

interface AuditEvent {
  seq: number;
  occurredAt: string;
  actor: string;
  onBehalfOf: string | null;
  action: string;
  subject: string;
  detail: unknown;
}

interface Verification {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  problem: { kind: string; seq: number; message: string } | null;
}

interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
  verification: Verification | null;
}

interface Filters {
  actor?: string;
  action?: string;
  subject?: string;
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

function queryOf(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value.trim() !== '') query.set(key, value.trim());
  }
  return query;
}

/** The hash chain's state: intact, or where it first breaks. */
function ChainBadge({ verification, checking }: { verification: Verification | null; checking: boolean }) {
  if (checking) return <Tag data-testid="audit-chain">正在校验审计链…</Tag>;
  if (!verification) return <Tag data-testid="audit-chain">审计链未校验</Tag>;
  if (verification.ok) {
    return (
      <Tag color="success" data-testid="audit-chain">
        审计链完整（共{verification.checked}条）
      </Tag>
    );
  }
  return (
    <Tag color="error" data-testid="audit-chain" title={verification.problem?.message}>
      审计链在第{verification.problem?.seq}条断开
    </Tag>
  );
}

/** 审计日志: the audit trail for national administrators — filters, paging, chain status and xlsx export. */
export function AuditLogPage() {
  const { account } = useSession();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);
  const national = account?.kind === 'staff' && account.roles.some((r) => r.role === 'nationalAdmin');

  const url = useCallback(() => {
    const query = queryOf(filters);
    query.set('page', String(page));
    query.set('pageSize', String(PAGE_SIZE));
    return `/api/v1/staff/audit-events?${query}`;
  }, [filters, page]);
  const { data, error, loading } = usePagedQuery<AuditPage>(url, national, '加载失败');

  const verify = useCallback(() => {
    setChecking(true);
    api<AuditPage>('GET', '/api/v1/staff/audit-events?pageSize=1&verify=true')
      .then((p) => setVerification(p.verification))
      .catch(() => setVerification(null))
      .finally(() => setChecking(false));
  }, []);

  useEffect(() => {
    if (national) verify();
  }, [national, verify]);

  const exportHref = `/api/v1/staff/audit-events.xlsx?${queryOf(filters)}`;
  return (
    <StaffGate allowed={national} subTitle="审计日志仅限全国管理员查看，请使用全国管理员账号登录。">
      <div className="kx-page kx-staff-page">
        <div className="kx-page-head">
          <Space wrap align="center">
            <Typography.Title level={2} className="kx-page-title">
              审计日志
            </Typography.Title>
            <ChainBadge verification={verification} checking={checking} />
            <Button size="small" onClick={verify} disabled={checking} data-testid="audit-verify">
              重新校验
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" className="kx-page-intro">
            每条记录与前一条哈希相连，任何改动或删除都会使审计链在该处断开。日期按北京时间，起止日期均含当日。
          </Typography.Paragraph>
        </div>
        <Form<Filters>
          form={form}
          layout="inline"
          className="kx-staff-toolbar"
          onFinish={(values) => {
            setFilters(values);
            setPage(1);
          }}
          data-testid="audit-filters"
        >
          <Form.Item name="actor" label="操作者">
            <Input allowClear placeholder="如 account:12" data-testid="audit-actor" />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <Input allowClear placeholder="如 accounts 或 accounts.login" data-testid="audit-action" />
          </Form.Item>
          <Form.Item name="subject" label="对象">
            <Input allowClear placeholder="如 enterprise:9141…" data-testid="audit-subject" />
          </Form.Item>
          <Form.Item name="from" label="起始日期">
            <Input type="date" data-testid="audit-from" />
          </Form.Item>
          <Form.Item name="to" label="截止日期">
            <Input type="date" data-testid="audit-to" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="audit-search">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                  setPage(1);
                }}
              >
                重置
              </Button>
              <Button href={exportHref} data-testid="audit-export">
                导出 Excel
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {error && <ProblemAlert error={error} testId="audit-error" />}
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          data-testid="audit-table"
          locale={{ emptyText: '没有符合条件的记录' }}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showTotal: (total) => `共 ${total} 条`,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            { key: 'seq', title: '序号', dataIndex: 'seq', width: 80 },
            { key: 'time', title: '时间', width: 170, render: (_, e) => formatDateTime(e.occurredAt) },
            {
              key: 'actor',
              title: '操作者',
              render: (_, e) => (
                <Space direction="vertical" size={0}>
                  <span>{e.actor}</span>
                  {e.onBehalfOf && <Typography.Text type="secondary">代表 {e.onBehalfOf}</Typography.Text>}
                </Space>
              ),
            },
            { key: 'action', title: '操作', dataIndex: 'action' },
            { key: 'subject', title: '对象', dataIndex: 'subject' },
            {
              key: 'detail',
              title: '详情',
              render: (_, e) => (
                <Typography.Text code className="kx-audit-detail">
                  {JSON.stringify(e.detail)}
                </Typography.Text>
              ),
            },
          ]}
        />
      </div>
    </StaffGate>
  );
}
