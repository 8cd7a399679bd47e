import { Result } from 'antd';
import { PageLoading, SignedOutResult } from '../common/gates';
import type { ReactNode } from 'react';
import type { ProfileState } from './useEnterpriseProfile';

/** What an enterprise page shows until the enterprise is known: loading, signed out, or no enterprise. */
export function ProfileGate({ state, children }: { state: ProfileState; children: () => ReactNode }) {
  if (state.state === 'loading') {
    return <PageLoading description="正在加载企业信息…" />;
  }
  if (state.state === 'signedOut') {
    return <SignedOutResult subTitle="请使用法人账号登录，或以代办人（自然人账号）登录后选择代表办理的企业。" />;
  }
  if (state.state === 'noEnterprise') {
    return (
      <Result
        status="info"
        title="当前未代表企业办理"
        subTitle='请先在页面右上角"代表企业办理"中选择要办理的企业。企业须先在"代办人管理"中授权您为代办人。'
        data-testid="no-enterprise"
      />
    );
  }
  if (state.state === 'error') return <Result status="error" title="加载失败" subTitle={state.message} />;
  return <>{children()}</>;
}
