import { FIELD_LABELS, ruleSetForYear } from '@kexiao/rules';
import { Col, Row, Typography } from 'antd';
import { Field } from '../../public/self-assessment/Field';
import { notInRuleSet } from '../../public/self-assessment/ruleSetText';
import { FIELD_TEST_ID, type SheetSectionProps } from './sectionTypes';
import { COMPLIANCE_KEYS } from './sheetForm';
import { YesNo } from './YesNo';

/** 合规声明: each situation answered 是 or 否 for the year before and the filing year. */
export function CompliancePart({ form, update, errors, evaluationYear }: SheetSectionProps) {
  const ruleSet = ruleSetForYear(evaluationYear);
  return (
    <>
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        {`${evaluationYear - 1}年1月1日至填报之日，企业是否发生以下情形。任何一项为“是”即不符合评价条件，直通车条件也不能弥补。`}
      </Typography.Paragraph>
      <Row gutter={16}>
        {COMPLIANCE_KEYS.map((key) => {
          const path = `compliance.${key}`;
          const applies = key !== 'seriousFraud' || ruleSet.seriousFraudCounts;
          return (
            <Col xs={24} sm={12} key={key}>
              <Field
                path={path}
                label={FIELD_LABELS[path] ?? key}
                errors={errors}
                group
                testIdPrefix={FIELD_TEST_ID}
                extra={applies ? undefined : notInRuleSet(ruleSet, '2022年度')}
              >
                {(control) => (
                  <YesNo
                    control={control}
                    value={form.compliance[key]}
                    onChange={(value) => update((f) => ({ ...f, compliance: { ...f.compliance, [key]: value } }))}
                  />
                )}
              </Field>
            </Col>
          );
        })}
      </Row>
    </>
  );
}
