import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli';

describe('udev rule for HID scanners', () => {
  const rules = readFileSync(join(ROOT, 'resources/udev/70-civicpass-scanners.rules'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));

  it('every rule matches hidraw nodes only, by vendor, and grants access without world-writable modes', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule).toMatch(/^SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="[0-9a-f]{4}"/);
      expect(rule).toMatch(/MODE="0660"/);
      expect(rule).toMatch(/TAG\+="uaccess"/);
    }
  });

  it('covers Honeywell, whose HID POS layout the parser knows', () => {
    expect(rules.some((r) => r.includes('"0c2e"'))).toBe(true);
  });
});
