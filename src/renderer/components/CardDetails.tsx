import type { ScanResult } from '../../contract/terminal-api';
import { fill, useT } from '../i18n';
import { formatDate } from '../format';

/**
 * The card fields the venue's role may see. The expiry date is shown for a card that may be
 * used (valid, or genuine but limited); a cancelled or suspended card is not "valid until"
 * anything, and an expired card's date is already in the reason.
 */
export function CardDetails({ result }: { result: ScanResult }) {
  const t = useT();
  const card = result.card;
  const usable = result.outcome === 'valid' || result.outcome === 'limited';
  if (!card && result.entered === null) return null;
  return (
    <dl className="card-details">
      {card?.name !== undefined && (
        <div>
          <dt className="sr-only">{t.ui.holder}</dt>
          <dd className="card-name">{card.name}</dd>
        </div>
      )}
      {card?.libraryNumber !== undefined && (
        <div>
          <dt>{t.ui.libraryNumber}</dt>
          <dd className="library-number">{card.libraryNumber}</dd>
        </div>
      )}
      {card && card.name === undefined && card.services && result.service && usable && (
        <div>
          <dt className="sr-only">{t.ui.service}</dt>
          <dd>{fill(t.ui.member, { service: t.services[result.service] ?? result.service })}</dd>
        </div>
      )}
      {card && usable && (
        <div>
          <dt className="sr-only">{t.ui.expiry}</dt>
          <dd className="card-expiry">{fill(t.ui.validUntil, { date: formatDate(card.expires, t.lang) })}</dd>
        </div>
      )}
      {result.entered !== null && (
        <div>
          <dt className="sr-only">{t.ui.manualEntryLabel}</dt>
          <dd className="entered">{fill(t.ui.enteredNumber, { number: result.entered })}</dd>
        </div>
      )}
    </dl>
  );
}
