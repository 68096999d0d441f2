import type { SyncStorage } from '../storage/sync-storage';
import { addConsoleAccount } from './console-users';

/**
 * The demo deployment's console account (issue 13): printed by `npm start` and `civicpass serve`
 * beside the demo cards. Its password is public, like the demo's staff PIN: a demo only.
 */
export const DEMO_CONSOLE_USER = {
  email: 'council@demo.civicpass.example',
  password: 'demo-console-password',
  role: 'council_admin',
} as const;

/**
 * Makes the demo console account where a demo deployment from before the console lacks it (a
 * `.data` folder kept across versions): `npm start` prints it, so it must be there.
 */
export async function ensureDemoConsoleUser(storage: SyncStorage, now: number): Promise<void> {
  if (await storage.getConsoleUser(DEMO_CONSOLE_USER.email)) return;
  await addConsoleAccount(
    storage,
    {
      email: DEMO_CONSOLE_USER.email,
      role: DEMO_CONSOLE_USER.role,
      venueId: null,
      password: DEMO_CONSOLE_USER.password,
    },
    now,
    'demo',
  );
}
