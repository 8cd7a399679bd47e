import { Alert, App, Button, Card, Form, Input, Result, Spin, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, fieldErrors } from './api';
import { PasswordFields, passwordFieldErrors, required } from './fields';
import { useSession } from './session';
import { LoginButton, PageLoading } from '../common/gates';

interface Security {
  loginSmsRequired: boolean;
  phone: string | null;
}

/** 账号安全: change the password (other devices signed out) and the "login with an SMS code" setting. */
export function SecurityPage() {
  const { account, csrfToken } = useSession();
  const { message } = App.useApp();
  const [security, setSecurity] = useState<Security | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pwForm] = Form.useForm();
  const [smsForm] = Form.useForm();
  const [busy, setBusy] = useState<'password' | 'sms' | null>(null);

  const load = useCallback(() => {
    api<Security>('GET', '/api/v1/account/security')
      .then(setSecurity)
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : '加载失败，请稍后再试'));
  }, []);
  useEffect(() => {
    if (account) load();
  }, [account, load]);

  if (account === undefined) return <PageLoading description="正在加载…" />;
  if (account === null) return <Result status="403" title="请先登录" extra={<LoginButton />} />;

  const changePassword = async (values: { currentPassword: string; password: string }) => {
    setBusy('password');
    try {
      const reply = await api<{ message: string }>(
        'POST',
        '/api/v1/account/password',
        { currentPassword: values.currentPassword, newPassword: values.password },
        csrfToken ?? '',
      );
      message.success(reply.message);
      pwForm.resetFields();
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = passwordFieldErrors(e, ['currentPassword', 'password']);
        if (fields.length > 0) pwForm.setFields(fields as Parameters<typeof pwForm.setFields>[0]);
        else message.error(e.message);
      } else message.error('修改失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const setSms = async (values: { loginSmsRequired: boolean; password: string }) => {
    setBusy('sms');
    try {
      const reply = await api<Security>(
        'PUT',
        '/api/v1/account/security',
        { loginSmsRequired: values.loginSmsRequired, password: values.password },
        csrfToken ?? '',
      );
      setSecurity(reply);
      smsForm.setFieldValue('password', '');
      message.success(reply.loginSmsRequired ? '已开启短信验证登录' : '已关闭短信验证登录');
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = fieldErrors(e, ['password', 'loginSmsRequired']);
        if (fields.length > 0) smsForm.setFields(fields as Parameters<typeof smsForm.setFields>[0]);
        else message.error(e.message);
      } else message.error('保存失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="kx-page kx-account-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          账号安全
        </Typography.Title>
        {loadError && <Alert type="error" showIcon title={loadError} className="kx-form-alert" />}
        <Typography.Title level={4}>修改密码</Typography.Title>
        <Form form={pwForm} name="changePassword" layout="vertical" onFinish={changePassword} requiredMark={false}>
          <Form.Item name="currentPassword" label="当前密码" rules={[required('请填写当前密码')]}>
            <Input.Password autoComplete="current-password" data-testid="security-currentPassword" />
          </Form.Item>
          <PasswordFields form={pwForm} formName="changePassword" contextFields={[]} />
          <Button type="primary" htmlType="submit" loading={busy === 'password'} data-testid="security-change">
            修改密码
          </Button>
          <Typography.Paragraph type="secondary" className="kx-recovery-hint">
            修改后，其他设备上的登录将失效。
          </Typography.Paragraph>
        </Form>
        <Typography.Title level={4}>短信验证登录</Typography.Title>
        {security === null ? (
          <Spin />
        ) : (
          <Form
            form={smsForm}
            name="loginSms"
            layout="vertical"
            onFinish={setSms}
            initialValues={{ loginSmsRequired: security.loginSmsRequired }}
            requiredMark={false}
          >
            <Typography.Paragraph>
              开启后，登录时除密码外还须输入发送到绑定手机{security.phone ? `（${security.phone}）` : ''}
              的短信验证码。当前：
              <strong data-testid="security-sms-state">{security.loginSmsRequired ? '已开启' : '未开启'}</strong>
            </Typography.Paragraph>
            <Form.Item name="loginSmsRequired" label="短信验证登录" valuePropName="checked">
              <Switch checkedChildren="开" unCheckedChildren="关" data-testid="security-sms-switch" />
            </Form.Item>
            <Form.Item name="password" label="当前密码（确认身份）" rules={[required('请填写当前密码')]}>
              <Input.Password autoComplete="current-password" data-testid="security-sms-password" />
            </Form.Item>
            <Button htmlType="submit" loading={busy === 'sms'} data-testid="security-sms-save">
              保存设置
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
