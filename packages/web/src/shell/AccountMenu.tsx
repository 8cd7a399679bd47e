import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useSession } from '../portals/account/session';
import { MessagesBell } from '../portals/account/MessagesBell';
import { ActingForSwitcher } from '../portals/enterprise/ActingForSwitcher';

/** Right side of the header: 登录 / 注册 when signed out, the display name with its menu when signed in. */
export function AccountMenu({ active }: { active: string }) {
  const { account, signOut } = useSession();
  const { message } = App.useApp();
  if (account === undefined) return <div className="kx-account-menu" aria-busy="true" />;
  if (account === null) {
    return (
      <div className="kx-account-menu" data-testid="header-signed-out">
        <a
          href="/login"
          className={active === 'login' ? 'kx-nav-link kx-nav-link-active' : 'kx-nav-link'}
          data-testid="header-login"
        >
          登录
        </a>
        <Button type="primary" size="small" href="/register" data-testid="header-register">
          注册
        </Button>
      </div>
    );
  }
  return (
    <div className="kx-account-menu">
      <ActingForSwitcher />
      <MessagesBell accountId={account.id} />
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'account', label: <a href="/account">我的账号</a> },
            { key: 'messages', label: <a href="/messages">我的消息</a> },
            { key: 'security', label: <a href="/account/security">账号安全</a> },
            { key: 'logout', label: <span data-testid="header-logout">退出登录</span> },
          ],
          onClick: ({ key }) => {
            if (key !== 'logout') return;
            signOut()
              .then(() => message.success('已退出登录'))
              .catch(() => message.error('退出失败，请稍后再试'));
          },
        }}
      >
        <Button type="text" className="kx-account-button" data-testid="header-account">
          <UserOutlined aria-hidden="true" />
          <span className="kx-account-name">{account.displayName}</span>
          <DownOutlined aria-hidden="true" />
        </Button>
      </Dropdown>
    </div>
  );
}
