import { Button, Result } from 'antd';
import { SessionProvider } from './portals/account/session';
import { PAGES } from './pages';
import { AppShell } from './shell/AppShell';
import { matchRoute } from './shell/routes';

function NotFound() {
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

/** Top-level routing: pages by pathname (plain links, no client router), inside the session. */
export function App() {
  const match = matchRoute(PAGES, window.location.pathname);
  const page = PAGES.find((p) => p.key === match.key);
  return (
    <SessionProvider>
      <AppShell active={match.key}>{page ? page.render(match.params) : <NotFound />}</AppShell>
    </SessionProvider>
  );
}
