import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../support/cli';
import { codePng } from '../decoder/codes';

const corpus = join(ROOT, 'test/fixtures/barcodes/corpus');
const token = readFileSync(join(ROOT, 'test/fixtures/barcodes/token.txt'), 'utf8');

describe('civicpass decode', () => {
  it('decodes each symbology with the default engine', async () => {
    const files = [
      'qr-clean.png',
      'pdf417-clean.png',
      'aztec-clean.png',
      'datamatrix-clean.png',
      'code128-clean.png',
      'qr-jpeg.jpg',
    ];
    const run = await runCli(['decode', ...files.map((f) => join(corpus, f))]);
    expect(run.status).toBe(0);
    expect(run.lines.map((l) => l['format'])).toEqual([
      'QR_CODE',
      'PDF_417',
      'AZTEC',
      'DATA_MATRIX',
      'CODE_128',
      'QR_CODE',
    ]);
    expect(run.lines[0]).toEqual({ file: join(corpus, 'qr-clean.png'), format: 'QR_CODE', text: token });
    expect(run.lines[4]?.['text']).toBe('29876000123456');
  });

  it('decodes with the other engine when asked', async () => {
    const run = await runCli(['decode', '--engine', 'zxing-js', join(corpus, 'qr-clean.png')]);
    expect(run.lines[0]).toMatchObject({ format: 'QR_CODE', text: token });
  });

  it('says not_found for an image without a code, and names unreadable files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-decode-'));
    writeFileSync(join(dir, 'fake.png'), 'this is not an image');
    writeFileSync(join(dir, 'truncated.png'), readFileSync(join(corpus, 'qr-clean.png')).subarray(0, 200));
    const run = await runCli([
      'decode',
      join(corpus, 'no-code.png'),
      join(dir, 'fake.png'),
      join(dir, 'truncated.png'),
      join(dir, 'missing.png'),
    ]);
    expect(run.status).toBe(2);
    expect(run.lines.map((l) => l['error'])).toEqual([
      'not_found',
      'unsupported_image',
      'corrupt_image',
      'unreadable_file',
    ]);
  });

  it('prints the text exactly as encoded, and with --raw the exact bytes in base64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-decode-'));
    const message = '[)>\u001e06\u001d1PABC-123\u001dQ10\u001e\u0004';
    const bytes = new Uint8Array([0x00, 0x1d, 0x1e, 0x7f, 0x80, 0xc3, 0x28, 0xff, 0x0a]);
    writeFileSync(join(dir, 'iso15434.png'), await codePng(message, { format: 'DataMatrix', scale: 4 }));
    writeFileSync(join(dir, 'binary.png'), await codePng(bytes, { format: 'QRCode', scale: 4 }));
    const text = await runCli(['decode', join(dir, 'iso15434.png')]);
    expect(text.lines[0]).toEqual({ file: join(dir, 'iso15434.png'), format: 'DATA_MATRIX', text: message });
    const raw = await runCli(['decode', '--raw', join(dir, 'iso15434.png'), join(dir, 'binary.png')]);
    expect(raw.status).toBe(0);
    expect(raw.lines[0]).toEqual({
      file: join(dir, 'iso15434.png'),
      format: 'DATA_MATRIX',
      bytes: Buffer.from(message, 'latin1').toString('base64'),
    });
    expect(raw.lines[1]?.['format']).toBe('QR_CODE');
    expect([...Buffer.from(String(raw.lines[1]?.['bytes']), 'base64')]).toEqual([...bytes]);
  });

  it('refuses --raw with zxing-js, which cannot give the bytes', async () => {
    const run = await runCli(['decode', '--raw', '--engine', 'zxing-js', join(corpus, 'qr-clean.png')]);
    expect(run.status).toBe(2);
    expect(run.lines).toEqual([{ error: 'usage', message: expect.stringContaining('zxing-js') as unknown }]);
  });

  it('refuses an unknown engine and a call without images', async () => {
    expect((await runCli(['decode', '--engine', 'magic', 'x.png'])).status).toBe(2);
    expect((await runCli(['decode'])).status).toBe(2);
  });
});
