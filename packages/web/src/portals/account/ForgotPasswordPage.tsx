import { Alert, Button, Card, Form, Input, Result, Space, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from './api';
import { digitsOnly, PasswordFields, passwordFieldErrors, required } from './fields';

const FORM = 'forgot';

interface StartReply {
  phone: string;
  message: string;
}

/** 忘记密码: the login name → a code to the bound phone (shown masked) → the code and a new password. */
export function ForgotPasswordPage() {
  const [form] = Form.useForm();
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const [loginName, setLoginName] = useState('');
  const [sent, setSent] = useState<StartReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);

  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);

  const start = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await api<StartReply>('POST', '/api/v1/password-resets/start', { loginName: name });
      setLoginName(name);
      setSent(reply);
      setSecondsLeft(60);
      setStep(1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '发送失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const finish = async (values: { smsCode: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/password-resets', {
        loginName,
        smsCode: values.smsCode,
        newPassword: values.password,
      });
      setStep(2);
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = passwordFieldErrors(e, ['smsCode', 'password']);
        if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
        else setError(e.message);
      } else {
        setError('重置失败，请稍后再试');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kx-page kx-account-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          忘记密码
        </Typography.Title>
        <Steps
          size="small"
          current={step}
          className="kx-recovery-steps"
          items={[{ title: '填写登录名' }, { title: '短信验证并设置新密码' }, { title: '完成' }]}
        />
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={error}
            className="kx-form-alert"
            role="alert"
            data-testid="forgot-error"
          />
        )}
        {step === 0 && (
          <Form
            layout="vertical"
            name={`${FORM}-start`}
            onFinish={(v: { loginName: string }) => start(v.loginName.trim())}
            requiredMark={false}
          >
            <Form.Item
              name="loginName"
              label="登录名"
              extra="注册时设置的登录名。忘记登录名可先进行账号检索。"
              rules={[{ required: true, whitespace: true, message: '请填写登录名' }]}
            >
              <Input autoComplete="username" data-testid="forgot-loginName" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="forgot-start">
              获取短信验证码
            </Button>
          </Form>
        )}
        {step === 1 && sent && (
          <Form form={form} layout="vertical" name={FORM} onFinish={finish} requiredMark={false}>
            <Alert
              type="info"
              showIcon
              className="kx-form-alert"
              data-testid="forgot-sent"
              title={sent.message}
              description={
                <span>
                  绑定手机：<strong data-testid="forgot-phone">{sent.phone}</strong>。手机号码已不能使用的，请
                  <a href="/appeal">申诉</a>。
                </span>
              }
            />
            <Form.Item label="短信验证码" required htmlFor={`${FORM}_smsCode`}>
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
                    data-testid="forgot-smsCode"
                  />
                </Form.Item>
                <Button
                  onClick={() => start(loginName)}
                  disabled={secondsLeft > 0 || busy}
                  className="kx-sms-button"
                  data-testid="forgot-resend"
                >
                  {secondsLeft > 0 ? `${secondsLeft}秒后重新获取` : '重新获取'}
                </Button>
              </Space.Compact>
            </Form.Item>
            <PasswordFields form={form} formName={FORM} contextFields={[]} />
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="forgot-submit">
              重置密码
            </Button>
          </Form>
        )}
        {step === 2 && (
          <Result
            status="success"
            title="密码已重置"
            subTitle="所有设备已退出登录，请使用新密码登录。"
            data-testid="forgot-done"
            extra={
              <Button type="primary" href="/login" data-testid="forgot-login">
                去登录
              </Button>
            }
          />
        )}
        <div className="kx-login-links">
          <a href="/login">返回登录</a>
          <span aria-hidden="true">|</span>
          <a href="/account-lookup">账号检索</a>
          <span aria-hidden="true">|</span>
          <a href="/appeal">申诉</a>
        </div>
      </Card>
    </div>
  );
}
