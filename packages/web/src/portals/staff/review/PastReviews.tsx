import { Card, Descriptions, Empty, Tag, Typography } from 'antd';
import { chinaDateTime, type PastReview, REVIEW_ITEM_KEYS, REVIEW_ITEMS } from './api';

const DECISION_COLORS = { pass: 'success', return: 'orange', reject: 'error' } as const;

/** 历次审核: every review sheet of this filing, newest first. */
export function PastReviews({ reviews }: { reviews: readonly PastReview[] }) {
  const sorted = [...reviews].sort((a, b) => b.reviewRound - a.reviewRound || b.id - a.id);
  return (
    <Card size="small" className="kx-section" title="历次审核结论" data-testid="review-history">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无审核结论" />
      ) : (
        sorted.map((r) => (
          <div key={r.id} className="kx-review-past" data-testid={`review-past-${r.id}`}>
            <div className="kx-review-past-head">
              <Tag color={DECISION_COLORS[r.decision]}>{r.decisionLabel}</Tag>
              <span>
                第{r.reviewRound}轮审核 · 第{r.versionNo}次提交 · {r.reviewer.name ?? '—'}（{r.agency.name ?? '—'}） ·{' '}
                {chinaDateTime(r.decidedAt)}
              </span>
              {r.late && <Tag color="red">超期审结</Tag>}
            </div>
            <Descriptions
              size="small"
              column={1}
              bordered
              className="kx-descriptions"
              items={[
                ...REVIEW_ITEM_KEYS.map((k) => {
                  const item = r.items[k];
                  return {
                    key: k,
                    label: REVIEW_ITEMS[k],
                    children: !item ? (
                      '—'
                    ) : item.ok ? (
                      '是'
                    ) : (
                      <Typography.Text type="danger">否{item.reason ? `：${item.reason}` : ''}</Typography.Text>
                    ),
                  };
                }),
                ...(r.unmetConditions.length > 0
                  ? [
                      {
                        key: 'unmet',
                        label: '不符合的基本条件',
                        children: r.unmetConditions.map((c) => c.label).join('；'),
                      },
                    ]
                  : []),
                ...(r.comment ? [{ key: 'comment', label: '审核意见', children: r.comment }] : []),
              ]}
            />
          </div>
        ))
      )}
    </Card>
  );
}
