import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DAY } from '../../src/core/time';
import { DEMO_CARDS, DEMO_LIBRARY_VENUE } from '../../src/issuer/demo-cards';
import { renderBarcode } from '../../src/node/barcode-writer';
import { KeyedHash } from '../../src/node/store/keyed-hash';
import { hashEnrolmentCode } from '../app';
import { Deployment, DeploymentError } from '../deployment';
import type { AuditRecord, SyncStorage } from '../storage/sync-storage';
import { DEMO_LIBRARY } from '../sip2-test/demo-library';
import { cardSheetHtml, type SheetCard, type SheetItem } from './card-sheet';
import { addConsoleAccount } from './console-users';
import { DEMO_CONSOLE_USER } from './demo-console-user';
import { withoutSecrets } from '../console/venue-secrets';

/** The demo deployment's issuer: what tells a demo deployment (where demo cards may be issued) from a real one. */
export const DEMO_ISSUER = 'https://id.demo.civicpass.example';

export const DEMO_RESTAURANT = {
  venueId: 'demo-restaurant',
  name: 'Demo Bistro (City Save partner)',
  role: 'partner',
  services: ['citysave'],
  offers: [{ id: 'lunch-15', service: 'citysave', title: 'City Save: 15% off lunch', limit: { count: 1, per: 'day' } }],
  timeZone: 'Europe/London',
  languages: ['en', 'ar', 'pl', 'bn'],
  retentionDays: 30,
};

export async function addVenue(
  storage: SyncStorage,
  config: Record<string, unknown> & { venueId: string },
  audit?: Omit<AuditRecord, 'before' | 'after' | 'target' | 'action'>,
): Promise<void> {
  const existing = await storage.getVenue(config.venueId);
  await storage.putVenue(
    {
      id: config.venueId,
      config,
      cardRefKey: existing?.cardRefKey ?? KeyedHash.generateKey().toString('base64url'),
    },
    audit && {
      ...audit,
      action: existing ? 'venue.update' : 'venue.add',
      target: config.venueId,
      before: existing ? withoutSecrets(existing.config) : null,
      after: withoutSecrets(config),
    },
  );
}

/** A one-time enrolment code: 12 characters from an unambiguous alphabet, valid 24 h. */
export async function makeEnrolmentCode(
  storage: SyncStorage,
  venueId: string,
  now: number,
  hours = 24,
  actor?: string,
): Promise<string> {
  if (!(await storage.getVenue(venueId))) throw new DeploymentError(`no venue ${venueId}`);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const code = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  const expiresAt = now + hours * 3600;
  // The code itself is a secret (it enrols a terminal): the log says a code was made, not which.
  await storage.addEnrolmentCode(
    hashEnrolmentCode(code),
    venueId,
    expiresAt,
    actor === undefined
      ? undefined
      : { at: now, actor, action: 'enrolment_code.add', target: venueId, before: null, after: { venueId, expiresAt } },
  );
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The demo deployment of the reference server: keys, two venues, six demo cards (tokens, QR
 * images, a printable sheet), an enrolment code for each venue and the console's demo account
 * (DEMO_CONSOLE_USER).
 */
export async function createDemoDeployment(
  dir: string,
  storage: SyncStorage,
  now: number,
): Promise<{ deployment: Deployment; codes: Record<string, string>; sheet: string }> {
  const deployment = await Deployment.init(
    dir,
    storage,
    {
      issuer: DEMO_ISSUER,
      trustAuthority: 'https://trust.demo.civicpass.example',
      name: 'CivicPass demo council',
    },
    now,
    // The demo's expired card was issued 200 days ago: the key must have been valid then.
    { issuerKeyNotBefore: now - 400 * DAY },
  );
  await addVenue(storage, DEMO_LIBRARY_VENUE);
  await addVenue(storage, DEMO_RESTAURANT);
  const cardsDir = join(dir, 'cards');
  await mkdir(cardsDir, { recursive: true });
  const sheet: SheetCard[] = [];
  for (const spec of DEMO_CARDS) {
    const card = await deployment.issueCard(
      {
        services: spec.services,
        name: spec.name,
        ...(spec.libraryNumber ? { libraryNumber: spec.libraryNumber } : {}),
        ...(spec.concessions ? { concessions: spec.concessions } : {}),
        ...(spec.issuedDaysAgo ? { issuedAt: now - spec.issuedDaysAgo * DAY } : {}),
        ...(spec.validDays ? { validDays: spec.validDays } : {}),
      },
      now,
    );
    if (spec.status) await deployment.setCardStatus(card.id, spec.status);
    await writeFile(join(cardsDir, `${spec.id}.token`), card.token + '\n');
    await writeFile(join(cardsDir, `${spec.id}.png`), (await renderBarcode(card.token, 'QRCode', 4)).png);
    sheet.push({ title: spec.title, expect: spec.expect, token: card.token });
  }
  const sheetPath = join(cardsDir, 'demo-cards.html');
  // The demo library's items nobody holds at the start: four to borrow, two the kiosk refuses.
  const onLoan = new Set<string>(DEMO_LIBRARY.patrons.flatMap((p) => p.loans.map((l) => l.item)));
  const items: SheetItem[] = DEMO_LIBRARY.items
    .filter((i) => !onLoan.has(i.id))
    .map((i) => ({
      id: i.id,
      title: i.title,
      ...('notForLoan' in i ? { note: 'reference only: the kiosk refuses it' } : {}),
      ...('onHoldFor' in i ? { note: 'reserved for someone else: the kiosk refuses it' } : {}),
    }));
  await writeFile(sheetPath, await cardSheetHtml('CivicPass demo cards', sheet, items));
  await addConsoleAccount(storage, { ...DEMO_CONSOLE_USER, venueId: null }, now, 'demo');
  const codes = {
    [DEMO_LIBRARY_VENUE.venueId]: await makeEnrolmentCode(storage, DEMO_LIBRARY_VENUE.venueId, now),
    [DEMO_RESTAURANT.venueId]: await makeEnrolmentCode(storage, DEMO_RESTAURANT.venueId, now),
  };
  return { deployment, codes, sheet: sheetPath };
}
