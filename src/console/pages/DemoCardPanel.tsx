import { useState, type FormEvent } from 'react';
import { BusyButton } from '../components/BusyButton';
import { ProblemMessage } from '../components/ProblemMessage';
import { serviceName } from '../format';
import { useAction } from '../hooks/useAction';
import { fill, useT } from '../i18n';
import { isNotFound } from '../problem';
import { useSession } from '../session';
import { KNOWN_SERVICES } from './venue-config';

/**
 * "Issue a demo card", for a demo deployment. Elsewhere the server answers 404; the panel then
 * goes away and says why, rather than offering a button that cannot work.
 */
export function DemoCardPanel({ onIssued }: { onIssued: (id: string) => void }) {
  const t = useT();
  const c = t.cards;
  const { api } = useSession();
  const [services, setServices] = useState<readonly string[]>(['library', 'citysave']);
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ id: string; token: string } | null>(null);
  const issue = useAction((list: readonly string[]) => api.demoCard(list));

  // Not a demo deployment: the server's 404 is the answer, and stays the answer.
  if (isNotFound(issue.error)) return <p className="info">{c.demoUnavailable}</p>;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (services.length === 0) {
      setProblem(c.demoServicesMissing);
      return;
    }
    setProblem(null);
    const outcome = await issue.run(services);
    if (outcome.ok) {
      setIssued(outcome.value);
      onIssued(outcome.value.id);
    }
  };
  return (
    <section className="panel" aria-labelledby="demo-card-heading">
      <h2 id="demo-card-heading">{c.demoHeading}</h2>
      <p>{c.demoIntro}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className={problem ? 'checks has-error' : 'checks'}>
          <legend>{c.demoServices}</legend>
          {KNOWN_SERVICES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={services.includes(s)}
                onChange={(e) => setServices(e.target.checked ? [...services, s] : services.filter((x) => x !== s))}
              />
              {serviceName(t, s)}
            </label>
          ))}
          {problem ? (
            <p className="field-error">
              <span aria-hidden="true">✗ </span>
              {problem}
            </p>
          ) : null}
        </fieldset>
        {issue.error ? <ProblemMessage error={issue.error} /> : null}
        <BusyButton type="submit" busy={issue.busy} busyLabel={t.working}>
          {c.demoSubmit}
        </BusyButton>
      </form>
      {issued ? (
        <div className="issued" role="status">
          <p>{fill(c.demoIssued, { id: issued.id })}</p>
          <label htmlFor="demo-token">{c.demoToken}</label>
          <textarea id="demo-token" readOnly rows={4} value={issued.token} className="mono" />
        </div>
      ) : null}
    </section>
  );
}
