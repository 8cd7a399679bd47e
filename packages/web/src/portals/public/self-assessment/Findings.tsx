import { type AssessmentResult, FAST_TRACK_LABELS, ON_SITE_LABELS, type RuleSet } from '@kexiao/rules';
import { Typography } from 'antd';
import { ruleSetLabel } from './ruleSetText';

interface FindingsProps {
  result: AssessmentResult;
  ruleSet: RuleSet;
  /** Whether the input carried the enterprise's history (the history triggers are judged only then). */
  historyKnown: boolean;
}

const HISTORY_TRIGGERS = ['revokedOrViolationWithin3Years', 'firstTime'] as const;

/** Fast-track items met and on-site triggers, in plain words. */
export function Findings({ result, ruleSet, historyKnown }: FindingsProps) {
  const historyTriggers = HISTORY_TRIGGERS.filter((t) => ruleSet.onSiteTriggers.includes(t));
  return (
    <div className="kx-findings">
      {result.fastTrackMet.length > 0 && (
        <section className="kx-finding">
          <Typography.Title level={5}>已满足的直通车条件</Typography.Title>
          <ul data-testid="fast-track-met">
            {result.fastTrackMet.map((item) => (
              <li key={item} data-code={item}>
                {FAST_TRACK_LABELS[item]}
              </li>
            ))}
          </ul>
          {result.route !== 'fastTrack' && (
            <Typography.Text type="secondary">直通车只替代得分条件，基本条件仍须全部满足。</Typography.Text>
          )}
        </section>
      )}

      <section className="kx-finding">
        <Typography.Title level={5}>实地核查情形</Typography.Title>
        {ruleSet.onSiteTriggers.length === 0 ? (
          <Typography.Paragraph type="secondary" data-testid="on-site-none">
            {ruleSetLabel(ruleSet)}规则未规定公示前实地核查情形。
          </Typography.Paragraph>
        ) : result.onSiteCheck.length === 0 ? (
          <Typography.Paragraph type="secondary" data-testid="on-site-none">
            未触发实地核查情形。
          </Typography.Paragraph>
        ) : (
          <ul data-testid="on-site">
            {result.onSiteCheck.map((trigger) => (
              <li key={trigger} data-code={trigger}>
                {ON_SITE_LABELS[trigger]}
              </li>
            ))}
          </ul>
        )}
        {ruleSet.onSiteTriggers.length > 0 && (
          <Typography.Paragraph type="secondary" className="kx-finding-note">
            属于上述情形的，评价工作机构须在公示前开展实地核查；这不影响是否符合条件。
            {!historyKnown && historyTriggers.length > 0 && (
              <>未填写参评历史，“{historyTriggers.map((t) => ON_SITE_LABELS[t]).join('”“')}”未作判断。</>
            )}
          </Typography.Paragraph>
        )}
      </section>
    </div>
  );
}
