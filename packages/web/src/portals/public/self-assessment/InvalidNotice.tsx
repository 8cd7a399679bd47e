import type { FieldError } from '@kexiao/rules';
import { Alert, Button } from 'antd';
import { fieldId } from './formState';

/** Every field error, each a link that moves the focus to the field. */
export function InvalidNotice({
  errors,
  onFocus,
}: {
  errors: readonly FieldError[];
  /** Bring a field into view (default: scroll to the element of its id and focus it). */
  onFocus?: (path: string) => void;
}) {
  const scrollTo = (path: string) => {
    const element = document.getElementById(fieldId(path));
    if (element) {
      element.scrollIntoView({ block: 'center', behavior: 'smooth' });
      element.focus({ preventScroll: true });
    }
  };
  const focus = onFocus ?? scrollTo;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="input-errors"
      title="以下内容需要填写或修改（不完整或有误的数据不作评价）"
      description={
        <ul className="kx-plain-list">
          {errors.map((e) => (
            <li key={`${e.path}-${e.message}`} data-path={e.path}>
              <Button type="link" size="small" className="kx-error-link" onClick={() => focus(e.path)}>
                {e.message}
              </Button>
            </li>
          ))}
        </ul>
      }
    />
  );
}
