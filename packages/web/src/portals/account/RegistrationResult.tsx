import { Alert, Button, Result, Tag } from 'antd';
import { type AccountView, REAL_NAME_LABELS } from './api';

/** After registration: the real-name result, and whether the account is signed in now. */
export function RegistrationResult({ account, signedIn }: { account: AccountView; signedIn: boolean }) {
  const verified = account.realNameStatus === 'verified';
  return (
    <Result
      status={verified ? 'success' : 'warning'}
      title="注册成功"
      data-testid="registration-result"
      subTitle={
        <span>
          账号 {account.loginName}（{account.displayName}）实名认证状态：
          <Tag color={verified ? 'success' : 'warning'} data-testid="real-name-status">
            {REAL_NAME_LABELS[account.realNameStatus]}
          </Tag>
        </span>
      }
      extra={[
        <Button type="primary" key="account" href="/account" data-testid="go-account">
          进入我的账号
        </Button>,
        <Button key="home" href="/">
          返回首页
        </Button>,
      ]}
    >
      {(!verified || !signedIn) && (
        <>
          {!verified && (
            <Alert
              type="warning"
              showIcon
              data-testid="real-name-explanation"
              title="实名核验未通过"
              description={
                account.kind === 'legalPerson'
                  ? '系统未能自动核验单位或主代办人的身份信息。请先检查所填信息是否正确；如信息无误，后续可上传营业执照和身份证件照片进行人工核验（该功能即将开放）。'
                  : '系统未能自动核验您的姓名与身份证号码。请先检查所填信息是否正确；如信息无误，后续可上传身份证件照片进行人工核验（该功能即将开放）。'
              }
            />
          )}
          {!signedIn && <Alert type="info" showIcon title="注册已完成，但自动登录失败，请前往登录页面登录。" />}
        </>
      )}
    </Result>
  );
}
