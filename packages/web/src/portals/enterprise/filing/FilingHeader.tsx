import { ArrowLeftOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Descriptions, type DescriptionsProps, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatTime } from '../api';
import { chinaDate, type FilingView } from './api';
import { STATUS_COLOR } from './statusTone';

interface FilingHeaderProps {
  view: FilingView;
  /** The autosave state (only while the filing may be edited). */
  saveStatus: ReactNode;
  /** Shown when withdrawing is allowed. */
  onWithdraw: (() => void) | null;
}

/** The filing's year, status with its hint, the review deadline and agency, and the actions allowed. */
export function FilingHeader({ view, saveStatus, onWithdraw }: FilingHeaderProps) {
  const items: DescriptionsProps['items'] = [
    {
      key: 'agency',
      label: '评价工作机构',
      children: view.agency ? (
        <span data-testid="filing-agency">{view.agency.name}</span>
      ) : (
        <Typography.Text type="secondary">提交后由注册地所属的评价工作机构审核</Typography.Text>
      ),
    },
  ];
  if (view.reviewDueOn && (view.status === 'submitted' || view.status === 'reviewing')) {
    items.push({
      key: 'due',
      label: '审核期限',
      children: (
        <span data-testid="filing-review-due">
          {chinaDate(view.reviewDueOn)}前
          {view.reviewDueProvisional && (
            <Typography.Text type="secondary">（节假日安排未公布，暂按周末计算）</Typography.Text>
          )}
        </span>
      ),
    });
  }
  if (view.submittedAt) {
    items.push({
      key: 'submitted',
      label: view.status === 'draft' || view.status === 'returned' ? '上次提交' : '提交时间',
      children: `${formatTime(view.submittedAt)}（第${view.versionNo}版）`,
    });
  }
  items.push({
    key: 'window',
    label: '填报时间',
    children: `${chinaDate(view.campaign.windowOpensOn)}至${chinaDate(view.campaign.windowClosesOn)}`,
  });

  return (
    <div className="kx-page-head kx-filing-head">
      <a href="/filing" className="kx-filing-back" data-testid="filing-back">
        <ArrowLeftOutlined /> 参评填报
      </a>
      <div className="kx-filing-title-row">
        <Typography.Title level={2} className="kx-page-title">
          {view.evaluationYear}年度科技型中小企业信息表
        </Typography.Title>
        <Tag color={STATUS_COLOR[view.status]} data-testid="filing-status" data-status={view.status}>
          {view.statusLabel}
        </Tag>
        <span className="kx-filing-head-spacer" />
        {saveStatus}
        {onWithdraw && (
          <Button icon={<RollbackOutlined />} onClick={onWithdraw} data-testid="filing-withdraw">
            撤回
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary" className="kx-page-intro" data-testid="filing-status-hint">
        {view.statusHint}
      </Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} className="kx-filing-facts" />
    </div>
  );
}
