import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type AccountView, type ActingFor, api, ApiError, type SessionView } from './api';

export interface SessionState {
  /** undefined while loading; null when signed out */
  account: AccountView | null | undefined;
  csrfToken: string | null;
  /** The enterprise a natural person currently acts for (代办), or null. */
  actingFor: ActingFor | null;
  /** Choose the enterprise to act for (null: act as oneself); the server checks the grant. */
  chooseActingFor: (enterpriseId: number | null) => Promise<ActingFor | null>;
  setSession: (session: SessionView | null) => void;
  signOut: () => Promise<void>;
  signOutEverywhere: () => Promise<number>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The signed-in account (from GET /api/v1/session on load), and the ways to sign out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  const [csrfToken, setCsrfToken] = useState<string | null>(null);
  const [actingFor, setActingFor] = useState<ActingFor | null>(null);

  const setSession = useCallback((session: SessionView | null) => {
    setAccount(session?.account ?? null);
    setCsrfToken(session?.csrfToken ?? null);
    setActingFor(session?.actingFor ?? null);
  }, []);

  useEffect(() => {
    let live = true;
    api<SessionView>('GET', '/api/v1/session')
      .then((s) => live && setSession(s))
      .catch(() => live && setSession(null));
    return () => {
      live = false;
    };
  }, [setSession]);

  const signOut = useCallback(async () => {
    try {
      await api<void>('DELETE', '/api/v1/session', undefined, csrfToken ?? '');
    } catch (error) {
      // An expired session is signed out already.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setSession(null);
  }, [csrfToken, setSession]);

  const signOutEverywhere = useCallback(async () => {
    const { revoked } = await api<{ revoked: number }>(
      'POST',
      '/api/v1/session/revoke-all',
      undefined,
      csrfToken ?? '',
    );
    setSession(null);
    return revoked;
  }, [csrfToken, setSession]);

  const chooseActingFor = useCallback(
    async (enterpriseId: number | null) => {
      const reply = await api<{ actingFor: ActingFor | null }>(
        'PUT',
        '/api/v1/session/acting-for',
        { enterpriseId },
        csrfToken ?? '',
      );
      setActingFor(reply.actingFor);
      return reply.actingFor;
    },
    [csrfToken],
  );

  const value = useMemo(
    () => ({ account, csrfToken, actingFor, chooseActingFor, setSession, signOut, signOutEverywhere }),
    [account, csrfToken, actingFor, chooseActingFor, setSession, signOut, signOutEverywhere],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession 须在 SessionProvider 内使用');
  return value;
}
