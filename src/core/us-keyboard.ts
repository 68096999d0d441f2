/**
 * The US keyboard layout by physical key (KeyboardEvent.code). Scanners "type" as if on a US
 * keyboard; mapping the physical key rather than the character the OS produced means a scanner
 * on a German (QWERTZ) or French (AZERTY) keyboard still gives the right characters.
 */
const PAIRS: Record<string, readonly [string, string]> = {
  Backquote: ['`', '~'],
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  Numpad0: ['0', '0'],
  Numpad1: ['1', '1'],
  Numpad2: ['2', '2'],
  Numpad3: ['3', '3'],
  Numpad4: ['4', '4'],
  Numpad5: ['5', '5'],
  Numpad6: ['6', '6'],
  Numpad7: ['7', '7'],
  Numpad8: ['8', '8'],
  Numpad9: ['9', '9'],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};
for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') PAIRS[`Key${letter}`] = [letter.toLowerCase(), letter];

/** The character a US keyboard gives for a physical key, or null for non-character keys. */
export function usCharacter(code: string, shift: boolean): string | null {
  const pair = PAIRS[code];
  return pair ? pair[shift ? 1 : 0] : null;
}

/** HID keyboard usage IDs (usage page 0x07) to KeyboardEvent.code, for boot-keyboard reports. */
const HID_USAGE_CODES: Record<number, string> = {
  0x28: 'Enter',
  0x2b: 'Tab',
  0x2c: 'Space',
  0x2d: 'Minus',
  0x2e: 'Equal',
  0x2f: 'BracketLeft',
  0x30: 'BracketRight',
  0x31: 'Backslash',
  0x33: 'Semicolon',
  0x34: 'Quote',
  0x35: 'Backquote',
  0x36: 'Comma',
  0x37: 'Period',
  0x38: 'Slash',
  0x58: 'NumpadEnter',
};
for (let i = 0; i < 26; i++) HID_USAGE_CODES[0x04 + i] = `Key${String.fromCharCode(65 + i)}`;
for (let i = 0; i < 9; i++) HID_USAGE_CODES[0x1e + i] = `Digit${i + 1}`;
HID_USAGE_CODES[0x27] = 'Digit0';

export function codeForHidUsage(usage: number): string | null {
  return HID_USAGE_CODES[usage] ?? null;
}
