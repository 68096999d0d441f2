import { useEffect } from 'react';
import type { StartupProblem } from '../../contract/terminal-api';
import { catalogueFor, fill } from '../i18n';

/**
 * Shown in place of the terminal when it could not start (its every answer is `not_started`):
 * an out-of-order page that residents can read (ask at the desk) and that tells staff what is
 * wrong and what to do, with the problem's code for IT support. The terminal's settings (and so
 * its language) are out of reach, so it speaks the browser's language when the terminal has it.
 */
export function StartupFailureScreen({ problem, inert }: { problem: StartupProblem; inert: boolean }) {
  const t = catalogueFor(navigator.language.slice(0, 2));
  useEffect(() => {
    document.documentElement.lang = t.lang;
    document.documentElement.dir = t.dir;
    document.title = `${t.startup.title} · ${t.ui.appName}`;
  }, [t]);
  return (
    <main className="startup-failure" data-startup-problem={problem} inert={inert}>
      <section aria-labelledby="startup-title">
        <p className="brand">{t.ui.appName}</p>
        {/* No outcome symbol: this is not a verdict on anyone's card. */}
        <h1 id="startup-title">{t.startup.title}</h1>
        <p className="startup-failure-body">{t.startup.body}</p>
        <h2>{t.startup.staffTitle}</h2>
        <p>{t.startup.problems[problem]}</p>
        <p className="startup-failure-reference">{fill(t.startup.reference, { code: problem })}</p>
      </section>
    </main>
  );
}
