import { SelectField, TextField } from '../components/Field';
import { serviceName } from '../format';
import { fill, useT } from '../i18n';
import {
  allServices,
  LIMIT_PERIODS,
  newOffer,
  type OfferDraft,
  type VenueDraft,
  type VenueProblems,
} from './venue-config';

function OfferFields({
  offer,
  n,
  services,
  problems,
  onChange,
  onRemove,
}: {
  offer: OfferDraft;
  n: number;
  services: readonly string[];
  problems: VenueProblems;
  onChange: (next: OfferDraft) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const o = t.venues.offers;
  const id = (field: string): string => `offer-${offer.key}-${field}`;
  const words = (field: string): string | null => {
    const p = problems[`offer.${offer.key}.${field}`];
    return p ? t.venues.problems[p] : null;
  };
  const serviceOptions = services.includes(offer.service) ? services : ['', ...services];
  return (
    <fieldset className="offer">
      <legend>{fill(o.offer, { n })}</legend>
      <div className="grid-3">
        <TextField
          id={id('id')}
          label={o.id}
          value={offer.id}
          onChange={(v) => onChange({ ...offer, id: v })}
          error={words('id')}
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          id={id('service')}
          label={o.service}
          value={offer.service}
          onChange={(service) => onChange({ ...offer, service })}
          error={words('service')}
          options={serviceOptions.map((s) => ({ value: s, label: s === '' ? '—' : serviceName(t, s) }))}
        />
        <TextField
          id={id('title')}
          label={o.title}
          value={offer.title}
          maxLength={80}
          onChange={(title) => onChange({ ...offer, title })}
          error={words('title')}
        />
        <TextField
          id={id('limitCount')}
          label={o.limitCount}
          hint={o.limitCountHint}
          optional
          inputMode="numeric"
          value={offer.limitCount}
          onChange={(limitCount) => onChange({ ...offer, limitCount })}
          error={words('limitCount')}
          autoComplete="off"
        />
        <SelectField
          id={id('limitPer')}
          label={o.limitPer}
          value={offer.limitPer}
          onChange={(per) => onChange({ ...offer, limitPer: per as OfferDraft['limitPer'] })}
          options={LIMIT_PERIODS.map((p) => ({ value: p, label: o.per[p] }))}
        />
      </div>
      <button type="button" className="secondary small" onClick={onRemove}>
        {fill(o.remove, { n })}
      </button>
    </fieldset>
  );
}

/** The venue's offers: add, change, remove; each limited per day, week or visit, or not at all. */
export function OffersEditor({
  draft,
  problems,
  onChange,
}: {
  draft: VenueDraft;
  problems: VenueProblems;
  onChange: (next: VenueDraft) => void;
}) {
  const t = useT();
  const o = t.venues.offers;
  const services = allServices(draft);
  const replace = (i: number, next: OfferDraft | null): void => {
    const offers = [...draft.offers];
    if (next === null) offers.splice(i, 1);
    else offers[i] = next;
    onChange({ ...draft, offers });
  };
  const add = (): void => {
    const offer = newOffer(services.includes('citysave') ? 'citysave' : (services[0] ?? ''));
    onChange({ ...draft, offers: [...draft.offers, offer] });
    // Focus the new offer's first field once React has drawn it.
    requestAnimationFrame(() => document.getElementById(`offer-${offer.key}-id`)?.focus());
  };
  return (
    <fieldset className="offers">
      <legend>{o.heading}</legend>
      <p className="hint">{o.intro}</p>
      {draft.offers.length === 0 ? <p>{o.empty}</p> : null}
      {draft.offers.map((offer, i) => (
        <OfferFields
          key={offer.key}
          offer={offer}
          n={i + 1}
          services={services}
          problems={problems}
          onChange={(next) => replace(i, next)}
          onRemove={() => replace(i, null)}
        />
      ))}
      <button type="button" className="secondary" onClick={add}>
        {o.add}
      </button>
    </fieldset>
  );
}
