import { Button } from 'antd';
import { useState } from 'react';
import type { FieldProblem } from '../../account/api';
import { sheetPath } from './api';

/** Field problems, each a link that brings its field into view. */
export function ProblemList({
  problems,
  onGoTo,
  testId,
  limit = 8,
}: {
  problems: readonly FieldProblem[];
  onGoTo: (path: string) => void;
  testId?: string;
  /** Show this many until asked for all. */
  limit?: number;
}) {
  const [all, setAll] = useState(false);
  const shown = all || problems.length <= limit + 2 ? problems : problems.slice(0, limit);
  return (
    <ul className="kx-plain-list" data-testid={testId}>
      {shown.map((p) => (
        <li key={`${p.path}-${p.message}`} data-path={sheetPath(p.path)}>
          <Button type="link" size="small" className="kx-error-link" onClick={() => onGoTo(sheetPath(p.path))}>
            {p.message}
          </Button>
        </li>
      ))}
      {shown.length < problems.length && (
        <li className="kx-filing-more">
          <Button type="link" size="small" onClick={() => setAll(true)}>
            显示全部{problems.length}处
          </Button>
        </li>
      )}
    </ul>
  );
}
