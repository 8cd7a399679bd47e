import { Steps, Tooltip } from 'antd';
import { useEffect, useState } from 'react';

export interface NavItem {
  key: string;
  /** A short name (the bar has room for four or five characters a section). */
  title: string;
  status: 'wait' | 'finish' | 'error';
  /** e.g. "2处待填" */
  note?: string;
}

/** The section in view: the last one whose top has scrolled past the upper part of the window. */
function useSectionInView(keys: readonly string[]): number {
  const [index, setIndex] = useState(0);
  const joined = keys.join(',');
  useEffect(() => {
    const list = joined.split(',');
    let frame = 0;
    const measure = () => {
      frame = 0;
      let current = 0;
      list.forEach((key, i) => {
        const top = document.getElementById(`filing-section-${key}`)?.getBoundingClientRect().top;
        if (top !== undefined && top < window.innerHeight * 0.35) current = i;
      });
      setIndex(current);
    };
    const onScroll = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [joined]);
  return index;
}

/** 填报进度 (desktop): a bar over the form with every section and its state; a click scrolls to the section. */
export function SectionNav({ items, onGo }: { items: readonly NavItem[]; onGo: (key: string) => void }) {
  const current = useSectionInView(items.map((i) => i.key));
  return (
    <nav className="kx-filing-nav" aria-label="填报进度" data-testid="filing-nav">
      <Steps
        size="small"
        current={current}
        onChange={(i) => {
          const item = items[i];
          if (item) onGo(item.key);
        }}
        items={items.map((item, i) => ({
          key: item.key,
          title: item.note ? <Tooltip title={item.note}>{item.title}</Tooltip> : item.title,
          status: item.status === 'error' ? 'error' : i === current ? 'process' : item.status,
        }))}
      />
    </nav>
  );
}
