import { FIELD_LABELS, ruleSetForYear } from '@kexiao/rules';
import { Col, Row, Typography } from 'antd';
import { Field } from '../../public/self-assessment/Field';
import { CountInput } from '../../public/self-assessment/inputs';
import { FIELD_TEST_ID, type SheetSectionProps } from './sectionTypes';
import type { SheetForm } from './sheetForm';
import { YesNo } from './YesNo';

type FastTrack = SheetForm['fastTrack'];

/** 直通车条件: two yes/no answers and two ranks (empty = none). */
export function FastTrackPart({ form, update, errors, evaluationYear }: SheetSectionProps) {
  const ruleSet = ruleSetForYear(evaluationYear);
  const ft = form.fastTrack;
  const set =
    <K extends keyof FastTrack>(key: K) =>
    (value: FastTrack[K]) =>
      update((f) => ({ ...f, fastTrack: { ...f.fastTrack, [key]: value } }));
  const standardRule =
    ruleSet.standardDraftingMaxRank === null ? '不限排名。' : `排名前${ruleSet.standardDraftingMaxRank}名方满足。`;
  return (
    <>
      <Typography.Paragraph type="secondary" className="kx-section-intro">
        满足基本条件且符合以下任一项的，直接确认符合评价条件，不再要求综合评价得分达到60分。选“是”或填写名次的，须在“证明材料”中上传相应证书或文件。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.highTechCertificateValid"
            label={FIELD_LABELS['fastTrack.highTechCertificateValid']}
            errors={errors}
            group
            testIdPrefix={FIELD_TEST_ID}
            extra="高新技术企业资格证书在有效期内。"
          >
            {(control) => (
              <YesNo control={control} value={ft.highTechCertificateValid} onChange={set('highTechCertificateValid')} />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.provincialRdInstitution"
            label={FIELD_LABELS['fastTrack.provincialRdInstitution']}
            errors={errors}
            group
            testIdPrefix={FIELD_TEST_ID}
            extra="经认定的省部级以上研发机构。"
          >
            {(control) => (
              <YesNo control={control} value={ft.provincialRdInstitution} onChange={set('provincialRdInstitution')} />
            )}
          </Field>
        </Col>
        <Col xs={24} sm={12}>
          <Field
            path="fastTrack.nationalAwardRank"
            label={FIELD_LABELS['fastTrack.nationalAwardRank']}
            errors={errors}
            testIdPrefix={FIELD_TEST_ID}
            extra={`近五年内获得国家级科技奖励的，填写企业在获奖单位中的最好名次；排名前${ruleSet.nationalAwardMaxRank}名方满足。未获奖请留空。`}
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
            label={FIELD_LABELS['fastTrack.standardDraftingRank']}
            errors={errors}
            testIdPrefix={FIELD_TEST_ID}
            extra={`近五年内主导制定过国际标准、国家标准或行业标准的，填写企业在起草单位中的最好名次；${standardRule}未主导制定请留空。`}
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
    </>
  );
}
