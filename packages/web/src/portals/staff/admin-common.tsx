/**
 * Shared by the staff administration pages: the signed-in and role gates, paged list loading, the approve/reject
 * decision, a region picker of any level, types.
 */
import { Alert, App, Cascader, Result, Segmented, Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type AccountView, api, ApiError, fetchRegions, type Region } from '../account/api';
import { useSession } from '../account/session';
import { LoginButton, PageLoading, SignedOutResult } from '../common/gates';

export type StaffRole = 'nationalAdmin' | 'provinceAdmin' | 'agencyReviewer' | 'agencyHead';

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  nationalAdmin: '全国管理员',
  provinceAdmin: '省级管理员',
  agencyHead: '评价工作机构负责人',
  agencyReviewer: '评价工作机构审核员',
};

export const LEVEL_LABELS = { city: '地市', county: '区县' } as const;

export interface Agency {
  id: number;
  provinceCode: string;
  name: string;
  level: 'city' | 'county';
  regionCode: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactMobile: string | null;
  email: string | null;
  jurisdiction: { code: string; name: string }[];
}

export const hasRole = (account: AccountView | null | undefined, ...roles: StaffRole[]) =>
  account?.kind === 'staff' && account.roles.some((r) => roles.includes(r.role as StaffRole));

/** Renders its children only for a signed-in staff account; a spinner, a sign-in prompt or a refusal otherwise. */
export function StaffOnly({ children, testId }: { children: (account: AccountView) => ReactNode; testId: string }) {
  const { account } = useSession();
  if (account === undefined) return <PageLoading description="正在加载…" />;
  if (account === null) return <SignedOutResult subTitle="工作人员请先登录。" loginTestId="signed-out-login" />;
  if (account.kind !== 'staff') {
    return (
      <Result status="403" title="无权访问" subTitle="此页面仅供工作人员使用。" data-testid={`${testId}-forbidden`} />
    );
  }
  return <>{children(account)}</>;
}

/**
 * The guard of a staff queue page: a spinner while the session loads, then — unless `allowed` — a refusal
 * (`subTitle` says who may use the page) with a sign-in button; the children otherwise.
 */
export function StaffGate({
  allowed,
  subTitle,
  children,
}: {
  allowed: boolean;
  subTitle: string;
  children: ReactNode;
}) {
  const { account } = useSession();
  if (account === undefined) return <PageLoading description="正在加载…" />;
  if (!allowed) return <Result status="403" title="无权访问" subTitle={subTitle} extra={<LoginButton />} />;
  return <>{children}</>;
}

/**
 * One page of a staff list from GET `url()`, loaded whenever `enabled` and `url` (a callback over the page's
 * filters and page number) change; `load` reloads it. A failure that is not an API problem shows `fallback`.
 */
export function usePagedQuery<P>(url: () => string, enabled: boolean, fallback: string) {
  const [data, setData] = useState<P | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    api<P>('GET', url())
      .then((p) => {
        setData(p);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', fallback, [])))
      .finally(() => setLoading(false));
  }, [url, fallback]);

  useEffect(() => {
    if (enabled) load();
  }, [enabled, load]);

  return { data, error, loading, load };
}

/** The status filter of a queue of requests decided by staff, and the colour of each status. */
export type DecisionFilter = 'pending' | 'approved' | 'rejected' | 'all';
export const DECISION_STATUS_COLORS = { pending: 'processing', approved: 'success', rejected: 'error' } as const;

/** The status filter above a decision queue; `pendingLabel` names the waiting requests (待审核, 待核验). */
export function DecisionFilterSwitch({
  value,
  onChange,
  pendingLabel,
  testId,
}: {
  value: DecisionFilter;
  onChange: (value: DecisionFilter) => void;
  pendingLabel: string;
  testId?: string;
}) {
  return (
    <Segmented<DecisionFilter>
      value={value}
      onChange={onChange}
      options={[
        { label: pendingLabel, value: 'pending' },
        { label: '已通过', value: 'approved' },
        { label: '未通过', value: 'rejected' },
        { label: '全部', value: 'all' },
      ]}
      data-testid={testId}
    />
  );
}

/** A failed list load: the problem's message, and its field problems (e.g. a bad filter) below it. */
export function ProblemAlert({ error, testId }: { error: ApiError; testId?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      className="kx-form-alert"
      title={error.message}
      description={error.fields.length > 0 ? error.fields.map((f) => f.message).join('；') : undefined}
      data-testid={testId}
    />
  );
}

export type Decision = 'approve' | 'reject';

/**
 * The approve/reject decision on a pending request in a staff drawer: the reason (required, at least
 * `minReason` characters, to reject), its error, the busy button. `decide` posts to `url` (null: nothing open),
 * then hands the decided request to `onDecided` and reloads the list; a conflict (409) reloads it too.
 */
export function useStaffDecision<T>({
  url,
  minReason,
  reasonRequired,
  approved,
  onDecided,
  reload,
}: {
  url: string | null;
  minReason: number;
  reasonRequired: string;
  approved: string;
  onDecided: (decided: T) => void;
  reload: () => void;
}) {
  const { csrfToken } = useSession();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Decision | null>(null);

  /** Clear the reason when another request is opened. */
  const reset = () => {
    setReason('');
    setReasonError(null);
  };

  const decide = async (decision: Decision) => {
    if (url === null) return;
    const text = reason.trim();
    if (decision === 'reject' && [...text].length < minReason) {
      setReasonError(reasonRequired);
      return;
    }
    setReasonError(null);
    setBusy(decision);
    try {
      const decided = await api<T>('POST', url, { decision, ...(text ? { reason: text } : {}) }, csrfToken ?? '');
      message.success(decision === 'approve' ? approved : '已标记为不通过');
      onDecided(decided);
      reload();
    } catch (e) {
      const problem = e instanceof ApiError ? e : null;
      const field = problem?.fields.find((f) => f.path === 'reason');
      if (field) setReasonError(field.message);
      else message.error(problem?.message ?? '操作失败，请稍后再试');
      if (problem?.status === 409) reload();
    } finally {
      setBusy(null);
    }
  };

  return { reason, setReason, reasonError, busy, reset, decide };
}

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

const toOption = (r: Region): RegionOption => ({
  value: r.code,
  label: r.name,
  isLeaf: r.kind === 'county' || r.kind === 'zone',
});

/**
 * A region of any level (city, county, functional zone; provinces only when `allowProvince`), loaded level by
 * level from /api/v1/regions. `onPick` receives the chosen region's code and its path text.
 */
export function RegionPicker({
  onPick,
  testId,
  root,
  placeholder = '选择行政区划或功能区',
  value,
}: {
  onPick: (region: { code: string; name: string; path: string } | null) => void;
  testId: string;
  /** Start below this province (a province administrator picks within its province). */
  root?: string;
  placeholder?: string;
  value?: string[];
}) {
  const [options, setOptions] = useState<RegionOption[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    fetchRegions(root)
      .then((regions) => setOptions(regions.map(toOption)))
      .catch((error: unknown) => setLoadError(error instanceof ApiError ? error.message : '行政区划加载失败'));
  }, [root]);

  const loadData = async (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    if (target === undefined) return;
    try {
      const children = (await fetchRegions(target.value)).map(toOption);
      target.children = children;
      if (children.length === 0) target.isLeaf = true;
    } catch (error) {
      setLoadError(error instanceof ApiError ? error.message : '行政区划加载失败');
    }
    setOptions((current) => [...current]);
  };

  return (
    <>
      <Cascader
        options={options}
        loadData={loadData}
        changeOnSelect
        value={value}
        placeholder={placeholder}
        data-testid={testId}
        style={{ width: '100%' }}
        onChange={(codes, selected) => {
          const path = (selected ?? []) as RegionOption[];
          const last = path[path.length - 1];
          onPick(
            last === undefined || codes === undefined
              ? null
              : { code: last.value, name: last.label, path: path.map((p) => p.label).join(' › ') },
          );
        }}
      />
      {loadError !== null && <Typography.Text type="danger">{loadError}</Typography.Text>}
    </>
  );
}
