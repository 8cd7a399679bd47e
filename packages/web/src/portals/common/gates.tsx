/** What a page shows before it can show itself: the loading spinner and the signed-out prompt. */
import { Button, Result, Spin } from 'antd';

/** The sign-in button of a signed-out or refused page. */
export function LoginButton({ testId }: { testId?: string }) {
  return (
    <Button type="primary" href="/login" data-testid={testId}>
      登录
    </Button>
  );
}

/** A whole-page spinner while the session (or the page's first data) loads. */
export function PageLoading({
  description,
  className = 'kx-page kx-center',
}: {
  description: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <Spin description={description} />
    </div>
  );
}

/** "您尚未登录" with a sign-in button (test id `signed-out`); the subtitle says what signing in is for. */
export function SignedOutResult({ subTitle, loginTestId }: { subTitle: string; loginTestId?: string }) {
  return (
    <Result
      status="info"
      title="您尚未登录"
      subTitle={subTitle}
      data-testid="signed-out"
      extra={<LoginButton testId={loginTestId} />}
    />
  );
}
