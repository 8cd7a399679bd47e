import { type AssessmentInput, ruleSetForYear } from '@kexiao/rules';
import { Col, Form, Grid, Row, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { BasicConditionsSection } from './self-assessment/BasicConditionsSection';
import { ComplianceSection } from './self-assessment/ComplianceSection';
import { evaluateDraft } from './self-assessment/evaluation';
import { FastTrackSection } from './self-assessment/FastTrackSection';
import { FiguresSection } from './self-assessment/FiguresSection';
import {
  clearedFormState,
  draftInput,
  type FormState,
  formStateFrom,
  groupErrors,
  initialFormState,
} from './self-assessment/formState';
import { HistorySection } from './self-assessment/HistorySection';
import { IntellectualPropertySection } from './self-assessment/IntellectualPropertySection';
import { JsonActions } from './self-assessment/JsonActions';
import { MobileSummaryBar } from './self-assessment/MobileSummaryBar';
import { RdBasisSection } from './self-assessment/RdBasisSection';
import { ResultPanel } from './self-assessment/ResultPanel';
import type { SectionProps, UpdateForm } from './self-assessment/sectionTypes';
import { YearSection } from './self-assessment/YearSection';

/**
 * 自测: the enterprise's facts on the left, the live result on the right (below on a phone).
 * Every keystroke re-validates and re-assesses in the browser with @kexiao/rules — the same code the API runs.
 */
export function SelfAssessmentPage() {
  const [state, setState] = useState<FormState>(initialFormState);
  const update = useCallback<UpdateForm>((recipe) => setState(recipe), []);
  const draft = useMemo(() => draftInput(state), [state]);
  const outcome = useMemo(() => evaluateDraft(draft), [draft]);
  const errors = useMemo(() => groupErrors(outcome.status === 'invalid' ? outcome.errors : []), [outcome]);
  const ruleSet = ruleSetForYear(state.evaluationYear);
  const wide = Grid.useBreakpoint().lg === true;

  const applyInput = useCallback((input: AssessmentInput) => setState(formStateFrom(input)), []);
  const section: SectionProps = { state, update, errors, ruleSet };
  const alternatives =
    outcome.status === 'valid'
      ? (outcome.explanation.indicators.find((d) => d.key === 'rdInput')?.alternatives ?? [])
      : null;

  return (
    <div className="kx-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          科技型中小企业评价自测
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          填写企业上一会计年度的数据，按评价年度适用的规则即时计算是否符合条件、综合评价得分和实地核查情形。
        </Typography.Paragraph>
        <JsonActions
          draft={draft}
          valid={outcome.status === 'valid'}
          evaluationYear={state.evaluationYear}
          onRestoreExample={() => setState(initialFormState())}
          onClear={() => setState((s) => clearedFormState(s.evaluationYear))}
        />
      </div>
      <Row gutter={[{ xs: 0, lg: 24 }, 16]} align="stretch">
        <Col xs={24} lg={14} xl={15}>
          <Form layout="vertical" aria-label="自测信息表" className="kx-form">
            <YearSection {...section} />
            <BasicConditionsSection {...section} />
            <FiguresSection {...section} />
            <RdBasisSection {...section} alternatives={alternatives} />
            <IntellectualPropertySection {...section} />
            <ComplianceSection {...section} />
            <FastTrackSection {...section} />
            <HistorySection {...section} />
          </Form>
        </Col>
        <Col xs={24} lg={10} xl={9}>
          <div className={wide ? 'kx-sticky' : undefined}>
            <ResultPanel outcome={outcome} ruleSet={ruleSet} onApply={applyInput} />
          </div>
        </Col>
      </Row>
      {!wide && <MobileSummaryBar outcome={outcome} />}
    </div>
  );
}
