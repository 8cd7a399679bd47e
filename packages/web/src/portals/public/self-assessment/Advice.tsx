import { type AssessmentInput, FAILURE_CODES, type SuggestionReport } from '@kexiao/rules';
import { Alert, Button, Typography } from 'antd';

interface AdviceProps {
  report: SuggestionReport;
  /** Load a suggested input into the form (without it there is no 代入试算 button). */
  onApply?: (input: AssessmentInput) => void;
}

const ROUTE_TEXT = { score: '按综合评分', fastTrack: '按直通车' } as const;

/** What no score can fix (blockers), what would make it (suggestions), or how close it is to failing (margins). */
export function Advice({ report, onApply }: AdviceProps) {
  if (report.blockers.length > 0) {
    return (
      <Alert
        type="error"
        showIcon
        className="kx-advice"
        data-testid="blockers"
        title="基本条件不满足，提高得分或满足直通车条件都无法弥补"
        description={
          <span>
            须先解决：
            {report.blockers.map((b, i) => (
              <span key={b.code} data-code={b.code}>
                {i > 0 && '；'}
                {FAILURE_CODES[b.code]}
              </span>
            ))}
          </span>
        }
      />
    );
  }
  if (!report.eligible) {
    return (
      <section className="kx-advice">
        <Typography.Title level={5}>怎样可以符合条件</Typography.Title>
        {report.suggestions.length === 0 ? (
          <Typography.Paragraph type="secondary" data-testid="suggestions-none">
            在人员、研发费用和知识产权的合理范围内未找到可行的调整。
          </Typography.Paragraph>
        ) : (
          <ul className="kx-advice-list" data-testid="suggestions">
            {report.suggestions.map((s) => (
              <li key={`${s.axis}-${s.message}`} data-axis={s.axis}>
                <div>{s.message}</div>
                <div className="kx-advice-meta">
                  <Typography.Text type="secondary">
                    调整后{s.result.route ? ROUTE_TEXT[s.result.route] : ''}符合条件，综合评价得分{s.result.score.total}
                    分
                  </Typography.Text>
                  {onApply && (
                    <Button size="small" type="link" onClick={() => onApply(s.input)}>
                      代入试算
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  return (
    <section className="kx-advice">
      <Typography.Title level={5}>离不符合条件还有多远</Typography.Title>
      <ul className="kx-advice-list" data-testid="margins">
        {report.margins.map((m) => (
          <li key={m.axis} data-axis={m.axis}>
            {m.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
