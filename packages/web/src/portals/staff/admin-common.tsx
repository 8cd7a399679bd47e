/** Shared by the staff administration pages: the signed-in gate, a region picker of any level, types. */
import { Button, Cascader, Result, Spin, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { type AccountView, ApiError, fetchRegions, type Region } from '../account/api';
import { useSession } from '../account/session';

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
  if (account === undefined) {
    return (
      <div className="kx-page kx-center">
        <Spin description="正在加载…" />
      </div>
    );
  }
  if (account === null) {
    return (
      <Result
        status="info"
        title="您尚未登录"
        subTitle="工作人员请先登录。"
        data-testid="signed-out"
        extra={
          <Button type="primary" href="/login" data-testid="signed-out-login">
            登录
          </Button>
        }
      />
    );
  }
  if (account.kind !== 'staff') {
    return (
      <Result status="403" title="无权访问" subTitle="此页面仅供工作人员使用。" data-testid={`${testId}-forbidden`} />
    );
  }
  return <>{children(account)}</>;
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
