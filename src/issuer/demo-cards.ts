/**
 * The demo cards, one list for every demo deployment (the reference server's and the offline
 * files of `civicpass gate`): one card per outcome a newcomer should see.
 */
export interface DemoCardSpec {
  readonly id:
    | 'valid'
    | 'citysave'
    | 'expired'
    | 'revoked'
    | 'suspended'
    | 'not-entitled'
    | 'library-fines'
    | 'library-blocked'
    | 'library-lost'
    | 'library-overdue';
  readonly title: string;
  /** What a library desk should answer (and a City Save venue, where it differs). */
  readonly expect: string;
  /** 0 valid, 1 revoked, 2 suspended, in the status list. */
  readonly status: 0 | 1 | 2;
  readonly services: string[];
  readonly name: string;
  readonly libraryNumber?: string;
  readonly concessions?: string[];
  /** Issued this many days ago (default: now) and valid this many days from issue. */
  readonly issuedDaysAgo?: number;
  readonly validDays?: number;
}

export const DEMO_CARDS: readonly DemoCardSpec[] = [
  {
    id: 'valid',
    title: 'Amira: libraries and City Save',
    expect: 'valid',
    status: 0,
    services: ['library', 'citysave'],
    name: 'Amira',
    libraryNumber: '29876000000017',
    concessions: ['senior'],
  },
  {
    id: 'citysave',
    title: 'Tom: City Save member',
    expect: 'valid for City Save; not entitled at a library desk',
    status: 0,
    services: ['citysave'],
    name: 'Tom',
  },
  {
    id: 'expired',
    title: 'Grace: card expired three days ago',
    expect: 'do not accept: expired',
    status: 0,
    services: ['library'],
    name: 'Grace',
    libraryNumber: '29876000000025',
    issuedDaysAgo: 200,
    validDays: 197,
  },
  {
    id: 'revoked',
    title: 'Sam: card cancelled by the council',
    expect: 'do not accept: cancelled',
    status: 1,
    services: ['library', 'citysave'],
    name: 'Sam',
    libraryNumber: '29876000000033',
  },
  {
    id: 'suspended',
    title: 'Priya: card suspended',
    expect: 'do not accept: suspended',
    status: 2,
    services: ['library'],
    name: 'Priya',
    libraryNumber: '29876000000041',
  },
  {
    id: 'not-entitled',
    title: 'Leon: leisure only',
    expect: 'genuine, but not for libraries or City Save',
    status: 0,
    services: ['leisure'],
    name: 'Leon',
  },
  // Valid cards whose library accounts (in the demo library system, server/sip2-test) are not
  // all well: the desk's account line shows each state; the card's verdict stays valid.
  {
    id: 'library-fines',
    title: 'Zoë: library account with fines',
    expect: 'valid; library account: fines £4.50',
    status: 0,
    services: ['library'],
    name: 'Zoë',
    libraryNumber: '29876000000058',
  },
  {
    id: 'library-blocked',
    title: 'Siobhán: library account blocked',
    expect: 'valid; library account blocked (borrowing not allowed)',
    status: 0,
    services: ['library'],
    name: 'Siobhán',
    libraryNumber: '29876000000066',
  },
  {
    id: 'library-lost',
    title: 'José: library card reported lost',
    expect: 'valid; library account blocked: card reported lost',
    status: 0,
    services: ['library'],
    name: 'José',
    libraryNumber: '29876000000074',
  },
  {
    id: 'library-overdue',
    title: 'Ngozi: three library items overdue',
    expect: 'valid; library account: 3 items overdue',
    status: 0,
    services: ['library'],
    name: 'Ngozi',
    libraryNumber: '29876000000082',
  },
];

/** The demo library desk, which also runs the City Save offer of its café. */
export const DEMO_LIBRARY_VENUE = {
  venueId: 'demo-library',
  name: 'Demo Central Library',
  role: 'library_desk',
  services: ['library', 'citysave'],
  offers: [
    {
      id: 'cafe-10',
      service: 'citysave',
      title: 'City Save: 10% off at the library café',
      limit: { count: 1, per: 'day' },
    },
  ],
  timeZone: 'Europe/London',
  languages: ['en', 'ar', 'pl', 'bn'],
  retentionDays: 30,
};
