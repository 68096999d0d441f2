import type { ReactNode } from 'react';
import type { Resource } from '../hooks/useResource';
import { useT } from '../i18n';
import { ProblemMessage } from './ProblemMessage';

/** A resource's three states: "Loading…", the problem with a Reload button, or the page's view of it. */
export function Loaded<T>({
  resource,
  reload,
  children,
}: {
  resource: Resource<T>;
  reload: () => void;
  children: (value: T) => ReactNode;
}) {
  const t = useT();
  if (resource.status === 'loading')
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {t.loading}
      </p>
    );
  if (resource.status === 'error')
    return (
      <ProblemMessage error={resource.error}>
        <button type="button" className="secondary" onClick={reload}>
          {t.reload}
        </button>
      </ProblemMessage>
    );
  return <div aria-busy={resource.refreshing || undefined}>{children(resource.value)}</div>;
}
