import { Button, Result } from 'antd';
import { SelfAssessmentPage } from './portals/public/SelfAssessmentPage';
import { AppShell } from './shell/AppShell';
import { routeFor } from './shell/routes';

/** Top-level routing: the public portal's pages by pathname (plain links, no client router yet). */
export function App() {
  const route = routeFor(window.location.pathname);
  return (
    <AppShell active={route}>
      {route === 'selfAssessment' ? (
        <SelfAssessmentPage />
      ) : (
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
      )}
    </AppShell>
  );
}
