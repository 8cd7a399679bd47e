import { Button, Result } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import { PageLoading } from '../../common/gates';
import type { EnterpriseProfile } from '../api';
import { ProfileGate } from '../ProfileGate';
import { useEnterpriseProfile } from '../useEnterpriseProfile';
import { fetchFiling, type FilingView } from './api';
import { FilingEditor } from './FilingEditor';
import { StaffNotice } from './StaffNotice';

/** /filing/:id — one filing of the enterprise the account acts as. */
export function FilingPage({ id }: { id: string }) {
  const [profile] = useEnterpriseProfile();
  const { account } = useSession();
  return (
    <div className="kx-page kx-filing-page">
      {account?.kind === 'staff' ? (
        <StaffNotice filingId={id} />
      ) : (
        <ProfileGate state={profile}>
          {() => profile.state === 'ready' && <FilingLoader id={id} profile={profile.profile} />}
        </ProfileGate>
      )}
    </div>
  );
}

type LoadState =
  | { state: 'loading' }
  | { state: 'error'; status: number; message: string }
  | { state: 'ready'; view: FilingView; generation: number };

function FilingLoader({ id, profile }: { id: string; profile: EnterpriseProfile }) {
  const numeric = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : null;
  const [state, setState] = useState<LoadState>({ state: 'loading' });
  const load = useCallback(async () => {
    if (numeric === null) {
      setState({ state: 'error', status: 404, message: '未找到该参评信息表' });
      return;
    }
    try {
      const view = await fetchFiling(numeric);
      setState((s) => ({ state: 'ready', view, generation: s.state === 'ready' ? s.generation + 1 : 0 }));
    } catch (e) {
      setState({
        state: 'error',
        status: e instanceof ApiError ? e.status : 0,
        message: e instanceof ApiError ? e.message : '加载失败，请稍后再试',
      });
    }
  }, [numeric]);
  useEffect(() => {
    void load();
  }, [load]);
  const replace = useCallback(
    (view: FilingView) =>
      setState((s) => ({ state: 'ready', view, generation: s.state === 'ready' ? s.generation + 1 : 0 })),
    [],
  );

  if (state.state === 'loading') return <PageLoading description="正在加载信息表…" />;
  if (state.state === 'error') {
    return (
      <Result
        status={state.status === 404 ? '404' : 'error'}
        title={state.status === 404 ? '未找到该信息表' : '加载失败'}
        subTitle={state.message}
        data-testid="filing-load-error"
        extra={
          <Button type="primary" href="/filing">
            返回参评填报
          </Button>
        }
      />
    );
  }
  return (
    <FilingEditor
      key={`${state.view.id}-${state.generation}`}
      initial={state.view}
      regionName={
        profile.region.code === state.view.draft.basic?.regionCode
          ? profile.region.path.map((r) => r.name).join(' / ')
          : null
      }
      registeredUscc={profile.uscc}
      onReplace={replace}
    />
  );
}
