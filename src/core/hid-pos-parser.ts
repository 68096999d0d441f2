/**
 * HID POS barcode scanner reports (USB HID Point of Sale Usage Tables, usage page 0x8C):
 * reassembles messages split over several reports. Pure: bytes in, messages out.
 *
 * Standard layout of a 64-byte "scanned data" input report:
 *   byte 0      report id (0x02)
 *   byte 1      L: number of meaningful bytes that follow (AIM identifier + data)
 *   bytes 2-4   AIM symbology identifier, e.g. "]Q1"
 *   bytes 5..   data (L - 3 bytes)
 *   last byte   1 when more reports follow for this message, 0 on the last one
 * Vendor layouts differ in where the symbology is and whether the length counts it; each is a
 * `HidPosLayout`.
 */

export interface HidPosLayout {
  readonly name: string;
  readonly reportId: number;
  /** Offset of the length byte. */
  readonly lengthAt: number;
  /** True when the length byte counts the symbology bytes as well as the data. */
  readonly lengthIncludesSymbology: boolean;
  /** Offset and size of the symbology identifier (3 for AIM "]Q1", 1 for a vendor code). */
  readonly symbologyAt: number;
  readonly symbologySize: number;
  /** Offset of the continuation flag from the end of the report (1 = the last byte). */
  readonly continuationFromEnd: number;
  /** A vendor's own symbology byte (Honeywell's code ID), if the layout has one. */
  readonly vendorSymbologyAt: number | null;
}

export const HID_POS_LAYOUTS = {
  standard: {
    name: 'standard',
    reportId: 0x02,
    lengthAt: 1,
    lengthIncludesSymbology: true,
    symbologyAt: 2,
    symbologySize: 3,
    continuationFromEnd: 1,
    vendorSymbologyAt: null,
  },
  /** Honeywell: AIM in every report, its own code ID at byte 61. */
  honeywell: {
    name: 'honeywell',
    reportId: 0x02,
    lengthAt: 1,
    lengthIncludesSymbology: true,
    symbologyAt: 2,
    symbologySize: 3,
    continuationFromEnd: 1,
    vendorSymbologyAt: 61,
  },
  /** Scanners that send a one-byte vendor symbology code before the data, not counted in the length. */
  'vendor-code-first': {
    name: 'vendor-code-first',
    reportId: 0x02,
    lengthAt: 1,
    lengthIncludesSymbology: false,
    symbologyAt: 2,
    symbologySize: 1,
    continuationFromEnd: 1,
    vendorSymbologyAt: null,
  },
} as const satisfies Record<string, HidPosLayout>;

export type HidPosLayoutName = keyof typeof HID_POS_LAYOUTS;

export interface HidPosMessage {
  /** The data, AIM prefix removed. Latin-1 decoded: barcode data is bytes, tokens are ASCII. */
  readonly text: string;
  /** The AIM identifier (e.g. "]Q1"), or the one-byte vendor code of layouts without AIM. */
  readonly symbology: string;
  /** A vendor's own symbology byte where the layout has one (Honeywell code ID: 0x73 = QR). */
  readonly vendorCode: number | null;
}

export type HidPosEvent =
  { readonly kind: 'message'; readonly message: HidPosMessage } | { readonly kind: 'rejected'; readonly why: string };

/** A message larger than this is not a barcode: drop it rather than grow without bound. */
export const MAX_MESSAGE_BYTES = 8192;

function latin1(bytes: readonly number[]): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/**
 * Reassembles messages from a stream of reports. Malformed reports are reported as `rejected`
 * and never produce a message; a message interrupted by garbage is dropped whole.
 */
export class HidPosAssembler {
  private parts: number[] = [];
  private symbology: string | null = null;

  constructor(private readonly layout: HidPosLayout = HID_POS_LAYOUTS.standard) {}

  /** Feeds one input report, report id first (as node-hid delivers numbered reports). */
  push(report: Uint8Array): HidPosEvent[] {
    const l = this.layout;
    const headerEnd = l.symbologyAt + l.symbologySize;
    if (report.length < headerEnd + 1) return this.reject(`report of ${report.length} bytes is too short`);
    if (report[0] !== l.reportId) return this.reject(`report id ${report[0]} is not a scanned-data report`);
    const length = report[l.lengthAt] ?? 0;
    const dataLength = l.lengthIncludesSymbology ? length - l.symbologySize : length;
    const continuationAt = report.length - l.continuationFromEnd;
    if (dataLength < 0 || headerEnd + dataLength > continuationAt) {
      return this.reject(`length ${length} does not fit a ${report.length}-byte report`);
    }
    const flag = report[continuationAt];
    if (flag !== 0 && flag !== 1) return this.reject(`continuation flag ${flag} is neither 0 nor 1`);
    const symbology = latin1(Array.from(report.subarray(l.symbologyAt, headerEnd)));
    if (this.symbology !== null && this.symbology !== symbology) {
      return this.reject('a continuation report changed symbology mid-message');
    }
    this.symbology = symbology;
    for (const b of report.subarray(headerEnd, headerEnd + dataLength)) this.parts.push(b);
    if (this.parts.length > MAX_MESSAGE_BYTES) return this.reject('message exceeds the size limit');
    if (flag === 1) return [];
    const vendorCode = l.vendorSymbologyAt === null ? null : (report[l.vendorSymbologyAt] ?? null);
    const message: HidPosMessage = { text: latin1(this.parts), symbology, vendorCode };
    this.clear();
    return message.text.length === 0 ? [{ kind: 'rejected', why: 'empty message' }] : [{ kind: 'message', message }];
  }

  /** Called when a device goes away or goes quiet mid-message: drops the partial message. */
  abandon(): HidPosEvent[] {
    if (this.parts.length === 0 && this.symbology === null) return [];
    this.clear();
    return [{ kind: 'rejected', why: 'message ended without its last report' }];
  }

  private reject(why: string): HidPosEvent[] {
    const hadPartial = this.parts.length > 0;
    this.clear();
    return [{ kind: 'rejected', why: hadPartial ? `${why}; partial message dropped` : why }];
  }

  private clear(): void {
    this.parts = [];
    this.symbology = null;
  }
}
