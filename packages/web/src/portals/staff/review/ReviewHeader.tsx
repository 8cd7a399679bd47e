import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { chinaDateTime, type FilingDetail, STATUS_COLORS } from './api';
import { DeadlineText } from './DeadlineText';

export type HeaderAction = 'claim' | 'release' | 'sendBack';

interface ReviewHeaderProps {
  filing: FilingDetail;
  myId: number;
  busy: HeaderAction | null;
  onAction: (action: HeaderAction, body?: unknown) => Promise<boolean>;
  /** The send-back reason's server error. */
  sendBackError: string | null;
}

/** The filing at a glance, with the buttons of the actions the caller may take now (allowedActions). */
export function ReviewHeader({ filing, myId, busy, onAction, sendBackError }: ReviewHeaderProps) {
  const { modal } = App.useApp();
  const [sendBackOpen, setSendBackOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const can = (a: string) => filing.allowedActions.includes(a as never);
  const mine = filing.claimedBy?.id === myId;
  const error = reasonError ?? sendBackError;

  const submitSendBack = async () => {
    if ([...reason.trim()].length < 2) {
      setReasonError('请写明退回评价工作机构重新审核的原因（至少2个字）');
      return;
    }
    setReasonError(null);
    if (await onAction('sendBack', { reason: reason.trim() })) {
      setSendBackOpen(false);
      setReason('');
    }
  };

  return (
    <Card className="kx-section kx-review-header" data-testid="review-header">
      <a href="/staff/filings" className="kx-review-back" data-testid="review-back">
        <ArrowLeftOutlined /> 返回审核清单
      </a>
      <div className="kx-review-title-row">
        <Typography.Title level={3} className="kx-review-title">
          {filing.enterprise?.name ?? '—'}
        </Typography.Title>
        <Tag color={STATUS_COLORS[filing.status]} data-testid="review-status" data-status={filing.status}>
          {filing.statusLabel}
        </Tag>
        {filing.warningCount > 0 && <Tag color="orange">预警 {filing.warningCount}</Tag>}
        {filing.onSiteRequired && <Tag color="purple">需实地核查</Tag>}
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 3 }}
        className="kx-review-facts"
        items={[
          { key: 'uscc', label: '统一社会信用代码', children: filing.enterprise?.uscc ?? '—' },
          {
            key: 'region',
            label: '注册地',
            children: filing.enterprise?.regionText ?? filing.enterprise?.regionName ?? '—',
          },
          { key: 'year', label: '评价年度', children: `${filing.evaluationYear}年度` },
          { key: 'agency', label: '评价工作机构', children: filing.agency?.name ?? '—' },
          {
            key: 'version',
            label: '提交',
            children: `第${filing.versionNo}次提交，${chinaDateTime(filing.submittedAt)}`,
          },
          {
            key: 'due',
            label: '审核期限',
            children: (
              <DeadlineText
                reviewDueOn={filing.reviewDueOn}
                workingDaysLeft={filing.workingDaysLeft}
                overdue={filing.overdue}
                provisional={filing.provisional}
                testId="review-deadline"
              />
            ),
          },
          {
            key: 'holder',
            label: '审核人',
            children: (
              <span data-testid="review-holder">
                {filing.claimedBy ? `${filing.claimedBy.name ?? '—'}${mine ? '（我）' : ''}` : '—'}
                {filing.claimedAt && filing.status === 'reviewing' && (
                  <Typography.Text type="secondary">，{chinaDateTime(filing.claimedAt)}开始</Typography.Text>
                )}
              </span>
            ),
          },
        ]}
      />
      {(can('claim') || can('release') || can('sendBack')) && (
        <Space wrap className="kx-review-actions">
          {can('claim') && (
            <Button
              type="primary"
              loading={busy === 'claim'}
              disabled={busy !== null}
              onClick={() => void onAction('claim')}
              data-testid="review-claim"
            >
              开始审核
            </Button>
          )}
          {can('release') && (
            <Button
              loading={busy === 'release'}
              disabled={busy !== null}
              onClick={() =>
                modal.confirm({
                  title: mine ? '放弃审核？' : `将${filing.claimedBy?.name ?? '他人'}正在审核的信息表放回待审核？`,
                  content: mine
                    ? '信息表将回到待审核，其他审核人员可以开始审核。已填写但未提交的审核表不会保存。'
                    : '该审核人员将收到通知，信息表回到待审核。',
                  okText: '确定',
                  cancelText: '取消',
                  okButtonProps: { 'data-testid': 'review-release-confirm' },
                  onOk: () => onAction('release'),
                })
              }
              data-testid="review-release"
            >
              {mine ? '放弃审核' : '放回待审核'}
            </Button>
          )}
          {can('sendBack') && (
            <Button
              danger
              disabled={busy !== null}
              onClick={() => setSendBackOpen(true)}
              data-testid="review-send-back"
            >
              退回评价工作机构
            </Button>
          )}
        </Space>
      )}
      <Modal
        open={sendBackOpen}
        title="退回评价工作机构重新审核"
        okText="确定退回"
        cancelText="取消"
        confirmLoading={busy === 'sendBack'}
        onOk={() => void submitSendBack()}
        onCancel={() => setSendBackOpen(false)}
        okButtonProps={{ danger: true, 'data-testid': 'send-back-confirm' }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          信息表将回到「待审核」，审核期限自今日起重新计算，评价工作机构的审核人员会收到通知。
        </Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={4}
          maxLength={500}
          showCount
          placeholder="退回原因（必填），如：经抽查，研发费用与财务报表不一致，请重新审核"
          status={error ? 'error' : undefined}
          data-testid="send-back-reason"
        />
        {error && (
          <Typography.Text type="danger" data-testid="send-back-error">
            {error}
          </Typography.Text>
        )}
      </Modal>
    </Card>
  );
}
