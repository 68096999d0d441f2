/**
 * One labelled setting that is saved when the field loses focus: a number (optionally empty,
 * meaning "the venue's policy") or a short text.
 */
export function SettingField(props: {
  id: string;
  label: string;
  value: number | string | null;
  onCommit: (value: string) => void;
  number?: { min: number; max: number };
  maxLength?: number;
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        {...(props.number
          ? { type: 'number', min: props.number.min, max: props.number.max }
          : { maxLength: props.maxLength })}
        defaultValue={props.value ?? ''}
        onBlur={(e) => props.onCommit(e.target.value)}
      />
    </>
  );
}
