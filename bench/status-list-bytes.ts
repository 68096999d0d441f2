/**
 * Bytes a terminal downloads per day for the status lists of 1 million cards, 1 % revoked
 * (scattered), split into lists of several sizes; the baseline is one single list of all the
 * cards, measured in the same run. Lists are real: Token Status List, 2 bits, zlib level 9,
 * signed ES256 by the issuer code the server uses. HTTP answers are real too: the server's own
 * `listAnswer` and `send` on 127.0.0.1, counted as bytes on the socket (status line, headers,
 * body) for a 200 and for a 304.
 *
 * The day: a terminal syncs every 60 s (1,440 times) and revalidates each list with
 * If-None-Match. Every list is re-signed at half its ttl (an hour), so a cache in front of the
 * server (max-age = ttl) hands out a new list once per ttl: 24 full downloads of every list a
 * day, whatever the split. Revocations (1 % a year is about 27 a day) only change a list between
 * those refreshes when terminals ask the server directly; that cost is one list per revocation.
 *
 * Run: npx tsx bench/status-list-bytes.ts
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { base64url } from 'jose';
import { generateSigningKey } from '../src/issuer/keys';
import { encodeLst, packStatuses, signStatusList } from '../src/issuer/status-list-writer';
import { listAnswer } from '../server/lists/list-answer';
import { send } from '../server/http/json-io';
import { fmt, medianTime, printTable } from './support';

const CARDS = 1_000_000;
const REVOKED = 0.01;
const TTL = 3600;
const SYNCS_PER_DAY = 86_400 / 60;
const REFRESHES_PER_DAY = 86_400 / TTL;
const REVOCATIONS_PER_DAY = Math.round((CARDS * REVOKED) / 365);
const SIZES = [1 << 20, 1 << 18, 1 << 16, 1 << 14, 1 << 12];

// Deterministic scatter: the same cards are revoked for every split.
let seed = 7;
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const statuses = new Uint8Array(CARDS);
for (let i = 0; i < CARDS; i++) statuses[i] = rand() < REVOKED ? 1 : 0;

const key = await generateSigningKey('ES256');
const now = Math.floor(Date.now() / 1000);

async function signedList(id: number, slice: Uint8Array): Promise<string> {
  return signStatusList(key, {
    sub: `https://id.council.example/status/${id}`,
    iat: now,
    exp: now + 3 * 86_400,
    ttl: TTL,
    status_list: { bits: 2, lst: encodeLst(packStatuses(2, slice)) },
  });
}

/** Bytes on the wire for one answer of the server's list route (200, or 304 with the ETag). */
async function wireBytes(jws: string, conditional: boolean): Promise<number> {
  const server = createServer((req, res) => send(res, listAnswer(req, jws, { maxAge: TTL })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const etag = listAnswer({ headers: {} }, jws, { maxAge: TTL }).headers?.['etag'] ?? '';
  const bytes = await new Promise<number>((resolve, reject) => {
    let total = 0;
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `GET /v1/public/status/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
          (conditional ? `If-None-Match: ${etag}\r\n` : '') +
          '\r\n',
      ),
    );
    socket.on('data', (d: Buffer) => (total += d.length));
    socket.on('end', () => resolve(total));
    socket.on('error', reject);
  });
  await new Promise((r) => server.close(r));
  return bytes;
}

const sizeRows: Record<string, string | number>[] = [];
const dayRows: Record<string, string | number>[] = [];
let baseline = 0;
for (const size of SIZES) {
  const lists: string[] = [];
  for (let start = 0, id = 1; start < CARDS; start += size, id++)
    lists.push(await signedList(id, statuses.subarray(start, Math.min(CARDS, start + size))));
  const compressed = lists.map((jws) => {
    const { status_list } = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as {
      status_list: { lst: string };
    };
    return base64url.decode(status_list.lst).length;
  });
  // Every list but the last is full; the last may be short: count each answer's own size.
  const full = await Promise.all(lists.map((jws) => wireBytes(jws, false)));
  const notModified = await wireBytes(lists[0]!, true);
  const fullSum = full.reduce((a, b) => a + b, 0);
  const k = lists.length;
  const perList = fullSum / k;
  // Through a cache: a new list per ttl, a 304 at every other sync, for every list.
  const viaCache = REFRESHES_PER_DAY * fullSum + (SYNCS_PER_DAY - REFRESHES_PER_DAY) * k * notModified;
  // Straight to the server: every half-ttl re-signing is seen, and each revocation's list too.
  const direct =
    2 * REFRESHES_PER_DAY * fullSum +
    REVOCATIONS_PER_DAY * perList +
    (SYNCS_PER_DAY - 2 * REFRESHES_PER_DAY) * k * notModified;
  const resignMs = await medianTime(5, () => signedList(1, statuses.subarray(0, Math.min(CARDS, size))));
  if (size === SIZES[0]) baseline = viaCache;
  const gzipBody = lists.reduce((a, jws) => a + gzipSync(jws).length, 0) / k;
  sizeRows.push({
    'entries per list': size.toLocaleString('en-GB'),
    lists: k,
    'zlib bytes (mean)': Math.round(compressed.reduce((a, b) => a + b, 0) / k),
    '200 answer bytes (mean)': Math.round(perList),
    'its body gzipped': Math.round(gzipBody),
    '304 answer bytes': notModified,
    're-sign one list, ms (median of 5)': fmt(resignMs, 1),
  });
  dayRows.push({
    'entries per list': size.toLocaleString('en-GB'),
    'full download every sync': fmt((SYNCS_PER_DAY * fullSum) / 1000, 0),
    'via cache, 304 revalidation every sync': fmt(viaCache / 1000, 0),
    'ratio vs one list': fmt(viaCache / baseline, 2),
    'via cache, polled once per ttl': fmt((REFRESHES_PER_DAY * fullSum) / 1000, 0),
    'no cache, 304 revalidation every sync': fmt(direct / 1000, 0),
  });
}

console.log(
  `${CARDS.toLocaleString('en-GB')} cards, ${REVOKED * 100} % revoked (scattered), 2 bits, ttl ${TTL} s, ` +
    `sync every 60 s (${SYNCS_PER_DAY}/day), ${REFRESHES_PER_DAY} refreshes/day, ${REVOCATIONS_PER_DAY} revocations/day`,
);
printTable('One day of lists: sizes (bytes on the wire, headers included)', sizeRows);
printTable('KB a terminal downloads per day (baseline: one list of every card, same run)', dayRows);
