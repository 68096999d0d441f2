/**
 * Code page 850 (IBM "Multilingual Latin 1"), the character set of many older LMS installations
 * and their SIP2 servers. Bytes 0x00-0x7F are ASCII; this is the upper half, byte 0x80 + index.
 * Written out here (no runtime provides it: TextDecoder knows only the WHATWG encodings).
 */
const UPPER_HALF = [
  'ÇüéâäàåçêëèïîìÄÅ', // 0x80
  'ÉæÆôöòûùÿÖÜø£Ø×ƒ', // 0x90
  'áíóúñÑªº¿®¬½¼¡«»', // 0xA0
  '░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐', // 0xB0
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤', // 0xC0
  'ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀', // 0xD0
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´', // 0xE0
  '\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0', // 0xF0: soft hyphen first, no-break space last
].join('');

/** Byte (0-255) to character. */
export const IBM850_TO_CHAR: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b < 0x80 ? String.fromCharCode(b) : UPPER_HALF.charAt(b - 0x80),
);

/** Character (one UTF-16 code unit: every character of the page is in the BMP) to byte. */
export const CHAR_TO_IBM850: ReadonlyMap<string, number> = new Map(IBM850_TO_CHAR.map((c, b) => [c, b]));
