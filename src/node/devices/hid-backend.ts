/**
 * The slice of node-hid the device manager uses, so the manager can be exercised in tests with
 * scripted devices (this machine has no USB scanner). `createNodeHidBackend` is the real one.
 */
export interface HidDeviceInfo {
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly product: string | null;
  readonly usagePage: number | null;
  readonly usage: number | null;
}

export interface HidHandle {
  onData(listener: (report: Uint8Array) => void): void;
  onError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

/** node-hid's async API (3.x). Loaded on first use: a terminal without scanners never loads it. */
export async function createNodeHidBackend(): Promise<HidBackend> {
  const hid = await import('node-hid');
  return {
    async devices() {
      const list = await hid.devicesAsync();
      return list
        .filter((d): d is typeof d & { path: string } => typeof d.path === 'string')
        .map((d) => ({
          path: d.path,
          vendorId: d.vendorId,
          productId: d.productId,
          product: d.product ?? null,
          usagePage: d.usagePage ?? null,
          usage: d.usage ?? null,
        }));
    },
    async open(path) {
      const device = await hid.HIDAsync.open(path);
      return {
        onData: (listener) => device.on('data', (data: Buffer) => listener(new Uint8Array(data))),
        onError: (listener) =>
          device.on('error', (e: unknown) => listener(e instanceof Error ? e : new Error(String(e)))),
        close: () => device.close(),
      };
    },
  };
}
