import { useState, type FormEvent } from 'react';
import type { ConsoleVenue } from '../../contract/console-api';
import { ConsoleApiError } from '../api/client';
import { BusyButton } from '../components/BusyButton';
import { SelectField, TextField } from '../components/Field';
import { PageHeading } from '../components/PageHeading';
import { ProblemMessage } from '../components/ProblemMessage';
import { count, serviceName } from '../format';
import { useAction } from '../hooks/useAction';
import { fill, useT } from '../i18n';
import { href } from '../route';
import { useSession } from '../session';
import { LmsFields } from './LmsFields';
import { OffersEditor } from './OffersEditor';
import {
  configFromDraft,
  draftFromConfig,
  KNOWN_SERVICES,
  ROLES,
  validateDraft,
  type VenueDraft,
  type VenueProblems,
} from './venue-config';

/** The venue's own fields (council admin): id, name, role, services, time zone, pattern, LMS link. */
function VenueFields({
  draft,
  problems,
  isNew,
  onChange,
}: {
  draft: VenueDraft;
  problems: VenueProblems;
  isNew: boolean;
  onChange: (next: VenueDraft) => void;
}) {
  const t = useT();
  const f = t.venues.fields;
  const words = (key: string): string | null => {
    const p = problems[key];
    return p ? t.venues.problems[p] : null;
  };
  const choices = [...new Set([...KNOWN_SERVICES, ...draft.services])];
  const toggle = (service: string, on: boolean): void =>
    onChange({ ...draft, services: on ? [...draft.services, service] : draft.services.filter((s) => s !== service) });
  return (
    <fieldset>
      <legend>{f.details}</legend>
      {isNew ? (
        <TextField
          id="venue-id"
          label={f.id}
          hint={f.idHint}
          value={draft.venueId}
          onChange={(venueId) => onChange({ ...draft, venueId })}
          error={words('venueId')}
          spellCheck={false}
          autoComplete="off"
        />
      ) : null}
      <TextField
        id="venue-name"
        label={f.name}
        value={draft.name}
        onChange={(name) => onChange({ ...draft, name })}
        error={words('name')}
      />
      <SelectField
        id="venue-role"
        label={f.role}
        value={draft.role}
        onChange={(role) => onChange({ ...draft, role: role as VenueDraft['role'] })}
        options={ROLES.map((r) => ({ value: r, label: t.venues.roles[r] }))}
      />
      <fieldset
        id="venue-services"
        className={words('services') ? 'checks has-error' : 'checks'}
        aria-describedby={words('services') ? 'venue-services-error' : undefined}
        tabIndex={-1}
      >
        <legend>{f.services}</legend>
        {choices.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={draft.services.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
            {serviceName(t, s)} <code>{s}</code>
          </label>
        ))}
        {words('services') ? (
          <p className="field-error" id="venue-services-error">
            <span aria-hidden="true">✗ </span>
            {words('services')}
          </p>
        ) : null}
      </fieldset>
      <TextField
        id="venue-other-services"
        label={f.otherServices}
        hint={f.otherServicesHint}
        optional
        value={draft.otherServices}
        onChange={(otherServices) => onChange({ ...draft, otherServices })}
        error={words('otherServices')}
        spellCheck={false}
      />
      <TextField
        id="venue-time-zone"
        label={f.timeZone}
        hint={f.timeZoneHint}
        value={draft.timeZone}
        onChange={(timeZone) => onChange({ ...draft, timeZone })}
        error={words('timeZone')}
        list="time-zones"
        spellCheck={false}
      />
      <datalist id="time-zones">
        {Intl.supportedValuesOf('timeZone').map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <TextField
        id="venue-pattern"
        label={f.pattern}
        hint={f.patternHint}
        value={draft.libraryNumberPattern}
        onChange={(libraryNumberPattern) => onChange({ ...draft, libraryNumberPattern })}
        error={words('libraryNumberPattern')}
        spellCheck={false}
        className="mono"
      />
      <LmsFields lms={draft.lms} problems={problems} onChange={(lms) => onChange({ ...draft, lms })} />
    </fieldset>
  );
}

/** The field a problem belongs to, for moving focus to the first one. */
function fieldIdOf(key: string): string {
  if (key.startsWith('offer.')) return key.replaceAll('.', '-');
  if (key.startsWith('lms.')) return `lms-${key.slice(4)}`;
  const ids: Record<string, string> = {
    venueId: 'venue-id',
    name: 'venue-name',
    services: 'venue-services',
    otherServices: 'venue-other-services',
    timeZone: 'venue-time-zone',
    libraryNumberPattern: 'venue-pattern',
  };
  return ids[key] ?? key;
}

/**
 * Create or edit a venue and its offers. A council admin edits everything; a venue manager only
 * their venue's offers (the server allows no more). Changes reach terminals at their next sync.
 */
export function VenueEditor({
  venue,
  isNew,
  onSaved,
}: {
  venue: ConsoleVenue | null;
  isNew: boolean;
  onSaved: (message: string) => void;
}) {
  const t = useT();
  const { api, abilities } = useSession();
  const [draft, setDraft] = useState<VenueDraft>(() => draftFromConfig(venue?.config ?? null));
  const [problems, setProblems] = useState<VenueProblems>({});
  const offersOnly = !abilities.editVenues;
  const save = useAction((config: Record<string, unknown>) =>
    isNew ? api.createVenue(config) : api.updateVenue(venue?.id ?? '', config),
  );

  if (!isNew && venue === null) {
    return (
      <>
        <PageHeading>{t.venues.title}</PageHeading>
        <ProblemMessage error={new ConsoleApiError('not_found', 404, 'no such venue')} />
        <p>
          <a href={href('venues')}>{t.venues.back}</a>
        </p>
      </>
    );
  }

  const title = isNew ? t.venues.newTitle : fill(t.venues.editTitle, { name: draft.name || (venue?.id ?? '') });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const all = validateDraft(draft, isNew);
    // A venue manager sends only offers: only their problems count.
    const found = offersOnly ? Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('offer.'))) : all;
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first !== undefined) {
      document.getElementById(fieldIdOf(first))?.focus();
      return;
    }
    const outcome = await save.run(configFromDraft(venue?.config ?? {}, draft, offersOnly));
    if (!outcome.ok) return;
    onSaved(isNew ? fill(t.venues.created, { name: draft.name.trim() }) : t.venues.saved);
    location.hash = href('venues');
  };
  const problemCount = Object.keys(problems).length;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p>
        <a href={href('venues')}>
          <span aria-hidden="true">← </span>
          {t.venues.back}
        </a>
      </p>
      <p className="info">{t.venues.intro}</p>
      <form className="venue-form" onSubmit={(e) => void submit(e)} noValidate>
        {problemCount > 0 ? (
          <p className="form-problems" role="alert">
            {fill(t.form.fixErrors, { count: count(t, problemCount) })}
          </p>
        ) : null}
        {offersOnly ? null : <VenueFields draft={draft} problems={problems} isNew={isNew} onChange={setDraft} />}
        <OffersEditor draft={draft} problems={problems} onChange={setDraft} />
        {save.error ? <ProblemMessage error={save.error} /> : null}
        <div className="actions">
          <BusyButton type="submit" busy={save.busy} busyLabel={t.saving}>
            {offersOnly ? t.venues.saveOffers : t.venues.save}
          </BusyButton>
        </div>
      </form>
    </>
  );
}
