import { Card, Descriptions, Tag, Typography } from 'antd';
import { type RegistrationView, registrationPath } from './api';

/** One registration as the public sees it: the number, the enterprise, the announcement and the status. */
export function RegistrationCard({ r, linked = true }: { r: RegistrationView; linked?: boolean }) {
  const title = linked ? (
    <a href={registrationPath(r.registrationNo)} data-testid="registry-result-link">
      {r.registrationNo}
    </a>
  ) : (
    <span data-testid="registry-number">{r.registrationNo}</span>
  );
  return (
    <Card
      size="small"
      className="kx-registry-card"
      data-testid="registry-result"
      title={
        <span className="kx-registry-card-title">
          {title}
          <Tag color={r.status === 'valid' ? 'success' : 'error'} data-testid="registry-status">
            {r.statusLabel}
          </Tag>
        </span>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          {
            key: 'name',
            label: '企业名称',
            children: (
              <span>
                {r.enterpriseName}
                {r.currentName !== null && (
                  <Typography.Text type="secondary">（现名称：{r.currentName}）</Typography.Text>
                )}
              </span>
            ),
          },
          { key: 'uscc', label: '统一社会信用代码', children: r.uscc },
          { key: 'year', label: '评价年度', children: `${r.evaluationYear}年度` },
          { key: 'region', label: '所在地区', children: `${r.provinceName}${r.regionName}` },
          {
            key: 'announcement',
            label: '入库公告',
            children: `${r.provinceName}${r.announcement.title}（${r.announcement.announcedOn}）`,
          },
          ...(r.revokedOn === null ? [] : [{ key: 'revoked', label: '撤销日期', children: r.revokedOn }]),
        ]}
      />
    </Card>
  );
}
