import type { IndicatorDetail, RdBasis } from '@kexiao/rules';
import { Card, Radio, Space } from 'antd';
import { Field } from './Field';
import type { RdBasisChoice } from './formState';
import type { SectionProps } from './sectionTypes';

interface RdBasisSectionProps extends SectionProps {
  /** The R&D indicator on each defined basis (from explain), or null while the input is invalid. */
  alternatives: readonly IndicatorDetail[] | null;
}

const BASIS_TEXT: Record<RdBasis, string> = {
  salesRevenue: '研发费用占销售收入比例',
  costExpense: '研发费用占成本费用支出总额比例',
};

export function RdBasisSection({ state, update, errors, alternatives }: RdBasisSectionProps) {
  const scoreOf = (basis: RdBasis): string => {
    if (alternatives === null) return '';
    const detail = alternatives.find((d) => d.basis === basis);
    return detail ? `（${detail.ratioText ?? '—'}，${detail.points}分）` : '（分母为0，不可选）';
  };
  return (
    <Card title="研发投入指标口径" size="small" className="kx-section">
      <Field
        path="rdBasis"
        label="计算口径"
        errors={errors}
        group
        extra="研发投入指标（50分）由企业在两个比例中选择一项：占销售收入比例≥6%得50分，≥5%得40分，≥4%得30分，≥3%得20分，≥2%得10分；占成本费用支出总额比例≥30%得50分，≥25%得40分，≥20%得30分，≥15%得20分，≥10%得10分。"
      >
        {(control) => (
          <Radio.Group
            {...control}
            role="radiogroup"
            value={state.rdBasis}
            onChange={(e) => update((s) => ({ ...s, rdBasis: e.target.value as RdBasisChoice }))}
          >
            <Space orientation="vertical" size={4}>
              <Radio value="auto" data-testid="rdBasis-auto">
                自动（取得分较高的口径）
              </Radio>
              <Radio value="salesRevenue" data-testid="rdBasis-salesRevenue">
                {BASIS_TEXT.salesRevenue}
                {scoreOf('salesRevenue')}
              </Radio>
              <Radio value="costExpense" data-testid="rdBasis-costExpense">
                {BASIS_TEXT.costExpense}
                {scoreOf('costExpense')}
              </Radio>
            </Space>
          </Radio.Group>
        )}
      </Field>
    </Card>
  );
}
