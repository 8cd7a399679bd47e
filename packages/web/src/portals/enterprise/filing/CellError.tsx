import { Typography } from 'antd';
import type { ErrorsByPath } from '../../public/self-assessment/formState';
import { fieldId } from '../../public/self-assessment/formState';

/** What a table cell's control carries: its id (for error links), test id, and error state. */
export function cellControl(path: string, errors: ErrorsByPath) {
  const list = errors.get(path);
  return {
    id: fieldId(path),
    'data-testid': `filing-field-${path}`,
    'aria-invalid': list ? (true as const) : undefined,
    'aria-describedby': list ? `${fieldId(path)}-help` : undefined,
    status: list ? ('error' as const) : undefined,
  };
}

/** The messages for one cell, under its control. */
export function CellError({ path, errors }: { path: string; errors: ErrorsByPath }) {
  const list = errors.get(path);
  if (!list) return null;
  return (
    <Typography.Text type="danger" className="kx-filing-cell-error" id={`${fieldId(path)}-help`}>
      {list.map((e) => e.message.slice(e.message.indexOf('：') + 1)).join('；')}
    </Typography.Text>
  );
}
