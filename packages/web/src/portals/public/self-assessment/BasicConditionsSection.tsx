import type { EnterpriseConditions } from '@kexiao/rules';
import { Card, Col, Row, Typography } from 'antd';
import { BoolSwitch } from './BoolSwitch';
import { Field } from './Field';
import { fieldLabel, ruleText } from './labels';
import { notInRuleSet } from './ruleSetText';
import type { SectionProps } from './sectionTypes';

type EnterpriseKey = keyof EnterpriseConditions;

export function BasicConditionsSection({ state, update, errors, ruleSet }: SectionProps) {
  const set = (key: EnterpriseKey) => (value: boolean) =>
    update((s) => ({ ...s, enterprise: { ...s.enterprise, [key]: value } }));
  const tax = ruleSet.taxAndAccountingConditions;
  const exclusion = ruleSet.industryExclusion;

  const item = (key: EnterpriseKey, extra: string, applies = true) => (
    <Col xs={24} sm={12} key={key}>
      <Field
        path={`enterprise.${key}`}
        label={fieldLabel(`enterprise.${key}`)}
        errors={errors}
        extra={applies ? extra : notInRuleSet(ruleSet, '2022年度')}
      >
        {(control) => (
          <BoolSwitch control={control} checked={state.enterprise[key]} onChange={set(key)} disabled={!applies} />
        )}
      </Field>
    </Col>
  );

  return (
    <Card title="基本条件" size="small" className="kx-section">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        以下条件须全部满足；任何一项不满足，提高得分或满足直通车条件都无法弥补。
      </Typography.Paragraph>
      <Row gutter={16}>
        {item('residentEnterprise', ruleText(ruleSet, 'not_resident') ?? '在中国境内注册的居民企业')}
        {item('auditCollection', '企业所得税实行查账征收；核定征收的企业不符合条件。', tax)}
        {item('rdExpenseAccounting', '会计核算健全，能够准确归集研发费用（设置研发支出辅助账）。', tax)}
        {item(
          'industryRestricted',
          exclusion
            ? '选"是"表示企业所处行业属于国家发展改革委《产业结构调整指导目录》规定的限制类、淘汰类。'
            : '选"是"表示企业提供的产品和服务属于国家规定的禁止、限制或淘汰类。',
        )}
        {item(
          'industryExcluded',
          '选"是"表示所处行业属于财税〔2015〕119号规定不适用研发费用税前加计扣除政策的行业：烟草制造业，住宿和餐饮业，批发和零售业，房地产业，租赁和商务服务业，娱乐业等。',
          exclusion,
        )}
      </Row>
    </Card>
  );
}
