import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSession } from '../account/session';
import {
  DECISION_STATUS_COLORS,
  type DecisionFilter,
  DecisionFilterSwitch,
  StaffGate,
  usePagedQuery,
  useStaffDecision,
} from './admin-common';

interface StaffAppeal {
  id: number;
  receipt: string;
  accountKind: 'person' | 'legalPerson';
  loginName: string;
  applicantName: string;
  /** masked */
  applicantIdNumber: string;
  unitName: string | null;
  uscc: string | null;
  /** masked */
  newPhone: string;
  reason: string;
  provinceCode: string;
  status: 'pending' | 'approved' | 'rejected';
  statusLabel: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  files: { field: string; label: string; name: string }[];
}

interface Page {
  items: StaffAppeal[];
  total: number;
  page: number;
  pageSize: number;
}

const KIND_LABELS = { person: '自然人', legalPerson: '法人' } as const;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** 申诉审核: appeals in the administrator's province (all for the national administrator), with the decision. */
export function AppealQueuePage() {
  const { account } = useSession();
  const [filter, setFilter] = useState<DecisionFilter>('pending');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<StaffAppeal | null>(null);
  const staff = account?.kind === 'staff';

  const url = useCallback(() => {
    const query = new URLSearchParams({ page: String(page) });
    if (filter !== 'all') query.set('status', filter);
    return `/api/v1/staff/appeals?${query}`;
  }, [filter, page]);
  const { data, error, loading, load } = usePagedQuery<Page>(url, staff, '加载失败，请稍后再试');
  const { reason, setReason, reasonError, busy, reset, decide } = useStaffDecision<StaffAppeal>({
    url: open && `/api/v1/staff/appeals/${open.id}/decision`,
    minReason: 2,
    reasonRequired: '请填写不通过的理由（将以短信告知申诉人）',
    approved: '已通过：账号已改绑新手机号码',
    onDecided: setOpen,
    reload: load,
  });

  return (
    <StaffGate allowed={staff} subTitle="申诉审核仅限省级、国家级管理员使用，请使用工作人员账号登录。">
      <div className="kx-page kx-staff-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            申诉审核
          </Typography.Title>
        </div>
        <Space className="kx-staff-toolbar" wrap>
          <DecisionFilterSwitch
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            pendingLabel="待审核"
          />
          <Button onClick={load}>刷新</Button>
        </Space>
        {error && <Alert type="error" showIcon title={error.message} className="kx-form-alert" />}
        <Table<StaffAppeal>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="appeal-queue"
          pagination={{
            current: page,
            pageSize: data?.pageSize ?? 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 条`,
          }}
          columns={[
            { title: '受理编号', dataIndex: 'receipt' },
            { title: '类型', dataIndex: 'accountKind', render: (k: StaffAppeal['accountKind']) => KIND_LABELS[k] },
            {
              title: '申诉人 / 单位',
              render: (_: unknown, r) => (r.unitName ? `${r.unitName}（${r.applicantName}）` : r.applicantName),
            },
            { title: '新手机号码', dataIndex: 'newPhone' },
            { title: '提交时间', dataIndex: 'submittedAt', render: time },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: StaffAppeal['status'], r) => <Tag color={DECISION_STATUS_COLORS[s]}>{r.statusLabel}</Tag>,
            },
            {
              title: '操作',
              render: (_: unknown, r) => (
                <Button
                  size="small"
                  onClick={() => {
                    setOpen(r);
                    reset();
                  }}
                  data-testid={`appeal-open-${r.receipt}`}
                >
                  {r.status === 'pending' ? '审核' : '查看'}
                </Button>
              ),
            },
          ]}
        />
        <Drawer
          open={open !== null}
          onClose={() => setOpen(null)}
          title={open ? `申诉 ${open.receipt}` : ''}
          size={720}
          data-testid="appeal-drawer"
        >
          {open && (
            <>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label="账号类型">{KIND_LABELS[open.accountKind]}</Descriptions.Item>
                <Descriptions.Item label="登录名">{open.loginName}</Descriptions.Item>
                {open.unitName && <Descriptions.Item label="单位名称">{open.unitName}</Descriptions.Item>}
                {open.uscc && <Descriptions.Item label="统一社会信用代码">{open.uscc}</Descriptions.Item>}
                <Descriptions.Item label="申请人">{open.applicantName}</Descriptions.Item>
                <Descriptions.Item label="身份证号码">{open.applicantIdNumber}</Descriptions.Item>
                <Descriptions.Item label="新手机号码">{open.newPhone}</Descriptions.Item>
                <Descriptions.Item label="申诉原因">{open.reason}</Descriptions.Item>
                <Descriptions.Item label="提交时间">{time(open.submittedAt)}</Descriptions.Item>
                <Descriptions.Item label="材料">
                  <Space orientation="vertical">
                    {open.files.map((f) => (
                      <a
                        key={f.field}
                        href={`/api/v1/staff/appeals/${open.id}/files/${f.field}`}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {f.label}：{f.name}
                      </a>
                    ))}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label="状态">
                  <Tag color={DECISION_STATUS_COLORS[open.status]}>{open.statusLabel}</Tag>
                  {open.decidedAt && `（${time(open.decidedAt)}）`}
                </Descriptions.Item>
                {open.decisionReason && <Descriptions.Item label="理由">{open.decisionReason}</Descriptions.Item>}
              </Descriptions>
              {open.status === 'pending' && (
                <div className="kx-staff-decision">
                  <Typography.Paragraph type="secondary">
                    核对材料中的身份证件、申诉函与营业执照。通过后，账号绑定的手机号码（法人为主代办人手机）改为新号码，所有设备退出登录，并以短信告知登录名。
                  </Typography.Paragraph>
                  <Input.TextArea
                    rows={3}
                    maxLength={200}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder="理由（不通过时必填）"
                    status={reasonError ? 'error' : undefined}
                    data-testid="appeal-reason"
                  />
                  {reasonError && <Typography.Text type="danger">{reasonError}</Typography.Text>}
                  <Space className="kx-staff-decision-buttons">
                    <Button
                      type="primary"
                      loading={busy === 'approve'}
                      onClick={() => decide('approve')}
                      data-testid="appeal-approve"
                    >
                      通过
                    </Button>
                    <Button
                      danger
                      loading={busy === 'reject'}
                      onClick={() => decide('reject')}
                      data-testid="appeal-reject"
                    >
                      不通过
                    </Button>
                  </Space>
                </div>
              )}
            </>
          )}
        </Drawer>
      </div>
    </StaffGate>
  );
}
