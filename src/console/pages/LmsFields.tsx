import { SelectField, TextField } from '../components/Field';
import { useT } from '../i18n';
import { LMS_CHARSETS, type LmsDraft, type VenueProblems } from './venue-config';

/** The venue's library system link (SIP2): on or off, and where and how to log in. The password is write-only. */
export function LmsFields({
  lms,
  problems,
  onChange,
}: {
  lms: LmsDraft;
  problems: VenueProblems;
  onChange: (next: LmsDraft) => void;
}) {
  const t = useT();
  const f = t.venues.fields;
  const words = (key: string): string | null => {
    const p = problems[`lms.${key}`];
    return p ? t.venues.problems[p] : null;
  };
  return (
    <fieldset className="lms">
      <legend>{f.lmsHeading}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={lms.enabled}
          onChange={(e) => onChange({ ...lms, enabled: e.target.checked })}
        />
        {f.lmsEnabled}
      </label>
      {lms.enabled ? (
        <div className="grid-2">
          <TextField
            id="lms-host"
            label={f.host}
            value={lms.host}
            onChange={(host) => onChange({ ...lms, host })}
            error={words('host')}
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id="lms-port"
            label={f.port}
            inputMode="numeric"
            value={lms.port}
            onChange={(port) => onChange({ ...lms, port })}
            error={words('port')}
            autoComplete="off"
          />
          <TextField
            id="lms-institution"
            label={f.institution}
            value={lms.institution}
            onChange={(institution) => onChange({ ...lms, institution })}
            error={words('institution')}
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id="lms-user"
            label={f.user}
            value={lms.user}
            onChange={(user) => onChange({ ...lms, user })}
            error={words('user')}
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            id="lms-password"
            label={f.password}
            type="password"
            hint={lms.existed ? f.passwordHintKeep : f.passwordHintNew}
            optional={lms.existed}
            value={lms.password}
            onChange={(password) => onChange({ ...lms, password })}
            error={words('password')}
            autoComplete="new-password"
          />
          <SelectField
            id="lms-charset"
            label={f.charset}
            value={lms.charset}
            onChange={(charset) => onChange({ ...lms, charset: charset as LmsDraft['charset'] })}
            options={LMS_CHARSETS.map((c) => ({ value: c, label: c.toUpperCase() }))}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
