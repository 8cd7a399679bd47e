import { MAX_EVALUATION_YEAR, MIN_EVALUATION_YEAR } from '@kexiao/rules';
import { Card, Form, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { fieldId } from './formState';
import { ruleSetLabel } from './ruleSetText';
import type { SectionProps } from './sectionTypes';

/** The years offered in the select: from the first rule set to the year after next. */
const OFFERED_YEARS: readonly number[] = Array.from({ length: 2027 - MIN_EVALUATION_YEAR + 1 }, (_, i) => 2027 - i);

export function YearSection({ state, update, ruleSet }: SectionProps) {
  const year = state.evaluationYear;
  const years = OFFERED_YEARS.includes(year) ? OFFERED_YEARS : [year, ...OFFERED_YEARS];
  const id = fieldId('evaluationYear');
  return (
    <Card title="评价年度" size="small" className="kx-section">
      <Form.Item
        label="评价年度"
        htmlFor={id}
        extra={`填报${year - 1}年（上一会计年度）的数据；评价年度可选${MIN_EVALUATION_YEAR}–${MAX_EVALUATION_YEAR}年，此处列出常用年度。`}
      >
        <Select
          id={id}
          data-testid="input-evaluationYear"
          value={year}
          options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          onChange={(value: number) => update((s) => ({ ...s, evaluationYear: value }))}
          style={{ maxWidth: 200 }}
        />
      </Form.Item>
      <Space wrap size={[8, 4]} data-testid="rule-set">
        <Typography.Text>
          适用规则：<Typography.Text strong>{ruleSetLabel(ruleSet)}</Typography.Text>
        </Typography.Text>
        {ruleSet.provisional && (
          <Tooltip title="该年度规则目前仅见于二手资料，待官方文件确认后更新">
            <Tag color="orange" data-testid="rule-set-provisional">
              暂定
            </Tag>
          </Tooltip>
        )}
      </Space>
      <Typography.Paragraph type="secondary" className="kx-rule-title">
        {ruleSet.title}
      </Typography.Paragraph>
    </Card>
  );
}
