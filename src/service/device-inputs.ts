import type { DeviceState, TerminalApiEvent } from '../contract/terminal-api';
import type { DeviceManager } from '../node/devices/device-manager';
import type { SerialOpener } from '../node/devices/serial-nfc-reader';
import type { Log } from '../node/log/log';
import type { StaffSettings } from '../node/store/settings-store';
import type { ScanInput } from './scan-pipeline';
import { SerialNfcSource } from './serial-nfc-source';

/**
 * The terminal's input devices: USB scanners (HID POS and keyboard mode) and the serial NFC
 * reader. Their reads go to `submit`; their states and problems are announced and logged.
 */
export class DeviceInputs {
  private readonly serialNfc: SerialNfcSource;

  constructor(
    private readonly devices: DeviceManager | null,
    private readonly deps: {
      readonly submit: (input: ScanInput) => void;
      readonly emit: (event: TerminalApiEvent) => void;
      readonly log: Log;
      readonly serialOpener?: SerialOpener;
    },
  ) {
    const announce = (): void => deps.emit({ type: 'devices', devices: this.list() });
    this.serialNfc = new SerialNfcSource(
      {
        message: (m) => deps.submit({ text: m.text, source: 'nfc', receivedAt: m.receivedAt }),
        state: announce,
        problem: (detail) => deps.log.warn({ event: 'device_problem', device: 'serial-nfc', detail }, 'NFC reader'),
      },
      deps.serialOpener,
    );
    if (devices) {
      devices.on('devices', announce);
      devices.on('problem', (detail) => deps.log.warn({ event: 'device_problem', detail }, 'scanner'));
      devices.on('incomplete', (m) => deps.emit({ type: 'scan-incomplete', source: m.source }));
      devices.on('message', (m) => deps.submit({ text: m.text, source: m.source, receivedAt: m.receivedAt }));
    }
  }

  /** Every input device: USB scanners and the serial NFC reader. */
  list(): DeviceState[] {
    const serial = this.serialNfc.state;
    return [...(this.devices?.list() ?? []), ...(serial ? [serial] : [])];
  }

  start(): void {
    this.devices?.start();
  }

  /** Applies the staff's reader settings: the wedge pause tolerance, the serial NFC reader. */
  async apply(settings: StaffSettings): Promise<void> {
    this.devices?.setWedgeOptions({ scanGapMs: settings.wedgeScanGapMs });
    await this.serialNfc.configure(settings);
  }

  async close(): Promise<void> {
    await this.devices?.close();
    await this.serialNfc.close();
  }
}
