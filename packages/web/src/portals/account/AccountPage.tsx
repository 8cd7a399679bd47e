import { Alert, App, Button, Card, Descriptions, type DescriptionsProps, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, REAL_NAME_LABELS } from './api';
import { useSession } from './session';
import { PageLoading, SignedOutResult } from '../common/gates';

const KIND_LABELS = { person: '自然人', legalPerson: '法人', staff: '工作人员' } as const;

/** 我的账号: details (masked phone, real-name status, the enterprise of a legal person) and signing out. */
export function AccountPage() {
  const { account, signOut, signOutEverywhere } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'one' | 'all' | null>(null);

  if (account === undefined) {
    return <PageLoading description="正在加载账号信息…" className="kx-page kx-account-page kx-center" />;
  }
  if (account === null) {
    return <SignedOutResult subTitle="登录后可查看账号信息。" loginTestId="signed-out-login" />;
  }

  const run = async (which: 'one' | 'all') => {
    setBusy(which);
    try {
      if (which === 'one') {
        await signOut();
        message.success('已退出登录');
      } else {
        const revoked = await signOutEverywhere();
        message.success(`已在所有设备上退出登录（共${revoked}个会话）`);
      }
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '退出失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const verified = account.realNameStatus === 'verified';
  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: '账号类型', children: KIND_LABELS[account.kind] },
    { key: 'loginName', label: '登录名', children: <span data-testid="account-loginName">{account.loginName}</span> },
    {
      key: 'displayName',
      label: account.kind === 'legalPerson' ? '单位名称' : '姓名',
      children: <span data-testid="account-displayName">{account.displayName}</span>,
    },
    {
      key: 'phone',
      label: account.kind === 'legalPerson' ? '主代办人手机' : '手机号码',
      children: <span data-testid="account-phone">{account.phone ?? '—'}</span>,
    },
    {
      key: 'realName',
      label: '实名认证',
      children: (
        <Tag color={verified ? 'success' : 'warning'} data-testid="account-realName">
          {REAL_NAME_LABELS[account.realNameStatus]}
        </Tag>
      ),
    },
    ...(account.enterprise === null
      ? []
      : [
          {
            key: 'uscc',
            label: '统一社会信用代码',
            children: <span data-testid="account-uscc">{account.enterprise.uscc}</span>,
          },
          { key: 'region', label: '注册地代码', children: account.enterprise.regionCode },
        ]),
  ];
  return (
    <div className="kx-page kx-account-page">
      <div className="kx-page-head">
        <Typography.Title level={2} className="kx-page-title">
          我的账号
        </Typography.Title>
      </div>
      <Card className="kx-account-card" data-testid="account-details">
        <Descriptions column={1} bordered size="middle" className="kx-descriptions" items={items} />
        {account.realNameStatus === 'rejected' && (
          <Alert
            type="warning"
            showIcon
            className="kx-form-alert kx-account-alert"
            title="实名核验未通过"
            description="请先检查所填信息是否正确；如信息无误，可上传证件照片申请人工核验。"
            action={
              <Button size="small" type="primary" href="/account/real-name" data-testid="account-real-name-link">
                实名认证
              </Button>
            }
          />
        )}
        {account.kind !== 'staff' && account.realNameStatus !== 'rejected' && (
          <div className="kx-account-actions">
            <a href="/account/real-name" data-testid="account-real-name-page">
              查看实名认证详情
            </a>
          </div>
        )}
        <Space wrap className="kx-account-actions">
          <Button onClick={() => run('one')} loading={busy === 'one'} data-testid="account-logout">
            退出登录
          </Button>
          <Button danger onClick={() => run('all')} loading={busy === 'all'} data-testid="account-logout-all">
            在所有设备上退出
          </Button>
        </Space>
      </Card>
    </div>
  );
}
