import {
  INFO_SHEET_FIELD_LABELS,
  MAIN_PRODUCTS_MAX,
  TECH_FIELD_LABELS,
  TECH_FIELDS,
  type TechField,
} from '@kexiao/rules';
import { Col, Input, Row, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Field } from '../../public/self-assessment/Field';
import { type BasicKey, type SheetForm } from './sheetForm';
import { FIELD_TEST_ID, type SheetSectionProps } from './sectionTypes';

type TextKey = Exclude<BasicKey, 'techField'>;

const label = (key: BasicKey) => INFO_SHEET_FIELD_LABELS[`basic.${key}`] ?? key;

interface BasicInfoSectionProps extends SheetSectionProps {
  /** The registered region's name (注册地), shown instead of its code. */
  regionName: string | null;
}

/** 企业基本信息: pre-filled from the registration; the name, USCC and region are the registered ones. */
export function BasicInfoSection({ form, update, errors, regionName }: BasicInfoSectionProps) {
  const basic = form.basic;
  const set = (key: TextKey) => (value: string) =>
    update((f): SheetForm => ({ ...f, basic: { ...f.basic, [key]: value } }));

  const field = (key: BasicKey, control: Parameters<typeof Field>[0]['children'], extra?: ReactNode, wide = false) => (
    <Col xs={24} sm={wide ? 24 : 12} key={key}>
      <Field path={`basic.${key}`} label={label(key)} errors={errors} extra={extra} testIdPrefix={FIELD_TEST_ID}>
        {control}
      </Field>
    </Col>
  );
  const text = (key: TextKey, options: { extra?: ReactNode; placeholder?: string; inputMode?: 'tel' | 'email' } = {}) =>
    field(
      key,
      (control) => (
        <Input
          {...control}
          value={basic[key]}
          placeholder={options.placeholder}
          inputMode={options.inputMode}
          autoComplete="off"
          onChange={(e) => set(key)(e.target.value)}
        />
      ),
      options.extra,
    );
  const registered = (key: TextKey, shown: string) =>
    field(
      key,
      (control) => <Input {...control} value={shown} readOnly disabled className="kx-filing-readonly" />,
      '按注册信息填写，不能在此修改',
    );

  return (
    <>
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        已按注册信息预填，请核对并补充。企业名称、统一社会信用代码和注册地以注册（实名核验）信息为准；如有变更，请先变更注册信息。
      </Typography.Paragraph>
      <Row gutter={16}>
        {registered('name', basic.name)}
        {registered('uscc', basic.uscc)}
        {registered('regionCode', regionName ?? basic.regionCode)}
        {text('legalRepName')}
        {text('address', { placeholder: '省、市、区县及街道门牌' })}
        {field(
          'establishedOn',
          (control) => (
            <Input
              {...control}
              type="date"
              value={basic.establishedOn}
              onChange={(e) => set('establishedOn')(e.target.value)}
            />
          ),
          '以营业执照为准',
        )}
        {text('registeredCapital', { placeholder: '如 500 或 1200.5', extra: '单位：万元，最多四位小数' })}
        {text('industry', { placeholder: '如 软件和信息技术服务业', extra: '国民经济行业分类门类或大类名称' })}
        {field(
          'techField',
          (control) => (
            <Select<TechField>
              {...control}
              className="kx-filing-select"
              virtual={false}
              placeholder="请选择"
              value={basic.techField ?? undefined}
              onChange={(value) => update((f) => ({ ...f, basic: { ...f.basic, techField: value } }))}
              options={TECH_FIELDS.map((t) => ({ value: t, label: TECH_FIELD_LABELS[t] }))}
            />
          ),
          '《国家重点支持的高新技术领域》',
        )}
        {field(
          'mainProducts',
          (control) => (
            <Input.TextArea
              {...control}
              value={basic.mainProducts}
              maxLength={MAIN_PRODUCTS_MAX}
              showCount
              autoSize={{ minRows: 2, maxRows: 6 }}
              onChange={(e) => set('mainProducts')(e.target.value)}
            />
          ),
          '知识产权须与主要产品（服务）相关方计入评价',
          true,
        )}
        {text('contactName')}
        {text('contactPhone', { inputMode: 'tel', placeholder: '11位手机号码' })}
        {text('contactEmail', { inputMode: 'email', placeholder: 'name@example.com' })}
      </Row>
    </>
  );
}
