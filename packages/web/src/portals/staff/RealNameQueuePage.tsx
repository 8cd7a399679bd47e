import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Input,
  Result,
  Segmented,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../account/api';
import { formatTime, REQUEST_STATUS_LABELS, type RealNameRequestView } from '../account/RealNamePage';
import { useSession } from '../account/session';

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

type Filter = 'pending' | 'approved' | 'rejected' | 'all';
const STATUS_COLORS = { pending: 'processing', approved: 'success', rejected: 'error' } as const;
const MIN_REASON = 5;

/** 实名核验: the queue of manual real-name requests in the staff member's scope, with the decision drawer. */
export function RealNameQueuePage() {
  const { account, csrfToken } = useSession();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<StaffRequest | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    const query = new URLSearchParams({ page: String(page) });
    if (filter !== 'all') query.set('status', filter);
    api<Page>('GET', `/api/v1/staff/real-name/requests?${query}`)
      .then((p) => {
        setData(p);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : '加载失败，请稍后再试'))
      .finally(() => setLoading(false));
  }, [filter, page]);

  useEffect(() => {
    if (account && account.kind === 'staff') load();
  }, [account, load]);

  if (account === undefined) {
    return (
      <div className="kx-page kx-center">
        <Spin description="正在加载…" />
      </div>
    );
  }
  if (account === null || account.kind !== 'staff') {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="实名核验仅限省级、国家级管理员使用，请使用工作人员账号登录。"
        extra={
          <Button type="primary" href="/login">
            登录
          </Button>
        }
      />
    );
  }

  const decide = async (decision: 'approve' | 'reject') => {
    if (!open) return;
    const text = reason.trim();
    if (decision === 'reject' && [...text].length < MIN_REASON) {
      setReasonError(`请填写不通过的原因（至少${MIN_REASON}个字），以便申请人补正`);
      return;
    }
    setReasonError(null);
    setBusy(decision);
    try {
      const decided = await api<StaffRequest>(
        'POST',
        `/api/v1/staff/real-name/requests/${open.id}/decision`,
        { decision, ...(text ? { reason: text } : {}) },
        csrfToken ?? '',
      );
      message.success(decision === 'approve' ? '已核验通过' : '已标记为不通过');
      setOpen(decided);
      load();
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      const field = problem?.fields.find((f) => f.path === 'reason');
      if (field) setReasonError(field.message);
      else message.error(problem?.message ?? '操作失败，请稍后再试');
      if (problem?.status === 409) load();
    } finally {
      setBusy(null);
    }
  };

  const fileUrl = (r: StaffRequest, field: string) => `/api/v1/staff/real-name/requests/${r.id}/files/${field}`;

  return (
    <div className="kx-page kx-staff-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          实名核验
        </Typography.Title>
      </div>
      <Space className="kx-staff-toolbar" wrap>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { label: '待核验', value: 'pending' },
            { label: '已通过', value: 'approved' },
            { label: '未通过', value: 'rejected' },
            { label: '全部', value: 'all' },
          ]}
          data-testid="real-name-filter"
        />
      </Space>
      {error && <Alert type="error" showIcon className="kx-form-alert" title={error} />}
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
            render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{REQUEST_STATUS_LABELS[r.status]}</Tag>,
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
                  setReason('');
                  setReasonError(null);
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
                    <Tag color={STATUS_COLORS[open.status]} data-testid="real-name-detail-status">
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
  );
}
