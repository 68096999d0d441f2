/**
 * A small runtime validator for everything that crosses the TerminalApi boundary (IPC, HTTP).
 * Each schema checks an unknown value and returns it typed, or throws ApiError.
 */

/**
 * The one vocabulary of refusals: the service throws these codes, the screens word them (the
 * message is English detail for logs and support, never shown as it is).
 */
export const API_ERROR_CODES = [
  'invalid_argument',
  /** Needs the staff PIN (the staff session is locked). */
  'locked',
  /** The PIN given (say, the current one when changing it) is wrong. */
  'wrong_pin',
  /** Too many wrong PINs: none is accepted for a while. */
  'pin_locked_out',
  'not_found',
  /** The terminal was withdrawn from service by its server. */
  'withdrawn',
  'enrolment_failed',
  'storage_full',
  /** The terminal could not start (its database, keys or data directory). */
  'not_started',
  /** The terminal service is not answering (the page's side). */
  'unavailable',
  /** The call did not come from the app. */
  'forbidden',
  /** A borrowing operation with no self-service session open (it ended or timed out). */
  'no_session',
  /** The library system did not answer (not reachable, refused the login, answered garbage). */
  'lms_unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * A refusal in the contract's vocabulary. `detail`, where there is one, is a code that refines it
 * for the screens: the argument's field for `invalid_argument`, the start-up problem for
 * `not_started`, the enrolment problem for `enrolment_failed`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

export type Schema<T> = (value: unknown, path: string) => T;

function bad(path: string, expected: string): never {
  // The field is the path's last name (`settings.volume` -> `volume`), for the screens.
  throw new ApiError('invalid_argument', `${path} must be ${expected}`, /[A-Za-z]\w*$/.exec(path)?.[0] ?? null);
}

export const str =
  (opts: { min?: number; max: number; pattern?: RegExp }): Schema<string> =>
  (v, path) => {
    if (typeof v !== 'string') bad(path, 'a string');
    if (v.length < (opts.min ?? 0) || v.length > opts.max) bad(path, `${opts.min ?? 0} to ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) bad(path, `of the form ${String(opts.pattern)}`);
    return v;
  };

export const int =
  (min: number, max: number): Schema<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      bad(path, `an integer from ${min} to ${max}`);
    return v;
  };

export const num =
  (min: number, max: number): Schema<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(path, `a number from ${min} to ${max}`);
    return v;
  };

export const bool: Schema<boolean> = (v, path) => (typeof v === 'boolean' ? v : bad(path, 'true or false'));

export const oneOf =
  <T extends string>(values: readonly T[]): Schema<T> =>
  (v, path) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? (v as T)
      : bad(path, `one of ${values.join(', ')}`);

export const nullable =
  <T>(inner: Schema<T>): Schema<T | null> =>
  (v, path) =>
    v === null ? null : inner(v, path);

type Shape = Record<string, Schema<unknown>>;
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };
type Optional<S extends Shape> = { [K in keyof S]?: ReturnType<S[K]> };

/** An object with exactly these members (unknown members are refused, not ignored). */
export const object =
  <R extends Shape, O extends Shape = Record<never, never>>(required: R, optional?: O): Schema<Out<R> & Optional<O>> =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object');
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(required, key) && !(optional && Object.hasOwn(optional, key)))
        bad(`${path}.${key}`, 'absent (unknown member)');
    }
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(required)) out[key] = schema(input[key], `${path}.${key}`);
    for (const [key, schema] of Object.entries(optional ?? {})) {
      if (input[key] !== undefined) out[key] = schema(input[key], `${path}.${key}`);
    }
    return out as Out<R> & Optional<O>;
  };

export const empty: Schema<undefined> = (v, path) =>
  v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)
    ? undefined
    : bad(path, 'empty');
