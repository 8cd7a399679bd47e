import { Tooltip, Typography } from 'antd';

interface DeadlineProps {
  reviewDueOn: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  provisional: boolean;
  testId?: string;
}

/** The review deadline and the working days left: 剩余N个工作日 / 今日到期 / 已超期N个工作日 (red). */
export function DeadlineText({ reviewDueOn, workingDaysLeft, overdue, provisional, testId }: DeadlineProps) {
  if (reviewDueOn === null) return <span data-testid={testId}>—</span>;
  let left: React.ReactNode = null;
  if (workingDaysLeft !== null) {
    if (overdue || workingDaysLeft < 0) {
      left = (
        <Typography.Text type="danger" strong className="kx-review-overdue-text">
          已超期{Math.abs(workingDaysLeft)}个工作日
        </Typography.Text>
      );
    } else if (workingDaysLeft === 0) {
      left = (
        <Typography.Text type="warning" strong>
          今日到期
        </Typography.Text>
      );
    } else {
      left = (
        <Typography.Text type={workingDaysLeft <= 1 ? 'warning' : 'secondary'}>
          剩余{workingDaysLeft}个工作日
        </Typography.Text>
      );
    }
  }
  return (
    <span className="kx-review-deadline" data-testid={testId} data-overdue={overdue ? 'true' : undefined}>
      <span>{reviewDueOn}</span>
      {left}
      {provisional && (
        <Tooltip title="该年度的节假日安排尚未公布，暂按周末计算工作日">
          <Typography.Text type="secondary" className="kx-review-provisional">
            （暂按周末计算）
          </Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}
