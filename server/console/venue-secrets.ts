/**
 * The LMS passwords in a venue's configuration are write-only for the console (decision 107 keeps
 * them out of the terminal's database too): never answered, never in the audit log, and kept when
 * a change leaves them out.
 */
const SECRET_KEYS = ['password', 'terminalPassword'] as const;

function lmsOf(config: Record<string, unknown>): Record<string, unknown> | null {
  const lms = config['lms'];
  return typeof lms === 'object' && lms !== null && !Array.isArray(lms) ? (lms as Record<string, unknown>) : null;
}

/** A venue configuration as the audit log and the console show it: the LMS passwords left out. */
export function withoutSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const lms = lmsOf(config);
  if (!lms) return config;
  const link = Object.fromEntries(Object.entries(lms).filter(([k]) => !(SECRET_KEYS as readonly string[]).includes(k)));
  return { ...config, lms: link };
}

/**
 * A new configuration with the stored LMS passwords carried over where it names none, as long as
 * it still has a link: one edited from what GET answered (without them) keeps them.
 */
export function keepSecrets(
  next: Record<string, unknown>,
  stored: Record<string, unknown> | null,
): Record<string, unknown> {
  const link = lmsOf(next);
  const old = stored ? lmsOf(stored) : null;
  if (!link || !old) return next;
  const kept = Object.fromEntries(
    SECRET_KEYS.filter((k) => link[k] === undefined && old[k] !== undefined).map((k) => [k, old[k]]),
  );
  return { ...next, lms: { ...link, ...kept } };
}
