/**
 * The demo deployment's library system: `civicpass serve --demo-lms PORT` runs the SIP2 test
 * server beside the sync server and links the demo library venue to it, so that a newcomer sees
 * the desk's account line and can borrow the printable demo items (issue 12). Demo only: a real
 * venue's link is set with the venue's configuration (docs/libraries.md).
 */
import { DEMO_LIBRARY_VENUE } from '../../src/issuer/demo-cards';
import type { SyncStorage } from '../storage/sync-storage';
import { DEMO_LIBRARY } from './demo-library';
import { startSip2TestServer, type Sip2TestServer } from './server';

/** The `lms` member of the demo library venue's configuration, password included (it is the demo's). */
export function demoLmsLink(port: number): Record<string, unknown> {
  return {
    protocol: 'sip2',
    host: '127.0.0.1',
    port,
    institution: DEMO_LIBRARY.institution,
    user: DEMO_LIBRARY.user,
    password: DEMO_LIBRARY.password,
    charset: 'utf-8',
    lineEnding: 'CR',
    errorDetection: true,
  };
}

/**
 * Starts the demo library system on 127.0.0.1:`port` and points the demo library venue at it
 * (its configuration changes only when the port did; terminals take it at their next sync).
 */
export async function startDemoLibrary(storage: SyncStorage, port: number): Promise<Sip2TestServer> {
  const server = await startSip2TestServer({ port, host: '127.0.0.1' });
  try {
    const venue = await storage.getVenue(DEMO_LIBRARY_VENUE.venueId);
    if (venue) {
      const lms = demoLmsLink(server.port);
      if (JSON.stringify(venue.config['lms']) !== JSON.stringify(lms))
        await storage.putVenue({ ...venue, config: { ...venue.config, lms } });
    }
  } catch (e) {
    await server.close();
    throw e;
  }
  return server;
}
