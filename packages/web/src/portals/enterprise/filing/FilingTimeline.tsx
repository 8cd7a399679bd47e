import { Button, Card, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { formatTime } from '../api';
import { type TimelineEntry, versionPath } from './api';

const SHOWN = 3;

/** A submission's link to the version it created (the event's detail names it); nothing for other entries. */
function VersionLink({ filingId, entry }: { filingId: number; entry: TimelineEntry }) {
  const no = entry.action === 'submit' ? (entry.detail as { versionNo?: unknown } | null)?.versionNo : null;
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 1) return null;
  return (
    <a href={versionPath(filingId, no)} data-testid={`filing-timeline-version-${no}`}>
      查看第{no}版
    </a>
  );
}

/**
 * 办理记录: every step of the filing, newest first (the latest three until asked for all); each submission links to
 * the version it created.
 */
export function FilingTimeline({ filingId, entries }: { filingId: number; entries: readonly TimelineEntry[] }) {
  const [all, setAll] = useState(false);
  const newestFirst = [...entries].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, SHOWN);
  return (
    <Card
      size="small"
      title="办理记录"
      className="kx-section kx-filing-timeline"
      data-testid="filing-timeline"
      extra={
        entries.length > SHOWN ? (
          <Button type="link" size="small" onClick={() => setAll((a) => !a)}>
            {all ? '收起' : `查看全部（${entries.length}条）`}
          </Button>
        ) : undefined
      }
    >
      {entries.length === 0 ? (
        <Typography.Text type="secondary">暂无记录</Typography.Text>
      ) : (
        <Timeline
          items={shown.map((e) => ({
            key: e.id,
            color:
              e.toStatus === 'returned' || e.toStatus === 'rejected'
                ? 'red'
                : e.toStatus === 'passed'
                  ? 'green'
                  : 'blue',
            content: (
              <div data-action={e.action} className="kx-filing-timeline-item">
                <span>
                  <strong>{e.label}</strong>
                  <Typography.Text type="secondary">（{e.statusLabel}）</Typography.Text>
                </span>
                <VersionLink filingId={filingId} entry={e} />
                <Typography.Text type="secondary" className="kx-filing-timeline-meta">
                  {formatTime(e.at)}
                  {e.actor ? ` · ${e.actor}` : ''}
                  {e.onBehalfOf ? '（代办人代为办理）' : ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
