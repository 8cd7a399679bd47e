import { Alert, Button, Card, Descriptions, Empty, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, fieldErrors, REAL_NAME_LABELS } from './api';
import { digitsOnly, mobileRule, upper, usccRule } from './fields';

type By = 'uscc' | 'phone';
type RealName = keyof typeof REAL_NAME_LABELS;

interface LookupReply {
  by: By;
  message: string;
  legalPerson?: { loginName: string; unitName: string; agentPhone: string; realNameStatus: RealName } | null;
  person?: { loginName: string; realNameStatus: RealName } | null;
  legalPersons?: { unitName: string }[];
}

/** 账号检索: whether an account exists for a USCC or a phone, with masked hints only. */
export function AccountLookupPage() {
  const [form] = Form.useForm();
  const [by, setBy] = useState<By>('uscc');
  const [busy, setBusy] = useState(false);
  const [reply, setReply] = useState<LookupReply | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    setError(null);
    setReply(null);
    try {
      setReply(await api<LookupReply>('POST', '/api/v1/accounts/lookup', { [by]: values[by]?.trim() }));
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = fieldErrors(e, [by]);
        if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
        else setError(e.message);
      } else setError('检索失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kx-page kx-account-page">
      <Card className="kx-account-card">
        <Typography.Title level={2} className="kx-page-title">
          账号检索
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          忘记登录名时，可按统一社会信用代码查询法人账号，或按手机号码查询自然人账号及其作为主代办人的单位。结果只显示部分信息。
        </Typography.Paragraph>
        <Segmented<By>
          block
          value={by}
          onChange={(v) => {
            setBy(v);
            setReply(null);
          }}
          options={[
            { label: '统一社会信用代码', value: 'uscc' },
            { label: '手机号码', value: 'phone' },
          ]}
          data-testid="lookup-by"
        />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} className="kx-recovery-form">
          {by === 'uscc' ? (
            <Form.Item name="uscc" label="统一社会信用代码" rules={[usccRule]} normalize={upper}>
              <Input maxLength={18} data-testid="lookup-uscc" />
            </Form.Item>
          ) : (
            <Form.Item name="phone" label="手机号码" rules={[mobileRule('手机号码')]} normalize={digitsOnly}>
              <Input maxLength={11} inputMode="numeric" data-testid="lookup-phone" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="lookup-submit">
            检索
          </Button>
        </Form>
        {error !== null && <Alert type="error" showIcon title={error} className="kx-form-alert" role="alert" />}
        {reply !== null && (
          <div className="kx-recovery-result" data-testid="lookup-result">
            <Alert
              type={reply.legalPerson || reply.person || reply.legalPersons?.length ? 'success' : 'info'}
              showIcon
              title={reply.message}
            />
            {reply.legalPerson && (
              <Descriptions column={1} size="small" bordered className="kx-recovery-desc">
                <Descriptions.Item label="登录名">{reply.legalPerson.loginName}</Descriptions.Item>
                <Descriptions.Item label="单位名称">{reply.legalPerson.unitName}</Descriptions.Item>
                <Descriptions.Item label="主代办人手机">{reply.legalPerson.agentPhone}</Descriptions.Item>
                <Descriptions.Item label="实名状态">
                  {REAL_NAME_LABELS[reply.legalPerson.realNameStatus]}
                </Descriptions.Item>
              </Descriptions>
            )}
            {reply.person && (
              <Descriptions column={1} size="small" bordered className="kx-recovery-desc" title="自然人账号">
                <Descriptions.Item label="登录名">{reply.person.loginName}</Descriptions.Item>
                <Descriptions.Item label="实名状态">{REAL_NAME_LABELS[reply.person.realNameStatus]}</Descriptions.Item>
              </Descriptions>
            )}
            {reply.by === 'phone' && (reply.legalPersons?.length ?? 0) > 0 && (
              <Descriptions
                column={1}
                size="small"
                bordered
                className="kx-recovery-desc"
                title="以此号码为主代办人手机的单位"
              >
                {reply.legalPersons?.map((u) => (
                  <Descriptions.Item key={u.unitName} label="单位名称">
                    {u.unitName}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
            {!reply.legalPerson && !reply.person && !reply.legalPersons?.length && (
              <Empty description="未找到账号" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
            <Typography.Paragraph type="secondary" className="kx-recovery-hint">
              想起登录名后，可通过<a href="/forgot-password">忘记密码</a>
              用短信验证码重置密码；手机号码已不能使用的，请<a href="/appeal">申诉</a>。
            </Typography.Paragraph>
          </div>
        )}
        <div className="kx-login-links">
          <a href="/login">返回登录</a>
          <span aria-hidden="true">|</span>
          <a href="/forgot-password">忘记密码</a>
          <span aria-hidden="true">|</span>
          <a href="/appeal">申诉</a>
        </div>
      </Card>
    </div>
  );
}
