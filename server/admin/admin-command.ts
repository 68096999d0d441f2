import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, writeJsonLine, type CommandIo } from '../../src/node/command-io';
import { parseVenueConfig, ROLES } from '../../src/core/venue-config';
import { renderBarcode } from '../../src/node/barcode-writer';
import { makeDirectory } from '../../src/node/make-directory';
import { asUsageError, databaseOption } from '../cli-errors';
import { Deployment } from '../deployment';
import { openServerData } from '../open-server';
import { code, codes, hasServerData, httpsUrl, numberIn, required } from './admin-options';
import { addVenue, makeEnrolmentCode } from './demo-setup';
import { withoutSecrets } from '../console/venue-secrets';
import { cardSheetHtml } from './card-sheet';
import { ADD_USER_USAGE, runAddUser } from './add-user-command';

const USAGE = `civicpass admin <command> --data-dir DIR [--database postgres://...] ...
  init [--issuer URL] [--trust-authority URL] [--name NAME]
  rotate-issuer-key
  add-venue --id ID --name NAME --role ${ROLES.join('|')} --services a,b [--time-zone Europe/London]
  add-offer --venue ID --id ID --service SVC --title TEXT [--limit N/day|week|visit]
  enrolment-code --venue ID [--hours 24]
  issue-card --services a,b [--name NAME] [--library-number N] [--concessions a,b] [--days 365] [--out DIR]
  revoke-card --card ID | suspend-card --card ID | reinstate-card --card ID
  revoke-device --device ID
  stats
  ${ADD_USER_USAGE}`;

const COMMANDS = [
  'init',
  'rotate-issuer-key',
  'add-venue',
  'add-offer',
  'enrolment-code',
  'issue-card',
  'revoke-card',
  'suspend-card',
  'reinstate-card',
  'revoke-device',
  'stats',
  'add-user',
];

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * `civicpass admin ...`: the reference server's deployment administration. Every mistake in
 * what the operator typed (unknown venue, card or device, a missing option, a bad number, a
 * data directory without a deployment) is a one-line usage error, exit status 2, checked before
 * anything is written.
 */
export async function runAdmin(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (command === undefined || command.startsWith('-')) throw new UsageError('no admin command given');
  // Before the data directory is opened, so a typo creates nothing.
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown admin command ${command}`);
  if (command === 'add-user') return runAddUser(rest, io);
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string', default: '.data/server' },
      database: { type: 'string' },
      issuer: { type: 'string', default: 'https://id.council.example.gov.uk' },
      'trust-authority': { type: 'string', default: 'https://trust.council.example.gov.uk' },
      name: { type: 'string' },
      id: { type: 'string' },
      role: { type: 'string', default: 'library_desk' },
      services: { type: 'string' },
      'time-zone': { type: 'string', default: 'Europe/London' },
      venue: { type: 'string' },
      service: { type: 'string' },
      title: { type: 'string' },
      limit: { type: 'string' },
      hours: { type: 'string', default: '24' },
      'library-number': { type: 'string' },
      concessions: { type: 'string' },
      days: { type: 'string', default: '365' },
      out: { type: 'string' },
      card: { type: 'string' },
      device: { type: 'string' },
    },
  });
  const database = databaseOption(values.database);
  const now = Date.now() / 1000;
  // Changes made here are in the console's audit log too, by `cli`.
  const audit = { at: now, actor: 'cli' } as const;
  if (command === 'init') {
    // Terminals refuse a trust list or card whose issuer is not an https URL.
    httpsUrl('issuer', values.issuer);
    httpsUrl('trust-authority', values['trust-authority']);
  } else if (!hasServerData(values['data-dir'], database)) {
    // Only `init` makes a data directory: any other command on a wrong path leaves nothing behind.
    throw new UsageError(`no deployment in ${resolve(values['data-dir'])}: run \`civicpass admin init\` first`);
  }
  const {
    dir,
    storage,
    deployment: existing,
  } = await openServerData(values['data-dir'], { database }).catch((e: unknown) => {
    throw asUsageError(e);
  });
  try {
    if (command === 'stats') {
      // Counts only: no deployment (nor its keys) needed, so it also reads a restored database.
      writeJsonLine(io.stdout, await storage.stats());
      return 0;
    }
    if (command === 'init') {
      const d = await Deployment.init(
        dir,
        storage,
        { issuer: values.issuer, trustAuthority: values['trust-authority'], name: values.name ?? 'Council' },
        now,
      );
      writeJsonLine(io.stdout, { initialised: dir, anchor: d.anchorPublicSet(), issuer: d.info.issuer });
      return 0;
    }
    const deployment =
      existing ??
      (() => {
        throw new UsageError('no deployment here: run `civicpass admin init` first');
      })();
    switch (command) {
      case 'rotate-issuer-key':
        writeJsonLine(io.stdout, {
          newKid: await deployment.rotateIssuerKey(now, {
            ...audit,
            action: 'key.rotate',
            target: 'issuer',
            before: null,
            after: null,
          }),
        });
        return 0;
      case 'add-venue': {
        const config = parseVenueConfig({
          venueId: code('id', required('id', values.id)),
          name: values.name,
          role: values.role,
          services: list(values.services),
          timeZone: values['time-zone'],
        });
        await addVenue(
          storage,
          {
            venueId: config.venueId,
            name: config.name,
            role: config.role,
            services: [...config.services],
            offers: [],
            timeZone: config.timeZone,
          },
          audit,
        );
        writeJsonLine(io.stdout, { venue: config.venueId });
        return 0;
      }
      case 'add-offer': {
        const venueId = required('venue', values.venue);
        const venue =
          (await storage.getVenue(venueId)) ??
          (() => {
            throw new UsageError(`no venue ${venueId}`);
          })();
        const m = values.limit ? /^(\d+)\/(day|week|visit)$/.exec(values.limit) : null;
        if (values.limit && !m) throw new UsageError('--limit is N/day, N/week or N/visit');
        const service = code('service', required('service', values.service));
        const services = (venue.config['services'] as string[] | undefined) ?? [];
        // An offer for a service the venue does not check could never be redeemed.
        if (!services.includes(service))
          throw new UsageError(`--service ${service} is not a service of ${venue.id} (${services.join(', ')})`);
        const offer = {
          id: code('id', required('id', values.id)),
          service,
          title: required('title', values.title),
          limit: m ? { count: Number(m[1]), per: m[2] } : null,
        };
        const offers = [
          ...((venue.config['offers'] as unknown[] | undefined) ?? []).filter(
            (o) => (o as { id?: string }).id !== values.id,
          ),
          offer,
        ];
        const config = { ...venue.config, offers };
        parseVenueConfig(config);
        await storage.putVenue(
          { ...venue, config },
          {
            ...audit,
            action: 'venue.update',
            target: venue.id,
            before: withoutSecrets(venue.config),
            after: withoutSecrets(config),
          },
        );
        writeJsonLine(io.stdout, { venue: venue.id, offer: values.id });
        return 0;
      }
      case 'enrolment-code': {
        const venue = required('venue', values.venue);
        const hours = numberIn('hours', values.hours, 1, 168, { integer: false });
        writeJsonLine(io.stdout, {
          venue,
          code: await makeEnrolmentCode(storage, venue, now, hours, 'cli'),
          validHours: hours,
        });
        return 0;
      }
      case 'issue-card': {
        const services = codes('services', values.services);
        if (services.length === 0) throw new UsageError('--services is required');
        const validDays = numberIn('days', values.days, 1, 400, { integer: true });
        // The output directory first: a card is not issued when its files cannot be written.
        const out = resolve(values.out ?? join(dir, 'cards'));
        try {
          makeDirectory(out);
        } catch (e) {
          throw new UsageError(`cannot write the card files to ${out}: ${(e as Error).message}`, 'output_dir');
        }
        const card = await deployment.issueCard(
          {
            services,
            ...(values.name ? { name: values.name } : {}),
            ...(values['library-number'] ? { libraryNumber: values['library-number'] } : {}),
            concessions: list(values.concessions),
            validDays,
          },
          now,
        );
        for (const format of ['QRCode', 'PDF417', 'Aztec'] as const) {
          await writeFile(
            join(out, `${card.id}.${format.toLowerCase()}.png`),
            (await renderBarcode(card.token, format, 4)).png,
          );
        }
        await writeFile(join(out, `${card.id}.token`), card.token + '\n');
        await writeFile(
          join(out, `${card.id}.html`),
          await cardSheetHtml(`Card ${card.id}`, [
            { title: values.name ?? card.id, expect: 'valid', token: card.token },
          ]),
        );
        writeJsonLine(io.stdout, { card: card.id, token: card.token, files: out });
        return 0;
      }
      case 'revoke-card':
      case 'suspend-card':
      case 'reinstate-card': {
        const card = required('card', values.card);
        const status = command === 'revoke-card' ? 1 : command === 'suspend-card' ? 2 : 0;
        const before = (await storage.getCard(card))?.status;
        const names = ['valid', 'revoked', 'suspended'];
        await deployment.setCardStatus(card, status, {
          ...audit,
          action: `card.${command.replace('-card', '')}`,
          target: card,
          before: { status: before === undefined ? null : names[before] },
          after: { status: names[status] },
        });
        writeJsonLine(io.stdout, { card, status: command.replace('-card', '') });
        return 0;
      }
      case 'revoke-device': {
        const device = required('device', values.device);
        const revoked = await storage.revokeDevice(device, now, {
          ...audit,
          action: 'device.revoke',
          target: device,
          before: { revokedAt: null },
          after: { revokedAt: now },
        });
        if (!revoked) throw new UsageError(`no active device ${device}`);
        writeJsonLine(io.stdout, { device, revoked: true });
        return 0;
      }
      default:
        throw new UsageError(`unknown admin command ${command}`);
    }
  } catch (e) {
    throw asUsageError(e);
  } finally {
    await storage.close();
  }
}
