import { useState, type FormEvent } from 'react';
import type { TerminalApi } from '../../contract/terminal-api';
import { plural, fill, refusalText, useT } from '../i18n';
import { formatTime } from '../format';

/** Staff PIN entry, with remaining attempts and lockout shown; never spoken, never logged. */
export function PinForm({
  api,
  onUnlocked,
  pinSet,
  autoFocus = false,
}: {
  api: TerminalApi;
  onUnlocked: () => void;
  pinSet: boolean;
  autoFocus?: boolean;
}) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      if (!pinSet) {
        await api.setPin({ next: pin });
      }
      const r = await api.unlock({ pin });
      setPin('');
      if (r.ok) return onUnlocked();
      if (r.reason === 'wrong_pin') setMessage(plural(t.lang, t.ui.wrongPin, r.remainingAttempts));
      else if (r.reason === 'locked') setMessage(fill(t.ui.lockedUntil, { time: formatTime(r.lockedUntil, t.lang) }));
      else setMessage(t.ui.noPinSet);
    } catch (error) {
      setMessage(refusalText(t, error));
    }
  };
  return (
    <form className="card pin-form" onSubmit={(e) => void submit(e)}>
      <h2>{t.ui.pinTitle}</h2>
      {!pinSet && <p>{t.ui.noPinSet}</p>}
      <label htmlFor="staff-pin">{pinSet ? t.ui.pinLabel : t.ui.newPin}</label>
      <input
        id="staff-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4,12}"
        minLength={4}
        maxLength={12}
        required
        autoFocus={autoFocus}
        value={pin}
        onChange={(e) => setPin(e.target.value)}
      />
      <button type="submit" className="primary">
        {pinSet ? t.ui.unlock : t.ui.setPin}
      </button>
      <p role="alert" className="form-message">
        {message}
      </p>
    </form>
  );
}
