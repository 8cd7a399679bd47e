import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../account/api';
import { useSession } from '../account/session';
import { type EnterpriseProfile, fetchProfile } from './api';

export type ProfileState =
  | { state: 'loading' }
  | { state: 'signedOut' }
  | { state: 'noEnterprise'; message: string }
  | { state: 'error'; message: string }
  | { state: 'ready'; profile: EnterpriseProfile };

/** The enterprise the signed-in account acts as (its own, or the one an agent chose), reloadable. */
export function useEnterpriseProfile(): [ProfileState, () => void, (p: EnterpriseProfile) => void] {
  const { account } = useSession();
  const [state, setState] = useState<ProfileState>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (account === undefined) return;
    if (account === null) {
      setState({ state: 'signedOut' });
      return;
    }
    let live = true;
    fetchProfile()
      .then((profile) => live && setState({ state: 'ready', profile }))
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
          setState({ state: 'noEnterprise', message: error.message });
        } else setState({ state: 'error', message: error instanceof ApiError ? error.message : '加载失败' });
      });
    return () => {
      live = false;
    };
  }, [account, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const replace = useCallback((profile: EnterpriseProfile) => setState({ state: 'ready', profile }), []);
  return [state, reload, replace];
}
