// The console root: Chinese locale, server state (TanStack Query), the session gate and the router.
import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import 'antd/dist/antd.css';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter } from 'react-router';
import { ApiError, csrfToken, onSessionEnded } from '../api/client';
import { fetchMe, signOut, type Me } from '../api/session';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ErrorState, LoadingState } from '../components/PageState';
import { setTeamZone } from '../lib/format';
import { SignInPage } from '../pages/SignInPage';
import { can } from '../api/session';
import { AuthContext } from './AuthContext';
import { AppLayout } from './AppLayout';
import { pageAt } from './menu';

dayjs.locale('zh-cn');

async function currentAccount(): Promise<Me | null> {
  try {
    return await fetchMe();
  } catch (err) {
    if (err instanceof ApiError && err.sessionEnded) return null;
    throw err;
  }
}

/**
 * The sign-in check, with the opened page's code fetched alongside it and the page's first data request started
 * the moment the account is known (before React renders the page): the three no longer wait for one another.
 */
async function signInCheck(client: QueryClient): Promise<Me | null> {
  // Only with a session cookie: someone about to sign in does not need the page yet.
  const entry = csrfToken() ? pageAt(window.location.pathname) : undefined;
  void entry?.load().catch(() => undefined); // a failed load is shown by the route's error boundary
  const me = await currentAccount();
  if (me && entry?.prefetch && can(me, entry.permission)) {
    setTeamZone(me.timezone);
    entry.prefetch(client);
  }
  return me;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refused permission or an ended session will not get better by retrying.
        retry: (count, err) => count < 1 && !(err instanceof ApiError && err.code > 0),
        refetchOnWindowFocus: false,
      },
    },
  });
}

/**
 * The sign-in check as a query: null = not signed in (no session, or it ended); the sign-in page is shown.
 * main.tsx runs it before the first render; a failure it met is shown with its retry button, not asked again.
 */
export const signInQuery = (client: QueryClient) => ({
  queryKey: ['me'],
  queryFn: () => signInCheck(client),
  retry: false,
  retryOnMount: false,
  staleTime: Infinity,
});

function SessionGate() {
  const client = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const me = useQuery(signInQuery(client));
  const signedOut = (text?: string) => {
    setNotice(text);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    client.setQueryData(['me'], null);
  };
  // A request finding the session gone while signed in (idle expiry, signed out elsewhere) returns to sign-in.
  useEffect(() => onSessionEnded((err) => client.getQueryData(['me']) && signedOut(err.message)));
  if (me.isPending) return <LoadingState full />;
  if (me.error) return <ErrorState full error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(who) => {
          setNotice(undefined);
          client.setQueryData(['me'], who);
        }}
      />
    );
  }
  // Date ranges the pages send are read by the API in the team's zone.
  setTeamZone(me.data.timezone);
  const auth = {
    me: me.data,
    signOut: () =>
      void signOut()
        .catch(() => undefined)
        .finally(() => signedOut()),
  };
  return (
    <AuthContext.Provider value={auth}>
      <AppLayout />
    </AuthContext.Provider>
  );
}

/**
 * The components' styles come from antd's prebuilt stylesheet (zero-runtime mode) instead of being generated
 * in the browser on first render, which was most of a cold load's main-thread work.
 */
const THEME = { zeroRuntime: true, token: { colorPrimary: '#1677ff' } };

export function App({ client = createQueryClient() }: { client?: QueryClient }) {
  return (
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={client}>
          <BrowserRouter>
            <ErrorBoundary full>
              <SessionGate />
            </ErrorBoundary>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
