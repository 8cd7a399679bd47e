import type { Warning } from '@kexiao/rules';
import { Alert, Button } from 'antd';
import { sheetFieldId, warningLabel } from './sheetDisplay';

/** Scroll to a field of the read-only sheet and flash it. */
function reveal(path: string) {
  const element = document.getElementById(sheetFieldId(path));
  if (!element) return;
  element.scrollIntoView({ behavior: 'smooth', block: 'center' });
  element.classList.add('kx-sheet-flash');
  window.setTimeout(() => element.classList.remove('kx-sheet-flash'), 1600);
}

/** 预警: what the reviewer should look at closely, each with a link to the fields it concerns. */
export function WarningsPanel({ warnings }: { warnings: readonly Warning[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="kx-section"
      data-testid="review-warnings"
      title={`预警 ${warnings.length} 项：请对照证明材料重点核实（预警不影响提交，需审核人员判断）`}
      description={
        <ol className="kx-review-warning-list">
          {warnings.map((w) => (
            <li key={w.code} data-testid={`review-warning-${w.code}`}>
              <strong>{warningLabel(w)}</strong>：{w.message}
              {w.paths.length > 0 && (
                <Button type="link" size="small" onClick={() => reveal(w.paths[0] as string)}>
                  查看
                </Button>
              )}
            </li>
          ))}
        </ol>
      }
    />
  );
}
