import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useEffect, useState } from 'react';
import { fetchUnreadCount, UNREAD_CHANGED } from './messages';

/**
 * The header bell (signed in only): the unread count, fetched on page load and kept in step with the messages
 * page of this tab; links to 我的消息.
 */
export function MessagesBell({ accountId }: { accountId: number }) {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    fetchUnreadCount()
      .then((n) => live && setUnread(n))
      .catch(() => live && setUnread(null));
    const onChange = (event: Event) => setUnread((event as CustomEvent<number>).detail);
    window.addEventListener(UNREAD_CHANGED, onChange);
    return () => {
      live = false;
      window.removeEventListener(UNREAD_CHANGED, onChange);
    };
  }, [accountId]);
  const label = unread ? `我的消息（${unread}条未读）` : '我的消息';
  return (
    <a
      href="/messages"
      className="kx-messages-bell"
      aria-label={label}
      title={label}
      data-testid="header-messages"
      data-unread={unread ?? ''}
    >
      <Badge count={unread ?? 0} size="small" overflowCount={99} data-testid="header-unread">
        <BellOutlined className="kx-messages-bell-icon" aria-hidden="true" />
      </Badge>
    </a>
  );
}
