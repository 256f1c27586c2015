// The live dialer state from the /ext/dialer/live Server-Sent Events stream, reconnecting when it drops.
import { useEffect, useState } from 'react';
import { streamEvents, type ApiError } from '../api/client';
import type { LiveSnapshot } from '../api/dashboard';

export function useLiveSnapshot(): { snapshot?: LiveSnapshot; error?: ApiError } {
  const [snapshot, setSnapshot] = useState<LiveSnapshot>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    const abort = new AbortController();
    void streamEvents(
      '/ext/dialer/live',
      (data) => {
        setError(undefined);
        setSnapshot(data as LiveSnapshot);
      },
      abort.signal,
      setError,
    );
    return () => abort.abort();
  }, []);
  return { snapshot, error };
}
