import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, fieldErrors, signIn } from './api';
import { useSession } from './session';

const FORM = 'login';

interface LoginValues {
  identifier: string;
  password: string;
  smsCode?: string;
}

/** 登录: by login name, USCC or mobile number; the server's message (tries remaining, lock) shows in place. */
export function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const { account, setSession } = useSession();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);
  /** Set when the account requires an SMS code after the password (短信验证登录): the server's prompt. */
  const [smsPrompt, setSmsPrompt] = useState<string | null>(null);

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      setSession(await signIn(values.identifier.trim(), values.password, smsPrompt ? values.smsCode : undefined));
      window.location.assign('/account');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'sms_required') {
        setSmsPrompt(e.message);
        return;
      }
      if (e instanceof ApiError && e.code === 'invalid_sms_code') {
        form.setFields([{ name: 'smsCode', errors: [e.message.replace(/^短信验证码：/, '')] }]);
        return;
      }
      if (e instanceof ApiError) {
        const fields = fieldErrors(e, ['identifier', 'password']);
        if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
        else setError({ message: e.message, locked: e.status === 423 });
      } else {
        setError({ message: '登录失败，请稍后再试', locked: false });
      }
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="kx-page kx-account-page kx-login-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          登录
        </Typography.Title>
        {account && (
          <Alert
            type="info"
            showIcon
            className="kx-form-alert"
            title={
              <span>
                您已登录为 {account.displayName}，<a href="/account">进入我的账号</a>
              </span>
            }
          />
        )}
        <Form form={form} name={FORM} layout="vertical" onFinish={submit} aria-label="登录" requiredMark={false}>
          <Form.Item
            name="identifier"
            label="账号"
            extra="登录名 / 统一社会信用代码 / 手机号码"
            rules={[{ required: true, whitespace: true, message: '请填写登录名、统一社会信用代码或手机号码' }]}
          >
            <Input
              autoComplete="username"
              placeholder="登录名 / 统一社会信用代码 / 手机号码"
              data-testid="login-identifier"
            />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {smsPrompt !== null && (
            <>
              <Alert type="info" showIcon title={smsPrompt} className="kx-form-alert" data-testid="login-sms-prompt" />
              <Form.Item
                name="smsCode"
                label="短信验证码"
                rules={[{ required: true, pattern: /^\d{6}$/, message: '请填写6位短信验证码' }]}
              >
                <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" data-testid="login-smsCode" />
              </Form.Item>
            </>
          )}
          {error !== null && (
            <Alert
              type={error.locked ? 'warning' : 'error'}
              showIcon
              title={error.message}
              className="kx-form-alert"
              data-testid="login-error"
              role="alert"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>
        <div className="kx-login-links">
          <span>还没有账号？</span>
          <a href="/register" data-testid="login-register-link">
            立即注册
          </a>
        </div>
        <div className="kx-login-links">
          <a href="/forgot-password" data-testid="login-forgot-link">
            忘记密码
          </a>
          <span aria-hidden="true">|</span>
          <a href="/account-lookup" data-testid="login-lookup-link">
            账号检索
          </a>
          <span aria-hidden="true">|</span>
          <a href="/appeal" data-testid="login-appeal-link">
            申诉
          </a>
        </div>
      </Card>
    </div>
  );
}
