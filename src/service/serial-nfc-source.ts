import type { DeviceState } from '../contract/terminal-api';
import { NFC_LINE_ENDINGS } from '../core/nfc-serial-parser';
import type { TerminalSettings } from '../contract/terminal-api';
import { SerialNfcReader, type SerialNfcMessage, type SerialOpener } from '../node/devices/serial-nfc-reader';

/** The staff's settings for the serial reader. */
export type SerialNfcSettings = Pick<
  TerminalSettings,
  'nfcSerialPath' | 'nfcSerialBaud' | 'nfcSerialApplePrefix' | 'nfcSerialGooglePrefix' | 'nfcSerialLineEnding'
>;

export interface SerialNfcSourceEvents {
  readonly message: (m: SerialNfcMessage) => void;
  readonly state: () => void;
  readonly problem: (problem: string) => void;
}

/**
 * The terminal's serial NFC reader, following the staff setting: opened when a port is set,
 * replaced when the port or speed changes, closed when it is cleared. One reader at a time.
 */
export class SerialNfcSource {
  private reader: SerialNfcReader | null = null;
  private key = '';
  /** Reconfigurations one at a time: two quick saves must not leave a second reader running. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: SerialNfcSourceEvents,
    private readonly open?: SerialOpener,
  ) {}

  get state(): DeviceState | null {
    return this.reader?.state ?? null;
  }

  configure(settings: SerialNfcSettings): Promise<void> {
    const run = this.queue.then(() => this.apply(settings));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(s: SerialNfcSettings): Promise<void> {
    const path = s.nfcSerialPath;
    const key = path === null ? '' : JSON.stringify(s);
    if (key === this.key) return;
    this.key = key;
    const old = this.reader;
    this.reader = null;
    await old?.close();
    if (path !== null) {
      const reader = new SerialNfcReader(
        {
          path,
          baudRate: s.nfcSerialBaud,
          lineEnding: NFC_LINE_ENDINGS[s.nfcSerialLineEnding],
          prefixes: { apple: s.nfcSerialApplePrefix, google: s.nfcSerialGooglePrefix },
        },
        this.open,
      );
      reader.on('message', (m) => this.events.message(m));
      reader.on('state', () => this.events.state());
      reader.on('problem', (p) => this.events.problem(p));
      this.reader = reader;
      reader.start();
    }
    this.events.state();
  }

  async close(): Promise<void> {
    await this.configure({
      nfcSerialPath: null,
      nfcSerialBaud: 9600,
      nfcSerialApplePrefix: '',
      nfcSerialGooglePrefix: '',
      nfcSerialLineEnding: 'crlf',
    });
  }
}
