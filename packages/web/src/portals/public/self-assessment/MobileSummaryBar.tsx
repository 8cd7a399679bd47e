import { Button } from 'antd';
import type { Outcome } from './evaluation';
import { isMissingError } from './formState';

/** On a phone the result sits below the form: a small bar keeps the verdict in view while typing. */
export function MobileSummaryBar({ outcome }: { outcome: Outcome }) {
  let text: string;
  let tone: string;
  if (outcome.status === 'invalid') {
    text = outcome.errors.every(isMissingError)
      ? `尚未填写完整（${outcome.errors.length}项）`
      : `输入有误（${outcome.errors.length}处）`;
    tone = 'kx-summary-invalid';
  } else {
    const { eligible, score } = outcome.explanation.result;
    text = `${eligible ? '符合条件' : '不符合条件'} · ${score.total}分`;
    tone = eligible ? 'kx-summary-yes' : 'kx-summary-no';
  }
  return (
    <div className={`kx-summary-bar ${tone}`} data-testid="summary-bar">
      <span className="kx-summary-text">{text}</span>
      <Button
        size="small"
        onClick={() => document.getElementById('result')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
      >
        查看结果
      </Button>
    </div>
  );
}
