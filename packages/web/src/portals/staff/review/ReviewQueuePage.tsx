import { Card, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../account/api';
import { useSession } from '../../account/session';
import { type Agency, hasRole, ProblemAlert, StaffGate, usePagedQuery } from '../admin-common';
import { chinaDateTime, type QueueItem, type QueuePage, STATUS_COLORS } from './api';
import { DeadlineText } from './DeadlineText';
import { QueueToolbar } from './QueueToolbar';
import { filterQuery, filtersFromSearch, type QueueFilters, type QueueSort, searchOf } from './queueQuery';
import './review.css';

/** Column key ↔ sort field of the server. */
const SORT_FIELDS: Readonly<Record<string, string>> = {
  due: 'due',
  submittedAt: 'submittedAt',
  enterprise: 'enterpriseName',
};

function sortOrderOf(sort: QueueSort, key: string): 'ascend' | 'descend' | null {
  const field = sort.replace(/^-/, '');
  if (SORT_FIELDS[key] !== field) return null;
  return sort.startsWith('-') ? 'descend' : 'ascend';
}

/** 信息表审核: the agency's queue of submitted filings (the province's and the nation's too, by agency). */
export function ReviewQueuePage() {
  const { account } = useSession();
  const allowed = hasRole(account, 'agencyReviewer', 'agencyHead', 'provinceAdmin', 'nationalAdmin');
  const reviewer = hasRole(account, 'agencyReviewer', 'agencyHead');
  const administrator = hasRole(account, 'provinceAdmin', 'nationalAdmin');
  const [filters, setFilters] = useState<QueueFilters>(() => filtersFromSearch(window.location.search));
  const [agencies, setAgencies] = useState<Agency[] | null>(null);

  // The address follows the filters, so going back from a filing shows the same list.
  useEffect(() => {
    const search = searchOf(filters);
    if (search !== window.location.search) {
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
    }
  }, [filters]);

  useEffect(() => {
    if (!administrator) return;
    api<{ agencies: Agency[] }>('GET', '/api/v1/staff/agencies')
      .then((r) => setAgencies(r.agencies))
      .catch(() => setAgencies([]));
  }, [administrator]);

  const url = useCallback(() => {
    const query = filterQuery(filters);
    query.set('page', String(filters.page));
    return `/api/v1/staff/filings?${query}`;
  }, [filters]);
  const { data, error, loading } = usePagedQuery<QueuePage>(url, allowed, '审核清单加载失败，请稍后再试');
  const exportHref = `/api/v1/staff/filings.xlsx?${filterQuery(filters)}`;

  return (
    <StaffGate
      allowed={allowed}
      subTitle="信息表审核仅限评价工作机构审核人员、负责人及省级、全国管理员使用，请使用工作人员账号登录。"
    >
      <div className="kx-page kx-staff-page kx-review-queue-page" data-testid="review-queue-page">
        <div className="kx-page-head">
          <Typography.Title level={2} className="kx-page-title">
            信息表审核
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="kx-page-intro">
            评价工作机构应自收到信息表之日起在规定的工作日内完成审核。超期的信息表以红色标出；默认按审核期限排序，最近到期的在前。
          </Typography.Paragraph>
        </div>
        <Card size="small" className="kx-section">
          <QueueToolbar
            filters={filters}
            onChange={setFilters}
            reviewer={reviewer}
            agencies={administrator ? (agencies ?? []) : null}
            exportHref={exportHref}
          />
        </Card>
        {error && <ProblemAlert error={error} testId="queue-error" />}
        <Card size="small" className="kx-section kx-review-table-card">
          <Table<QueueItem>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="review-queue"
            locale={{ emptyText: '没有符合条件的信息表' }}
            rowClassName={(r) => (r.overdue ? 'kx-review-row-overdue' : '')}
            onRow={(r) =>
              ({
                'data-testid': `queue-row-${r.id}`,
                'data-status': r.status,
                'data-overdue': r.overdue ? 'true' : 'false',
              }) as React.HTMLAttributes<HTMLElement>
            }
            onChange={(_pagination, _filters, sorter, extra) => {
              if (extra.action !== 'sort') return;
              const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<QueueItem> | undefined;
              const field = s?.columnKey === undefined ? undefined : SORT_FIELDS[String(s.columnKey)];
              const sort = (
                field === undefined || !s?.order ? 'due' : `${s.order === 'descend' ? '-' : ''}${field}`
              ) as QueueSort;
              setFilters({ ...filters, sort, page: 1 });
            }}
            pagination={{
              current: filters.page,
              pageSize: data?.pageSize ?? 20,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => (data?.totalExact === false ? `超过 ${total} 条` : `共 ${total} 条`),
              onChange: (page) => setFilters({ ...filters, page }),
            }}
            columns={[
              {
                key: 'enterprise',
                title: '企业名称',
                sorter: true,
                sortOrder: sortOrderOf(filters.sort, 'enterprise'),
                render: (_, r) => (
                  <div className="kx-review-enterprise-cell">
                    <a href={`/staff/filings/${r.id}`} data-testid={`queue-open-${r.id}`}>
                      {r.enterprise.name}
                    </a>
                    <Typography.Text type="secondary" className="kx-review-uscc">
                      {r.enterprise.uscc}
                    </Typography.Text>
                  </div>
                ),
              },
              ...(administrator
                ? [
                    {
                      key: 'agency',
                      title: '评价工作机构',
                      render: (_: unknown, r: QueueItem) => r.agency?.name ?? '—',
                    },
                  ]
                : []),
              {
                key: 'status',
                title: '状态',
                render: (_, r) => (
                  <Tag color={STATUS_COLORS[r.status]} data-testid={`queue-status-${r.id}`}>
                    {r.statusLabel}
                  </Tag>
                ),
              },
              {
                key: 'version',
                title: '提交次数',
                align: 'center',
                render: (_, r) => `第${r.versionNo}次`,
              },
              {
                key: 'submittedAt',
                title: '提交时间',
                sorter: true,
                sortOrder: sortOrderOf(filters.sort, 'submittedAt'),
                render: (_, r) => chinaDateTime(r.submittedAt),
              },
              {
                key: 'due',
                title: '审核期限',
                sorter: true,
                sortOrder: sortOrderOf(filters.sort, 'due'),
                render: (_, r) => (
                  <DeadlineText
                    reviewDueOn={r.reviewDueOn}
                    workingDaysLeft={r.workingDaysLeft}
                    overdue={r.overdue}
                    provisional={r.provisional}
                    testId={`queue-deadline-${r.id}`}
                  />
                ),
              },
              {
                key: 'flags',
                title: '预警 / 实地核查',
                render: (_, r) => (
                  <Space size={4} wrap={false}>
                    {r.warningCount > 0 ? (
                      <Tag color="orange" data-testid={`queue-warnings-${r.id}`}>
                        预警 {r.warningCount}
                      </Tag>
                    ) : (
                      <Typography.Text type="secondary">无预警</Typography.Text>
                    )}
                    {r.onSiteRequired && (
                      <Tag color="purple" data-testid={`queue-on-site-${r.id}`}>
                        实地核查
                      </Tag>
                    )}
                  </Space>
                ),
              },
              {
                key: 'claimedBy',
                title: '审核人',
                render: (_, r) => r.claimedBy?.name ?? '—',
              },
            ]}
          />
        </Card>
      </div>
    </StaffGate>
  );
}
