import { Alert, Button, Checkbox, Input, Typography } from 'antd';
import type { SubmitBlocker } from './api';
import { ProblemList } from './ProblemList';

interface CommitmentSectionProps {
  commitmentText: string;
  blockers: readonly SubmitBlocker[];
  signerName: string;
  accepted: boolean;
  onSignerName: (name: string) => void;
  onAccepted: (accepted: boolean) => void;
  onSubmit: () => void;
  submitting: boolean;
  /** A resubmission after the filing was returned. */
  resubmission: boolean;
  onGoTo: (path: string) => void;
  onGoToSection: (key: string) => void;
}

/** Blockers fixed in another section: a link there. */
const BLOCKER_SECTION: Readonly<Record<string, { key: string; text: string }>> = {
  first_page_missing: { key: 'evidence', text: '前往上传' },
  evidence_missing: { key: 'evidence', text: '前往上传' },
};

/** 承诺与提交: the commitment, its signer, and the submit button with every reason it cannot be pressed yet. */
export function CommitmentSection({
  commitmentText,
  blockers,
  signerName,
  accepted,
  onSignerName,
  onAccepted,
  onSubmit,
  submitting,
  resubmission,
  onGoTo,
  onGoToSection,
}: CommitmentSectionProps) {
  const signerOk = signerName.trim().length >= 2 && signerName.trim().length <= 50;
  const ready = blockers.length === 0 && signerOk && accepted;
  return (
    <div>
      {blockers.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="kx-filing-check"
          data-testid="filing-blockers"
          data-count={blockers.length}
          title={`暂不能提交：还有${blockers.length}项未满足`}
          description={
            <ol className="kx-filing-blockers">
              {blockers.map((b) => (
                <li key={b.code} data-code={b.code}>
                  {b.message}
                  {BLOCKER_SECTION[b.code] && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => onGoToSection((BLOCKER_SECTION[b.code] as { key: string }).key)}
                    >
                      {BLOCKER_SECTION[b.code]?.text}
                    </Button>
                  )}
                  {b.fields && b.fields.length > 0 && <ProblemList problems={b.fields} onGoTo={onGoTo} />}
                </li>
              ))}
            </ol>
          }
        />
      ) : (
        <Alert
          type="success"
          showIcon
          className="kx-filing-check"
          data-testid="filing-blockers"
          data-count={0}
          title="信息表、自评结果和证明材料均已满足提交要求，签署承诺后即可提交"
        />
      )}
      <div className="kx-filing-commitment" data-testid="commitment-text">
        <Typography.Title level={5}>承诺书</Typography.Title>
        <Typography.Paragraph>{commitmentText}</Typography.Paragraph>
      </div>
      <div className="kx-filing-signer">
        <label htmlFor="commitment-signer">签署人姓名</label>
        <Input
          id="commitment-signer"
          data-testid="commitment-signer"
          value={signerName}
          maxLength={50}
          placeholder="法定代表人或经授权的经办人"
          onChange={(e) => onSignerName(e.target.value)}
          status={signerName !== '' && !signerOk ? 'error' : undefined}
        />
      </div>
      <Checkbox
        checked={accepted}
        onChange={(e) => onAccepted(e.target.checked)}
        data-testid="commitment-accept"
        className="kx-filing-accept"
      >
        我已阅读上述承诺，确认所填信息及上传的证明材料真实、准确、完整
      </Checkbox>
      <div className="kx-filing-submit-row">
        <Button
          type="primary"
          size="large"
          onClick={onSubmit}
          loading={submitting}
          disabled={!ready}
          data-testid="filing-submit"
        >
          {resubmission ? '重新提交' : '提交'}
        </Button>
        <Typography.Text type="secondary">
          {blockers.length > 0
            ? '以上各项满足后才能提交'
            : !signerOk
              ? '请填写签署人姓名'
              : !accepted
                ? '请勾选承诺'
                : '提交后由注册地所属的评价工作机构审核；审核开始前可以撤回修改'}
        </Typography.Text>
      </div>
    </div>
  );
}
