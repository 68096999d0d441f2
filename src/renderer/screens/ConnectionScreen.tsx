import type { ConnectionState } from '../api/client';
import { catalogueFor } from '../i18n';

/**
 * Shown instead of the terminal when this page cannot reach it: the words say what happened and
 * what to do, in the browser's language when the terminal has it (its settings are out of reach).
 */
export function ConnectionScreen({ state }: { state: Exclude<ConnectionState, 'ok'> }) {
  const t = catalogueFor(navigator.language.slice(0, 2));
  const words = t.connection[state];
  return (
    <main className="connection" lang={t.lang} dir={t.dir} data-connection={state}>
      <section aria-labelledby="connection-title">
        <p className="brand">{t.ui.appName}</p>
        <h1 id="connection-title">{words.title}</h1>
        <p>{words.body}</p>
      </section>
    </main>
  );
}
