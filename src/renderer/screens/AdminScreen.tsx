import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsPatch, TerminalApi, TerminalSettings, TerminalStatus } from '../../contract/terminal-api';
import { PinForm } from '../components/PinForm';
import { SettingField } from '../components/SettingField';
import { playAllOutcomes } from '../feedback/sounds';
import { useVoiceAvailable } from '../hooks/useVoiceAvailable';
import { asTerminalError } from '../api/terminal-error';
import { CATALOGUES, fill, refusalText, useT } from '../i18n';

interface Props {
  api: TerminalApi;
  status: TerminalStatus;
  settings: TerminalSettings;
  lastWedgeScan: string | null;
  onChanged: () => void;
}

/** Staff settings behind the PIN: enrolment, what to check, scanners, camera, language, mode. */
export function AdminScreen({ api, status, settings, lastWedgeScan, onChanged }: Props) {
  const t = useT();
  const [unlocked, setUnlocked] = useState(status.staffUnlocked);
  const [message, setMessage] = useState<string | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const [lmsPassword, setLmsPassword] = useState('');
  const voice = useVoiceAvailable(t.lang);

  useEffect(() => {
    void navigator.mediaDevices?.enumerateDevices().then(
      (d) => setCameras(d.filter((x) => x.kind === 'videoinput')),
      () => undefined,
    );
  }, []);

  /** The label of each setting, to say which one the terminal refused. */
  const fieldLabels: Partial<Record<string, string>> = {
    service: t.ui.service,
    offerId: t.ui.offer,
    language: t.ui.language,
    autoReturnValidMs: t.ui.autoReturnValid,
    autoReturnOtherMs: t.ui.autoReturnOther,
    wedgeScanGapMs: t.ui.wedgeScanGap,
    nfcPrefix: t.ui.nfcPrefix,
    nfcSuffix: t.ui.nfcSuffix,
    nfcSerialPath: t.ui.nfcSerialPort,
    nfcSerialBaud: t.ui.nfcSerialBaud,
    nfcSerialApplePrefix: t.ui.nfcSerialApplePrefix,
    nfcSerialGooglePrefix: t.ui.nfcSerialGooglePrefix,
    nfcSerialLineEnding: t.ui.nfcSerialLineEnding,
    cameraDeviceId: t.ui.camera,
    volume: t.ui.volume,
    statusHardLimitHours: t.ui.statusHardLimit,
    trustHardLimitDays: t.ui.trustHardLimit,
  };

  if (!unlocked) {
    return (
      <section className="admin" aria-labelledby="admin-title">
        <h1 id="admin-title">{t.ui.admin}</h1>
        <PinForm api={api} pinSet={settings.pinSet} onUnlocked={() => setUnlocked(true)} />
      </section>
    );
  }

  const save = async (patch: SettingsPatch): Promise<void> => {
    try {
      await api.updateSettings(patch);
      setMessage(t.ui.saved);
      onChanged();
    } catch (e) {
      if (asTerminalError(e).code === 'locked') setUnlocked(false);
      setMessage(refusalText(t, e, (field) => fieldLabels[field]));
    }
  };
  const enrol = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const state = await api.enrol({ serverUrl: server, code, label: 'Terminal' });
      setMessage(
        state.enrolled
          ? fill(t.ui.enrolled, { device: 'Terminal', venue: status.venue.name })
          : state.problem
            ? t.syncProblems[state.problem.code]
            : '',
      );
      onChanged();
    } catch (err) {
      setMessage(refusalText(t, err));
    }
  };

  const setLibraryPassword = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api.setLibraryPassword({ password: lmsPassword });
      setLmsPassword('');
      setMessage(t.library.passwordSaved);
      onChanged();
    } catch (err) {
      if (asTerminalError(err).code === 'locked') setUnlocked(false);
      setMessage(refusalText(t, err));
    }
  };

  return (
    <section className="admin" aria-labelledby="admin-title">
      <div className="admin-head">
        <h1 id="admin-title">{t.ui.admin}</h1>
        <div className="row">
          {window.civicpassShell && (
            <button type="button" className="secondary" onClick={() => void window.civicpassShell?.exitKiosk()}>
              {t.ui.exitKiosk}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              api.lock().then(
                () => setUnlocked(false),
                (e: unknown) => setMessage(refusalText(t, e)),
              );
            }}
          >
            {t.ui.lock}
          </button>
        </div>
      </div>
      <p role="status" className="form-message">
        {message}
      </p>
      <div className="admin-grid">
        <fieldset className="card">
          <legend>{t.ui.whatToCheck}</legend>
          <label htmlFor="service">{t.ui.service}</label>
          <select
            id="service"
            value={settings.service ?? ''}
            onChange={(e) => void save({ service: e.target.value, offerId: null })}
          >
            {status.venue.services.map((s) => (
              <option key={s} value={s}>
                {t.services[s] ?? s}
              </option>
            ))}
          </select>
          <label htmlFor="offer">{t.ui.offer}</label>
          <select
            id="offer"
            value={settings.offerId ?? ''}
            onChange={(e) => void save({ offerId: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">{t.ui.noOffer}</option>
            {status.venue.offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset className="card">
          <legend>{t.ui.language}</legend>
          <label htmlFor="language">{t.ui.language}</label>
          <select id="language" value={settings.language} onChange={(e) => void save({ language: e.target.value })}>
            {Object.values(CATALOGUES).map((c) => (
              <option key={c.lang} value={c.lang} lang={c.lang}>
                {c.name}
              </option>
            ))}
          </select>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.selfService}
              onChange={(e) => void save({ selfService: e.target.checked })}
            />{' '}
            {t.ui.selfServiceMode}
          </label>
          <SettingField
            id="return-valid"
            label={t.ui.autoReturnValid}
            number={{ min: 1, max: 120 }}
            value={settings.autoReturnValidMs / 1000}
            onCommit={(v) => void save({ autoReturnValidMs: Number(v) * 1000 })}
          />
          <SettingField
            id="return-other"
            label={t.ui.autoReturnOther}
            number={{ min: 1, max: 120 }}
            value={settings.autoReturnOtherMs / 1000}
            onCommit={(v) => void save({ autoReturnOtherMs: Number(v) * 1000 })}
          />
        </fieldset>
        <fieldset className="card">
          <legend>{t.ui.scannerSetup}</legend>
          <ul>
            {status.devices.length === 0 ? (
              <li>{t.ui.noUsbScanners}</li>
            ) : (
              status.devices.map((d) => <li key={d.id}>{`${d.name}: ${t.deviceStates[d.state]}`}</li>)
            )}
          </ul>
          <p>
            <strong>{t.ui.wedgeTest}:</strong> {t.ui.wedgeTestHelp}
          </p>
          <output className="wedge-output" aria-live="polite">
            {lastWedgeScan ?? '-'}
          </output>
          <SettingField
            id="wedge-gap"
            label={t.ui.wedgeScanGap}
            number={{ min: 50, max: 1000 }}
            value={settings.wedgeScanGapMs}
            onCommit={(v) => void save({ wedgeScanGapMs: Number(v) })}
          />
          <SettingField
            id="nfc-prefix"
            label={t.ui.nfcPrefix}
            maxLength={16}
            value={settings.nfcPrefix}
            onCommit={(v) => void save({ nfcPrefix: v })}
          />
          <SettingField
            id="nfc-suffix"
            label={t.ui.nfcSuffix}
            maxLength={16}
            value={settings.nfcSuffix}
            onCommit={(v) => void save({ nfcSuffix: v })}
          />
          <SettingField
            id="nfc-serial-port"
            label={t.ui.nfcSerialPort}
            maxLength={256}
            value={settings.nfcSerialPath ?? ''}
            onCommit={(v) => void save({ nfcSerialPath: v.trim() === '' ? null : v.trim() })}
          />
          <SettingField
            id="nfc-serial-baud"
            label={t.ui.nfcSerialBaud}
            number={{ min: 1200, max: 921_600 }}
            value={settings.nfcSerialBaud}
            onCommit={(v) => void save({ nfcSerialBaud: Number(v) })}
          />
          <SettingField
            id="nfc-serial-apple"
            label={t.ui.nfcSerialApplePrefix}
            maxLength={8}
            value={settings.nfcSerialApplePrefix}
            onCommit={(v) => void save({ nfcSerialApplePrefix: v })}
          />
          <SettingField
            id="nfc-serial-google"
            label={t.ui.nfcSerialGooglePrefix}
            maxLength={8}
            value={settings.nfcSerialGooglePrefix}
            onCommit={(v) => void save({ nfcSerialGooglePrefix: v })}
          />
          <label htmlFor="nfc-serial-ending">{t.ui.nfcSerialLineEnding}</label>
          <select
            id="nfc-serial-ending"
            value={settings.nfcSerialLineEnding}
            onChange={(e) =>
              void save({ nfcSerialLineEnding: e.target.value as TerminalSettings['nfcSerialLineEnding'] })
            }
          >
            {(['crlf', 'lf', 'cr', 'etx'] as const).map((k) => (
              <option key={k} value={k}>
                {{ crlf: 'CR LF', lf: 'LF', cr: 'CR', etx: 'ETX' }[k]}
              </option>
            ))}
          </select>
          <label htmlFor="camera">{t.ui.camera}</label>
          <select
            id="camera"
            value={settings.cameraDeviceId ?? ''}
            onChange={(e) => void save({ cameraDeviceId: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">{t.ui.defaultCamera}</option>
            {cameras.map((c, i) => (
              <option key={c.deviceId || i} value={c.deviceId}>
                {c.label || `${t.ui.camera} ${i + 1}`}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset className="card">
          <legend>{t.ui.soundTitle}</legend>
          <SettingField
            id="volume"
            label={t.ui.volume}
            number={{ min: 0, max: 100 }}
            value={settings.volume}
            onCommit={(v) => void save({ volume: Number(v) })}
          />
          <button type="button" className="secondary" onClick={playAllOutcomes}>
            {t.ui.testSound}
          </button>
          {voice === false && (
            <p className="card warning" role="alert">
              {fill(t.ui.noVoice, { language: t.name })}
            </p>
          )}
        </fieldset>
        <fieldset className="card">
          <legend>{t.ui.stalenessTitle}</legend>
          <SettingField
            id="status-limit"
            label={t.ui.statusHardLimit}
            number={{ min: 1, max: 720 }}
            value={settings.statusHardLimitHours}
            onCommit={(v) => void save({ statusHardLimitHours: v === '' ? null : Number(v) })}
          />
          <SettingField
            id="trust-limit"
            label={t.ui.trustHardLimit}
            number={{ min: 1, max: 60 }}
            value={settings.trustHardLimitDays}
            onCommit={(v) => void save({ trustHardLimitDays: v === '' ? null : Number(v) })}
          />
          <p>{t.ui.overridesLogged}</p>
        </fieldset>
        <form className="card" onSubmit={(e) => void enrol(e)}>
          <h2>{t.ui.enrolment}</h2>
          {status.sync.enrolled ? (
            <p>{fill(t.ui.enrolled, { device: status.venue.id, venue: status.venue.name })}</p>
          ) : (
            <>
              <label htmlFor="server-url">{t.ui.serverUrl}</label>
              <input id="server-url" type="url" required value={server} onChange={(e) => setServer(e.target.value)} />
              <label htmlFor="enrol-code">{t.ui.enrolmentCode}</label>
              <input
                id="enrol-code"
                required
                autoComplete="off"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
              <button type="submit" className="primary">
                {t.ui.enrol}
              </button>
            </>
          )}
        </form>
        {status.library.configured && (
          <form className="card" onSubmit={(e) => void setLibraryPassword(e)}>
            <h2>{t.library.linkTitle}</h2>
            <label htmlFor="lms-password">{t.library.password}</label>
            <input
              id="lms-password"
              type="password"
              required
              autoComplete="off"
              maxLength={128}
              value={lmsPassword}
              onChange={(e) => setLmsPassword(e.target.value)}
            />
            <p>{t.library.passwordHelp}</p>
            <button type="submit" className="primary">
              {t.library.setPassword}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
