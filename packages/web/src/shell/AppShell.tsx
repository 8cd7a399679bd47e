import { DownOutlined } from '@ant-design/icons';
import { Dropdown, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { type PageDef, PAGES } from '../pages';
import { useSession } from '../portals/account/session';
import { AccountMenu } from './AccountMenu';
import type { NavAudience } from './routes';

const { Header, Content, Footer } = Layout;

interface AppShellProps {
  active: string;
  children: ReactNode;
}

/** Header with the platform name and navigation, the page, and the disclaimer footer. */
export function AppShell({ active, children }: AppShellProps) {
  const { account } = useSession();
  const shows = (nav: NavAudience): boolean => {
    if (nav.audience === 'public') return true;
    if (!account) return false;
    if (nav.audience === 'enterprise') return account.kind !== 'staff';
    return account.kind === 'staff' && (!nav.roles || account.roles.some((r) => nav.roles?.includes(r.role as never)));
  };
  const visible = PAGES.filter((p) => p.nav && shows(p.nav));
  // Staff keep the bar to their own work: the public services (自测, 公示公告, 入库查询) go into one menu.
  const staff = account?.kind === 'staff';
  const grouped = (p: PageDef) => p.nav?.group !== undefined || (staff && p.nav?.audience === 'public');
  const navItems = visible.filter((p) => !grouped(p));
  const publicItems = staff ? visible.filter((p) => p.nav?.group === undefined && p.nav?.audience === 'public') : [];
  const adminItems = visible.filter((p) => p.nav?.group === 'admin');
  return (
    <Layout className="kx-layout">
      <Header className="kx-header">
        <a className="kx-brand" href="/" aria-label="科小首页">
          <span className="kx-brand-mark" aria-hidden="true">
            科
          </span>
          <span className="kx-brand-text">
            <span className="kx-brand-name">科小</span>
            <span className="kx-brand-sub">科技型中小企业评价</span>
          </span>
        </a>
        <nav className="kx-nav" aria-label="主导航">
          {navItems.map((item) => (
            <a
              key={item.key}
              href={item.path}
              className={item.key === active ? 'kx-nav-link kx-nav-link-active' : 'kx-nav-link'}
              aria-current={item.key === active ? 'page' : undefined}
            >
              {item.nav?.label}
            </a>
          ))}
          <NavMenu label="公开服务" items={publicItems} active={active} testId="nav-public" />
          <NavMenu label="系统管理" items={adminItems} active={active} testId="nav-admin" />
        </nav>
        <AccountMenu active={active} />
      </Header>
      <Content className="kx-content">{children}</Content>
      <Footer className="kx-footer">
        <Typography.Paragraph className="kx-footer-line" data-testid="disclaimer">
          自测结果仅供参考，以评价工作机构审核和省级公告为准。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" className="kx-footer-line">
          规则依据：《科技型中小企业评价办法》（国科发政〔2017〕115号）、《科技型中小企业评价服务工作指引》（国科火字〔2022〕67号）及各年度评价工作通知；2026年度规则依据二手资料整理，标注为暂定。自测页面的计算在浏览器本地完成，自测数据不会上传。
        </Typography.Paragraph>
      </Footer>
    </Layout>
  );
}

/** A menu of navigation entries in the bar (nothing when empty), shown active when one of its pages is. */
function NavMenu({
  label,
  items,
  active,
  testId,
}: {
  label: string;
  items: readonly PageDef[];
  active: string;
  testId: string;
}) {
  if (items.length === 0) return null;
  const current = items.some((p) => p.key === active);
  return (
    <Dropdown
      trigger={['click', 'hover']}
      menu={{
        selectedKeys: [active],
        items: items.map((item) => ({
          key: item.key,
          label: (
            <a href={item.path} aria-current={item.key === active ? 'page' : undefined}>
              {item.nav?.label}
            </a>
          ),
        })),
      }}
    >
      <button
        type="button"
        className={current ? 'kx-nav-link kx-nav-menu kx-nav-link-active' : 'kx-nav-link kx-nav-menu'}
        data-testid={testId}
      >
        {label} <DownOutlined />
      </button>
    </Dropdown>
  );
}
