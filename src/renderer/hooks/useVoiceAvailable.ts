import { useEffect, useState } from 'react';

/**
 * Whether the system has a speech voice for `lang`: without one a self-service kiosk cannot
 * speak its results in that language, and staff should be told. Voices load asynchronously in
 * Chromium, so the answer is refreshed on `voiceschanged`. Null until known.
 */
export function useVoiceAvailable(lang: string): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    if (!('speechSynthesis' in window)) {
      setAvailable(false);
      return;
    }
    const synth = window.speechSynthesis;
    const check = (): void =>
      setAvailable(synth.getVoices().some((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang.toLowerCase()));
    check();
    synth.addEventListener('voiceschanged', check);
    return () => synth.removeEventListener('voiceschanged', check);
  }, [lang]);
  return available;
}
