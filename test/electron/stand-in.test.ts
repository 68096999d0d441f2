import { describe, expect, it } from 'vitest';
import { missing, strict } from '../support/electron-stand-in/strict';

describe('the Electron stand-in', () => {
  it('fails loudly when main reads a member it does not implement, and records it', () => {
    const app = strict('app', { quit: () => undefined });
    expect(() => (app as unknown as Record<string, unknown>)['exit']).toThrow(
      'Electron stand-in: app.exit is not implemented',
    );
    expect(missing).toContain('app.exit');
    // Awaiting a stand-in probes `then`: that must not count as using Electron's API.
    expect((app as unknown as Record<string, unknown>)['then']).toBeUndefined();
    expect(typeof app.quit).toBe('function');
  });
});
