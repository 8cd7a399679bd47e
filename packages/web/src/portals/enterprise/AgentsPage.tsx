import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, fieldErrors } from '../account/api';
import { useSession } from '../account/session';
import { type AgentView, type EnterpriseProfile, grantAgent, revokeAgent } from './api';
import { agentColumns } from './EnterpriseProfilePage';
import { ProfileGate } from './ProfileGate';
import { useEnterpriseProfile } from './useEnterpriseProfile';

/** 代办人管理: the legal-person account grants and revokes agents; an agent sees the list read-only. */
export function AgentsPage() {
  const [state, reload] = useEnterpriseProfile();
  return (
    <div className="kx-page kx-enterprise-page">
      <ProfileGate state={state}>
        {() => state.state === 'ready' && <AgentsView profile={state.profile} reload={reload} />}
      </ProfileGate>
    </div>
  );
}

interface GrantForm {
  who: string;
  name: string;
  note?: string;
}

function AgentsView({ profile, reload }: { profile: EnterpriseProfile; reload: () => void }) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantForm>();
  const [busy, setBusy] = useState(false);
  const owner = profile.viewerIsOwner;

  const grant = async (values: GrantForm) => {
    setBusy(true);
    const who = values.who.trim();
    const byPhone = /^1\d{10}$/.test(who);
    try {
      const agent = await grantAgent(
        { ...(byPhone ? { phone: who } : { loginName: who }), name: values.name.trim(), note: values.note?.trim() },
        csrfToken ?? '',
      );
      message.success(`已授权${agent.name}为代办人，并已通知本人`);
      form.resetFields();
      reload();
    } catch (error) {
      if (error instanceof ApiError) {
        const mapped = error.fields.map((f) =>
          f.path === 'loginName' || f.path === 'phone' ? { ...f, path: 'who' } : f,
        );
        form.setFields(
          fieldErrors(new ApiError(error.status, error.code, error.message, mapped), [
            'who',
            'name',
            'note',
          ]) as Parameters<typeof form.setFields>[0],
        );
        message.error(error.fields[0]?.message ?? error.message);
      }
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (agent: AgentView) => {
    try {
      await revokeAgent(agent.id, csrfToken ?? '');
      message.success(`已撤销${agent.name}的代办人授权`);
      reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '撤销失败，请稍后再试');
    }
  };

  const columns = owner
    ? [
        ...agentColumns,
        {
          title: '操作',
          key: 'action',
          render: (_: unknown, agent: AgentView) => (
            <Popconfirm
              title={`撤销${agent.name}的代办人授权？`}
              description="撤销后其不能再代表本单位办理。"
              okText="撤销"
              cancelText="取消"
              onConfirm={() => revoke(agent)}
            >
              <Button danger size="small" data-testid={`revoke-agent-${agent.id}`}>
                撤销授权
              </Button>
            </Popconfirm>
          ),
        },
      ]
    : agentColumns;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>代办人管理</Typography.Title>
      {!owner && (
        <Alert
          type="info"
          showIcon
          data-testid="agents-read-only"
          title={`您正以代办人身份代表${profile.name}办理。代办人的授权与撤销只能由单位的法人账号办理，以下仅供查看。`}
        />
      )}
      {owner && (
        <Card title="授权代办人">
          <Typography.Paragraph type="secondary">
            被授权人须已注册自然人账号并通过实名认证。请填写其登录名或手机号码，以及与实名认证一致的姓名。授权后，其可代表本单位办理评价相关事项。
          </Typography.Paragraph>
          <Form form={form} layout="inline" onFinish={grant} data-testid="grant-agent-form">
            <Form.Item
              name="who"
              label="登录名或手机号码"
              rules={[{ required: true, whitespace: true, message: '请填写' }]}
            >
              <Input maxLength={50} data-testid="grant-agent-who" />
            </Form.Item>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写' }]}>
              <Input maxLength={30} data-testid="grant-agent-name" />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input maxLength={200} data-testid="grant-agent-note" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="grant-agent-submit">
                授权
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Card title={`${profile.name}的代办人`}>
        <Table<AgentView>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={profile.agents}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: '暂无代办人' }}
          data-testid="agents-table"
        />
      </Card>
    </Space>
  );
}
