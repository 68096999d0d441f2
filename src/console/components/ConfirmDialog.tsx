import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAction } from '../hooks/useAction';
import { useT } from '../i18n';
import { BusyButton } from './BusyButton';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  /** Ask for a reason (kept in the audit log); the change is not sent without one. */
  readonly withReason: boolean;
  /** Sends the change; a rejection is worded in the dialog, which stays open to try again. */
  readonly onConfirm: (reason: string) => Promise<unknown>;
  /** Called after a change went through, or when the dialog is cancelled (`done` false). */
  readonly onClose: (done: boolean) => void;
}

/**
 * A modal confirmation (the native <dialog>, so focus stays inside and Escape cancels), with a
 * required reason where the change is audited. Focus goes back to the button that opened it.
 */
export function ConfirmDialog({ title, body, confirmLabel, withReason, onConfirm, onClose }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const action = useAction(onConfirm);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (withReason && reason.trim() === '') {
      setReasonError(t.form.reasonMissing);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setReasonError(null);
    const outcome = await action.run(reason.trim());
    if (outcome.ok) onCloseRef.current(true);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        if (!action.busy) onClose(false);
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={titleId}>{title}</h2>
        <p id={bodyId}>{body}</p>
        {withReason ? (
          <div className={reasonError ? 'field has-error' : 'field'}>
            <label htmlFor={reasonId}>{t.form.reasonLabel}</label>
            <textarea
              id={reasonId}
              value={reason}
              rows={3}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${reasonId}-error` : undefined}
            />
            {reasonError ? (
              <p className="field-error" id={`${reasonId}-error`}>
                <span aria-hidden="true">✗ </span>
                {reasonError}
              </p>
            ) : null}
          </div>
        ) : null}
        {action.error ? <ProblemMessage error={action.error} /> : null}
        <div className="actions">
          <BusyButton type="submit" variant="danger" busy={action.busy} busyLabel={t.working}>
            {confirmLabel}
          </BusyButton>
          <button type="button" className="secondary" onClick={() => onClose(false)} disabled={action.busy}>
            {t.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
