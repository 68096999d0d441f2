import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RegistryEntry } from '../core/registry';
import { KeyError } from '../core/keys';
import { VenueConfigError } from '../core/venue-config';
import { readStatusDir, TrustFileError } from '../node/trust-files';
import { TrustImportError } from '../service/trust-state';
import { openTerminal } from './data-dir';
import { UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      'input_file',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`the ${what} ${path} is not JSON`, 'input_file');
  }
}

function registryFrom(raw: unknown): { key: string; entries: RegistryEntry[] } {
  const r = raw as { key?: unknown; entries?: unknown };
  if (typeof r?.key !== 'string' || Buffer.from(r.key, 'base64url').length < 32 || !Array.isArray(r.entries)) {
    throw new UsageError('the registry file needs a base64url "key" of 32+ bytes and an "entries" array', 'input_file');
  }
  const entries = r.entries.map((e: unknown, i): RegistryEntry => {
    const x = e as Record<string, unknown>;
    if (
      typeof x['refHash'] !== 'string' ||
      !Array.isArray(x['services']) ||
      typeof x['iss'] !== 'string' ||
      typeof x['statusUri'] !== 'string' ||
      !Number.isSafeInteger(x['statusIndex'])
    ) {
      throw new UsageError(`registry entry ${i} needs refHash, services, iss, statusUri and statusIndex`, 'input_file');
    }
    return {
      refHash: x['refHash'],
      services: x['services'] as string[],
      iss: x['iss'],
      statusUri: x['statusUri'],
      statusIndex: x['statusIndex'] as number,
    };
  });
  return { key: r.key, entries };
}

/**
 * `civicpass trust import --data-dir DIR --anchor A.json --trust T.jwt [--status-dir D]
 * [--venue V.json] [--registry R.json]`: loads trust material from files into a terminal's
 * database, verified exactly as a sync would, all or nothing.
 */
export async function runTrust(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'import') throw new UsageError('the trust command has one subcommand: import');
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      anchor: { type: 'string' },
      trust: { type: 'string' },
      'status-dir': { type: 'string' },
      venue: { type: 'string' },
      registry: { type: 'string' },
    },
  });
  if (!values.anchor || !values.trust) throw new UsageError('--anchor and --trust are required');
  const anchor = await readJson(values.anchor, 'anchor file');
  let trustList: string;
  try {
    trustList = await readFile(values.trust, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read the trust list ${values.trust}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      'input_file',
    );
  }
  const statusLists = values['status-dir']
    ? (
        await readStatusDir(values['status-dir']).catch((e: unknown) => {
          throw e instanceof TrustFileError ? new UsageError(e.message, 'input_file') : e;
        })
      ).map((s) => s.compact)
    : [];
  const venue = values.venue ? await readJson(values.venue, 'venue file') : undefined;
  const registry = values.registry ? registryFrom(await readJson(values.registry, 'registry file')) : undefined;
  const terminal = await openTerminal(values['data-dir']);
  try {
    const { problems } = await terminal.admin.importTrust({
      anchor,
      trustList,
      statusLists,
      source: 'file import',
      ...(venue !== undefined ? { venue } : {}),
      ...(registry ? { registry } : {}),
    });
    const status = await terminal.getStatus();
    writeJsonLine(io.stdout, {
      imported: {
        trustListSeq: status.data.trustListSeq,
        statusLists: status.data.statusLists.length,
        venue: status.venue.id,
        registryEntries: registry?.entries.length ?? null,
      },
      problems,
    });
    return 0;
  } catch (e) {
    if (e instanceof KeyError || e instanceof VenueConfigError || e instanceof TrustImportError) {
      throw new UsageError(e.message, 'input_file');
    }
    throw e;
  } finally {
    await terminal.close();
  }
}
