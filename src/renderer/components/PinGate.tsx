import type { TerminalApi } from '../../contract/terminal-api';
import { useT } from '../i18n';
import { PinForm } from './PinForm';

/**
 * Asks for the staff PIN in place, saying why ("Undoing a redemption needs the staff PIN."), and
 * carries on with what was asked once unlocked; Cancel leaves everything as it was.
 */
export function PinGate(props: { api: TerminalApi; reason: string; onUnlocked: () => void; onCancel: () => void }) {
  const t = useT();
  return (
    <div className="pin-gate" role="dialog" aria-modal="false" aria-labelledby="pin-gate-reason">
      <p id="pin-gate-reason" className="pin-gate-reason">
        {props.reason}
      </p>
      <PinForm api={props.api} pinSet onUnlocked={props.onUnlocked} autoFocus />
      <button type="button" className="secondary" onClick={props.onCancel}>
        {t.ui.cancel}
      </button>
    </div>
  );
}
