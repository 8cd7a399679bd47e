import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { LegalPersonForm } from './LegalPersonForm';
import { PersonForm } from './PersonForm';
import type { RegistrationOutcome } from './registration';
import { RegistrationResult } from './RegistrationResult';

/** 注册: 自然人注册 / 法人注册 tabs, then the real-name result. */
export function RegisterPage() {
  const [outcome, setOutcome] = useState<RegistrationOutcome | null>(null);
  const initialTab = new URLSearchParams(window.location.search).get('type') === 'legal' ? 'legal' : 'person';
  return (
    <div className="kx-page kx-account-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          注册账号
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kx-page-intro">
          个人用户请选择"自然人注册"；企业等单位由主代办人选择"法人注册"。注册时系统自动完成实名认证。已有账号？
          <a href="/login">直接登录</a>
        </Typography.Paragraph>
      </div>
      <Card className="kx-account-card">
        {outcome !== null ? (
          <RegistrationResult account={outcome.account} signedIn={outcome.signedIn} />
        ) : (
          <Tabs
            defaultActiveKey={initialTab}
            items={[
              {
                key: 'person',
                label: <span data-testid="tab-person">自然人注册</span>,
                children: <PersonForm onDone={setOutcome} />,
              },
              {
                key: 'legal',
                label: <span data-testid="tab-legal">法人注册</span>,
                children: <LegalPersonForm onDone={setOutcome} />,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
