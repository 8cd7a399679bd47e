import { CheckCircleOutlined, CloudSyncOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { formatTime } from '../api';
import { chinaClock } from './api';
import type { SaveStatus } from './useAutosave';

/** 「已自动保存 HH:mm:ss」/「保存中…」/「保存失败，重试中」 and the rest, announced politely. */
export function SaveStatusText({ status }: { status: SaveStatus }) {
  let icon = null;
  let text: string;
  let tone = 'kx-save-muted';
  switch (status.state) {
    case 'idle':
      text = status.savedAt ? `上次保存 ${formatTime(status.savedAt)}` : '修改将自动保存';
      break;
    case 'pending':
      icon = <CloudSyncOutlined />;
      text = '有未保存的修改';
      break;
    case 'saving':
      icon = <LoadingOutlined />;
      text = '保存中…';
      break;
    case 'saved':
      icon = <CheckCircleOutlined />;
      text = `已自动保存 ${chinaClock(status.savedAt)}`;
      tone = 'kx-save-ok';
      break;
    case 'retrying':
      icon = <ExclamationCircleOutlined />;
      text = '保存失败，重试中';
      tone = 'kx-save-bad';
      break;
    case 'stale':
      icon = <ExclamationCircleOutlined />;
      text = '未保存：信息表已在其他窗口或设备上修改';
      tone = 'kx-save-bad';
      break;
    case 'failed':
      icon = <ExclamationCircleOutlined />;
      text = `保存失败：${status.message}`;
      tone = 'kx-save-bad';
      break;
  }
  return (
    <span
      className={`kx-save-status ${tone}`}
      role="status"
      aria-live="polite"
      data-testid="filing-save-status"
      data-state={status.state}
    >
      {icon} {text}
    </span>
  );
}
