/** 我的消息 over the API, and the window event that keeps the header bell in step with the messages page. */
import { api } from './api';

export interface MessageView {
  id: number;
  category: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface MessagePage {
  items: MessageView[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

/** Fired with the new unread count (CustomEvent<number>) whenever this tab changes it. */
export const UNREAD_CHANGED = 'kx:unread-changed';

export function announceUnread(unread: number): void {
  window.dispatchEvent(new CustomEvent<number>(UNREAD_CHANGED, { detail: unread }));
}

export const fetchUnreadCount = () =>
  api<{ unread: number }>('GET', '/api/v1/messages/unread-count').then((r) => r.unread);

export const fetchMessages = (query: { unread: boolean; page: number; pageSize: number }) =>
  api<MessagePage>(
    'GET',
    `/api/v1/messages?${new URLSearchParams({
      unread: String(query.unread),
      page: String(query.page),
      pageSize: String(query.pageSize),
    })}`,
  );

export const markMessageRead = (id: number, csrfToken: string) =>
  api<MessageView>('POST', `/api/v1/messages/${id}/read`, undefined, csrfToken);

export const markAllMessagesRead = (csrfToken: string) =>
  api<{ marked: number; unread: number }>('POST', '/api/v1/messages/read-all', undefined, csrfToken);

/** Local date and time in Chinese style, '—' for none. */
export function formatDateTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—';
}
