import { Alert, App, Button, Card, Empty, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import {
  announceUnread,
  fetchMessages,
  formatDateTime,
  markAllMessagesRead,
  markMessageRead,
  type MessagePage,
  type MessageView,
} from './messages';
import { useSession } from './session';
import { PageLoading, SignedOutResult } from '../common/gates';

const PAGE_SIZE = 10;
const CATEGORY_LABELS: Record<string, string> = {
  welcome: '欢迎',
  realName: '实名认证',
  agent: '代办人',
  security: '账号安全',
  enterprise: '企业信息',
};

/** 我的消息: the account's in-app messages, newest first; unread ones can be marked read one by one or all. */
export function MessagesPage() {
  const { account, csrfToken } = useSession();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MessagePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | 'all' | null>(null);

  const load = useCallback(() => {
    fetchMessages({ unread: unreadOnly, page, pageSize: PAGE_SIZE })
      .then((p) => {
        setData(p);
        setError(null);
        announceUnread(p.unread);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : '加载失败，请稍后再试'));
  }, [unreadOnly, page]);

  useEffect(() => {
    if (account) load();
  }, [account, load]);

  if (account === undefined || (account && data === null && error === null)) {
    return <PageLoading description="正在加载消息…" />;
  }
  if (account === null) {
    return <SignedOutResult subTitle="登录后可查看我的消息。" />;
  }

  const readOne = async (m: MessageView) => {
    setBusy(m.id);
    try {
      await markMessageRead(m.id, csrfToken ?? '');
      load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };
  const readAll = async () => {
    setBusy('all');
    try {
      const { marked } = await markAllMessagesRead(csrfToken ?? '');
      message.success(marked > 0 ? `已将${marked}条消息标为已读` : '没有未读消息');
      load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const unread = data?.unread ?? 0;
  return (
    <div className="kx-page kx-messages-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          我的消息
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro" data-testid="messages-unread">
          {unread > 0 ? `未读 ${unread} 条` : '没有未读消息'}
        </Typography.Paragraph>
      </div>
      <Space className="kx-messages-toolbar" wrap>
        <Segmented<'all' | 'unread'>
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
          options={[
            { label: '全部', value: 'all' },
            { label: '未读', value: 'unread' },
          ]}
          data-testid="messages-filter"
        />
        <Button onClick={readAll} loading={busy === 'all'} disabled={unread === 0} data-testid="messages-read-all">
          全部标为已读
        </Button>
      </Space>
      {error && <Alert type="error" showIcon className="kx-form-alert" title={error} />}
      {data && data.items.length === 0 && (
        <Empty description={unreadOnly ? '没有未读消息' : '暂无消息'} data-testid="messages-empty" />
      )}
      <div className="kx-messages-list" data-testid="messages-list">
        {data?.items.map((m) => (
          <Card
            key={m.id}
            size="small"
            className={m.readAt ? 'kx-message' : 'kx-message kx-message-unread'}
            data-testid={`message-${m.id}`}
            title={
              <Space wrap size={8}>
                {!m.readAt && (
                  <Tag color="red" data-testid="message-unread-tag">
                    未读
                  </Tag>
                )}
                <span className="kx-message-title">{m.title}</span>
              </Space>
            }
            extra={<Tag>{CATEGORY_LABELS[m.category] ?? m.category}</Tag>}
          >
            <Typography.Paragraph className="kx-message-body">{m.body}</Typography.Paragraph>
            <Space wrap size={12}>
              <Typography.Text type="secondary">{formatDateTime(m.createdAt)}</Typography.Text>
              {m.link && (
                <a href={m.link} data-testid="message-link">
                  前往查看
                </a>
              )}
              {!m.readAt && (
                <Button
                  size="small"
                  type="link"
                  loading={busy === m.id}
                  onClick={() => void readOne(m)}
                  data-testid="message-mark-read"
                >
                  标为已读
                </Button>
              )}
            </Space>
          </Card>
        ))}
      </div>
      {data && data.total > PAGE_SIZE && (
        <Pagination
          className="kx-messages-pagination"
          current={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          showTotal={(total) => `共 ${total} 条`}
          onChange={setPage}
        />
      )}
    </div>
  );
}
