import type { AssessmentInput, RuleSet } from '@kexiao/rules';
import { Card, Divider, Tag } from 'antd';
import { Advice } from './Advice';
import type { Outcome } from './evaluation';
import { FailureList } from './FailureList';
import { Findings } from './Findings';
import { isMissingError } from './formState';
import { IndicatorBreakdown } from './IndicatorBreakdown';
import { InvalidNotice } from './InvalidNotice';
import { ruleSetLabel } from './ruleSetText';
import { ScoreSummary } from './ScoreSummary';
import { Verdict } from './Verdict';

type ValidOutcome = Extract<Outcome, { status: 'valid' }>;

interface ResultPanelProps {
  outcome: Outcome;
  ruleSet: RuleSet;
  /** Load a suggested input into the form; without it the suggestions are shown without 代入试算. */
  onApply?: (input: AssessmentInput) => void;
  /** Bring a field into view (default: scroll to the element of its id and focus it). */
  onFocusField?: (path: string) => void;
}

/** The live result: verdict, score, indicators, findings and advice — or the errors, never a stale result. */
export function ResultPanel({ outcome, ruleSet, onApply, onFocusField }: ResultPanelProps) {
  return (
    <Card
      id="result"
      title="自测结果"
      size="small"
      className="kx-result"
      data-testid="result-panel"
      extra={
        <span className="kx-result-rules">
          {ruleSetLabel(ruleSet)}
          {ruleSet.provisional && (
            <Tag color="orange" className="kx-inline-tag">
              暂定
            </Tag>
          )}
        </span>
      }
    >
      {outcome.status === 'invalid' ? (
        <>
          <Verdict result={null} errorCount={outcome.errors.length} incomplete={outcome.errors.every(isMissingError)} />
          <InvalidNotice errors={outcome.errors} onFocus={onFocusField} />
        </>
      ) : (
        <ValidResult outcome={outcome} ruleSet={ruleSet} onApply={onApply} />
      )}
    </Card>
  );
}

/**
 * A current result. Not eligible: what fails and what would fix it come first. Eligible: the breakdown,
 * then how close it is to failing.
 */
function ValidResult({
  outcome,
  ruleSet,
  onApply,
}: { outcome: ValidOutcome } & Omit<ResultPanelProps, 'outcome' | 'onFocusField'>) {
  const { result, indicators } = outcome.explanation;
  const advice = <Advice report={outcome.report} onApply={onApply} />;
  return (
    <>
      <Verdict result={result} errorCount={0} incomplete={false} />
      {!result.eligible && (
        <>
          <FailureList failures={result.failures} />
          {advice}
          <Divider className="kx-divider" />
        </>
      )}
      <ScoreSummary result={result} />
      <Divider className="kx-divider" />
      <IndicatorBreakdown indicators={indicators} basisChosen={outcome.input.rdBasis !== undefined} />
      <Divider className="kx-divider" />
      <Findings result={result} ruleSet={ruleSet} historyKnown={outcome.input.history !== undefined} />
      {result.eligible && (
        <>
          <Divider className="kx-divider" />
          {advice}
        </>
      )}
    </>
  );
}
