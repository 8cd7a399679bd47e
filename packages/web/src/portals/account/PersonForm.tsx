import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useSession } from './session';
import {
  AgreementField,
  CheckedField,
  digitsOnly,
  idNumberRule,
  loginNameRule,
  mobileRule,
  PasswordFields,
  personNameRule,
  SmsCodeField,
  upper,
  ValidToField,
} from './fields';
import { type RegistrationOutcome, submitRegistration } from './registration';

const FORM = 'person';
const FIELDS = ['loginName', 'password', 'name', 'idNumber', 'idValidTo', 'phone', 'smsCode', 'agreement'] as const;

interface PersonValues {
  loginName: string;
  password: string;
  name: string;
  idNumber: string;
  idValidTo: string;
  phone: string;
  smsCode: string;
  agreement: boolean;
}

/** 自然人注册. */
export function PersonForm({ onDone }: { onDone: (outcome: RegistrationOutcome) => void }) {
  const [form] = Form.useForm<PersonValues>();
  const { setSession } = useSession();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: PersonValues) => {
    setSubmitting(true);
    setError(null);
    const body = Object.fromEntries(FIELDS.map((f) => [f, values[f]]));
    const outcome = await submitRegistration(form, '/api/v1/accounts/persons', body, FIELDS, setSession);
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
      aria-label="自然人注册"
      className="kx-account-form"
      requiredMark
    >
      <CheckedField
        form={form}
        formName={FORM}
        name="loginName"
        label="登录名"
        rules={[loginNameRule]}
        placeholder="4–32位字母、数字或下划线"
      />
      <PasswordFields form={form} formName={FORM} contextFields={['loginName', 'phone']} />
      <Form.Item name="name" label="姓名" required rules={[personNameRule('姓名')]}>
        <Input autoComplete="name" data-testid={`${FORM}-name`} />
      </Form.Item>
      <Form.Item name="idNumber" label="身份证号码" required normalize={upper} rules={[idNumberRule('身份证号码')]}>
        <Input maxLength={18} autoComplete="off" data-testid={`${FORM}-idNumber`} />
      </Form.Item>
      <ValidToField formName={FORM} name="idValidTo" label="身份证有效期至" />
      <CheckedField
        form={form}
        formName={FORM}
        name="phone"
        label="手机号码"
        rules={[mobileRule('手机号码')]}
        normalize={digitsOnly}
        maxLength={11}
        inputMode="numeric"
        extra="可用于登录和找回密码"
      />
      <SmsCodeField form={form} formName={FORM} phoneField="phone" />
      <AgreementField formName={FORM} title="《用户注册协议》" />
      {error !== null && (
        <Alert type="error" showIcon title={error} className="kx-form-alert" data-testid={`${FORM}-error`} />
      )}
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid={`${FORM}-submit`}>
        注册账号
      </Button>
    </Form>
  );
}
