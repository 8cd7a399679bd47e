import { Button, Result } from 'antd';
import { AccountPage } from './portals/account/AccountPage';
import { LoginPage } from './portals/account/LoginPage';
import { RegisterPage } from './portals/account/RegisterPage';
import { SessionProvider } from './portals/account/session';
import { SelfAssessmentPage } from './portals/public/SelfAssessmentPage';
import { AppShell } from './shell/AppShell';
import { type RouteKey, routeFor } from './shell/routes';

function Page({ route }: { route: RouteKey }) {
  switch (route) {
    case 'selfAssessment':
      return <SelfAssessmentPage />;
    case 'login':
      return <LoginPage />;
    case 'register':
      return <RegisterPage />;
    case 'account':
      return <AccountPage />;
    default:
      return (
        <Result
          status="404"
          title="页面不存在"
          subTitle="您访问的页面不存在或已移动。"
          extra={
            <Button type="primary" href="/">
              返回自测
            </Button>
          }
        />
      );
  }
}

/** Top-level routing: pages by pathname (plain links, no client router yet), inside the session. */
export function App() {
  const route = routeFor(window.location.pathname);
  return (
    <SessionProvider>
      <AppShell active={route}>
        <Page route={route} />
      </AppShell>
    </SessionProvider>
  );
}
