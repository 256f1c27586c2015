// The dashboard's figures query, apart from the page's code: the console starts it as soon as the session is
// known (menu.tsx `prefetch`), while the page's code is still on its way, and the page finds it under this key.
import type { QueryClient } from '@tanstack/react-query';
import { dayStats } from '../../api/dashboard';

/** The page refreshes its figures this often; an answer this young is as fresh as the page keeps them. */
export const STATS_REFRESH_MS = 10_000;

export const statsQuery = {
  queryKey: ['stats'],
  queryFn: () => dayStats(),
  staleTime: STATS_REFRESH_MS,
};

/** Today's figures, asked for before the page's code has arrived. */
export function prefetchDashboard(client: QueryClient): void {
  void client.prefetchQuery(statsQuery);
}
