import { Alert, Button, Card, Descriptions, Empty, Input, Result, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../account/api';
import {
  chineseDate,
  OUTCOME_COLORS,
  type Paged,
  PHASE_COLORS,
  type PublicAnnouncement,
  type PublicAnnouncementSummary,
  type PublicBatch,
  type PublicBatchSummary,
} from './api';
import './publicity.css';

/** GET `url` whenever it changes: the data, the error (an ApiError's Chinese message) and whether it is loading. */
function useGet<T>(url: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setLoading(true);
    api<T>('GET', url)
      .then((d) => live && (setData(d), setError(null)))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', '加载失败', [])))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [url]);
  return { data, error, loading };
}

const windowText = (b: { publishedOn: string; endsOn: string; endsProvisional: boolean }) =>
  `${chineseDate(b.publishedOn)} 至 ${chineseDate(b.endsOn)}（10个工作日${b.endsProvisional ? '，按双休日暂计' : ''}）`;

/** 公示公告: the published batches and the announcements, newest first. */
export function PublicityListPage() {
  const [tab, setTab] = useState<'batches' | 'announcements'>('batches');
  const [page, setPage] = useState(1);
  const batches = useGet<Paged<PublicBatchSummary>>(
    tab === 'batches' ? `/api/v1/public/publicity-batches?page=${page}` : null,
  );
  const announcements = useGet<Paged<PublicAnnouncementSummary>>(
    tab === 'announcements' ? `/api/v1/public/announcements?page=${page}` : null,
  );
  return (
    <div className="kx-page kx-publicity">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          公示公告
        </Typography.Title>
        <Typography.Paragraph className="kx-page-intro">
          各省拟入库科技型中小企业名单公示10个工作日，公示期内任何单位和个人均可实名提出异议；公示期满无异议或异议经核实不成立的企业公告入库，并赋予入库登记编号。
          <a href="/registry">查询入库登记编号 →</a>
        </Typography.Paragraph>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as typeof tab);
          setPage(1);
        }}
        items={[
          { key: 'batches', label: '名单公示' },
          { key: 'announcements', label: '入库公告' },
        ]}
      />
      {tab === 'batches' && (
        <Table<PublicBatchSummary>
          rowKey="id"
          data-testid="public-batches"
          loading={batches.loading}
          dataSource={batches.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无公示" /> }}
          pagination={{
            current: page,
            total: batches.data?.total ?? 0,
            pageSize: batches.data?.pageSize ?? 20,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            {
              title: '公示',
              dataIndex: 'title',
              render: (_: unknown, b) => (
                <a href={`/publicity/${b.id}`} data-testid={`public-batch-${b.id}`}>
                  {b.title}
                </a>
              ),
            },
            { title: '企业数', dataIndex: 'entryCount', width: 90 },
            { title: '公示期', key: 'window', render: (_: unknown, b) => windowText(b), responsive: ['md'] },
            {
              title: '状态',
              key: 'phase',
              width: 110,
              render: (_: unknown, b) => <Tag color={PHASE_COLORS[b.phase]}>{b.phaseLabel}</Tag>,
            },
          ]}
        />
      )}
      {tab === 'announcements' && (
        <Table<PublicAnnouncementSummary>
          rowKey="id"
          data-testid="public-announcements"
          loading={announcements.loading}
          dataSource={announcements.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂无入库公告" /> }}
          pagination={{
            current: page,
            total: announcements.data?.total ?? 0,
            pageSize: announcements.data?.pageSize ?? 20,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            {
              title: '公告',
              dataIndex: 'title',
              render: (_: unknown, a) => <a href={`/announcements/${a.id}`}>{a.title}</a>,
            },
            { title: '入库企业', dataIndex: 'registeredCount', width: 100 },
            { title: '公告日期', dataIndex: 'announcedOn', width: 150, render: (d: string) => chineseDate(d) },
          ]}
        />
      )}
      {(batches.error ?? announcements.error) && (
        <Alert type="error" showIcon message={(batches.error ?? announcements.error)?.message} />
      )}
    </div>
  );
}

/** One publicity batch: the window, the list (searchable by name or USCC), downloads and the objection link. */
export function PublicBatchPage({ id }: { id: string }) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState('');
  const { data, error, loading } = useGet<PublicBatch>(
    /^\d+$/.test(id) ? `/api/v1/public/publicity-batches/${id}?page=${page}&pageSize=100` : null,
  );
  const shown = useMemo(() => {
    const q = filter.trim().toUpperCase();
    if (!data || q === '') return data?.entries ?? [];
    return data.entries.filter((e) => e.enterpriseName.includes(filter.trim()) || e.uscc.includes(q));
  }, [data, filter]);
  if (!/^\d+$/.test(id) || error?.status === 404) {
    return <Result status="404" title="未找到该公示" extra={<a href="/publicity">返回公示公告</a>} />;
  }
  return (
    <div className="kx-page kx-publicity">
      {error && <Alert type="error" showIcon message={error.message} />}
      {data && (
        <>
          <div className="kx-page-head">
            <Typography.Title level={2} className="kx-page-title" data-testid="batch-title">
              {data.title}
            </Typography.Title>
          </div>
          <Card className="kx-publicity-summary">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label="公示期">{windowText(data)}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag color={PHASE_COLORS[data.phase]} data-testid="batch-phase">
                  {data.phaseLabel}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="企业数">{data.entryCount}家</Descriptions.Item>
              <Descriptions.Item label="下载">
                <Space wrap>
                  <a href={`/api/v1/public/publicity-batches/${data.id}/document.pdf`}>公示文件（PDF）</a>
                  <a href={`/api/v1/public/publicity-batches/${data.id}/list.xlsx`}>名单（Excel）</a>
                </Space>
              </Descriptions.Item>
            </Descriptions>
            {data.objectionsOpen ? (
              <Alert
                type="info"
                showIcon
                message="公示期内可对名单中的企业提出异议"
                description="异议须实名提出：个人须提供真实姓名和经短信验证的手机号码，单位须提供名称、统一社会信用代码并上传加盖公章的异议材料；须写明理由、事实并提供证据。逾期或匿名的异议不予受理。在名单中找到企业后点击“提出异议”。"
              />
            ) : (
              <Alert
                type={data.phase === 'ended' ? 'success' : 'warning'}
                showIcon
                message={data.phase === 'ended' ? '公示期已满，不再受理异议' : '公示尚未开始'}
              />
            )}
            {data.announcements.length > 0 && (
              <Typography.Paragraph className="kx-publicity-announced">
                已公告：
                {data.announcements.map((a) => (
                  <a key={a.id} href={`/announcements/${a.id}`} data-testid={`batch-announcement-${a.id}`}>
                    {a.title}（{a.registeredCount}家）
                  </a>
                ))}
              </Typography.Paragraph>
            )}
          </Card>
          <Input.Search
            className="kx-publicity-search"
            allowClear
            placeholder="在本页名单中按企业名称或统一社会信用代码查找"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <Table
            rowKey="entryId"
            data-testid="batch-entries"
            loading={loading}
            dataSource={shown}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              total: data.entryCount,
              pageSize: 100,
              onChange: setPage,
              showSizeChanger: false,
            }}
            columns={[
              { title: '序号', dataIndex: 'position', width: 64, responsive: ['sm'] },
              { title: '企业名称', dataIndex: 'enterpriseName', onCell: () => ({ className: 'kx-publicity-name' }) },
              { title: '统一社会信用代码', dataIndex: 'uscc', width: 190 },
              { title: '所在地区', dataIndex: 'regionName', width: 140, responsive: ['md'] },
              { title: '评价工作机构', dataIndex: 'agencyName', width: 160, responsive: ['lg'] },
              {
                title: '状态',
                key: 'outcome',
                width: 150,
                render: (_: unknown, e) =>
                  e.registrationNo ? (
                    <a href={`/registry/${e.registrationNo}`}>
                      <Tag color={OUTCOME_COLORS[e.outcome]}>{e.outcomeLabel}</Tag>
                    </a>
                  ) : (
                    <Tag color={OUTCOME_COLORS[e.outcome]}>{e.outcomeLabel}</Tag>
                  ),
              },
              ...(data.objectionsOpen
                ? [
                    {
                      title: '异议',
                      key: 'object',
                      width: 100,
                      render: (_: unknown, e: PublicBatch['entries'][number]) => (
                        <Button
                          size="small"
                          href={`/objection/new?entry=${e.entryId}`}
                          data-testid={`object-${e.entryId}`}
                        >
                          提出异议
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </div>
  );
}

/** One announcement: the enterprises registered with their numbers. */
export function AnnouncementPage({ id }: { id: string }) {
  const { data, error } = useGet<PublicAnnouncement>(/^\d+$/.test(id) ? `/api/v1/public/announcements/${id}` : null);
  const [filter, setFilter] = useState('');
  const shown = useCallback(
    (rows: PublicAnnouncement['registrations']) => {
      const q = filter.trim();
      return q === ''
        ? rows
        : rows.filter(
            (r) => r.enterpriseName.includes(q) || r.uscc.includes(q.toUpperCase()) || r.registrationNo.includes(q),
          );
    },
    [filter],
  );
  if (!/^\d+$/.test(id) || error?.status === 404) {
    return <Result status="404" title="未找到该入库公告" extra={<a href="/publicity">返回公示公告</a>} />;
  }
  return (
    <div className="kx-page kx-publicity">
      {error && <Alert type="error" showIcon message={error.message} />}
      {data && (
        <>
          <div className="kx-page-head">
            <Typography.Title level={2} className="kx-page-title" data-testid="announcement-title">
              {data.title}
            </Typography.Title>
            <Typography.Paragraph className="kx-page-intro">
              {data.batch.title}拟入库科技型中小企业名单公示期满，现将公示无异议或异议经核实不成立的
              {data.registeredCount}家企业公告入库，并赋予入库登记编号。公告日期：{chineseDate(data.announcedOn)}。
            </Typography.Paragraph>
          </div>
          <Space wrap className="kx-publicity-downloads">
            <a href={`/api/v1/public/announcements/${data.id}/document.pdf`}>公告文件（PDF）</a>
            <a href={`/api/v1/public/announcements/${data.id}/list.xlsx`}>入库名单（Excel）</a>
            <a href={`/publicity/${data.batch.id}`}>查看公示名单</a>
          </Space>
          <Input.Search
            className="kx-publicity-search"
            allowClear
            placeholder="按企业名称、统一社会信用代码或入库登记编号查找"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <Table
            rowKey="registrationNo"
            data-testid="announcement-registrations"
            dataSource={shown(data.registrations)}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 100, showSizeChanger: false }}
            columns={[
              { title: '序号', dataIndex: 'position', width: 64, responsive: ['sm'] },
              {
                title: '入库登记编号',
                dataIndex: 'registrationNo',
                width: 150,
                render: (no: string) => <a href={`/registry/${no}`}>{no}</a>,
              },
              { title: '企业名称', dataIndex: 'enterpriseName', onCell: () => ({ className: 'kx-publicity-name' }) },
              { title: '统一社会信用代码', dataIndex: 'uscc', width: 190 },
              { title: '所在地区', dataIndex: 'regionName', width: 140, responsive: ['md'] },
              {
                title: '状态',
                dataIndex: 'statusLabel',
                width: 90,
                render: (label: string, r) => <Tag color={r.status === 'valid' ? 'success' : 'error'}>{label}</Tag>,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
