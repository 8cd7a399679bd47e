import { EditOutlined, FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Result, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import { PageLoading } from '../../common/gates';
import { formatTime } from '../api';
import { ProfileGate } from '../ProfileGate';
import { useEnterpriseProfile } from '../useEnterpriseProfile';
import { CampaignCard } from './CampaignCard';
import { chinaDate, fetchOverview, type FilingOverview, type FilingSummary, startFiling } from './api';
import { STATUS_COLOR } from './statusTone';
import { StaffNotice } from './StaffNotice';
import './filing.css';

/** /filing — 参评填报: the province's campaign, this year's filing (or starting it) and the earlier years. */
export function FilingOverviewPage() {
  const [profile] = useEnterpriseProfile();
  const { account } = useSession();
  return (
    <div className="kx-page kx-filing-overview">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          参评填报
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          在本省评价工作的填报时间内填写《科技型中小企业信息表》、上传证明材料并提交，由注册地所属的评价工作机构审核。
        </Typography.Paragraph>
      </div>
      {account?.kind === 'staff' ? <StaffNotice /> : <ProfileGate state={profile}>{() => <Overview />}</ProfileGate>}
    </div>
  );
}

type LoadState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: FilingOverview };

function Overview() {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [state, setState] = useState<LoadState>({ state: 'loading' });
  const [starting, setStarting] = useState(false);
  const load = useCallback(async () => {
    try {
      setState({ state: 'ready', data: await fetchOverview() });
    } catch (e) {
      setState({ state: 'error', message: e instanceof ApiError ? e.message : '加载失败，请稍后再试' });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const start = async () => {
    setStarting(true);
    try {
      const view = await startFiling(csrfToken ?? '');
      window.location.assign(`/filing/${view.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '开始填报失败，请重试');
      void load();
      setStarting(false);
    }
  };

  if (state.state === 'loading') return <PageLoading description="正在加载…" className="kx-center" />;
  if (state.state === 'error') return <Result status="error" title="加载失败" subTitle={state.message} />;
  const { data } = state;
  const current = data.filings.find((f) => f.id === data.currentFilingId) ?? null;
  const earlier = data.filings.filter((f) => f.id !== data.currentFilingId);

  return (
    <>
      {data.campaign ? (
        <CampaignCard campaign={data.campaign} />
      ) : data.nextCampaign ? (
        <>
          <Alert
            type="info"
            showIcon
            className="kx-section"
            data-testid="campaign-closed"
            title={`本省当前不在填报时间内。${data.nextCampaign.evaluationYear}年度评价将于${chinaDate(data.nextCampaign.windowOpensOn)}开始填报。`}
          />
          <CampaignCard campaign={data.nextCampaign} upcoming />
        </>
      ) : (
        <Alert
          type="info"
          showIcon
          className="kx-section"
          data-testid="campaign-closed"
          title="本省当前没有开放填报的科技型中小企业评价工作"
          description="填报时间以省级科技主管部门发布的年度评价工作通知为准，开始后即可在此填报。"
        />
      )}

      {data.campaign && (
        <Card size="small" className="kx-section" title={`${data.campaign.evaluationYear}年度信息表`}>
          {current ? (
            <div className="kx-filing-current" data-testid="filing-current">
              <span>
                状态：
                <Tag color={STATUS_COLOR[current.status]} data-testid="filing-current-status">
                  {current.statusLabel}
                </Tag>
                {current.submittedAt && (
                  <Typography.Text type="secondary">
                    第{current.versionNo}版提交于{formatTime(current.submittedAt)}
                  </Typography.Text>
                )}
              </span>
              <Button
                type="primary"
                icon={
                  current.status === 'draft' || current.status === 'returned' ? (
                    <EditOutlined />
                  ) : (
                    <FileSearchOutlined />
                  )
                }
                href={`/filing/${current.id}`}
                data-testid="filing-open-current"
              >
                {current.status === 'draft' ? '继续填报' : current.status === 'returned' ? '修改并重新提交' : '查看'}
              </Button>
            </div>
          ) : data.canStart ? (
            <div className="kx-filing-current">
              <Typography.Text>
                本年度尚未开始填报。基本信息将按注册信息预填，填写内容自动保存，提交前可随时修改。
              </Typography.Text>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void start()}
                loading={starting}
                data-testid="filing-start"
              >
                开始填报
              </Button>
            </div>
          ) : (
            <Typography.Text type="secondary">本年度暂不能开始填报。</Typography.Text>
          )}
        </Card>
      )}

      <Card
        size="small"
        className="kx-section"
        title={data.campaign ? '往年信息表' : '历年信息表'}
        data-testid="filing-history"
      >
        <Table<FilingSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={earlier}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '暂无往年信息表' }}
          columns={[
            { title: '评价年度', dataIndex: 'evaluationYear', key: 'year', render: (y: number) => `${y}年度` },
            {
              title: '状态',
              key: 'status',
              render: (_v, f) => <Tag color={STATUS_COLOR[f.status]}>{f.statusLabel}</Tag>,
            },
            {
              title: '提交时间',
              key: 'submittedAt',
              render: (_v, f) => (f.submittedAt ? `${formatTime(f.submittedAt)}（第${f.versionNo}版）` : '未提交'),
            },
            {
              title: '操作',
              key: 'open',
              render: (_v, f) => <a href={`/filing/${f.id}`}>查看</a>,
            },
          ]}
        />
      </Card>
    </>
  );
}
