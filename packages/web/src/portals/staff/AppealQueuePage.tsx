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
import { useSession } from '../account/session';

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

type Filter = 'pending' | 'approved' | 'rejected' | 'all';
const STATUS_COLORS = { pending: 'processing', approved: 'success', rejected: 'error' } as const;
const KIND_LABELS = { person: '自然人', legalPerson: '法人' } as const;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** 申诉审核: appeals in the administrator's province (all for the national administrator), with the decision. */
export function AppealQueuePage() {
  const { account, csrfToken } = useSession();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<StaffAppeal | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    const query = new URLSearchParams({ page: String(page) });
    if (filter !== 'all') query.set('status', filter);
    api<Page>('GET', `/api/v1/staff/appeals?${query}`)
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
        subTitle="申诉审核仅限省级、国家级管理员使用，请使用工作人员账号登录。"
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
    if (decision === 'reject' && [...text].length < 2) {
      setReasonError('请填写不通过的理由（将以短信告知申诉人）');
      return;
    }
    setReasonError(null);
    setBusy(decision);
    try {
      const decided = await api<StaffAppeal>(
        'POST',
        `/api/v1/staff/appeals/${open.id}/decision`,
        { decision, ...(text ? { reason: text } : {}) },
        csrfToken ?? '',
      );
      message.success(decision === 'approve' ? '已通过：账号已改绑新手机号码' : '已标记为不通过');
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

  return (
    <div className="kx-page kx-staff-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          申诉审核
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
            { label: '待审核', value: 'pending' },
            { label: '已通过', value: 'approved' },
            { label: '未通过', value: 'rejected' },
            { label: '全部', value: 'all' },
          ]}
        />
        <Button onClick={load}>刷新</Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} className="kx-form-alert" />}
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
            render: (s: StaffAppeal['status'], r) => <Tag color={STATUS_COLORS[s]}>{r.statusLabel}</Tag>,
          },
          {
            title: '操作',
            render: (_: unknown, r) => (
              <Button
                size="small"
                onClick={() => {
                  setOpen(r);
                  setReason('');
                  setReasonError(null);
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
                <Tag color={STATUS_COLORS[open.status]}>{open.statusLabel}</Tag>
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
  );
}
