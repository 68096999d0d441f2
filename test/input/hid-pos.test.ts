import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HID_POS_LAYOUTS, HidPosAssembler } from '../../src/core/hid-pos-parser';

const TOKEN =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6IkNsMWpyb2RRQSIsInR5cCI6ImNpdmljcGFzcytqd3QifQ.eyJ2IjoxLCJzdWIiOiJjYXJkXzAwMDEifQ.c2lnbmF0dXJl';

/** A 64-byte Honeywell scanned-data report, as the scanner sends it. */
function honeywellReport(aim: string, chunk: string, more: boolean, codeId = 0x73): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = aim.length + chunk.length;
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i);
  for (let i = 0; i < chunk.length; i++) r[5 + i] = chunk.charCodeAt(i);
  r[61] = codeId;
  r[63] = more ? 1 : 0;
  return r;
}

/** Splits a message into 64-byte reports of at most 56 data bytes (59 minus AIM... per report). */
function split(text: string, per = 56): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += per) parts.push(text.slice(i, i + per));
  return parts;
}

describe('HID POS report reassembly', () => {
  it('reassembles a Honeywell message split over two 64-byte reports (last byte 1, then 0)', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS.honeywell);
    const text = 'https://cards.example.gov.uk/c#' + 'A'.repeat(40); // 71 characters: two reports
    const first = honeywellReport(']Q1', text.slice(0, 56), true);
    const second = honeywellReport(']Q1', text.slice(56), false);
    // The literal bytes of the first report's header and trailer, as captured from a scanner.
    expect(Array.from(first.subarray(0, 8))).toEqual([0x02, 59, 0x5d, 0x51, 0x31, 0x68, 0x74, 0x74]);
    expect(first[63]).toBe(1);
    expect(second[63]).toBe(0);
    expect(a.push(first)).toEqual([]);
    expect(a.push(second)).toEqual([{ kind: 'message', message: { text, symbology: ']Q1', vendorCode: 0x73 } }]);
  });

  it('reassembles a whole card token over several reports, and the next message after it', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS.honeywell);
    const parts = split(TOKEN);
    const out = parts.flatMap((p, i) => a.push(honeywellReport(']Q1', p, i < parts.length - 1)));
    expect(out).toEqual([{ kind: 'message', message: { text: TOKEN, symbology: ']Q1', vendorCode: 0x73 } }]);
    expect(a.push(honeywellReport(']C0', '29876000123456', false, 0x6a))).toEqual([
      { kind: 'message', message: { text: '29876000123456', symbology: ']C0', vendorCode: 0x6a } },
    ]);
  });

  it('reads the vendor-code-first layout, whose length does not count the symbology', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS['vendor-code-first']);
    const r = new Uint8Array(64);
    r.set([0x02, 5, 0x73, ...Buffer.from('HELLO')]);
    expect(a.push(r)).toEqual([{ kind: 'message', message: { text: 'HELLO', symbology: 's', vendorCode: null } }]);
  });

  it('rejects wrong report ids, impossible lengths, bad flags and short reports, without a message', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS.standard);
    const wrongId = honeywellReport(']Q1', 'ABC', false);
    wrongId[0] = 0x01;
    const tooLong = honeywellReport(']Q1', 'ABC', false);
    tooLong[1] = 200;
    const badFlag = honeywellReport(']Q1', 'ABC', false);
    badFlag[63] = 7;
    for (const bad of [wrongId, tooLong, badFlag, Uint8Array.of(2, 3), new Uint8Array(0)]) {
      expect(a.push(bad).every((e) => e.kind === 'rejected')).toBe(true);
    }
  });

  it('drops a message whose continuation never comes, or is replaced by garbage', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS.honeywell);
    expect(a.push(honeywellReport(']Q1', 'first half', true))).toEqual([]);
    const garbage = new Uint8Array(64).fill(0xff);
    expect(a.push(garbage)[0]?.kind).toBe('rejected');
    // The next genuine message is unaffected by the dropped one.
    expect(a.push(honeywellReport(']Q1', 'second', false))[0]).toMatchObject({
      kind: 'message',
      message: { text: 'second' },
    });
    a.push(honeywellReport(']Q1', 'dangling', true));
    expect(a.abandon()).toEqual([{ kind: 'rejected', why: 'message ended without its last report' }]);
    expect(a.push(honeywellReport(']Q1', 'fresh', false))[0]).toMatchObject({ message: { text: 'fresh' } });
  });

  it('refuses a continuation that changes symbology mid-message', () => {
    const a = new HidPosAssembler(HID_POS_LAYOUTS.honeywell);
    a.push(honeywellReport(']Q1', 'part one', true));
    expect(a.push(honeywellReport(']L2', 'part two', false))[0]?.kind).toBe('rejected');
  });

  it('never throws and never produces a message from random reports', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { maxLength: 20 }), (reports) => {
        const a = new HidPosAssembler(HID_POS_LAYOUTS.honeywell);
        for (const r of reports) {
          // Random bytes can form a valid report only by also having a valid id, length and flag.
          const valid = r.length >= 6 && r[0] === 2 && (r[r.length - 1] === 0 || r[r.length - 1] === 1);
          const events = a.push(r);
          if (!valid) expect(events.every((e) => e.kind === 'rejected')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
