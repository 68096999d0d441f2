import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T; readonly refreshing: boolean }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * Something the page reads from the server: loading, ready or failed, loaded again when `key`
 * changes or `reload()` is called. A refresh keeps the figures on screen (no flash of "Loading")
 * and an answer that arrives after the page moved on is dropped.
 */
export function useResource<T>(load: () => Promise<T>, key: string): { resource: Resource<T>; reload: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    setResource((r) => (r.status === 'ready' ? { ...r, refreshing: true } : { status: 'loading' }));
    loadRef.current().then(
      (value) => live && setResource({ status: 'ready', value, refreshing: false }),
      (error: unknown) => live && setResource({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { resource, reload };
}
