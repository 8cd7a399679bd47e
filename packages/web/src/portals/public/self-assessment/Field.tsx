import { Form } from 'antd';
import type { ReactNode } from 'react';
import { type ErrorsByPath, fieldId, isMissingError } from './formState';

/** What a control inside a Field must carry so that its label, help and errors are tied to it. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  /** Set for groups (radio groups, checkbox lists), which a <label for> cannot name. */
  'aria-labelledby'?: string;
  'data-testid': string;
}

interface FieldProps {
  /** Contract path of the field, e.g. figures.techStaff: errors are looked up by it. */
  path: string;
  label: ReactNode;
  errors: ErrorsByPath;
  /** Help drawn from the rules, shown under the control. */
  extra?: ReactNode;
  tooltip?: ReactNode;
  /** The control is a group: named through aria-labelledby instead of <label for>. */
  group?: boolean;
  /** Prefix of the control's test id (`input-` + path unless given). */
  testIdPrefix?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * One form field: label tied to the control, the validator's messages for its path under it
 * (yellow when it is only empty, red when it is wrong), and the rule's help text.
 */
export function Field({
  path,
  label,
  errors,
  extra,
  tooltip,
  group = false,
  testIdPrefix = 'input-',
  children,
}: FieldProps) {
  const id = fieldId(path);
  const list = errors.get(path);
  const helpId = `${id}-help`;
  const extraId = `${id}-extra`;
  const describedBy = [list ? helpId : null, extra ? extraId : null].filter((x) => x !== null).join(' ');
  const control: ControlProps = { id, 'data-testid': `${testIdPrefix}${path}` };
  if (list) control['aria-invalid'] = true;
  if (describedBy !== '') control['aria-describedby'] = describedBy;
  const labelId = `${id}-label`;
  if (group) control['aria-labelledby'] = labelId;
  return (
    <Form.Item
      label={group ? <span id={labelId}>{label}</span> : label}
      htmlFor={group ? undefined : id}
      tooltip={tooltip}
      validateStatus={list ? (list.every(isMissingError) ? 'warning' : 'error') : undefined}
      help={
        list ? (
          <span id={helpId} data-testid={`error-${path}`}>
            {list.map((e) => e.message).join('；')}
          </span>
        ) : undefined
      }
      extra={extra ? <span id={extraId}>{extra}</span> : undefined}
    >
      {children(control)}
    </Form.Item>
  );
}
