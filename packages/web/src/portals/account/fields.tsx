/** Form fields shared by the two registration forms: live checks with @kexiao/rules as the user types. */
import {
  checkIdCardNumber,
  checkLoginName,
  checkPassword,
  ID_CARD_MESSAGES,
  isValidMobile,
  isValidUscc,
} from '@kexiao/rules';
import { Button, Cascader, Checkbox, DatePicker, Form, type FormInstance, Input, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, checkAvailability, fetchRegions, fieldErrors, type Region, requestSmsCode } from './api';

type Rule = NonNullable<Parameters<typeof Form.Item>[0]['rules']>[number];

const ruleFrom =
  (problem: (value: string) => string | null): Rule =>
  () => ({
    validator: (_: unknown, value: unknown) => {
      const text = typeof value === 'string' ? value : '';
      const message = problem(text);
      return message === null ? Promise.resolve() : Promise.reject(new Error(message));
    },
  });

export const loginNameRule = ruleFrom(checkLoginName);
export const mobileRule = (label: string) =>
  ruleFrom((v) => (v === '' ? `请填写${label}` : isValidMobile(v) ? null : '应为11位中国大陆手机号码'));
export const idNumberRule = (label: string) =>
  ruleFrom((v) => {
    if (v === '') return `请填写${label}`;
    const problem = checkIdCardNumber(v);
    return problem === null ? null : ID_CARD_MESSAGES[problem];
  });
export const usccRule = ruleFrom((v) =>
  v === '' ? '请填写统一社会信用代码' : isValidUscc(v) ? null : '应为18位，且校验位正确（请核对营业执照）',
);
export const personNameRule = (label: string) =>
  ruleFrom((v) => {
    const t = v.trim();
    if (t === '') return `请填写${label}`;
    if ([...t].length < 2 || [...t].length > 30) return '长度应为2–30个字符';
    return /^[\u3400-\u9fff\u{20000}-\u{2ffff}·•A-Za-z ]+$/u.test(t) ? null : '只能包含汉字、字母和间隔号';
  });
export const required = (message: string): Rule => ({ required: true, message });
export const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase().replace(/\s/g, '') : value);
export const digitsOnly = (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : value);

/** An input with a "检查是否已存在" button; the server's answer shows under the field. */
export function CheckedField({
  form,
  formName,
  name,
  label,
  rules,
  normalize,
  placeholder,
  extra,
  maxLength,
  inputMode,
}: {
  form: FormInstance;
  formName: string;
  name: 'loginName' | 'uscc' | 'unitName' | 'phone';
  label: string;
  rules: Rule[];
  normalize?: (value: unknown) => unknown;
  placeholder?: string;
  extra?: ReactNode;
  maxLength?: number;
  inputMode?: 'numeric' | 'text';
}) {
  const [result, setResult] = useState<{ available: boolean; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const value = Form.useWatch(name, form) as string | undefined;
  useEffect(() => setResult(null), [value]);

  const check = async () => {
    try {
      await form.validateFields([name]);
    } catch {
      return;
    }
    setChecking(true);
    try {
      const answer = await checkAvailability({ [name]: form.getFieldValue(name) as string });
      const item = answer[name];
      if (item === undefined) return;
      if (item.available) setResult(item);
      else form.setFields([{ name, errors: [item.message] }]);
    } catch (error) {
      form.setFields([{ name, errors: [error instanceof ApiError ? error.message : '检查失败，请稍后再试'] }]);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Form.Item
      label={label}
      htmlFor={`${formName}_${name}`}
      required
      extra={
        result !== null ? (
          <Typography.Text type="success" data-testid={`${formName}-${name}-available`}>
            {result.message}
          </Typography.Text>
        ) : (
          extra
        )
      }
    >
      <Space.Compact className="kx-compact">
        <Form.Item name={name} rules={rules} normalize={normalize} noStyle>
          <Input
            placeholder={placeholder}
            maxLength={maxLength}
            inputMode={inputMode}
            autoComplete="off"
            data-testid={`${formName}-${name}`}
          />
        </Form.Item>
        <Button onClick={check} loading={checking} data-testid={`${formName}-${name}-check`}>
          检查是否已存在
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}

const STRENGTH_STEPS = { weak: 1, medium: 2, strong: 3 } as const;

/** `fieldErrors` for a form with PasswordFields: the API's `newPassword` problems belong to its `password` field. */
export function passwordFieldErrors(error: ApiError, known: readonly string[]) {
  const renamed = new ApiError(
    error.status,
    error.code,
    error.message,
    error.fields.map((f) => (f.path === 'newPassword' ? { ...f, path: 'password' } : f)),
  );
  return fieldErrors(renamed, known);
}

/** Password and its confirmation, with the 弱/中/强 meter of the password policy. */
export function PasswordFields({
  form,
  formName,
  contextFields,
}: {
  form: FormInstance;
  formName: string;
  contextFields: string[];
}) {
  const password = (Form.useWatch('password', form) as string | undefined) ?? '';
  const check = checkPassword(password);
  const context = () => contextFields.map((f) => String(form.getFieldValue(f) ?? '')).filter((v) => v !== '');
  return (
    <>
      <Form.Item
        name="password"
        label="密码"
        required
        dependencies={contextFields}
        rules={[
          () => ({
            validator: (_: unknown, value: unknown) => {
              const v = typeof value === 'string' ? value : '';
              if (v === '') return Promise.reject(new Error('请设置密码'));
              const result = checkPassword(v, context());
              return result.ok ? Promise.resolve() : Promise.reject(new Error(result.problems.join('；')));
            },
          }),
        ]}
        extra={
          <div
            className="kx-strength"
            data-testid={`${formName}-password-strength`}
            data-strength={password === '' ? 'none' : check.strength}
            aria-live="polite"
          >
            <span className="kx-strength-bars" aria-hidden="true">
              {[1, 2, 3].map((step) => (
                <span
                  key={step}
                  className={
                    password !== '' && step <= STRENGTH_STEPS[check.strength]
                      ? `kx-strength-bar kx-strength-${check.strength}`
                      : 'kx-strength-bar'
                  }
                />
              ))}
            </span>
            <span>
              密码强度：{password === '' ? '—' : check.strengthLabel}
              <Typography.Text type="secondary" className="kx-strength-hint">
                （至少8位，含大写字母、小写字母、数字、特殊符号中的3种）
              </Typography.Text>
            </span>
          </div>
        }
      >
        <Input.Password autoComplete="new-password" data-testid={`${formName}-password`} />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label="确认密码"
        dependencies={['password']}
        rules={[
          required('请再次输入密码'),
          ({ getFieldValue }) => ({
            validator: (_: unknown, value: unknown) =>
              value === undefined || value === '' || value === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`${formName}-confirmPassword`} />
      </Form.Item>
    </>
  );
}

/** 'YYYY-MM-DD' or '长期' (long-term). */
function ValidToInput({
  id,
  value,
  onChange,
  testId,
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  testId: string;
}) {
  const longTerm = value === '长期';
  return (
    <Space wrap>
      <DatePicker
        id={id}
        value={value !== undefined && !longTerm ? dayjs(value) : null}
        disabled={longTerm}
        onChange={(d) => onChange?.(d === null ? undefined : d.format('YYYY-MM-DD'))}
        disabledDate={(d) => d.isBefore(dayjs(), 'day')}
        placeholder="选择日期"
        inputReadOnly
        data-testid={testId}
      />
      <Checkbox
        checked={longTerm}
        onChange={(e) => onChange?.(e.target.checked ? '长期' : undefined)}
        data-testid={`${testId}-long`}
      >
        长期有效
      </Checkbox>
    </Space>
  );
}

export function ValidToField({ formName, name, label }: { formName: string; name: string; label: string }) {
  return (
    <Form.Item name={name} label={label} rules={[required(`请选择${label}，长期有效的勾选"长期有效"`)]}>
      <ValidToInput testId={`${formName}-${name}`} />
    </Form.Item>
  );
}

/** SMS code with a 获取验证码 button and its resend countdown. */
export function SmsCodeField({
  form,
  formName,
  phoneField,
  purpose = 'register',
}: {
  form: FormInstance;
  formName: string;
  phoneField: string;
  /** What the code is for (the SMS text says so): 'register', 'appeal', … */
  purpose?: string;
}) {
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);

  const send = async () => {
    try {
      await form.validateFields([phoneField]);
    } catch {
      return;
    }
    const phone = form.getFieldValue(phoneField) as string;
    setSending(true);
    try {
      const result = await requestSmsCode(phone, purpose);
      setSecondsLeft(result.resendAfterSeconds);
      setSentTo(phone);
    } catch (error) {
      const message = error instanceof ApiError ? error.message : '验证码发送失败，请稍后再试';
      form.setFields([{ name: 'smsCode', errors: [message] }]);
    } finally {
      setSending(false);
    }
  };

  return (
    <Form.Item
      label="短信验证码"
      htmlFor={`${formName}_smsCode`}
      required
      extra={
        sentTo !== null ? (
          <span data-testid={`${formName}-sms-sent`}>
            验证码已发送至 {sentTo.slice(0, 3)}****{sentTo.slice(7)}，5分钟内有效
          </span>
        ) : undefined
      }
    >
      <Space.Compact className="kx-compact">
        <Form.Item
          name="smsCode"
          normalize={digitsOnly}
          rules={[required('请填写短信验证码'), { pattern: /^\d{6}$/, message: '验证码应为6位数字' }]}
          noStyle
        >
          <Input
            maxLength={6}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="6位数字"
            data-testid={`${formName}-smsCode`}
          />
        </Form.Item>
        <Button
          onClick={send}
          loading={sending}
          disabled={secondsLeft > 0}
          className="kx-sms-button"
          data-testid={`${formName}-sms-send`}
        >
          {secondsLeft > 0 ? `${secondsLeft}秒后重新获取` : '获取验证码'}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}

export function AgreementField({ formName, title }: { formName: string; title: string }) {
  return (
    <Form.Item
      name="agreement"
      valuePropName="checked"
      rules={[
        {
          validator: (_: unknown, value: unknown) =>
            value === true ? Promise.resolve() : Promise.reject(new Error(`请阅读并同意${title}`)),
        },
      ]}
    >
      <Checkbox data-testid={`${formName}-agreement`}>我已阅读并同意{title}</Checkbox>
    </Form.Item>
  );
}

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

const toOption = (r: Region): RegionOption => ({
  value: r.code,
  label: r.name,
  isLeaf: r.kind === 'county' || r.kind === 'zone',
});

/** 注册地: province → city → county (or functional zone), loaded level by level from /api/v1/regions. */
export function RegionCascader({
  id,
  value,
  onChange,
  testId,
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  testId: string;
}) {
  const [options, setOptions] = useState<RegionOption[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    fetchRegions()
      .then((regions) => setOptions(regions.map(toOption)))
      .catch((error: unknown) =>
        setLoadError(error instanceof ApiError ? error.message : '行政区划加载失败，请刷新页面重试'),
      );
  }, []);

  const loadData = async (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    if (target === undefined) return;
    try {
      const children = (await fetchRegions(target.value)).map(toOption);
      target.children = children;
      if (children.length === 0) target.isLeaf = true;
    } catch (error) {
      setLoadError(error instanceof ApiError ? error.message : '行政区划加载失败，请重试');
    }
    setOptions((current) => [...current]);
  };

  return (
    <>
      <Cascader
        id={id}
        options={options}
        loadData={loadData}
        value={value}
        onChange={(v) => onChange?.((v ?? []) as string[])}
        changeOnSelect={false}
        placeholder="省 / 市 / 区县"
        data-testid={testId}
        style={{ width: '100%' }}
      />
      {loadError !== null && <Typography.Text type="danger">{loadError}</Typography.Text>}
    </>
  );
}
