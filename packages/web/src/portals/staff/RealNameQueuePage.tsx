import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { formatTime, REQUEST_STATUS_LABELS, type RealNameRequestView } from '../account/RealNamePage';
import { useSession } from '../account/session';
import {
  DECISION_STATUS_COLORS,
  type DecisionFilter,
  DecisionFilterSwitch,
  StaffGate,
  usePagedQuery,
  useStaffDecision,
} from './admin-common';

interface StaffRequest extends RealNameRequestView {
  decidedBy: number | null;
  applicant: {
    accountId: number;
    kind: 'person' | 'legalPerson';
    loginName: string;
    name: string;
    idNumberMasked: string;
    legalRepName: string | null;
    uscc: string | null;
    region: { code: string; name: string } | null;
    phoneMasked: string | null;
  };
}

interface Page {
  items: StaffRequest[];
  total: number;
  page: number;
  pageSize: number;
}

const MIN_REASON = 5;

/** 实名核验: the queue of manual real-name requests in the staff member's scope, with the decision drawer. */
export function RealNameQueuePage() {
  const { account } = useSession();
  const [filter, setFilter] = useState<DecisionFilter>('pending');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<StaffRequest | null>(null);
  const staff = account?.kind === 'staff';

  const url = useCallback(() => {
    const query = new URLSearchParams({ page: String(page) });
    if (filter !== 'all') query.set('status', filter);
    return `/api/v1/staff/real-name/requests?${query}`;
  }, [filter, page]);
  const { data, error, loading, load } = usePagedQuery<Page>(url, staff, '加载失败，请稍后再试');
  const { reason, setReason, reasonError, busy, reset, decide } = useStaffDecision<StaffRequest>({
    url: open && `/api/v1/staff/real-name/requests/${open.id}/decision`,
    minReason: MIN_REASON,
    reasonRequired: `请填写不通过的原因（至少${MIN_REASON}个字），以便申请人补正`,
    approved: '已核验通过',
    onDecided: setOpen,
    reload: load,
  });

  const fileUrl = (r: StaffRequest, field: string) => `/api/v1/staff/real-name/requests/${r.id}/files/${field}`;

  return (
    <StaffGate allowed={staff} subTitle="实名核验仅限省级、国家级管理员使用，请使用工作人员账号登录。">
      <div className="kx-page kx-staff-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            实名核验
          </Typography.Title>
        </div>
        <Space className="kx-staff-toolbar" wrap>
          <DecisionFilterSwitch
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            pendingLabel="待核验"
            testId="real-name-filter"
          />
        </Space>
        {error && <Alert type="error" showIcon className="kx-form-alert" title={error.message} />}
        <Table<StaffRequest>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          data-testid="real-name-queue"
          locale={{ emptyText: '暂无申请' }}
          pagination={{
            current: page,
            pageSize: data?.pageSize ?? 20,
            total: data?.total ?? 0,
            showTotal: (total) => `共 ${total} 条`,
            onChange: setPage,
          }}
          onRow={(r) =>
            ({ 'data-testid': `real-name-row-${r.applicant.loginName}` }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'kind',
              title: '类型',
              render: (_, r) => (r.applicant.kind === 'person' ? '自然人' : '法人'),
            },
            {
              key: 'name',
              title: '姓名 / 单位名称',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span>{r.applicant.name}</span>
                  {r.applicant.uscc && <Typography.Text type="secondary">{r.applicant.uscc}</Typography.Text>}
                </Space>
              ),
            },
            { key: 'id', title: '身份证号码', render: (_, r) => r.applicant.idNumberMasked },
            { key: 'region', title: '地区', render: (_, r) => r.applicant.region?.name ?? '—' },
            { key: 'submittedAt', title: '提交时间', render: (_, r) => formatTime(r.submittedAt) },
            {
              key: 'status',
              title: '状态',
              render: (_, r) => <Tag color={DECISION_STATUS_COLORS[r.status]}>{REQUEST_STATUS_LABELS[r.status]}</Tag>,
            },
            {
              key: 'actions',
              title: '操作',
              render: (_, r) => (
                <Button
                  size="small"
                  type={r.status === 'pending' ? 'primary' : 'default'}
                  onClick={() => {
                    setOpen(r);
                    reset();
                  }}
                  data-testid={`real-name-open-${r.applicant.loginName}`}
                >
                  {r.status === 'pending' ? '核验' : '查看'}
                </Button>
              ),
            },
          ]}
        />
        <Drawer
          open={open !== null}
          onClose={() => setOpen(null)}
          size={720}
          title={open ? `实名核验：${open.applicant.name}` : ''}
          data-testid="real-name-drawer"
        >
          {open && (
            <div data-testid="real-name-detail">
              <Descriptions
                column={1}
                bordered
                size="small"
                className="kx-descriptions"
                items={[
                  { key: 'kind', label: '类型', children: open.applicant.kind === 'person' ? '自然人' : '法人' },
                  {
                    key: 'name',
                    label: open.applicant.kind === 'person' ? '姓名' : '单位名称',
                    children: open.applicant.name,
                  },
                  ...(open.applicant.uscc
                    ? [{ key: 'uscc', label: '统一社会信用代码', children: open.applicant.uscc }]
                    : []),
                  ...(open.applicant.legalRepName
                    ? [{ key: 'rep', label: '法定代表人', children: open.applicant.legalRepName }]
                    : []),
                  {
                    key: 'id',
                    label: open.applicant.kind === 'person' ? '身份证号码' : '法定代表人身份证号码',
                    children: open.applicant.idNumberMasked,
                  },
                  { key: 'region', label: '地区', children: open.applicant.region?.name ?? '—' },
                  { key: 'login', label: '登录名', children: open.applicant.loginName },
                  { key: 'phone', label: '手机号码', children: open.applicant.phoneMasked ?? '—' },
                  { key: 'submitted', label: '提交时间', children: formatTime(open.submittedAt) },
                  {
                    key: 'status',
                    label: '状态',
                    children: (
                      <Tag color={DECISION_STATUS_COLORS[open.status]} data-testid="real-name-detail-status">
                        {REQUEST_STATUS_LABELS[open.status]}
                      </Tag>
                    ),
                  },
                  ...(open.reason ? [{ key: 'reason', label: '原因', children: open.reason }] : []),
                ]}
              />
              <div className="kx-real-name-files">
                {open.files.map((f) => (
                  <figure key={f.field} className="kx-real-name-figure">
                    <figcaption>
                      {f.label}（{f.fileName}）{' '}
                      <a href={fileUrl(open, f.field)} target="_blank" rel="noreferrer">
                        新窗口打开
                      </a>
                    </figcaption>
                    {f.mediaType === 'application/pdf' ? (
                      <Typography.Text type="secondary">PDF 文件，请在新窗口中查看</Typography.Text>
                    ) : (
                      <img
                        src={fileUrl(open, f.field)}
                        alt={f.label}
                        className="kx-real-name-image"
                        data-testid={`real-name-image-${f.field}`}
                      />
                    )}
                  </figure>
                ))}
              </div>
              {open.status === 'pending' && (
                <div className="kx-real-name-decision">
                  <Input.TextArea
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder="不通过时必须填写原因（至少5个字），将通知申请人"
                    maxLength={500}
                    rows={3}
                    status={reasonError ? 'error' : undefined}
                    data-testid="real-name-reason-input"
                  />
                  {reasonError && (
                    <Typography.Text type="danger" data-testid="real-name-reason-error">
                      {reasonError}
                    </Typography.Text>
                  )}
                  <Space className="kx-account-actions">
                    <Button
                      type="primary"
                      onClick={() => decide('approve')}
                      loading={busy === 'approve'}
                      disabled={busy !== null}
                      data-testid="real-name-approve"
                    >
                      核验通过
                    </Button>
                    <Button
                      danger
                      onClick={() => decide('reject')}
                      loading={busy === 'reject'}
                      disabled={busy !== null}
                      data-testid="real-name-reject"
                    >
                      不通过
                    </Button>
                  </Space>
                </div>
              )}
            </div>
          )}
        </Drawer>
      </div>
    </StaffGate>
  );
}
