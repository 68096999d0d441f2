import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory';
import { ensurePrivateDir } from '../secrets/private-files';
import { RotatingFile, type RotationPolicy } from './rotating-file';

/** Values a log line may carry: codes, counts, times, ids made by the terminal. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * The log port the terminal's parts are given. What goes in is decided where it is called:
 * outcomes, reason codes, event ids, error details; never a scanned message, token, typed
 * number, name, library number or card id (keyed references only). Field names that could hold
 * such data are censored as well, in case one slips in.
 */
export interface Log {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  child(bindings: LogFields): Log;
}

/** Fields that must never be written, whatever a caller passes. */
export const CENSORED_FIELDS = [
  'text',
  'token',
  'message_text',
  'name',
  'libraryNumber',
  'cardId',
  'sub',
  'pin',
  'entered',
];

function wrap(logger: Logger): Log {
  return {
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

function destination(file: RotatingFile): DestinationStream {
  return { write: (line: string) => file.write(line) };
}

/**
 * A structured (JSON lines) log to a size-rotated file in a private folder, e.g. `<data
 * dir>/logs/terminal.log`. A line the file cannot take (a full disk) goes to stderr instead.
 */
export function fileLog(path: string, rotation?: RotationPolicy): { log: Log; close(): void } {
  ensurePrivateDir(dirname(path));
  const file = new RotatingFile(path, rotation);
  const logger = pino({ base: null, redact: { paths: CENSORED_FIELDS, censor: '[not logged]' } }, destination(file));
  return { log: wrap(logger), close: () => file.close() };
}

/**
 * A structured log to a stream (stderr for `civicpass serve`), optionally also to a file, made
 * with its missing folders (an existing folder is left as it is) and opened now: a path that
 * cannot be written throws here, at start. Should the file fail later, the stream says so once.
 */
export function streamLog(stream: { write(line: string): unknown }, file?: string): Log {
  let rotating: RotatingFile | null = null;
  if (file) {
    makeDirectory(dirname(file), 0o700);
    rotating = new RotatingFile(file, undefined, { notice: (text) => stream.write(text), line: () => undefined });
    rotating.openNow();
  }
  const logger = pino(
    { base: null, redact: { paths: CENSORED_FIELDS, censor: '[not logged]' } },
    {
      write: (line: string) => {
        stream.write(line);
        rotating?.write(line);
      },
    },
  );
  return wrap(logger);
}

/** For callers that log nothing (tests that do not look, one-shot commands). */
export const NO_LOG: Log = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => NO_LOG,
};
