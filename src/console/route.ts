/**
 * Hash routes (`#/terminals?show=offline`, `#/venues/central-library`): the server serves one
 * index.html at /console/ and never needs to know the page's paths, and a reload or a shared link
 * lands on the same page.
 */
import { PAGES, type PageId } from './roles';

export interface Route {
  readonly page: PageId;
  /** What follows the page in the path (a venue id, `new`), or null. */
  readonly sub: string | null;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const [first = '', ...rest] = path.split('/');
  const page = (PAGES as readonly string[]).includes(first) ? (first as PageId) : 'overview';
  const sub = rest.length > 0 && rest[0] !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { page, sub, params: new URLSearchParams(search) };
}

export function href(page: PageId, sub?: string | null, params?: Readonly<Record<string, string>>): string {
  const path = sub ? `${page}/${encodeURIComponent(sub)}` : page;
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${path}${q ? `?${q}` : ''}`;
}
