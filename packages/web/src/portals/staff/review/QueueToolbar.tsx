import { Button, Checkbox, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { QUEUE_STATUSES, STATUS_LABELS } from './api';
import {
  DUE_LABELS,
  type DueFilter,
  EMPTY_FILTERS,
  type QueueFilters,
  type QueueSort,
  SORT_LABELS,
} from './queueQuery';

interface QueueToolbarProps {
  filters: QueueFilters;
  onChange: (next: QueueFilters) => void;
  /** 我审核中的: only for the agency's reviewers. */
  reviewer: boolean;
  /** The agencies a province or national administrator may filter by (null: no agency filter). */
  agencies: { id: number; name: string }[] | null;
  exportHref: string;
}

/** Years offered: this year and the next, back to 2017 (the first year of the 办法). */
function yearOptions() {
  const now = new Date().getFullYear();
  const years: number[] = [];
  for (let y = now + 1; y >= 2017; y--) years.push(y);
  return years.map((y) => ({ value: y, label: `${y}年度` }));
}

/** The queue's filters: status, deadline, warnings, on-site, mine, search, year, agency, sort; the export link. */
export function QueueToolbar({ filters, onChange, reviewer, agencies, exportHref }: QueueToolbarProps) {
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const set = (patch: Partial<QueueFilters>) => onChange({ ...filters, ...patch, page: 1 });

  return (
    <div className="kx-review-toolbar" data-testid="queue-filters">
      <Space wrap size={[12, 8]}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(value) => set({ q: value.trim() })}
          placeholder="企业名称或统一社会信用代码"
          className="kx-review-search"
          data-testid="queue-search"
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          value={filters.statuses}
          onChange={(v) => set({ statuses: v as QueueFilters['statuses'] })}
          placeholder="全部状态"
          options={QUEUE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          className="kx-review-status-filter"
          maxTagCount="responsive"
          data-testid="queue-status"
        />
        <Select<DueFilter | ''>
          value={filters.due ?? ''}
          onChange={(v) => set({ due: v === '' ? null : v })}
          options={[
            { value: '', label: '审核期限：不限' },
            ...(Object.keys(DUE_LABELS) as DueFilter[]).map((d) => ({ value: d, label: DUE_LABELS[d] })),
          ]}
          className="kx-review-select"
          data-testid="queue-due"
        />
        <Select<number | 0>
          value={filters.year ?? 0}
          onChange={(v) => set({ year: v === 0 ? null : v })}
          options={[{ value: 0, label: '全部年度' }, ...yearOptions()]}
          className="kx-review-year"
          data-testid="queue-year"
        />
        {agencies !== null && (
          <Select<number | 0>
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.agencyId ?? 0}
            onChange={(v) => set({ agencyId: v === 0 ? null : v })}
            options={[
              { value: 0, label: '全部评价工作机构' },
              ...agencies.map((a) => ({ value: a.id, label: a.name })),
            ]}
            className="kx-review-agency"
            data-testid="queue-agency"
          />
        )}
      </Space>
      <Space wrap size={[16, 8]} className="kx-review-toolbar-row">
        <Checkbox
          checked={filters.hasWarnings}
          onChange={(e) => set({ hasWarnings: e.target.checked })}
          data-testid="queue-has-warnings"
        >
          有预警
        </Checkbox>
        <Checkbox
          checked={filters.onSiteRequired}
          onChange={(e) => set({ onSiteRequired: e.target.checked })}
          data-testid="queue-on-site"
        >
          需实地核查
        </Checkbox>
        {reviewer && (
          <Checkbox
            checked={filters.claimedByMe}
            onChange={(e) => set({ claimedByMe: e.target.checked })}
            data-testid="queue-mine"
          >
            我审核中的
          </Checkbox>
        )}
        <Select<QueueSort>
          value={filters.sort}
          onChange={(v) => set({ sort: v })}
          options={(Object.keys(SORT_LABELS) as QueueSort[]).map((s) => ({
            value: s,
            label: `排序：${SORT_LABELS[s]}`,
          }))}
          className="kx-review-sort"
          data-testid="queue-sort"
        />
        <Button onClick={() => onChange(EMPTY_FILTERS)} data-testid="queue-reset">
          重置
        </Button>
        <Button href={exportHref} data-testid="queue-export">
          导出Excel
        </Button>
      </Space>
    </div>
  );
}
