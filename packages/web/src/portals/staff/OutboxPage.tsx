import { Alert, Input, Result, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { formatDateTime } from '../account/messages';
import { useSession } from '../account/session';
import { ProblemAlert, StaffGate, usePagedQuery } from './admin-common';

interface OutboxItem {
  id: number;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

interface OutboxPage {
  items: OutboxItem[];
  total: number;
  page: number;
  pageSize: number;
  recipientsMasked: boolean;
}

type Channel = 'all' | 'sms' | 'email';
const STATUS = {
  pending: { label: '待发送', color: 'processing' },
  sent: { label: '已发送', color: 'success' },
  failed: { label: '失败', color: 'error' },
} as const;
const PAGE_SIZE = 20;

/** 发件箱 (development only): the SMS and e-mail the development drivers "sent", for reading codes and links. */
export function OutboxPage() {
  const { account } = useSession();
  const [channel, setChannel] = useState<Channel>('all');
  const [recipient, setRecipient] = useState('');
  const [page, setPage] = useState(1);
  const allowed =
    account?.kind === 'staff' && account.roles.some((r) => r.role === 'nationalAdmin' || r.role === 'provinceAdmin');

  const url = useCallback(() => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (channel !== 'all') query.set('channel', channel);
    if (recipient.trim() !== '') query.set('recipient', recipient.trim());
    return `/api/v1/dev/outbox?${query}`;
  }, [channel, recipient, page]);
  const { data, error, loading } = usePagedQuery<OutboxPage>(url, allowed, '加载失败');

  return (
    <StaffGate allowed={allowed} subTitle="发件箱仅限省级、全国管理员在开发环境中查看。">
      {error?.status === 404 ? (
        <Result status="404" title="发件箱不可用" subTitle="生产环境不提供发件箱，短信与邮件经真实网关发送。" />
      ) : (
        <div className="kx-page kx-staff-page">
          <div className="kx-page-head">
            <Typography.Title level={2} className="kx-page-title">
              发件箱（开发环境）
            </Typography.Title>
            <Typography.Paragraph type="secondary" className="kx-page-intro">
              开发环境中短信与邮件不会真正发出，而是记录在这里，便于查看验证码与通知内容。
            </Typography.Paragraph>
          </div>
          {data?.recipientsMasked && (
            <Alert
              type="info"
              showIcon
              className="kx-form-alert"
              title="收件人已脱敏显示（仅全国管理员可见完整号码）；按完整手机号或邮箱仍可筛选。"
              data-testid="outbox-masked"
            />
          )}
          <Space className="kx-staff-toolbar" wrap>
            <Segmented<Channel>
              value={channel}
              onChange={(v) => {
                setChannel(v);
                setPage(1);
              }}
              options={[
                { label: '全部', value: 'all' },
                { label: '短信', value: 'sms' },
                { label: '邮件', value: 'email' },
              ]}
              data-testid="outbox-channel"
            />
            <Input.Search
              allowClear
              placeholder="完整手机号或邮箱"
              onSearch={(value) => {
                setRecipient(value);
                setPage(1);
              }}
              data-testid="outbox-recipient"
              style={{ width: 260 }}
            />
          </Space>
          {error && <ProblemAlert error={error} />}
          <Table<OutboxItem>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={data?.items ?? []}
            data-testid="outbox-table"
            locale={{ emptyText: '暂无消息' }}
            scroll={{ x: 800 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showTotal: (total) => `共 ${total} 条`,
              showSizeChanger: false,
              onChange: setPage,
            }}
            columns={[
              { key: 'time', title: '时间', width: 170, render: (_, m) => formatDateTime(m.createdAt) },
              { key: 'channel', title: '渠道', width: 70, render: (_, m) => (m.channel === 'sms' ? '短信' : '邮件') },
              { key: 'recipient', title: '收件人', dataIndex: 'recipient' },
              {
                key: 'content',
                title: '内容',
                render: (_, m) => (
                  <Space direction="vertical" size={0}>
                    {m.subject && <Typography.Text strong>{m.subject}</Typography.Text>}
                    <span className="kx-outbox-body">{m.body}</span>
                  </Space>
                ),
              },
              {
                key: 'status',
                title: '状态',
                width: 90,
                render: (_, m) => (
                  <Tag color={STATUS[m.status].color} title={m.error ?? undefined}>
                    {STATUS[m.status].label}
                  </Tag>
                ),
              },
            ]}
          />
        </div>
      )}
    </StaffGate>
  );
}
