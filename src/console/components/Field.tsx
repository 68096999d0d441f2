import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { useT } from '../i18n';

interface Frame {
  readonly label: string;
  readonly hint?: string | undefined;
  /** The field's problem, shown under it and tied to it for screen readers. */
  readonly error?: string | null | undefined;
  /** Marked "(optional)" in its label: fields are required unless they say so (GOV.UK's pattern). */
  readonly optional?: boolean | undefined;
}

/** A label, the control, its hint and its problem, tied together with ids. */
function FieldFrame({
  label,
  hint,
  error,
  optional,
  fixedId,
  children,
}: Frame & {
  fixedId: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}) {
  const t = useT();
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> {t.form.optional}</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy })}
      {error ? (
        <p className="field-error" id={errorId ?? undefined}>
          <span aria-hidden="true">✗ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Frame &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
    readonly value: string;
    readonly onChange: (value: string) => void;
  };

export function TextField({ label, hint, error, optional, value, onChange, id: fixedId, ...rest }: InputProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} optional={optional} fixedId={fixedId}>
      {({ id, describedBy }) => (
        <input
          {...rest}
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FieldFrame>
  );
}

type SelectProps = Frame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly options: readonly { readonly value: string; readonly label: string }[];
  };

export function SelectField({
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  options,
  id: fixedId,
  ...rest
}: SelectProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} optional={optional} fixedId={fixedId}>
      {({ id, describedBy }) => (
        <select
          {...rest}
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
