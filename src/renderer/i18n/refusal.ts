import { isEnrolProblem } from '../../contract/terminal-api';
import { asTerminalError } from '../api/terminal-error';
import { fill, type Catalogue } from './catalogue';

/**
 * What to tell the person who acted when the terminal refused: the catalogue's words for the
 * error's code, made precise by its detail where the screen can (which setting, why enrolment
 * failed). The service's own English is for logs and support, never the screen.
 */
export function refusalText(t: Catalogue, error: unknown, fieldLabel?: (field: string) => string | undefined): string {
  const e = asTerminalError(error);
  if (e.code === 'enrolment_failed' && isEnrolProblem(e.detail))
    return `${t.errors.enrolment_failed} ${t.enrolProblems[e.detail]}`;
  if (e.code === 'invalid_argument' && e.detail !== null) {
    const label = fieldLabel?.(e.detail);
    if (label !== undefined) return fill(t.ui.valueRefused, { field: label });
  }
  return t.errors[e.code];
}
