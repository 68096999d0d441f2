/**
 * Debian's nginx as a caching reverse proxy in front of a test's sync server: a config written
 * into a temporary folder (cache, temp files, logs and pid all there), run as the current user
 * in the foreground, stopped by the test. Its cache keeps what the server's `Cache-Control`
 * allows, for as long as it allows, and revalidates with the server's `ETag`, as a CDN would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_MISSING =
  'nginx is not installed: apt-get install -y nginx-light (Debian; .ci/run installs it), or set NGINX to its path';

/** The nginx binary: $NGINX, else on PATH, else Debian's /usr/sbin (not on a user's PATH). */
export function findNginx(): string | null {
  const candidates = [process.env['NGINX'], 'nginx', '/usr/sbin/nginx'].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ['-v'], { stdio: 'ignore' }).status === 0) ?? null;
}

export interface RunningNginx {
  readonly url: string;
  readonly dir: string;
  /** The access log's lines, each `METHOD PATH STATUS CACHE` (CACHE: HIT, MISS, EXPIRED, REVALIDATED, -). */
  accessLog(): string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number, upstream: URL): string {
  // nginx run by root wants a user for its workers; anyone else runs them as themselves.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy_temp;
  fastcgi_temp_path ${dir}/fastcgi_temp;
  uwsgi_temp_path ${dir}/uwsgi_temp;
  scgi_temp_path ${dir}/scgi_temp;
  log_format cache '$request_method $uri $status $upstream_cache_status';
  access_log ${dir}/access.log cache;
  proxy_cache_path ${dir}/cache levels=1 keys_zone=lists:1m max_size=16m inactive=1h use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${upstream.host};
      proxy_http_version 1.1;
      proxy_cache lists;
      # No proxy_cache_valid: nginx keeps only what the server's Cache-Control allows (max-age),
      # for as long as it allows; answers marked no-store (everything authenticated) pass.
      # An expired entry is revalidated with its ETag, a 304 from the server refreshes it.
      proxy_cache_revalidate on;
      # One request per list reaches the server when many terminals miss at once.
      proxy_cache_lock on;
      # No proxy_cache_use_stale: an expired list is never served, so a revocation is at the
      # terminals at most one ttl after it is made.
    }
  }
}
`;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in front of `upstream` (http://127.0.0.1:PORT); throws NGINX_MISSING without it. */
export async function startNginx(upstream: string): Promise<RunningNginx> {
  const binary = findNginx();
  if (!binary) throw new Error(NGINX_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, new URL(upstream)));
  // -e: the error log before the config is read (else /var/log/nginx/error.log, root's).
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string =>
    existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr.trim()} ${errorLog().trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    accessLog: () =>
      existsSync(join(dir, 'access.log'))
        ? readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean)
        : [],
    async stop() {
      // SIGTERM is nginx's fast shutdown; its master stops the worker before it exits.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
