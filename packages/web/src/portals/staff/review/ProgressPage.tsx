import { Alert, Button, Card, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { fetchRegions, type Region } from '../../account/api';
import { useSession } from '../../account/session';
import { hasRole, ProblemAlert, StaffGate, usePagedQuery } from '../admin-common';
import { PROGRESS_STATUSES, type ProgressEntry, type ProgressView, STATUS_LABELS } from './api';
import './review.css';

type Row = ProgressEntry & { key: string; name: string; level: string | null; agencyId: number | null };

const LEVELS: Readonly<Record<string, string>> = { city: '地市', county: '区县' };

/** A link to the queue filtered to one agency (and status, or overdue). */
function queueLink(agencyId: number | null, year: number, extra: Record<string, string>) {
  const q = new URLSearchParams({ evaluationYear: String(year), ...extra });
  if (agencyId !== null) q.set('agencyId', String(agencyId));
  return `/staff/filings?${q}`;
}

/** 审核进度: per agency of the province, the filings by status, the overdue ones highlighted, and the totals. */
export function ProgressPage() {
  const { account } = useSession();
  const allowed = hasRole(account, 'provinceAdmin', 'nationalAdmin');
  const national = hasRole(account, 'nationalAdmin');
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const ownProvince = account?.roles.find((r) => r.role === 'provinceAdmin')?.provinceCode ?? null;
  const [province, setProvince] = useState<string>(ownProvince ?? '410000');
  const [provinces, setProvinces] = useState<Region[]>([]);

  useEffect(() => {
    if (!national) return;
    fetchRegions()
      .then(setProvinces)
      .catch(() => setProvinces([]));
  }, [national]);

  const params = useCallback(() => {
    const q = new URLSearchParams({ year: String(year) });
    if (national || ownProvince === null) q.set('province', province);
    return q;
  }, [year, province, national, ownProvince]);
  const url = useCallback(() => `/api/v1/staff/filing-progress?${params()}`, [params]);
  const exportHref = `/api/v1/staff/filing-progress.xlsx?${params()}`;
  const { data, error, loading } = usePagedQuery<ProgressView>(url, allowed, '审核进度加载失败，请稍后再试');

  const rows: Row[] = (data?.agencies ?? []).map((a) => ({ ...a, key: String(a.id), agencyId: a.id }));
  const totals = data?.totals;
  const years = Array.from({ length: thisYear + 1 - 2017 + 1 }, (_, i) => thisYear + 1 - i);

  const countCell = (agencyId: number | null, status: string, n: number) =>
    n === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <a href={queueLink(agencyId, year, { status })}>{n}</a>
    );

  return (
    <StaffGate allowed={allowed} subTitle="审核进度仅限省级、全国管理员查看，请使用管理员账号登录。">
      <div className="kx-page kx-staff-page kx-review-progress-page" data-testid="progress-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            审核进度
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="kx-page-intro">
            各评价工作机构已收到的信息表按状态统计；超期指待审核、审核中且已过审核期限的信息表。点击数字查看对应的信息表。
          </Typography.Paragraph>
        </div>
        <Space wrap className="kx-staff-toolbar">
          <Select<number>
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: `${y}年度` }))}
            className="kx-review-year"
            data-testid="progress-year"
          />
          {national && (
            <Select<string>
              value={province}
              onChange={setProvince}
              showSearch={{ optionFilterProp: 'label' }}
              options={provinces.map((p) => ({ value: p.code, label: p.name }))}
              className="kx-review-agency"
              data-testid="progress-province"
            />
          )}
          <Button href={exportHref} data-testid="progress-export">
            导出Excel
          </Button>
        </Space>
        {error && <ProblemAlert error={error} testId="progress-error" />}
        {totals && (
          <Card size="small" className="kx-section" data-testid="progress-totals">
            <div className="kx-review-stats">
              <Statistic title="已收到" value={totals.total} />
              {PROGRESS_STATUSES.map((s) => (
                <Statistic key={s} title={STATUS_LABELS[s]} value={totals.counts[s]} />
              ))}
              <Statistic
                title="超期未审"
                value={totals.overdue}
                styles={{ content: totals.overdue > 0 ? { color: '#cf1322' } : undefined }}
              />
              <Statistic title="企业填报中" value={totals.drafts} />
              <Statistic
                title="平均审核用时"
                value={totals.averageWorkingDaysToDecision ?? '—'}
                suffix={totals.averageWorkingDaysToDecision === null ? undefined : '个工作日'}
              />
            </div>
            {totals.overdue > 0 && (
              <Alert
                type="error"
                showIcon
                className="kx-review-inline-alert"
                title={`有${totals.overdue}份信息表已超过审核期限仍未审结，请督促相关评价工作机构尽快审核。`}
                action={<a href={queueLink(null, year, { due: 'overdue' })}>查看超期</a>}
              />
            )}
          </Card>
        )}
        <Card size="small" className="kx-section kx-review-table-card">
          <Table<Row>
            rowKey="key"
            size="middle"
            loading={loading}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            pagination={false}
            data-testid="progress-table"
            locale={{ emptyText: '本省尚无评价工作机构' }}
            rowClassName={(r) => (r.overdue > 0 ? 'kx-review-row-overdue' : '')}
            onRow={(r) => ({ 'data-testid': `progress-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'name',
                title: '评价工作机构',
                fixed: 'left',
                render: (_, r) => (
                  <span>
                    {r.name}
                    {r.level && <Tag className="kx-inline-tag">{LEVELS[r.level] ?? r.level}</Tag>}
                  </span>
                ),
              },
              { key: 'total', title: '已收到', align: 'right', render: (_, r) => r.total },
              ...PROGRESS_STATUSES.map((s) => ({
                key: s,
                title: STATUS_LABELS[s],
                align: 'right' as const,
                render: (_: unknown, r: Row) => countCell(r.agencyId, s, r.counts[s]),
              })),
              {
                key: 'overdue',
                title: '超期未审',
                align: 'right',
                render: (_, r) =>
                  r.overdue > 0 ? (
                    <a href={queueLink(r.agencyId, year, { due: 'overdue' })} data-testid={`progress-overdue-${r.key}`}>
                      <Tag color="red">{r.overdue}</Tag>
                    </a>
                  ) : (
                    <Typography.Text type="secondary">0</Typography.Text>
                  ),
              },
              {
                key: 'late',
                title: '超期审结',
                align: 'right',
                render: (_, r) =>
                  r.lateDecisions > 0 ? <Typography.Text type="warning">{r.lateDecisions}</Typography.Text> : 0,
              },
              {
                key: 'avg',
                title: '平均审核用时（工作日）',
                align: 'right',
                render: (_, r) => r.averageWorkingDaysToDecision ?? '—',
              },
            ]}
            summary={() =>
              totals ? (
                <Table.Summary.Row className="kx-review-summary-row">
                  <Table.Summary.Cell index={0}>
                    <strong>合计</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <strong data-testid="progress-total">{totals.total}</strong>
                  </Table.Summary.Cell>
                  {PROGRESS_STATUSES.map((s, i) => (
                    <Table.Summary.Cell key={s} index={2 + i} align="right">
                      <strong>{totals.counts[s]}</strong>
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={7} align="right">
                    {totals.overdue > 0 ? <Tag color="red">{totals.overdue}</Tag> : <strong>0</strong>}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={8} align="right">
                    <strong>{totals.lateDecisions}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={9} align="right">
                    <strong>{totals.averageWorkingDaysToDecision ?? '—'}</strong>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
      </div>
    </StaffGate>
  );
}
