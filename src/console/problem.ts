/**
 * An error in words and a next step, from the catalogue by code; the server's own message is for
 * its log, never the page.
 */
import { ConsoleApiError } from './api/client';
import { fill, type Catalogue } from './i18n';

export interface ProblemText {
  readonly words: string;
  readonly next: string;
}

export function problemText(t: Catalogue, error: unknown): ProblemText {
  if (!(error instanceof ConsoleApiError)) return t.errors.unexpected;
  if (error.code === 'invalid' && error.field !== undefined) {
    return { words: fill(t.errors.invalidField.words, { field: error.field }), next: t.errors.invalidField.next };
  }
  return t.errors[error.code];
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ConsoleApiError && error.code === 'not_found';
}
