import { Alert, Button, Divider, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { UNIT_TYPE_LABELS, type UnitType } from './api';
import {
  AgreementField,
  CheckedField,
  digitsOnly,
  idNumberRule,
  loginNameRule,
  mobileRule,
  PasswordFields,
  personNameRule,
  RegionCascader,
  required,
  SmsCodeField,
  upper,
  usccRule,
  ValidToField,
} from './fields';
import { type RegistrationOutcome, submitRegistration } from './registration';
import { useSession } from './session';

const FORM = 'legal';
const FIELDS = [
  'loginName',
  'password',
  'unitName',
  'unitType',
  'uscc',
  'regionCode',
  'legalRepName',
  'legalRepIdNumber',
  'legalRepIdValidTo',
  'agentName',
  'agentIdNumber',
  'agentIdValidTo',
  'agentPhone',
  'smsCode',
  'agreement',
] as const;

type LegalValues = Record<Exclude<(typeof FIELDS)[number], 'regionCode' | 'agreement'>, string> & {
  regionCode: string[];
  agreement: boolean;
};

/** 法人注册, by the unit's main agent (主代办人); the SMS code goes to the agent's phone. */
export function LegalPersonForm({ onDone }: { onDone: (outcome: RegistrationOutcome) => void }) {
  const [form] = Form.useForm<LegalValues>();
  const { setSession } = useSession();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: LegalValues) => {
    setSubmitting(true);
    setError(null);
    const body: Record<string, unknown> = Object.fromEntries(FIELDS.map((f) => [f, values[f]]));
    body.regionCode = values.regionCode[values.regionCode.length - 1] ?? '';
    const outcome = await submitRegistration(form, '/api/v1/accounts/legal-persons', body, FIELDS, setSession);
    setSubmitting(false);
    if ('error' in outcome) setError(outcome.error);
    else onDone(outcome);
  };

  return (
    <Form
      form={form}
      name={FORM}
      layout="vertical"
      onFinish={submit}
      scrollToFirstError
      aria-label="法人注册"
      className="kx-account-form"
    >
      <Divider titlePlacement="start" className="kx-form-divider">
        账号信息
      </Divider>
      <CheckedField
        form={form}
        formName={FORM}
        name="loginName"
        label="登录名"
        rules={[loginNameRule]}
        placeholder="4–32位字母、数字或下划线"
      />
      <PasswordFields form={form} formName={FORM} contextFields={['loginName', 'agentPhone', 'uscc']} />
      <Divider titlePlacement="start" className="kx-form-divider">
        单位信息
      </Divider>
      <CheckedField
        form={form}
        formName={FORM}
        name="unitName"
        label="单位名称"
        rules={[required('请填写单位名称'), { min: 2, max: 100, message: '长度应为2–100个字符' }]}
        placeholder="与营业执照一致"
      />
      <Form.Item name="unitType" label="单位类型" rules={[required('请选择单位类型')]}>
        <Select
          data-testid={`${FORM}-unitType`}
          placeholder="请选择"
          options={(Object.keys(UNIT_TYPE_LABELS) as UnitType[]).map((value) => ({
            value,
            label: UNIT_TYPE_LABELS[value],
          }))}
        />
      </Form.Item>
      <CheckedField
        form={form}
        formName={FORM}
        name="uscc"
        label="统一社会信用代码"
        rules={[usccRule]}
        normalize={upper}
        maxLength={18}
        placeholder="18位，字母自动转为大写"
      />
      <Form.Item
        name="regionCode"
        label="注册地"
        rules={[required('请选择注册地所在区县')]}
        extra="决定由哪个评价工作机构审核"
      >
        <RegionCascader testId={`${FORM}-regionCode`} />
      </Form.Item>
      <Divider titlePlacement="start" className="kx-form-divider">
        法定代表人
      </Divider>
      <Form.Item name="legalRepName" label="法定代表人姓名" required rules={[personNameRule('法定代表人姓名')]}>
        <Input data-testid={`${FORM}-legalRepName`} />
      </Form.Item>
      <Form.Item
        name="legalRepIdNumber"
        label="法定代表人身份证号码"
        required
        normalize={upper}
        rules={[idNumberRule('法定代表人身份证号码')]}
      >
        <Input maxLength={18} autoComplete="off" data-testid={`${FORM}-legalRepIdNumber`} />
      </Form.Item>
      <ValidToField formName={FORM} name="legalRepIdValidTo" label="法定代表人身份证有效期至" />
      <Divider titlePlacement="start" className="kx-form-divider">
        主代办人
      </Divider>
      <Form.Item name="agentName" label="主代办人姓名" required rules={[personNameRule('主代办人姓名')]}>
        <Input data-testid={`${FORM}-agentName`} />
      </Form.Item>
      <Form.Item
        name="agentIdNumber"
        label="主代办人身份证号码"
        required
        normalize={upper}
        rules={[idNumberRule('主代办人身份证号码')]}
      >
        <Input maxLength={18} autoComplete="off" data-testid={`${FORM}-agentIdNumber`} />
      </Form.Item>
      <ValidToField formName={FORM} name="agentIdValidTo" label="主代办人身份证有效期至" />
      <Form.Item
        name="agentPhone"
        label="主代办人手机号码"
        required
        normalize={digitsOnly}
        rules={[mobileRule('主代办人手机号码')]}
        extra="短信验证码将发送到此号码"
      >
        <Input maxLength={11} inputMode="numeric" data-testid={`${FORM}-agentPhone`} />
      </Form.Item>
      <SmsCodeField form={form} formName={FORM} phoneField="agentPhone" />
      <AgreementField formName={FORM} title="《法人实名认证协议》" />
      {error !== null && (
        <Alert type="error" showIcon title={error} className="kx-form-alert" data-testid={`${FORM}-error`} />
      )}
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid={`${FORM}-submit`}>
        注册账号
      </Button>
    </Form>
  );
}
