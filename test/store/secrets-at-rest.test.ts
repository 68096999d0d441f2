/**
 * Secrets at rest: the registry's key used to sit in terminal.db beside the hashes it protects
 * (all library numbers were recovered from the file in seconds), and the files were 0644. Now
 * the data directory is 0700, its files 0600, and the keys live apart: sealed by the OS store
 * when there is one, otherwise in a 0600 key file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SecretProtector } from '../../src/node/sync/device-identity';
import { TerminalService } from '../../src/service/terminal-service';
import { makeTerminal } from '../support/terminal';

function bytesOf(dataDir: string, files: readonly string[]): Buffer {
  return Buffer.concat(files.filter((f) => existsSync(join(dataDir, f))).map((f) => readFileSync(join(dataDir, f))));
}

/** A stand-in for Electron's safeStorage: AES-GCM with a key the "OS" holds. */
function testProtector(): SecretProtector {
  const key = randomBytes(32);
  return {
    available: true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
}

describe('secrets at rest', () => {
  it('keeps the keys out of the database, and the directory and files private', async () => {
    const t = await makeTerminal();
    await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    const registryKey = t.service.admin.registryKey!;
    await t.service.close();
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(t.dataDir, { recursive: true, withFileTypes: true })) {
      const mode = (statSync(join(f.parentPath, f.name)).mode & 0o777).toString(8);
      expect(`${f.name} ${mode}`).toBe(`${f.name} ${f.isDirectory() ? '700' : '600'}`);
    }
    const db = bytesOf(t.dataDir, ['terminal.db', 'terminal.db-wal']);
    expect(db.includes(registryKey)).toBe(false);
    const secrets = JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(secrets['registryKey']).toBe(registryKey);
    expect(db.includes(secrets['cardRefKey']!)).toBe(false);
    // Reopened, the terminal still finds its keys: the same card gives the same reference.
    const again = await TerminalService.open({ dataDir: t.dataDir, autoSync: false });
    try {
      expect(again.admin.registryKey).toBe(registryKey);
      expect((await again.submitManualEntry({ libraryNumber: '29876000000017' })).result.outcome).toBe('valid');
    } finally {
      await again.close();
    }
  });

  it('seals the keys with the OS store where there is one', async () => {
    const protector = testProtector();
    const t = await makeTerminal({ protector });
    const registryKey = t.service.admin.registryKey!;
    await t.service.close();
    expect(existsSync(join(t.dataDir, 'secrets.json'))).toBe(false);
    const sealed = readFileSync(join(t.dataDir, 'secrets.sealed'));
    expect(sealed.includes(registryKey)).toBe(false);
    expect(JSON.parse(protector.decrypt(sealed).toString()) as object).toMatchObject({ registryKey });
    // Without the OS store the terminal refuses to start rather than make new keys.
    await expect(TerminalService.open({ dataDir: t.dataDir, autoSync: false })).rejects.toThrow(/key store/);
  });

  it('moves the keys an earlier version kept in terminal.db out of it', async () => {
    const t = await makeTerminal();
    const registryKey = t.service.admin.registryKey!;
    await t.service.close();
    // Put the database back the way an earlier version left it.
    const secrets = JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const db = new Database(join(t.dataDir, 'terminal.db'));
    db.prepare("INSERT INTO meta (key, value) VALUES ('card_ref_key', ?)").run(secrets['cardRefKey']);
    db.prepare("UPDATE trust_material SET body = ? WHERE kind = 'registry_meta'").run(
      JSON.stringify({ key: registryKey, cursor: null }),
    );
    db.close();
    rmSync(join(t.dataDir, 'secrets.json'));
    const again = await TerminalService.open({ dataDir: t.dataDir, autoSync: false });
    try {
      expect(again.admin.registryKey).toBe(registryKey);
      expect((await again.submitManualEntry({ libraryNumber: '29876000000017' })).result.outcome).toBe('valid');
    } finally {
      await again.close();
    }
    const check = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    expect(JSON.stringify(check.prepare('SELECT * FROM meta').all())).not.toContain(secrets['cardRefKey']);
    expect(JSON.stringify(check.prepare('SELECT * FROM trust_material').all())).not.toContain(registryKey);
    check.close();
  });
});
