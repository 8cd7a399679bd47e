import { FileSearchOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { formatTime } from '../api';
import { type ReviewView, type VersionSummary, versionPath } from './api';
import { ReviewItemList } from './ReturnNotice';
import { problemItems } from './reviewItems';
import { OUTCOME_COLOR } from './statusTone';

interface VersionListProps {
  filingId: number;
  versions: readonly VersionSummary[];
  reviews: readonly ReviewView[];
}

/**
 * 历次提交: every submitted version, newest first — when, what became of it (a returned one with the reviewer's
 * reasons per item), and a link to the version as submitted (read-only).
 */
export function VersionList({ filingId, versions, reviews }: VersionListProps) {
  const newestFirst = [...versions].sort((a, b) => b.versionNo - a.versionNo);
  return (
    <Card size="small" title="历次提交" className="kx-section kx-filing-versions" data-testid="filing-versions">
      <ul className="kx-filing-version-list">
        {newestFirst.map((v) => {
          // The review that decided this outcome: the version's latest.
          const review =
            v.outcome.code === 'returned'
              ? reviews
                  .filter((r) => r.versionNo === v.versionNo)
                  .reduce<ReviewView | null>((a, r) => (a === null || r.reviewRound > a.reviewRound ? r : a), null)
              : null;
          const reasons = review ? problemItems(review) : [];
          return (
            <li key={v.versionNo} data-testid={`filing-version-${v.versionNo}`} data-outcome={v.outcome.code}>
              <div className="kx-filing-version-head">
                <a href={versionPath(filingId, v.versionNo)} data-testid={`filing-version-open-${v.versionNo}`}>
                  <FileSearchOutlined /> 第{v.versionNo}版
                </a>
                <Tag color={OUTCOME_COLOR[v.outcome.code]}>{v.outcome.label}</Tag>
                <Typography.Text type="secondary" className="kx-filing-version-meta">
                  提交于 {formatTime(v.submittedAt)}
                </Typography.Text>
              </div>
              {reasons.length > 0 && <ReviewItemList items={reasons} />}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
