import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { type AccountView, api, ApiError, fetchRegions, fieldErrors, type Region } from '../account/api';
import { useSession } from '../account/session';
import { type Agency, hasRole, ROLE_LABELS, StaffOnly, type StaffRole } from './admin-common';

interface StaffAccount {
  id: number;
  loginName: string;
  displayName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  roles: {
    role: StaffRole;
    roleLabel: string;
    provinceCode: string | null;
    agencyId: number | null;
    agencyName: string | null;
  }[];
}

interface CreateValues {
  loginName: string;
  displayName: string;
  phone: string;
  role: StaffRole;
  agencyId?: number;
  provinceCode?: string;
}

const CREATE_FIELDS = ['loginName', 'displayName', 'phone', 'role', 'agencyId', 'provinceCode'];

/** 工作人员: administrators create staff accounts, disable/enable them, and reset their passwords. */
export function StaffAccountsPage() {
  return <StaffOnly testId="staff-accounts">{(account) => <StaffAccounts account={account} />}</StaffOnly>;
}

function StaffAccounts({ account }: { account: AccountView }) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const national = hasRole(account, 'nationalAdmin');
  const admin = national || hasRole(account, 'provinceAdmin');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [agencyId, setAgencyId] = useState<number | null>(null);
  const [rows, setRows] = useState<StaffAccount[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ loginName: string; password: string } | null>(null);

  useEffect(() => {
    if (admin)
      api<{ agencies: Agency[] }>('GET', '/api/v1/staff/agencies').then(
        (r) => setAgencies(r.agencies),
        () => setAgencies([]),
      );
  }, [admin]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const query = agencyId === null ? '' : `?agencyId=${agencyId}`;
      setRows((await api<{ accounts: StaffAccount[] }>('GET', `/api/v1/staff/accounts${query}`)).accounts);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '加载失败，请稍后再试');
    } finally {
      setLoading(false);
    }
  }, [agencyId]);

  useEffect(() => {
    if (admin) void load();
  }, [admin, load]);

  if (!admin) return <Alert type="warning" showIcon title="仅省级管理员和全国管理员可以管理工作人员账号。" />;

  const act = async (row: StaffAccount, action: 'disable' | 'enable' | 'password-reset') => {
    try {
      const result = await api<{ temporaryPassword?: string }>(
        'POST',
        `/api/v1/staff/accounts/${row.id}/${action}`,
        undefined,
        csrfToken ?? '',
      );
      if (action === 'password-reset' && result.temporaryPassword) {
        setShown({ loginName: row.loginName, password: result.temporaryPassword });
      } else message.success(action === 'disable' ? '已停用，该账号的登录会话已全部注销' : '已启用');
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败，请稍后再试');
    }
  };

  return (
    <div className="kx-page" data-testid="staff-accounts-page">
      <Typography.Title level={3}>工作人员</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 260 }}
          placeholder="全部评价工作机构"
          allowClear
          value={agencyId ?? undefined}
          onChange={(v?: number) => setAgencyId(v ?? null)}
          options={agencies.map((a) => ({ value: a.id, label: a.name }))}
          data-testid="staff-agency-filter"
        />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="staff-new">
          新增工作人员
        </Button>
      </Space>
      {error !== null && <Alert type="error" showIcon title={error} />}
      <Table<StaffAccount>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        loading={loading}
        dataSource={rows}
        data-testid="staff-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: '登录名', dataIndex: 'loginName' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '手机号码', dataIndex: 'phone' },
          {
            title: '角色',
            key: 'roles',
            render: (_: unknown, r: StaffAccount) =>
              r.roles.map((x) => (
                <Tag key={x.role}>
                  {x.roleLabel}
                  {x.agencyName
                    ? `（${x.agencyName}）`
                    : x.provinceCode && x.role === 'provinceAdmin'
                      ? `（${x.provinceCode}）`
                      : ''}
                </Tag>
              )),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: StaffAccount['status']) =>
              s === 'active' ? <Tag color="success">正常</Tag> : <Tag color="default">已停用</Tag>,
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r: StaffAccount) =>
              r.id === account.id ? null : (
                <Space>
                  {r.status === 'active' ? (
                    <Popconfirm
                      title="停用后该账号无法登录，现有会话立即失效。确定停用？"
                      onConfirm={() => act(r, 'disable')}
                    >
                      <Button size="small" danger data-testid={`staff-disable-${r.loginName}`}>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => void act(r, 'enable')}
                      data-testid={`staff-enable-${r.loginName}`}
                    >
                      启用
                    </Button>
                  )}
                  <Popconfirm
                    title="重置后原密码失效，临时密码仅显示一次。确定重置？"
                    onConfirm={() => act(r, 'password-reset')}
                  >
                    <Button size="small" data-testid={`staff-reset-${r.loginName}`}>
                      重置密码
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {creating && (
        <CreateStaff
          national={national}
          agencies={agencies}
          onClose={(created) => {
            setCreating(false);
            if (created) {
              setShown(created);
              void load();
            }
          }}
        />
      )}
      <Modal
        open={shown !== null}
        title="临时密码（仅显示一次）"
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="我已记下"
      >
        <p>
          账号 <Typography.Text strong>{shown?.loginName}</Typography.Text> 的临时密码：
        </p>
        <Typography.Paragraph copyable code data-testid="staff-temporary-password">
          {shown?.password}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          请通过安全渠道告知本人，并提醒其登录后立即修改密码。关闭后将无法再次查看。
        </Typography.Text>
      </Modal>
    </div>
  );
}

function CreateStaff({
  national,
  agencies,
  onClose,
}: {
  national: boolean;
  agencies: Agency[];
  onClose: (created: { loginName: string; password: string } | null) => void;
}) {
  const { csrfToken } = useSession();
  const [form] = Form.useForm<CreateValues>();
  const role = Form.useWatch('role', form);
  const [provinces, setProvinces] = useState<Region[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (national) fetchRegions().then(setProvinces, () => setProvinces([]));
  }, [national]);

  const roles: StaffRole[] = national
    ? ['agencyReviewer', 'agencyHead', 'provinceAdmin', 'nationalAdmin']
    : ['agencyReviewer', 'agencyHead'];

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const result = await api<{ account: StaffAccount; temporaryPassword: string }>(
        'POST',
        '/api/v1/staff/accounts',
        values,
        csrfToken ?? '',
      );
      onClose({ loginName: result.account.loginName, password: result.temporaryPassword });
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(fieldErrors(e, CREATE_FIELDS) as never);
        if (e.fields.length === 0) setProblem(e.message);
      } else setProblem('保存失败，请稍后再试');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="新增工作人员"
      okText="创建"
      cancelText="取消"
      onOk={() => void save()}
      confirmLoading={saving}
      onCancel={() => onClose(null)}
      okButtonProps={{ 'data-testid': 'staff-save' } as never}
    >
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ role: 'agencyReviewer' }}>
        <Form.Item name="loginName" label="登录名" rules={[{ required: true, message: '请填写登录名' }]}>
          <Input data-testid="staff-login-name" autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input data-testid="staff-display-name" />
        </Form.Item>
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }]}>
          <Input data-testid="staff-phone" maxLength={11} />
        </Form.Item>
        <Form.Item name="role" label="角色">
          <Select data-testid="staff-role" options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {(role === 'agencyReviewer' || role === 'agencyHead') && (
          <Form.Item
            name="agencyId"
            label="所属评价工作机构"
            rules={[{ required: true, message: '请选择评价工作机构' }]}
          >
            <Select
              data-testid="staff-agency"
              showSearch={{ optionFilterProp: 'label' }}
              options={agencies.map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        )}
        {role === 'provinceAdmin' && (
          <Form.Item name="provinceCode" label="所辖省份" rules={[{ required: true, message: '请选择省份' }]}>
            <Select
              data-testid="staff-province"
              showSearch={{ optionFilterProp: 'label' }}
              options={provinces.map((p) => ({ value: p.code, label: p.name }))}
            />
          </Form.Item>
        )}
        <Typography.Text type="secondary">初始密码由系统生成，创建后仅显示一次。</Typography.Text>
      </Form>
      {problem !== null && <Alert type="error" showIcon title={problem} data-testid="staff-form-error" />}
    </Modal>
  );
}
