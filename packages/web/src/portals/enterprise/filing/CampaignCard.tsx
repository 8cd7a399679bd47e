import { CalendarOutlined } from '@ant-design/icons';
import { RULE_SETS, ruleSetForYear } from '@kexiao/rules';
import { Card, Descriptions, type DescriptionsProps, Tag, Typography } from 'antd';
import { chinaDate, type CampaignView } from './api';

/** The province's campaign: the filing window, the review time and the on-site check triggers. */
export function CampaignCard({ campaign, upcoming = false }: { campaign: CampaignView; upcoming?: boolean }) {
  const items: DescriptionsProps['items'] = [
    {
      key: 'window',
      label: '填报时间',
      children: (
        <span data-testid="campaign-window">
          {chinaDate(campaign.windowOpensOn)}至{chinaDate(campaign.windowClosesOn)}
        </span>
      ),
    },
    {
      key: 'review',
      label: '审核时限',
      children: `评价工作机构自收到之日起${campaign.reviewWorkingDays}个工作日内完成审核`,
    },
    {
      key: 'rules',
      label: '评价规则',
      children: (RULE_SETS.find((r) => r.id === campaign.ruleSetId) ?? ruleSetForYear(campaign.evaluationYear)).title,
    },
    {
      key: 'onSite',
      label: '实地核查情形',
      children:
        campaign.onSiteTriggers.length === 0 ? (
          '无'
        ) : (
          <ul className="kx-plain-list" data-testid="campaign-on-site">
            {campaign.onSiteTriggers.map((t) => (
              <li key={t.code}>{t.label}</li>
            ))}
          </ul>
        ),
    },
  ];
  return (
    <Card
      size="small"
      className="kx-section"
      data-testid={upcoming ? 'campaign-next' : 'campaign'}
      title={
        <span>
          <CalendarOutlined /> {campaign.evaluationYear}年度科技型中小企业评价
          <Tag color={upcoming ? 'default' : 'green'} className="kx-inline-tag">
            {upcoming ? '尚未开始' : '填报中'}
          </Tag>
        </span>
      }
    >
      <Descriptions size="small" column={1} items={items} className="kx-filing-campaign" />
      <Typography.Paragraph type="secondary" className="kx-filing-campaign-note">
        评价工作机构审核时发现符合实地核查情形的，将组织实地核查。具体安排以本省年度评价工作通知为准。
      </Typography.Paragraph>
    </Card>
  );
}
