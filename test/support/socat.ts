/**
 * Linked pseudo-terminals from socat, standing in for a serial reader's port: one end for the
 * terminal, the other for the test to write what the reader would send.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  /** The end the reader opens (the VTAP's COM port). */
  readonly reader: string;
  /** The end the test writes to (the VTAP itself). */
  readonly host: string;
  stop(): Promise<void>;
}

export const running = new Set<ChildProcess>();

/** Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0`, optionally with stable link paths. */
export function startSocat(links?: { reader: string; host: string }): Promise<PtyPair> {
  const end = (link?: string): string => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  const child = spawn('socat', ['-d', '-d', end(links?.reader), end(links?.host)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    running.delete(child);
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`socat did not start: ${stderr}`)), 5000);
    child.once('error', (e) => reject(e));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // socat -d -d reports each pty ("N PTY is /dev/pts/3"), then that it is relaying.
      const ptys = [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
      if (ptys.length === 2 && stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve({ reader: links?.reader ?? ptys[0]!, host: links?.host ?? ptys[1]!, stop });
      }
    });
  });
}
