import { afterEach, expect, it } from 'vitest';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import type { SessionInfo } from '../../src/contract/console-api';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn } from './console-client';

const open: RunningConsoleServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

it('the session says whether the deployment is the demo one, so the page offers demo cards only there', async () => {
  const server = await startConsoleServer();
  open.push(server);
  const admin = await signIn(server.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  const info = (await call(server.url, 'GET', '/session', { session: admin })).json as SessionInfo;
  expect(info).toMatchObject({ email: DEMO_CONSOLE_USER.email, role: 'council_admin', demo: true });
});
