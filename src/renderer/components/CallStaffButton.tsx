import { useState } from 'react';
import type { TerminalApi } from '../../contract/terminal-api';
import { playChime } from '../feedback/sounds';
import { speak } from '../feedback/speech';
import { BellIcon } from './BellIcon';
import { useT } from '../i18n';

/**
 * The resident's "Call staff" button: it sounds and shows on this kiosk at once, and the terminal
 * sends the call to the venue's other terminals at its next sync. Pressing again does not call
 * twice (the service makes one call a minute).
 */
export function CallStaffButton({ api }: { api: TerminalApi }) {
  const t = useT();
  const [called, setCalled] = useState(false);
  const [failed, setFailed] = useState(false);
  const call = (): void => {
    playChime();
    setCalled(true);
    speak(t.ui.staffCalled, t.lang);
    api.callStaff().then(
      () => setFailed(false),
      // The chime sounded here, but the other terminals will not hear of it: say so.
      () => {
        setFailed(true);
        speak(t.resident.callFailed, t.lang);
      },
    );
  };
  return (
    <div className="call-staff">
      <button type="button" className="primary call-staff-button" onClick={call} aria-describedby="call-staff-state">
        <BellIcon /> {t.ui.callStaff}
      </button>
      <p id="call-staff-state" role="status" className="call-staff-state">
        {failed ? t.resident.callFailed : called ? t.ui.staffCalled : ''}
      </p>
    </div>
  );
}
