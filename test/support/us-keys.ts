/** The physical key (KeyboardEvent.code) and Shift a US-layout scanner uses for a character. */
export function usKeyFor(ch: string): { code: string; shift: boolean } {
  if (/[a-z]/.test(ch)) return { code: `Key${ch.toUpperCase()}`, shift: false };
  if (/[A-Z]/.test(ch)) return { code: `Key${ch}`, shift: true };
  if (/[0-9]/.test(ch)) return { code: `Digit${ch}`, shift: false };
  const table: Record<string, [string, boolean]> = {
    '.': ['Period', false],
    '-': ['Minus', false],
    _: ['Minus', true],
    '~': ['Backquote', true],
    ':': ['Semicolon', true],
    '/': ['Slash', false],
    '#': ['Digit3', true],
  };
  const hit = table[ch];
  if (!hit) throw new Error(`no US key for ${JSON.stringify(ch)}`);
  return { code: hit[0], shift: hit[1] };
}
