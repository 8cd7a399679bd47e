import { WarningOutlined } from '@ant-design/icons';
import type { Warning } from '@kexiao/rules';
import { Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { sheetFieldId, warningLabel } from './sheetDisplay';

export interface SheetRow {
  path: string;
  label: string;
  value: ReactNode;
  /** A whole-width row (long text). */
  wide?: boolean;
  /** An answer that does not meet a condition (shown in red). */
  bad?: boolean;
}

/** The warnings that concern a field, as a small orange marker whose tooltip gives their messages. */
export function WarningMark({ warnings }: { warnings: readonly Warning[] | undefined }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <Tooltip
      title={
        <ul className="kx-review-tooltip-list">
          {warnings.map((w) => (
            <li key={w.code}>
              {warningLabel(w)}：{w.message}
            </li>
          ))}
        </ul>
      }
    >
      <span className="kx-review-warning-mark" tabIndex={0}>
        <WarningOutlined /> 预警
      </span>
    </Tooltip>
  );
}

/** A section of the read-only sheet: label/value pairs in two columns (one on a phone), warned fields marked. */
export function SheetFields({ rows, warned }: { rows: readonly SheetRow[]; warned: Map<string, Warning[]> }) {
  return (
    <dl className="kx-sheet-grid">
      {rows.map((r) => {
        const warnings = warned.get(r.path);
        const classes = ['kx-sheet-item'];
        if (r.wide) classes.push('kx-sheet-item-wide');
        if (warnings) classes.push('kx-sheet-item-warned');
        return (
          <div
            key={r.path}
            className={classes.join(' ')}
            id={sheetFieldId(r.path)}
            data-testid={`sheet-field-${r.path}`}
            data-warned={warnings ? 'true' : undefined}
          >
            <dt>
              {r.label}
              <WarningMark warnings={warnings} />
            </dt>
            <dd>
              {r.value === null || r.value === undefined || r.value === '' ? (
                <Typography.Text type="secondary">未填写</Typography.Text>
              ) : r.bad ? (
                <Typography.Text type="danger" strong>
                  {r.value}
                </Typography.Text>
              ) : (
                r.value
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
