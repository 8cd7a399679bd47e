import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { AssessmentResult } from '@kexiao/rules';

interface VerdictProps {
  /** null while the input is invalid (no current result). */
  result: AssessmentResult | null;
  errorCount: number;
  /** Every error is an empty required field (nothing is wrong, only incomplete). */
  incomplete: boolean;
}

const ROUTE_TEXT = { score: '综合评分', fastTrack: '直通车' } as const;

/** The one-line answer, announced politely to screen readers as it changes. */
export function Verdict({ result, errorCount, incomplete }: VerdictProps) {
  if (result === null) {
    return (
      <div className="kx-verdict kx-verdict-invalid" aria-live="polite" data-testid="verdict" data-state="invalid">
        <ExclamationCircleFilled aria-hidden="true" className="kx-verdict-icon" />
        <div>
          <div className="kx-verdict-title">{incomplete ? '尚未填写完整' : '输入有误，暂不能评价'}</div>
          <div className="kx-verdict-sub">
            {incomplete
              ? `还有${errorCount}项必填内容未填写，填写后即时显示结果`
              : `共${errorCount}处需要填写或修改，改好后即时显示结果`}
          </div>
        </div>
      </div>
    );
  }
  const { eligible, route, score } = result;
  return (
    <div
      className={eligible ? 'kx-verdict kx-verdict-yes' : 'kx-verdict kx-verdict-no'}
      aria-live="polite"
      data-testid="verdict"
      data-state={eligible ? 'eligible' : 'ineligible'}
      data-route={route ?? 'none'}
    >
      {eligible ? (
        <CheckCircleFilled aria-hidden="true" className="kx-verdict-icon" />
      ) : (
        <CloseCircleFilled aria-hidden="true" className="kx-verdict-icon" />
      )}
      <div>
        <div className="kx-verdict-title" data-testid="verdict-text">
          {eligible ? '符合科技型中小企业条件' : '不符合科技型中小企业条件'}
        </div>
        <div className="kx-verdict-sub" data-testid="verdict-route">
          {route === null ? `综合评价得分${score.total}分` : `通过${ROUTE_TEXT[route]}（综合评价得分${score.total}分）`}
        </div>
      </div>
    </div>
  );
}
