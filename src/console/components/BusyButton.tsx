import type { ButtonHTMLAttributes } from 'react';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  readonly busy: boolean;
  readonly busyLabel: string;
  readonly variant?: 'primary' | 'secondary' | 'danger';
};

/**
 * A button that says it is working. It stays focusable while busy (aria-disabled, not disabled,
 * so keyboard focus is not thrown to the page's top); the action behind it drops a second press.
 */
export function BusyButton({ busy, busyLabel, variant = 'primary', children, className, ...rest }: Props) {
  return (
    <button {...rest} className={[variant, className].filter(Boolean).join(' ')} aria-disabled={busy || undefined}>
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
