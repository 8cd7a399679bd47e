import { Card, Col, Row, Typography } from 'antd';
import { Field } from './Field';
import { CountInput } from './inputs';
import { fieldLabel } from './labels';
import type { SectionProps } from './sectionTypes';

type IpKey = 'classI' | 'classII';

export function IntellectualPropertySection({ state, update, errors }: SectionProps) {
  const set = (key: IpKey) => (value: string) =>
    update((s) => ({ ...s, intellectualProperty: { ...s.intellectualProperty, [key]: value } }));
  return (
    <Card title="知识产权（科技成果指标，30分）" size="small" className="kx-section">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        只计入企业拥有的、在有效期内、与主要产品（服务）相关、且无权属争议的知识产权。商标不计入。拥有1项及以上Ⅰ类得30分；否则Ⅱ类4项及以上得24分，3项18分，2项12分，1项6分，没有得0分。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Field
            path="intellectualProperty.classI"
            label={fieldLabel('intellectualProperty.classI')}
            errors={errors}
            extra="发明专利（含国防专利）、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权。"
          >
            {(control) => (
              <CountInput
                control={control}
                unit="项"
                value={state.intellectualProperty.classI}
                onChange={set('classI')}
              />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="intellectualProperty.classII"
            label={fieldLabel('intellectualProperty.classII')}
            errors={errors}
            extra="实用新型专利、外观设计专利、软件著作权。"
          >
            {(control) => (
              <CountInput
                control={control}
                unit="项"
                value={state.intellectualProperty.classII}
                onChange={set('classII')}
              />
            )}
          </Field>
        </Col>
      </Row>
    </Card>
  );
}
