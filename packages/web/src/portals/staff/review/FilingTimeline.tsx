import { Card, Timeline, Typography } from 'antd';
import { chinaDateTime, type TimelineEvent } from './api';

/** The reason or deadline an event carries, as a sentence. */
function detailText(e: TimelineEvent): string | null {
  const d = e.detail ?? {};
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(`原因：${d.reason}`);
  if (typeof d.reviewDueOn === 'string') parts.push(`审核期限：${d.reviewDueOn}`);
  if (typeof d.checkedOn === 'string') parts.push(`核查日期：${d.checkedOn}`);
  if (d.conclusion === 'pass' || d.conclusion === 'fail')
    parts.push(d.conclusion === 'pass' ? '核查通过' : '核查不通过');
  if (d.late === true) parts.push('超期审结');
  return parts.length > 0 ? parts.join('；') : null;
}

/** 办理记录: every event of the filing, oldest first. */
export function FilingTimeline({ events }: { events: readonly TimelineEvent[] }) {
  return (
    <Card size="small" className="kx-section" title="办理记录" data-testid="review-timeline">
      <Timeline
        items={events.map((e) => {
          const detail = detailText(e);
          return {
            key: e.id,
            content: (
              <div className="kx-review-event">
                <div>
                  <strong>{e.actionLabel}</strong>
                  {e.fromLabel && e.fromLabel !== e.toLabel && (
                    <Typography.Text type="secondary">
                      （{e.fromLabel} → {e.toLabel}）
                    </Typography.Text>
                  )}
                </div>
                <Typography.Text type="secondary">
                  {chinaDateTime(e.at)}
                  {e.actor?.name ? ` · ${e.actor.name}` : ''}
                </Typography.Text>
                {detail && <div className="kx-review-event-detail">{detail}</div>}
              </div>
            ),
          };
        })}
      />
    </Card>
  );
}
