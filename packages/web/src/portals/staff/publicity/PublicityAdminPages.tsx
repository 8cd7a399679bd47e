import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { api, ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import {
  type Candidate,
  chineseDate,
  OUTCOME_COLORS,
  type Paged,
  PHASE_COLORS,
  type StaffBatch,
  type StaffBatchSummary,
} from '../../public/publicity/api';
import '../../public/publicity/publicity.css';
import { hasRole, ProblemAlert, StaffGate, usePagedQuery } from '../admin-common';

const OUTCOME_LABELS = { pending: '待公告', registered: '已公告入库', withheld: '不予入库' } as const;

/** POST as the signed-in staff member: the answer, or the API's Chinese message shown and null returned. */
function usePost() {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const post = async <T,>(key: string, url: string, body: unknown = {}): Promise<T | null> => {
    setBusy(key);
    try {
      return await api<T>('POST', url, body, csrfToken ?? '');
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      const detail = problem?.fields.map((f) => f.message).join('；');
      message.error(detail || problem?.message || '操作失败，请稍后再试');
      return null;
    } finally {
      setBusy(null);
    }
  };
  return { post, busy };
}

/** 公示管理: the year's candidates (passed, in no batch) and the batches, for a province administrator. */
export function PublicityAdminPage() {
  const { account } = useSession();
  const allowed = hasRole(account, 'provinceAdmin', 'nationalAdmin');
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const [selected, setSelected] = useState<number[]>([]);
  const [candidatePage, setCandidatePage] = useState(1);
  const { post, busy } = usePost();
  const province = account?.roles.find((r) => r.role === 'provinceAdmin')?.provinceCode ?? '410000';
  const scope = `year=${year}&province=${province}`;

  const candidatesUrl = useCallback(
    () => `/api/v1/staff/publicity/candidates?${scope}&page=${candidatePage}&pageSize=50`,
    [scope, candidatePage],
  );
  const batchesUrl = useCallback(() => `/api/v1/staff/publicity/batches?${scope}`, [scope]);
  const candidates = usePagedQuery<Paged<Candidate>>(candidatesUrl, allowed, '加载失败，请稍后再试');
  const batches = usePagedQuery<Paged<StaffBatchSummary>>(batchesUrl, allowed, '加载失败，请稍后再试');

  const create = async (filingIds?: number[]) => {
    const created = await post<StaffBatch>('create', '/api/v1/staff/publicity/batches', {
      year,
      province,
      ...(filingIds ? { filingIds } : {}),
    });
    if (created) {
      message.success(`已组建公示批次草稿（${created.entryCount}家），请核对名单后发布`);
      window.location.assign(`/staff/publicity/${created.id}`);
    }
  };

  return (
    <StaffGate allowed={allowed} subTitle="公示管理仅限省级、国家级管理员使用。">
      <div className="kx-page kx-staff-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            公示与公告
          </Typography.Title>
          <Typography.Paragraph className="kx-page-intro">
            评价工作机构审核通过（需实地核查的已核查）的企业可列入公示批次；发布后公示10个工作日，期满后对无异议或异议不成立的企业公告入库并赋予入库登记编号。
          </Typography.Paragraph>
        </div>
        <Space className="kx-staff-toolbar" wrap>
          <span>评价年度</span>
          <InputNumber
            min={2017}
            max={2100}
            value={year}
            onChange={(v) => {
              if (typeof v === 'number') {
                setYear(v);
                setSelected([]);
              }
            }}
          />
        </Space>
        <Card title="公示批次" className="kx-publicity-summary" extra={<a href="/publicity">公众页面 →</a>}>
          {batches.error && <ProblemAlert error={batches.error} />}
          <Table<StaffBatchSummary>
            rowKey="id"
            data-testid="staff-batches"
            loading={batches.loading}
            dataSource={batches.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description="本年度尚未组建公示批次" /> }}
            columns={[
              {
                title: '批次',
                dataIndex: 'title',
                render: (_: unknown, b) => (
                  <a href={`/staff/publicity/${b.id}`} data-testid={`staff-batch-${b.id}`}>
                    {b.title}
                  </a>
                ),
              },
              { title: '企业数', dataIndex: 'entryCount', width: 90 },
              {
                title: '公示期',
                key: 'window',
                render: (_: unknown, b) =>
                  b.publishedOn ? `${chineseDate(b.publishedOn)} 至 ${chineseDate(b.endsOn)}` : '—',
              },
              {
                title: '状态',
                key: 'phase',
                width: 120,
                render: (_: unknown, b) => <Tag color={PHASE_COLORS[b.phase]}>{b.phaseLabel}</Tag>,
              },
              {
                title: '公告',
                key: 'announcements',
                render: (_: unknown, b) =>
                  b.announcements.map((a) => (
                    <div key={a.id}>
                      <a href={`/announcements/${a.id}`}>{a.title}</a>（{a.registeredCount}家）
                    </div>
                  )),
              },
            ]}
          />
        </Card>
        <Card
          title={`可列入公示的企业（${candidates.data?.total ?? 0}家）`}
          extra={
            <Space wrap>
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={busy === 'create-selected'}
                onClick={() => void create(selected)}
                data-testid="create-batch-selected"
              >
                以所选{selected.length}家组建批次
              </Button>
              <Button
                disabled={(candidates.data?.total ?? 0) === 0}
                loading={busy === 'create'}
                onClick={() => void create()}
                data-testid="create-batch-all"
              >
                全部列入新批次
              </Button>
            </Space>
          }
        >
          {candidates.error && <ProblemAlert error={candidates.error} />}
          <Table<Candidate>
            rowKey="filingId"
            data-testid="candidates"
            loading={candidates.loading}
            dataSource={candidates.data?.items ?? []}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as number[]),
              preserveSelectedRowKeys: true,
            }}
            scroll={{ x: 720 }}
            locale={{ emptyText: <Empty description="暂无审核通过、待列入公示的企业" /> }}
            pagination={{
              current: candidatePage,
              total: candidates.data?.total ?? 0,
              pageSize: 50,
              onChange: setCandidatePage,
              showSizeChanger: false,
            }}
            columns={[
              {
                title: '企业名称',
                key: 'name',
                render: (_: unknown, c) => <a href={`/staff/filings/${c.filingId}`}>{c.enterprise.name}</a>,
              },
              { title: '统一社会信用代码', key: 'uscc', width: 190, render: (_: unknown, c) => c.enterprise.uscc },
              { title: '所在地区', dataIndex: 'regionName', width: 140 },
              { title: '评价工作机构', key: 'agency', width: 160, render: (_: unknown, c) => c.agency.name },
              {
                title: '审核通过',
                dataIndex: 'passedAt',
                width: 120,
                render: (t: string) => new Date(t).toLocaleDateString('zh-CN'),
              },
              {
                title: '实地核查',
                dataIndex: 'onSiteChecked',
                width: 100,
                render: (v: boolean) => (v ? <Tag color="success">已核查</Tag> : '无需'),
              },
            ]}
          />
        </Card>
      </div>
    </StaffGate>
  );
}

/** One batch for the province: review the list (remove), publish, announce, discard. */
export function PublicityBatchAdminPage({ id }: { id: string }) {
  const { account } = useSession();
  const allowed = hasRole(account, 'provinceAdmin', 'nationalAdmin');
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number[]>([]);
  const { post, busy } = usePost();
  const url = useCallback(() => `/api/v1/staff/publicity/batches/${id}?page=${page}&pageSize=100`, [id, page]);
  const { data, error, loading, load } = usePagedQuery<StaffBatch>(
    url,
    allowed && /^\d+$/.test(id),
    '加载失败，请稍后再试',
  );
  const can = (a: StaffBatch['allowedActions'][number]) => data?.allowedActions.includes(a) ?? false;

  const act = async (action: string, done: string, body?: unknown) => {
    const result = await post<unknown>(action, `/api/v1/staff/publicity/batches/${id}/${action}`, body);
    if (result !== null) {
      message.success(done);
      setSelected([]);
      if (action === 'discard') window.location.assign('/staff/publicity');
      else load();
    } else load();
  };

  return (
    <StaffGate allowed={allowed} subTitle="公示管理仅限省级、国家级管理员使用。">
      <div className="kx-page kx-staff-page">
        {error && <ProblemAlert error={error} />}
        {data && (
          <>
            <div className="kx-page-head">
              <Typography.Title level={2} className="kx-page-title" data-testid="staff-batch-title">
                {data.title}
              </Typography.Title>
            </div>
            <Card className="kx-publicity-summary">
              <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
                <Descriptions.Item label="状态">
                  <Tag color={PHASE_COLORS[data.phase]} data-testid="staff-batch-phase">
                    {data.phaseLabel}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label="企业数">{data.entryCount}家</Descriptions.Item>
                <Descriptions.Item label="公示期">
                  {data.publishedOn
                    ? `${chineseDate(data.publishedOn)} 至 ${chineseDate(data.endsOn)}${data.endsProvisional ? '（按双休日暂计）' : ''}`
                    : '发布之日起10个工作日'}
                </Descriptions.Item>
                <Descriptions.Item label="待公告">{data.counts.pending}</Descriptions.Item>
                <Descriptions.Item label="已公告入库">{data.counts.registered}</Descriptions.Item>
                <Descriptions.Item label="异议核实中">
                  {data.counts.openObjections > 0 ? (
                    <a href="/staff/objections">{data.counts.openObjections}（前往处理）</a>
                  ) : (
                    0
                  )}
                </Descriptions.Item>
              </Descriptions>
              {data.counts.noLongerPassed > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  message={`名单中有${data.counts.noLongerPassed}家企业已被退回评价工作机构重新审核，发布前请移出`}
                />
              )}
              {data.status === 'published' && data.phase !== 'ended' && (
                <Alert type="info" showIcon message={`公示期满（${chineseDate(data.endsOn)}之后）方可公告入库`} />
              )}
              {data.announcements.length > 0 && (
                <Typography.Paragraph className="kx-publicity-announced">
                  已公告：
                  {data.announcements.map((a) => (
                    <a key={a.id} href={`/announcements/${a.id}`}>
                      {a.title}（{a.registeredCount}家）
                    </a>
                  ))}
                </Typography.Paragraph>
              )}
              <Space wrap className="kx-publicity-actions">
                {can('publish') && (
                  <Popconfirm
                    title="发布公示"
                    description="发布后名单向社会公开，公示期为今日起10个工作日，企业将收到通知。确定发布？"
                    okText="发布"
                    cancelText="取消"
                    onConfirm={() => act('publish', '已发布公示')}
                  >
                    <Button type="primary" loading={busy === 'publish'} data-testid="publish-batch">
                      发布公示
                    </Button>
                  </Popconfirm>
                )}
                {can('announce') && (
                  <Popconfirm
                    title="公告入库"
                    description={`将对${data.counts.announceable}家无异议或异议不成立的企业公告入库并赋予入库登记编号，企业将收到通知。确定公告？`}
                    okText="公告"
                    cancelText="取消"
                    onConfirm={() => act('announce', '已公告入库')}
                  >
                    <Button type="primary" loading={busy === 'announce'} data-testid="announce-batch">
                      公告入库（{data.counts.announceable}家）
                    </Button>
                  </Popconfirm>
                )}
                {can('removeEntries') && (
                  <Button
                    disabled={selected.length === 0}
                    loading={busy === 'entries/remove'}
                    onClick={() => void act('entries/remove', '已移出名单', { filingIds: selected })}
                    data-testid="remove-entries"
                  >
                    移出所选{selected.length}家
                  </Button>
                )}
                {can('discard') && (
                  <Popconfirm
                    title="作废草稿"
                    description="名单中的企业可列入其他批次。确定作废？"
                    okText="作废"
                    cancelText="取消"
                    onConfirm={() => act('discard', '已作废')}
                  >
                    <Button danger loading={busy === 'discard'}>
                      作废草稿
                    </Button>
                  </Popconfirm>
                )}
                {data.status === 'published' && <a href={`/publicity/${data.id}`}>公众页面 →</a>}
              </Space>
            </Card>
            <Table
              rowKey="filingId"
              data-testid="staff-batch-entries"
              loading={loading}
              dataSource={data.entries}
              scroll={{ x: 760 }}
              rowSelection={
                can('removeEntries')
                  ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }
                  : undefined
              }
              pagination={{
                current: page,
                total: data.entryCount,
                pageSize: 100,
                onChange: setPage,
                showSizeChanger: false,
              }}
              columns={[
                { title: '序号', dataIndex: 'position', width: 64 },
                {
                  title: '企业名称',
                  key: 'name',
                  render: (_: unknown, e) => <a href={`/staff/filings/${e.filingId}`}>{e.enterprise.name}</a>,
                },
                { title: '统一社会信用代码', key: 'uscc', width: 190, render: (_: unknown, e) => e.enterprise.uscc },
                { title: '所在地区', dataIndex: 'regionName', width: 140 },
                { title: '评价工作机构', key: 'agency', width: 160, render: (_: unknown, e) => e.agency.name },
                {
                  title: '结果',
                  key: 'outcome',
                  width: 170,
                  render: (_: unknown, e) => (
                    <Space size={4} wrap>
                      <Tag color={OUTCOME_COLORS[e.outcome]}>{OUTCOME_LABELS[e.outcome]}</Tag>
                      {e.openObjections > 0 && <Tag color="warning">异议核实中</Tag>}
                      {e.registrationNo && <span>{e.registrationNo}</span>}
                    </Space>
                  ),
                },
              ]}
            />
          </>
        )}
      </div>
    </StaffGate>
  );
}
