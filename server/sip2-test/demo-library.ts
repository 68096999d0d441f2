/**
 * The demo library of the SIP2 test server: a SIP account, patrons whose numbers are the demo
 * cards' library numbers (src/issuer/demo-cards.ts) and a few more for each account state the
 * desk shows, and items for the self-service kiosk (printable on the demo page). Constants, so
 * the demo deployment and the tests name the same patrons and items.
 */
import type { PatronBlock } from '../../src/core/library-system';

export interface DemoPatronSpec {
  readonly id: string;
  readonly name: string;
  /** What this patron shows (for people reading the list). */
  readonly about: string;
  /** The patron's own password or PIN (`AD`). */
  readonly password: string;
  readonly blocks: readonly PatronBlock[];
  readonly fines: { readonly amount: string; readonly currency: string } | null;
  readonly screenMessage: string | null;
  /** Loans at the server's start: item id and days until due (negative: overdue). */
  readonly loans: readonly { readonly item: string; readonly dueInDays: number }[];
}

export interface DemoItemSpec {
  readonly id: string;
  readonly title: string;
  /** Reference only: a checkout is refused. */
  readonly notForLoan?: boolean;
  /** Waiting on the hold shelf for this patron. */
  readonly onHoldFor?: string;
  /** Holds queued by other patrons: a renewal is refused. */
  readonly holdQueue?: number;
}

export const DEMO_LIBRARY = {
  institution: 'CIVICPASS-DEMO',
  libraryName: 'CivicPass Demo Library',
  user: 'civicpass',
  password: 'demo-sip2-password',
  loanLimit: 5,
  loanDays: 21,
  patrons: [
    {
      id: '29876000000017',
      name: 'Amira',
      about: 'demo card "valid": account OK, can borrow, one item on loan',
      password: '2468',
      blocks: [],
      fines: null,
      screenMessage: null,
      loans: [{ item: '31234000000011', dueInDays: 10 }],
    },
    {
      id: '29876000000025',
      name: 'Grace',
      about: 'demo card "expired": account OK, no loans',
      password: '2468',
      blocks: [],
      fines: null,
      screenMessage: null,
      loans: [],
    },
    {
      id: '29876000000033',
      name: 'Sam',
      about: 'demo card "revoked": account OK, no loans',
      password: '2468',
      blocks: [],
      fines: null,
      screenMessage: null,
      loans: [],
    },
    {
      id: '29876000000041',
      name: 'Priya',
      about: 'demo card "suspended": account OK, no loans',
      password: '2468',
      blocks: [],
      fines: null,
      screenMessage: null,
      loans: [],
    },
    {
      id: '29876000000058',
      name: 'Zoë Łukasiewicz',
      about: 'fines of £4.50 (not excessive): fines shown, can borrow',
      password: '2468',
      blocks: [],
      fines: { amount: '4.50', currency: 'GBP' },
      screenMessage: 'You owe £4.50',
      loans: [],
    },
    {
      id: '29876000000066',
      name: 'Siobhán Ó Ceallaigh',
      about: 'blocked: charge denied',
      password: '2468',
      blocks: ['charge_denied'],
      fines: null,
      screenMessage: 'Please see a member of staff',
      loans: [],
    },
    {
      id: '29876000000074',
      name: 'José Müller',
      about: 'card reported lost (and charge denied)',
      password: '2468',
      blocks: ['charge_denied', 'card_reported_lost'],
      fines: null,
      screenMessage: 'Card reported lost',
      loans: [],
    },
    {
      id: '29876000000082',
      name: 'Ngozi Adébáyò',
      about: 'three items overdue (too many overdue)',
      password: '2468',
      blocks: ['too_many_overdue'],
      fines: null,
      screenMessage: '3 items overdue',
      loans: [
        { item: '31234000000086', dueInDays: -9 },
        { item: '31234000000094', dueInDays: -6 },
        { item: '31234000000102', dueInDays: -3 },
      ],
    },
  ],
  items: [
    { id: '31234000000011', title: 'The Hobbit' },
    { id: '31234000000029', title: 'Brick Lane' },
    { id: '31234000000037', title: 'Wolf Hall' },
    { id: '31234000000045', title: 'Les Misérables' },
    { id: '31234000000052', title: 'Oxford English Dictionary (reference)', notForLoan: true },
    { id: '31234000000060', title: 'Small Island', onHoldFor: '29876000000025' },
    { id: '31234000000078', title: 'Middlemarch' },
    { id: '31234000000086', title: 'Things Fall Apart' },
    { id: '31234000000094', title: 'Half of a Yellow Sun', holdQueue: 1 },
    { id: '31234000000102', title: 'Americanah' },
  ],
} as const satisfies {
  institution: string;
  libraryName: string;
  user: string;
  password: string;
  loanLimit: number;
  loanDays: number;
  patrons: readonly DemoPatronSpec[];
  items: readonly DemoItemSpec[];
};

export type DemoLibrarySpec = {
  readonly institution: string;
  readonly libraryName: string;
  readonly user: string;
  readonly password: string;
  readonly loanLimit: number;
  readonly loanDays: number;
  readonly patrons: readonly DemoPatronSpec[];
  readonly items: readonly DemoItemSpec[];
};
