import {
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, fieldErrors, REAL_NAME_LABELS, UNIT_TYPE_LABELS } from '../account/api';
import { useSession } from '../account/session';
import { type AgentView, changeAgentPhone, type EnterpriseProfile, formatTime, requestChangePhoneCode } from './api';
import { ProfileGate } from './ProfileGate';
import { useEnterpriseProfile } from './useEnterpriseProfile';

/** 企业信息: the enterprise the account acts as (its own, or as agent), personal numbers masked. */
export function EnterpriseProfilePage() {
  const [state, , replace] = useEnterpriseProfile();
  return (
    <div className="kx-page kx-enterprise-page">
      <ProfileGate state={state}>
        {() => state.state === 'ready' && <ProfileView profile={state.profile} onChanged={replace} />}
      </ProfileGate>
    </div>
  );
}

export const agentColumns = [
  { title: '姓名', dataIndex: 'name', key: 'name' },
  { title: '手机号码', dataIndex: 'phone', key: 'phone', render: (p: string | null) => p ?? '—' },
  { title: '授权时间', dataIndex: 'grantedAt', key: 'grantedAt', render: (t: string) => formatTime(t) },
  { title: '授权人', dataIndex: 'grantedBy', key: 'grantedBy' },
  { title: '备注', dataIndex: 'note', key: 'note', render: (n: string | null) => n ?? '' },
];

function ProfileView({
  profile,
  onChanged,
}: {
  profile: EnterpriseProfile;
  onChanged: (p: EnterpriseProfile) => void;
}) {
  const { actingFor } = useSession();
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '单位名称', children: <span data-testid="enterprise-name">{profile.name}</span> },
    { key: 'type', label: '单位类型', children: UNIT_TYPE_LABELS[profile.unitType] },
    { key: 'uscc', label: '统一社会信用代码', children: <span data-testid="enterprise-uscc">{profile.uscc}</span> },
    {
      key: 'region',
      label: '注册地',
      children: <span data-testid="enterprise-region">{profile.region.path.map((r) => r.name).join(' / ')}</span>,
    },
    {
      key: 'legalRep',
      label: '法定代表人',
      children: `${profile.legalRepresentative.name}（身份证 ${profile.legalRepresentative.idNumber}）`,
    },
    {
      key: 'agent',
      label: '主代办人',
      children: (
        <span data-testid="enterprise-main-agent">
          {profile.mainAgent.name}（身份证 {profile.mainAgent.idNumber}，手机 {profile.mainAgent.phone}）
        </span>
      ),
    },
    {
      key: 'realName',
      label: '实名状态',
      children: (
        <Tag color={profile.realNameStatus === 'verified' ? 'green' : 'orange'}>
          {REAL_NAME_LABELS[profile.realNameStatus]}
        </Tag>
      ),
    },
    { key: 'registeredAt', label: '注册时间', children: formatTime(profile.registeredAt) },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            企业信息
            {actingFor && <Tag color="blue">您正以代办人身份代表本单位办理</Tag>}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small" items={items} data-testid="enterprise-profile" />
      </Card>
      <Card
        title="代办人"
        extra={profile.viewerIsOwner ? <a href="/enterprise/agents">管理代办人</a> : undefined}
        data-testid="enterprise-agents"
      >
        <Table<AgentView>
          rowKey="id"
          size="small"
          pagination={false}
          columns={agentColumns}
          dataSource={profile.agents}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '暂无代办人' }}
        />
      </Card>
      {profile.viewerIsOwner && <ChangePhoneCard onChanged={onChanged} />}
    </Space>
  );
}

function ChangePhoneCard({ onChanged }: { onChanged: (p: EnterpriseProfile) => void }) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ agentPhone: string; smsCode: string }>();
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  const sendCode = async () => {
    try {
      const { agentPhone } = await form.validateFields(['agentPhone']);
      const r = await requestChangePhoneCode(agentPhone);
      setWait(r.resendAfterSeconds);
      message.success('验证码已发送到新手机号码');
    } catch (error) {
      if (error instanceof ApiError) message.error(error.message);
    }
  };
  const submit = async (values: { agentPhone: string; smsCode: string }) => {
    setBusy(true);
    try {
      onChanged(await changeAgentPhone(values, csrfToken ?? ''));
      form.resetFields();
      message.success('主代办人手机号码已变更');
    } catch (error) {
      if (error instanceof ApiError) {
        form.setFields(fieldErrors(error, ['agentPhone', 'smsCode']) as Parameters<typeof form.setFields>[0]);
        message.error(error.fields[0]?.message ?? error.message);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="变更主代办人手机号码">
      <Typography.Paragraph type="secondary">
        新号码将用于法人账号登录和接收短信，需以发送到新号码的验证码确认。单位名称、法定代表人等信息已实名核验，不能在此修改。
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={submit} data-testid="change-phone-form">
        <Form.Item
          name="agentPhone"
          label="新手机号码"
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写11位手机号码' }]}
        >
          <Input maxLength={11} inputMode="numeric" data-testid="change-phone-input" />
        </Form.Item>
        <Form.Item>
          <Button onClick={sendCode} disabled={wait > 0} data-testid="change-phone-send">
            {wait > 0 ? `${wait}秒后可重发` : '获取验证码'}
          </Button>
        </Form.Item>
        <Form.Item name="smsCode" label="验证码" rules={[{ required: true, pattern: /^\d{6}$/, message: '6位数字' }]}>
          <Input maxLength={6} inputMode="numeric" data-testid="change-phone-code" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="change-phone-submit">
            确认变更
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
