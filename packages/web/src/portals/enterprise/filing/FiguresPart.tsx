import { RD_BASES, RD_BASIS_LABELS, type RdBasis } from '@kexiao/rules';
import { Col, Row, Select } from 'antd';
import { Field } from '../../public/self-assessment/Field';
import { FiguresFields } from '../../public/self-assessment/FiguresSection';
import { FIELD_TEST_ID, type SheetSectionProps } from './sectionTypes';

const AUTO = 'auto';

/** 上年度主要指标: the public page's figures (with their help texts), and the R&D basis. */
export function FiguresPart({ form, update, errors }: SheetSectionProps) {
  return (
    <>
      <FiguresFields
        figures={form.figures}
        errors={errors}
        testIdPrefix={FIELD_TEST_ID}
        onChange={(key, value) => update((f) => ({ ...f, figures: { ...f.figures, [key]: value } }))}
      />
      <Row gutter={16} className="kx-filing-after-alert">
        <Col xs={24} sm={12}>
          <Field
            path="rdBasis"
            label="研发投入指标口径"
            errors={errors}
            testIdPrefix={FIELD_TEST_ID}
            extra="研发费用总额占销售收入或占成本费用支出总额的比例，不选则按得分较高的口径计算。"
          >
            {(control) => (
              <Select<string>
                {...control}
                className="kx-filing-select"
                value={form.rdBasis ?? AUTO}
                onChange={(value) => update((f) => ({ ...f, rdBasis: value === AUTO ? null : (value as RdBasis) }))}
                options={[
                  { value: AUTO, label: '按得分较高者（不选）' },
                  ...RD_BASES.map((b) => ({ value: b, label: RD_BASIS_LABELS[b] })),
                ]}
              />
            )}
          </Field>
        </Col>
      </Row>
    </>
  );
}
