import { type EnterpriseConditions, FIELD_LABELS, ruleSetForYear } from '@kexiao/rules';
import { Col, Row, Typography } from 'antd';
import { Field } from '../../public/self-assessment/Field';
import { notInRuleSet } from '../../public/self-assessment/ruleSetText';
import { FIELD_TEST_ID, type SheetSectionProps } from './sectionTypes';
import { ENTERPRISE_KEYS } from './sheetForm';
import { YesNo } from './YesNo';

type Key = keyof EnterpriseConditions;

const HELP: Readonly<Record<Key, string>> = {
  residentEnterprise: '在中国境内（不含港、澳、台地区）注册的居民企业。',
  auditCollection: '企业所得税实行查账征收；核定征收的企业不符合条件。',
  rdExpenseAccounting: '会计核算健全，能够准确归集研发费用（设置研发支出辅助账）。',
  industryRestricted:
    '选"是"表示企业所处行业属于国家发展改革委《产业结构调整指导目录》规定的限制类、淘汰类，或产品和服务属于国家规定的禁止、限制和淘汰类。',
  industryExcluded:
    '选"是"表示所处行业属于财税〔2015〕119号规定不适用研发费用税前加计扣除政策的行业：烟草制造业，住宿和餐饮业，批发和零售业，房地产业，租赁和商务服务业，娱乐业等。',
};

/** 基本条件声明: each answered 是 or 否 (nothing pre-filled). */
export function ConditionsSection({ form, update, errors, evaluationYear }: SheetSectionProps) {
  const ruleSet = ruleSetForYear(evaluationYear);
  const applies = (key: Key) =>
    key === 'auditCollection' || key === 'rdExpenseAccounting'
      ? ruleSet.taxAndAccountingConditions
      : key === 'industryExcluded'
        ? ruleSet.industryExclusion
        : true;
  return (
    <>
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        以下条件须全部满足；任何一项不满足，提高得分或满足直通车条件都无法弥补。
      </Typography.Paragraph>
      <Row gutter={16}>
        {ENTERPRISE_KEYS.map((key) => {
          const path = `enterprise.${key}`;
          return (
            <Col xs={24} sm={12} key={key}>
              <Field
                path={path}
                label={FIELD_LABELS[path] ?? key}
                errors={errors}
                group
                testIdPrefix={FIELD_TEST_ID}
                extra={applies(key) ? HELP[key] : notInRuleSet(ruleSet, '2022年度')}
              >
                {(control) => (
                  <YesNo
                    control={control}
                    value={form.enterprise[key]}
                    onChange={(value) => update((f) => ({ ...f, enterprise: { ...f.enterprise, [key]: value } }))}
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
