import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, errorMessage, ApiError, type ApiClient, type User } from './api/client';
import { createNameCache, type NameCache } from './names';
import { createPrivacyCheck, type PrivacyCheck } from './visibility';
import { navigate } from './router';

const TOKEN_KEY = 'yoctogram.token';

export type SessionStatus = 'loading' | 'anonymous' | 'signedIn' | 'unavailable';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** Why the session could not be checked (status 'unavailable'). */
  error: string | null;
  api: ApiClient;
  names: NameCache;
  privacy: PrivacyCheck;
  logIn(username: string, password: string): Promise<void>;
  logOut(notice?: string): void;
  setUser(user: User): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

function storedToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null) {
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token);
    else window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // private browsing without storage: the session lasts as long as the tab
  }
}

export interface ClientHooks {
  getToken(): string | null;
  onUnauthorized(): void;
}

export function SessionProvider({
  children,
  makeApi = createApiClient,
}: {
  children: ReactNode;
  /** Builds the API client from the session's hooks (tests pass a fake). */
  makeApi?: (hooks: ClientHooks) => ApiClient;
}) {
  const token = useRef<string | null>(storedToken());
  const [status, setStatus] = useState<SessionStatus>(token.current ? 'loading' : 'anonymous');
  const [user, setUserState] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const logOut = useCallback((notice?: string) => {
    token.current = null;
    storeToken(null);
    setUserState(null);
    setError(null);
    setStatus('anonymous');
    navigate('/', { notice: notice ?? 'You are logged out.' });
  }, []);

  const expired = useRef(() => {});
  expired.current = () => {
    if (token.current) logOut('Your session has expired. Please log in again.');
  };

  const api = useMemo(
    () => makeApi({ getToken: () => token.current, onUnauthorized: () => expired.current() }),
    [makeApi],
  );
  const names = useMemo(() => createNameCache(api), [api]);
  const privacy = useMemo(() => createPrivacyCheck(api), [api]);

  useEffect(() => {
    if (!token.current) return;
    let live = true;
    setStatus('loading');
    api.me().then(
      (me) => {
        if (!live) return;
        setUserState(me);
        setStatus('signedIn');
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) return; // onUnauthorized logged us out
        setError(errorMessage(e));
        setStatus('unavailable');
      },
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const logIn = useCallback(
    async (username: string, password: string) => {
      const accessToken = await api.login(username, password);
      token.current = accessToken;
      try {
        const me = await api.me();
        storeToken(accessToken);
        setUserState(me);
        setError(null);
        setStatus('signedIn');
      } catch (e) {
        token.current = null;
        throw e;
      }
    },
    [api],
  );

  const value = useMemo<Session>(
    () => ({
      status,
      user,
      error,
      api,
      names,
      privacy,
      logIn,
      logOut,
      setUser: setUserState,
      retry: () => setAttempt((n) => n + 1),
    }),
    [status, user, error, api, names, privacy, logIn, logOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
