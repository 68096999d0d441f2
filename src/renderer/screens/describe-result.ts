import type { ScanResult } from '../../contract/terminal-api';
import { formatDate, formatTime, isToday } from '../format';
import { fill, plural, type Catalogue } from '../i18n';

export interface ResultWords {
  readonly headline: string;
  readonly words: string;
  readonly next: string;
}

/**
 * The headline, plain-words reason and next step for a result, in the screen's language: staff
 * wording at a desk or till, the resident's own wording at a self-service kiosk.
 */
export function describeResult(result: ScanResult, t: Catalogue, audience: 'staff' | 'resident'): ResultWords {
  const service = result.service ? (t.services[result.service] ?? result.service) : '';
  const limit = result.offer?.limit ?? { count: 1, per: 'day' as const };
  const values = {
    service,
    date: result.card ? formatDate(result.card.expires, t.lang) : '',
    time: result.lastUsedAt ? formatTime(result.lastUsedAt, t.lang) : '',
    when: result.lastUsedAt && !isToday(result.lastUsedAt) ? formatDate(result.lastUsedAt, t.lang) : t.ui.today,
    limit: plural(t.lang, t.offerLimit[limit.per], limit.count),
  };
  const set = audience === 'resident' ? t.resident : t;
  const text = set.reasons[result.reason];
  let headline = set.headlines[result.outcome];
  if (audience === 'staff' && result.outcome === 'valid')
    headline = `${headline}${result.offer ? `: ${result.offer.title}` : service ? `: ${service}` : ''}`;
  return { headline, words: fill(text.words, values), next: fill(text.next, values) };
}
