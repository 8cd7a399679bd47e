import { Button, Result } from 'antd';

/** Staff opening an enterprise's filing page: the review side is where they see filings. */
export function StaffNotice({ filingId }: { filingId?: string }) {
  const href = filingId ? `/staff/filings/${encodeURIComponent(filingId)}` : '/staff/filings';
  return (
    <Result
      status="info"
      title="参评填报由企业办理"
      subTitle="工作人员请在审核页面查看企业提交的信息表。"
      data-testid="filing-staff-notice"
      extra={
        <Button type="primary" href={href}>
          {filingId ? '在审核页面查看' : '前往信息表审核'}
        </Button>
      }
    />
  );
}
