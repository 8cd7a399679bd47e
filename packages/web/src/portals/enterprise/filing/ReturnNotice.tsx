import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { FAILURE_CODES } from '@kexiao/rules';
import { Alert, Typography } from 'antd';
import { formatTime } from '../api';
import type { ReviewView } from './api';
import { type ReviewItem, reviewItems } from './reviewItems';

/** The reviewer's items as a list: met ✓ / not met ✗ with the reason. */
export function ReviewItemList({ items }: { items: readonly ReviewItem[] }) {
  return (
    <ul className="kx-filing-review-items">
      {items.map((item) => (
        <li key={item.key} data-item={item.key} data-ok={item.ok === null ? 'unknown' : String(item.ok)}>
          {item.ok === false ? (
            <CloseCircleFilled className="kx-review-bad" aria-label="不符合" />
          ) : item.ok === true ? (
            <CheckCircleFilled className="kx-review-ok" aria-label="符合" />
          ) : null}{' '}
          <strong>{item.label}</strong>
          {item.reason && <div className="kx-filing-review-reason">{item.reason}</div>}
        </li>
      ))}
    </ul>
  );
}

/** A review as the enterprise reads it: the four items with the reasons, the unmet conditions and the comment. */
export function ReviewDetails({ review }: { review: ReviewView }) {
  const items = reviewItems(review);
  const unmet = Array.isArray(review.unmetConditions)
    ? review.unmetConditions.filter((c): c is string => typeof c === 'string')
    : [];
  return (
    <>
      {items.length > 0 && <ReviewItemList items={items} />}
      {unmet.length > 0 && (
        <Typography.Paragraph className="kx-filing-review-extra">
          未满足的条件：{unmet.map((c) => (FAILURE_CODES as Record<string, string>)[c] ?? c).join('；')}
        </Typography.Paragraph>
      )}
      {review.comment && (
        <Typography.Paragraph className="kx-filing-review-extra">审核意见：{review.comment}</Typography.Paragraph>
      )}
    </>
  );
}

/** At the top of a returned filing: the latest review's four items, the unmet conditions and the comment. */
export function ReturnNotice({ review }: { review: ReviewView }) {
  return (
    <Alert
      type="error"
      showIcon
      className="kx-filing-return"
      data-testid="filing-return-reasons"
      title={`${review.agencyName}于${formatTime(review.decidedAt)}退回补正（第${review.reviewRound}轮审核），请按以下意见修改后重新提交`}
      description={<ReviewDetails review={review} />}
    />
  );
}
