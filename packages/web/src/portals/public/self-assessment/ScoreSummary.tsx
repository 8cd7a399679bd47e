import type { AssessmentResult } from '@kexiao/rules';
import { Progress, Typography } from 'antd';

/** Total /100 with the 60-point pass line marked on the bar. */
export function ScoreSummary({ result }: { result: AssessmentResult }) {
  const { total, techStaff } = result.score;
  const passes = total >= 60;
  const note = !passes
    ? `低于60分的及格线，还差${60 - total}分；满足直通车条件的不受得分限制`
    : techStaff === 0
      ? '达到60分，但科技人员指标得分为0分，不能按综合评分符合条件'
      : '达到60分的及格线，且科技人员指标得分不为0分';
  return (
    <div className="kx-score">
      <div className="kx-score-head">
        <Typography.Text>综合评价得分</Typography.Text>
        <span className="kx-score-number">
          <span data-testid="score-total">{total}</span>
          <span className="kx-score-max"> / 100分</span>
        </span>
      </div>
      <div className="kx-score-bar">
        <Progress
          percent={total}
          showInfo={false}
          strokeColor={passes && techStaff > 0 ? '#389e0d' : '#d46b08'}
          aria-label={`综合评价得分${total}分，满分100分，60分及格`}
        />
        <div className="kx-score-line" style={{ left: '60%' }} aria-hidden="true">
          <span>60</span>
        </div>
      </div>
      <Typography.Text type="secondary" className="kx-score-note">
        {note}
      </Typography.Text>
    </div>
  );
}
