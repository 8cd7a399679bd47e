import { Card, Col, Row, Typography } from 'antd';
import { BoolSwitch } from './BoolSwitch';
import { Field } from './Field';
import { type FastTrackState, normaliseNumberText } from './formState';
import { CountInput } from './inputs';
import { fieldLabel } from './labels';
import type { SectionProps } from './sectionTypes';

/** "第4名：不满足（须前3名）" for a rank typed, or null when empty or not a rank. */
function rankStatus(text: string, maxRank: number | null): string | null {
  const t = normaliseNumberText(text);
  if (!/^\d+$/.test(t) || Number(t) < 1) return null;
  const rank = Number(t);
  if (maxRank === null) return `第${rank}名：满足（不限排名）`;
  return rank <= maxRank ? `第${rank}名：满足（须前${maxRank}名）` : `第${rank}名：不满足（须前${maxRank}名）`;
}

export function FastTrackSection({ state, update, errors, ruleSet }: SectionProps) {
  const ft = state.fastTrack;
  const set =
    <K extends keyof FastTrackState>(key: K) =>
    (value: FastTrackState[K]) =>
      update((s) => ({ ...s, fastTrack: { ...s.fastTrack, [key]: value } }));
  const standardRule =
    ruleSet.standardDraftingMaxRank === null
      ? `${ruleSet.id}版规则不限排名。`
      : `在起草单位中排名前${ruleSet.standardDraftingMaxRank}名方满足（2022年度起；2017版规则不限排名）。`;
  const rankExtra = (status: string | null, rule: string, testId: string) => (
    <>
      {status && (
        <span className="kx-money-echo" data-testid={testId}>
          {status}
        </span>
      )}
      {rule}
    </>
  );

  return (
    <Card title="直通车条件" size="small" className="kx-section">
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        满足基本条件且符合以下任一项的，直接确认符合评价条件，不再要求综合评价得分达到60分。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.highTechCertificateValid"
            label={fieldLabel('fastTrack.highTechCertificateValid')}
            errors={errors}
            extra="高新技术企业资格证书在有效期内。"
          >
            {(control) => (
              <BoolSwitch
                control={control}
                checked={ft.highTechCertificateValid}
                onChange={set('highTechCertificateValid')}
              />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.provincialRdInstitution"
            label={fieldLabel('fastTrack.provincialRdInstitution')}
            errors={errors}
            extra="经认定的省部级以上研发机构。"
          >
            {(control) => (
              <BoolSwitch
                control={control}
                checked={ft.provincialRdInstitution}
                onChange={set('provincialRdInstitution')}
              />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.nationalAwardRank"
            label={fieldLabel('fastTrack.nationalAwardRank')}
            errors={errors}
            extra={rankExtra(
              rankStatus(ft.nationalAwardRank, ruleSet.nationalAwardMaxRank),
              `近五年内获得国家级科技奖励的，填写企业在获奖单位中的最好名次；排名前${ruleSet.nationalAwardMaxRank}名方满足。`,
              'status-fastTrack.nationalAwardRank',
            )}
          >
            {(control) => (
              <CountInput
                control={control}
                unit="名"
                placeholder="未获奖请留空"
                value={ft.nationalAwardRank}
                onChange={set('nationalAwardRank')}
              />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.standardDraftingRank"
            label={fieldLabel('fastTrack.standardDraftingRank')}
            errors={errors}
            extra={rankExtra(
              rankStatus(ft.standardDraftingRank, ruleSet.standardDraftingMaxRank),
              `近五年内主导制定过国际标准、国家标准或行业标准的，填写企业在起草单位中的最好名次；${standardRule}`,
              'status-fastTrack.standardDraftingRank',
            )}
          >
            {(control) => (
              <CountInput
                control={control}
                unit="名"
                placeholder="未主导制定请留空"
                value={ft.standardDraftingRank}
                onChange={set('standardDraftingRank')}
              />
            )}
          </Field>
        </Col>
      </Row>
    </Card>
  );
}
