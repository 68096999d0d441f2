import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { problemText } from '../problem';

/** What went wrong and what to do next, announced at once (role="alert"). */
export function ProblemMessage({ error, children }: { error: unknown; children?: ReactNode }) {
  const t = useT();
  const { words, next } = problemText(t, error);
  return (
    <div className="problem" role="alert">
      <span className="problem-icon" aria-hidden="true">
        !
      </span>
      <div>
        <p className="problem-words">{words}</p>
        <p>{next}</p>
        {children}
      </div>
    </div>
  );
}
