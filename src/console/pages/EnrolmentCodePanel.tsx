import { useState, type FormEvent } from 'react';
import type { ConsoleVenue, EnrolmentCode } from '../../contract/console-api';
import { BusyButton } from '../components/BusyButton';
import { SelectField } from '../components/Field';
import { ProblemMessage } from '../components/ProblemMessage';
import { dateTime } from '../format';
import { useAction } from '../hooks/useAction';
import { fill, useT } from '../i18n';
import { useSession } from '../session';
import { venueName } from './venue-config';

/**
 * The server's QR code (SVG) as an image: a data: URL in an <img>, so the page's policy needs
 * no inline content (img-src data:) and nothing in the SVG can run.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function CodeView({ code }: { code: EnrolmentCode }) {
  const t = useT();
  return (
    <div className="enrolment-code" role="status">
      <p>
        {t.terminals.enrolCode}: <strong className="code">{code.code}</strong>
      </p>
      <p>{fill(t.terminals.enrolExpires, { time: dateTime(t, code.expiresAt) })}</p>
      <img className="qr" src={svgDataUrl(code.qrSvg)} alt={fill(t.terminals.enrolQrAlt, { code: code.code })} />
    </div>
  );
}

/** "New enrolment code" for a venue: the one-time code as text and as a QR code. */
export function EnrolmentCodePanel({ venues }: { venues: readonly ConsoleVenue[] }) {
  const t = useT();
  const { api, user } = useSession();
  // A venue manager enrols for their own venue only.
  const choices = user.venueId === null ? venues : venues.filter((v) => v.id === user.venueId);
  const [venueId, setVenueId] = useState(choices.length === 1 ? (choices[0]?.id ?? '') : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState<EnrolmentCode | null>(null);
  const create = useAction((id: string) => api.enrolmentCode({ venueId: id }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (venueId === '') {
      setProblem(t.terminals.enrolVenueMissing);
      document.getElementById('enrol-venue')?.focus();
      return;
    }
    setProblem(null);
    setCode(null);
    const outcome = await create.run(venueId);
    if (outcome.ok) setCode(outcome.value);
  };

  return (
    <section className="panel" aria-labelledby="enrol-heading">
      <h2 id="enrol-heading">{t.terminals.enrolHeading}</h2>
      <p>{t.terminals.enrolIntro}</p>
      <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          id="enrol-venue"
          label={t.terminals.enrolVenue}
          value={venueId}
          onChange={setVenueId}
          error={problem}
          options={[
            ...(choices.length === 1 ? [] : [{ value: '', label: '—' }]),
            ...choices.map((v) => ({ value: v.id, label: venueName(venues, v.id) })),
          ]}
        />
        <BusyButton type="submit" busy={create.busy} busyLabel={t.working}>
          {t.terminals.enrolSubmit}
        </BusyButton>
      </form>
      {create.error ? <ProblemMessage error={create.error} /> : null}
      {code ? <CodeView code={code} /> : null}
    </section>
  );
}
