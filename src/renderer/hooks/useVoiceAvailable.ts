import { useEffect, useState } from 'react';

/** How long Chromium may take to list its voices after the page loads. */
const VOICES_LOAD_MS = 2000;

/**
 * Whether the system has a speech voice for `lang`: without one a self-service kiosk cannot
 * speak its results in that language, and staff should be told. Chromium lists voices a moment
 * after load (`voiceschanged`), so an empty list is only "none" once that moment has passed.
 * Null until known, so the warning does not flash up while the voices load.
 */
export function useVoiceAvailable(lang: string): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    if (!('speechSynthesis' in window)) {
      setAvailable(false);
      return;
    }
    const synth = window.speechSynthesis;
    const matches = (): boolean =>
      synth.getVoices().some((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang.toLowerCase());
    const check = (): void => {
      if (matches()) setAvailable(true);
      else if (synth.getVoices().length > 0) setAvailable(false);
    };
    setAvailable(null);
    check();
    const settled = window.setTimeout(() => setAvailable(matches()), VOICES_LOAD_MS);
    synth.addEventListener('voiceschanged', check);
    return () => {
      window.clearTimeout(settled);
      synth.removeEventListener('voiceschanged', check);
    };
  }, [lang]);
  return available;
}
