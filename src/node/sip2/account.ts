/**
 * A Patron Information (64) or Patron Status (24) answer as the terminal's PatronAccount. The
 * choices where SIP2 is silent (which flags stop borrowing, a missing BL, fines without a
 * currency) are docs/decisions.md's "Libraries" entries.
 */
import { BORROWING_BLOCKS, PATRON_BLOCKS, type PatronAccount } from '../../core/library-system';

export { BORROWING_BLOCKS };
import type { PatronAnswer } from '../../core/sip2/patron';

const SYMBOLS: Readonly<Record<string, string>> = { '£': 'GBP', '€': 'EUR', $: 'USD' };

/**
 * `BV` as an amount and currency: `4.50`, `£4.50`, `4,50` and `GBP 4.50` all read as 4.5; the
 * currency is `BH`, else the symbol, else the configured default. Nothing owed, or an amount that
 * does not read as one, is null: the screen says nothing rather than something wrong.
 */
export function readFines(
  feeAmount: string | null,
  currency: string | null,
  defaultCurrency: string,
): PatronAccount['fines'] {
  if (feeAmount === null) return null;
  const symbol = Object.keys(SYMBOLS).find((s) => feeAmount.includes(s));
  const number = feeAmount.replace(/[£€$]|[A-Za-z]{3}/g, '').trim();
  if (!/^-?\d+(?:[.,]\d{1,4})?$/.test(number)) return null;
  const amount = Number(number.replace(',', '.'));
  if (!(amount > 0)) return null;
  const code = currency !== null && /^[A-Za-z]{3}$/.test(currency.trim()) ? currency.trim().toUpperCase() : null;
  return { amount, currency: code ?? (symbol !== undefined ? (SYMBOLS[symbol] ?? defaultCurrency) : defaultCurrency) };
}

export function toPatronAccount(
  answer: PatronAnswer,
  patronPassword: string | undefined,
  defaultCurrency: string,
): PatronAccount {
  const blocks = PATRON_BLOCKS.filter((_, i) => answer.status[i] === true);
  // BL absent: the LMS did not say the patron is valid, so the terminal does not either.
  const valid = answer.validPatron === true;
  const passwordValid = patronPassword === undefined ? null : answer.validPassword;
  return {
    valid,
    passwordValid,
    name: answer.name,
    canBorrow: valid && passwordValid !== false && !blocks.some((b) => BORROWING_BLOCKS.includes(b)),
    blocks,
    fines: readFines(answer.feeAmount, answer.currency, defaultCurrency),
    overdueCount: answer.counts?.overdue ?? null,
    chargedCount: answer.counts?.charged ?? null,
    screenMessage: answer.screenMessage,
  };
}
