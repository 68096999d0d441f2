import type { LibraryAccount } from '../../contract/terminal-api';
import { BORROWING_BLOCKS } from '../../core/library-system';
import { formatMoney } from '../format';
import { fill, plural, useT } from '../i18n';

interface Props {
  account: LibraryAccount | undefined;
  /** A self-service kiosk: whether the resident can borrow, nothing more. */
  resident: boolean;
}

/**
 * The library account under a verdict (issue 12). Words and a symbol, never colour alone. The
 * verdict above it stands whatever this says: the library system never changes it. The live
 * region that announces it is the caller's, present from the start (one filled in later is read;
 * one inserted already filled often is not).
 */
export function AccountLine({ account, resident }: Props) {
  const t = useT();
  const w = t.library;
  if (account === undefined) {
    return (
      <p className="account-line account-pending">
        <span aria-hidden="true">⋯ </span>
        {w.checking}
      </p>
    );
  }
  if (!account.answered) {
    return (
      <div className="account-line account-problem" data-account="unreachable">
        <p>
          <span aria-hidden="true">⚠ </span>
          {resident ? w.notAvailable : w.unreachable}
        </p>
        {resident && <p>{w.notAvailableNext}</p>}
      </div>
    );
  }
  if (resident || account.desk === null) {
    return (
      <p
        className={`account-line ${account.canBorrow ? 'account-ok' : 'account-problem'}`}
        data-account={account.canBorrow ? 'can_borrow' : 'see_staff'}
      >
        <span aria-hidden="true">{account.canBorrow ? '✓ ' : '⚠ '}</span>
        {account.canBorrow ? w.youCanBorrow : w.seeStaff}
      </p>
    );
  }
  const d = account.desk;
  const stopping = d.blocks.filter((b) => BORROWING_BLOCKS.includes(b));
  const others = d.blocks.filter((b) => !BORROWING_BLOCKS.includes(b));
  // A list in the language's own way ("a, b" in English; Arabic joins with "، و").
  const names = (blocks: readonly (typeof d.blocks)[number][]): string =>
    new Intl.ListFormat(t.lang, { type: 'unit', style: 'short' }).format(blocks.map((b) => w.blocks[b]));
  const ok = d.known && account.canBorrow;
  const headline = !d.known
    ? w.unknownPatron
    : account.canBorrow
      ? w.accountOk
      : stopping.length > 0
        ? fill(w.accountBlocked, { blocks: names(stopping) })
        : w.accountBlockedPlain;
  return (
    <div
      className={`account-line ${ok ? 'account-ok' : 'account-problem'}`}
      aria-label={w.accountLabel}
      data-account={ok ? 'ok' : d.known ? 'blocked' : 'unknown'}
    >
      <p className="account-headline">
        <span aria-hidden="true">{ok ? '✓ ' : '⚠ '}</span>
        {headline}
      </p>
      {d.name && <p>{fill(w.nameOnAccount, { name: d.name })}</p>}
      {others.length > 0 && <p>{fill(w.alsoBlocks, { blocks: names(others) })}</p>}
      {d.fines && d.fines.amount > 0 && (
        <p>{fill(w.fines, { amount: formatMoney(d.fines.amount, d.fines.currency, t.lang) })}</p>
      )}
      {d.overdue !== null && d.overdue > 0 && <p>{plural(t.lang, w.overdue, d.overdue)}</p>}
      {d.screenMessage && <p className="lms-message">{fill(w.lmsSays, { message: d.screenMessage })}</p>}
    </div>
  );
}
