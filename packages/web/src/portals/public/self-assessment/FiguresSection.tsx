import { Alert, Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Field } from './Field';
import type { ErrorsByPath, FiguresText, MoneyKey } from './formState';
import { CountInput, MoneyInput } from './inputs';
import { fieldLabel } from './labels';
import { moneyEcho, moneyFen } from './money';
import type { SectionProps } from './sectionTypes';

const PART_TIME_RULE = '兼职、临时聘用人员须全年累计工作6个月以上';

const MONEY_HELP: Record<MoneyKey, string> = {
  salesRevenue: '主营业务收入与其他业务收入之和。不超过2亿元。',
  totalAssets: '上一会计年度末资产总额（资产负债表）。不超过2亿元。',
  totalCostExpense: '按上一会计年度财务报表填写；用于计算研发费用占成本费用支出总额的比例。',
  rdExpense: '按财税〔2015〕119号（研究开发费用税前加计扣除政策）规定的口径归集的上一会计年度研发费用总额。',
};

/** Figures that are legal but odd: assessed, but a reviewer will ask about them. */
function oddFigures(figures: FiguresText): string[] {
  const rd = moneyFen(figures.rdExpense);
  const cost = moneyFen(figures.totalCostExpense);
  const revenue = moneyFen(figures.salesRevenue);
  const notes: string[] = [];
  if (rd !== null && cost !== null && rd > cost) notes.push('研发费用总额大于成本费用支出总额');
  if (rd !== null && rd > 0 && revenue === 0) notes.push('销售收入为0但有研发费用');
  return notes;
}

interface FiguresFieldsProps {
  figures: FiguresText;
  errors: ErrorsByPath;
  onChange: (key: keyof FiguresText, value: string) => void;
  /** Prefix of the controls' test ids (`input-` unless given). */
  testIdPrefix?: string;
}

/** The six figures with their help texts and the amounts echoed back, without a card around them. */
export function FiguresFields({ figures, errors, onChange, testIdPrefix }: FiguresFieldsProps) {
  const set = (key: keyof FiguresText) => (value: string) => onChange(key, value);

  const moneyField = (key: MoneyKey) => {
    const path = `figures.${key}`;
    const echo = moneyEcho(figures[key]);
    const extra: ReactNode = (
      <>
        {echo && (
          <span className="kx-money-echo" data-testid={`echo-${path}`}>
            {echo}
          </span>
        )}
        {MONEY_HELP[key]}
      </>
    );
    return (
      <Col xs={24} sm={12} key={key}>
        <Field path={path} label={fieldLabel(path)} errors={errors} extra={extra} testIdPrefix={testIdPrefix}>
          {(control) => <MoneyInput control={control} value={figures[key]} onChange={set(key)} />}
        </Field>
      </Col>
    );
  };

  const odd = oddFigures(figures);
  return (
    <>
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        金额以元为单位，最多两位小数（精确到分），可直接粘贴带千分位逗号的数字。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Field
            path="figures.totalStaff"
            label={fieldLabel('figures.totalStaff')}
            errors={errors}
            testIdPrefix={testIdPrefix}
            extra={`包括在职、兼职和临时聘用人员。在职人员以签订劳动合同或缴纳社会保险为准；${PART_TIME_RULE}。不超过500人。`}
          >
            {(control) => (
              <CountInput control={control} unit="人" value={figures.totalStaff} onChange={set('totalStaff')} />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="figures.techStaff"
            label={fieldLabel('figures.techStaff')}
            errors={errors}
            testIdPrefix={testIdPrefix}
            extra={`直接从事研发和相关技术创新活动，以及专门从事上述活动管理和提供直接服务的人员，含在职、兼职和临时聘用人员；${PART_TIME_RULE}。不能超过职工总数。`}
          >
            {(control) => (
              <CountInput control={control} unit="人" value={figures.techStaff} onChange={set('techStaff')} />
            )}
          </Field>
        </Col>
        {moneyField('salesRevenue')}
        {moneyField('totalAssets')}
        {moneyField('totalCostExpense')}
        {moneyField('rdExpense')}
      </Row>
      {odd.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="odd-figures"
          title={`${odd.join('；')}。数据本身可以评价，正式填报时评价工作机构可能要求说明。`}
        />
      )}
    </>
  );
}

export function FiguresSection({ state, update, errors }: SectionProps) {
  return (
    <Card title={`上一会计年度（${state.evaluationYear - 1}年）数据`} size="small" className="kx-section">
      <FiguresFields
        figures={state.figures}
        errors={errors}
        onChange={(key, value) => update((s) => ({ ...s, figures: { ...s.figures, [key]: value } }))}
      />
    </Card>
  );
}
