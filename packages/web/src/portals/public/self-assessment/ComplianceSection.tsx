import type { Compliance } from '@kexiao/rules';
import { Card, Checkbox, Typography } from 'antd';
import { fieldId } from './formState';
import { fieldLabel } from './labels';
import { notInRuleSet } from './ruleSetText';
import type { SectionProps } from './sectionTypes';

const FLAGS: readonly (keyof Compliance)[] = [
  'majorSafetyAccident',
  'majorQualityAccident',
  'seriousEnvironmentalViolation',
  'seriousResearchMisconduct',
  'seriousFraud',
  'abnormalOperationList',
  'seriousViolationList',
];

export function ComplianceSection({ state, update, ruleSet }: SectionProps) {
  const year = state.evaluationYear;
  return (
    <Card title="合规情况" size="small" className="kx-section">
      <fieldset className="kx-fieldset">
        <legend className="kx-legend">{`${year - 1}年至${year}年填报时，企业是否发生以下情形（有则勾选）`}</legend>
        <div className="kx-checkbox-list">
          {FLAGS.map((key) => {
            const applies = key !== 'seriousFraud' || ruleSet.seriousFraudCounts;
            const path = `compliance.${key}`;
            return (
              <div key={key} className="kx-checkbox-row">
                <Checkbox
                  id={fieldId(path)}
                  data-testid={`input-${path}`}
                  checked={state.compliance[key]}
                  disabled={!applies}
                  onChange={(e) => update((s) => ({ ...s, compliance: { ...s.compliance, [key]: e.target.checked } }))}
                >
                  {fieldLabel(path)}
                </Checkbox>
                {!applies && (
                  <Typography.Text type="secondary" className="kx-checkbox-note">
                    {notInRuleSet(ruleSet, '2022年度')}
                  </Typography.Text>
                )}
              </div>
            );
          })}
        </div>
        <Typography.Paragraph type="secondary" className="kx-fieldset-note">
          任何一项勾选即不符合评价条件，直通车条件也不能弥补。
        </Typography.Paragraph>
      </fieldset>
    </Card>
  );
}
