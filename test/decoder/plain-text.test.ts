import { describe, expect, it } from 'vitest';
import { createNodeDecoder } from '../../src/node/decoder-engines';
import { codePixels } from './codes';

const GS = '\u001d';
const RS = '\u001e';
const EOT = '\u0004';
/** An ISO/IEC 15434 message, as parts labels carry: RS and GS separators, EOT at the end. */
const MESSAGE = `[)>${RS}06${GS}1PABC-123${GS}Q10${GS}20LLIB-7${RS}${EOT}`;

describe("the decoder keeps every byte (plain text, never the engine's human-readable rewrite)", () => {
  it.each(['DataMatrix', 'QRCode', 'Aztec', 'PDF417'] as const)(
    'a %s holding GS and RS separators decodes to the bytes 0x1D and 0x1E',
    async (format) => {
      const engine = await createNodeDecoder('zxing-wasm');
      const [code, ...more] = await engine.decode(await codePixels(MESSAGE, { format, scale: 4 }));
      expect(more).toEqual([]);
      expect(code?.text).toBe(MESSAGE);
      expect(code?.text).not.toMatch(/<GS>|<RS>|\u241d|\u241e/);
      expect([...(code?.bytes ?? [])]).toEqual([...Buffer.from(MESSAGE, 'latin1')]);
      expect(code?.bytes?.[6]).toBe(0x1d);
    },
  );

  it('GS1 content comes out as its element strings with GS between them, not "(01)..."', async () => {
    const engine = await createNodeDecoder('zxing-wasm');
    const image = await codePixels('[01]09506000134352[10]ABC123[21]XYZ', {
      format: 'DataMatrix',
      options: 'gs1',
      scale: 4,
    });
    const [code] = await engine.decode(image);
    expect(code?.text).toBe(`0109506000134352` + `10ABC123${GS}` + `21XYZ`);
    expect(code?.text).not.toContain('(01)');
  });

  it('bytes outside ASCII are given exactly, whatever text they make', async () => {
    const engine = await createNodeDecoder('zxing-wasm');
    const bytes = new Uint8Array([0x00, 0x1d, 0x7f, 0x80, 0xc3, 0x28, 0xff, 0x41]);
    const [code] = await engine.decode(await codePixels(bytes, { format: 'QRCode', scale: 4 }));
    expect([...(code?.bytes ?? [])]).toEqual([...bytes]);
  });
});
