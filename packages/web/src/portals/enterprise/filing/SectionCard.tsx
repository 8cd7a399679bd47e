import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import type { ReactNode } from 'react';

interface SectionCardProps {
  sectionKey: string;
  title: ReactNode;
  /** Beside the title (e.g. how many problems). */
  badge?: ReactNode;
  /** On a phone the card folds; its content stays in the page (hidden) so error links can still find it. */
  collapsible: boolean;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}

/** One section of the filing page: a card on a desktop, a card that folds on a phone. */
export function SectionCard({ sectionKey, title, badge, collapsible, open, onToggle, children }: SectionCardProps) {
  const bodyId = `filing-section-${sectionKey}-body`;
  const shown = !collapsible || open;
  return (
    <Card
      id={`filing-section-${sectionKey}`}
      data-testid={`filing-section-${sectionKey}`}
      size="small"
      className="kx-section kx-filing-section"
      classNames={{ body: shown ? undefined : 'kx-filing-collapsed' }}
      title={
        collapsible ? (
          <button
            type="button"
            className="kx-filing-section-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={onToggle}
          >
            {open ? <DownOutlined aria-hidden="true" /> : <RightOutlined aria-hidden="true" />}
            <span>{title}</span>
            {badge}
          </button>
        ) : (
          <span className="kx-filing-section-title">
            {title}
            {badge}
          </span>
        )
      }
    >
      <div id={bodyId}>{children}</div>
    </Card>
  );
}
