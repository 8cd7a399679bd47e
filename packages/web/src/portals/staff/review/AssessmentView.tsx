import { type AssessmentResult, FAST_TRACK_LABELS, RD_BASIS_LABELS } from '@kexiao/rules';
import { Alert, Card, Descriptions, Tag, Typography } from 'antd';

interface AssessmentViewProps {
  assessment: AssessmentResult | null;
  onSiteTriggers: { code: string; label: string }[];
}

/** 自评结果 at submission: eligible or not, the route, the score per indicator, failures, on-site triggers. */
export function AssessmentView({ assessment, onSiteTriggers }: AssessmentViewProps) {
  if (!assessment) {
    return (
      <Card size="small" className="kx-section" title="自评结果">
        <Typography.Text type="secondary">无自评结果</Typography.Text>
      </Card>
    );
  }
  const { score } = assessment;
  const route = assessment.route === 'fastTrack' ? '直通车' : assessment.route === 'score' ? '综合评分' : '—';
  return (
    <Card
      size="small"
      className="kx-section"
      title="自评结果（提交时计算）"
      data-testid="review-assessment"
      extra={assessment.eligible ? <Tag color="success">符合条件</Tag> : <Tag color="error">不符合条件</Tag>}
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 3, xxl: 3 }}
        className="kx-descriptions"
        items={[
          { key: 'route', label: '评价方式', children: route },
          {
            key: 'total',
            label: '综合得分',
            children: <strong data-testid="review-score-total">{score.total}分</strong>,
          },
          { key: 'tech', label: '科技人员指标', children: `${score.techStaff}分` },
          {
            key: 'rd',
            label: '研发投入指标',
            children: `${score.rdInput}分${score.rdBasis ? `（${RD_BASIS_LABELS[score.rdBasis]}）` : ''}`,
          },
          { key: 'ip', label: '科技成果指标', children: `${score.ipResults}分` },
          {
            key: 'fast',
            label: '满足的直通车条件',
            children:
              assessment.fastTrackMet.length === 0
                ? '无'
                : assessment.fastTrackMet.map((f) => FAST_TRACK_LABELS[f] ?? f).join('；'),
          },
        ]}
      />
      {assessment.failures.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="kx-review-inline-alert"
          title="不符合的条件"
          description={
            <ul className="kx-plain-list">
              {assessment.failures.map((f) => (
                <li key={f.code}>{f.message}</li>
              ))}
            </ul>
          }
        />
      )}
      {onSiteTriggers.length > 0 && (
        <Alert
          type="info"
          showIcon
          className="kx-review-inline-alert"
          data-testid="review-on-site-triggers"
          title="符合以下实地核查情形，须组织实地核查"
          description={
            <ul className="kx-plain-list">
              {onSiteTriggers.map((t) => (
                <li key={t.code}>{t.label}</li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}
