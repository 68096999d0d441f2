/**
 * The stand-in's promise to be faithful: main may use only what the stand-in implements, with
 * Electron 45's names. Reading anything else throws, and is recorded too, in case main catches
 * the error (the test asserts the record is empty).
 */
export const missing: string[] = [];

export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop in obj) return Reflect.get(obj, prop, receiver) as unknown;
      // Awaiting a value probes `then`; these objects are simply not thenable, as in Electron.
      if (prop === 'then') return undefined;
      missing.push(`${name}.${prop}`);
      throw new Error(`Electron stand-in: ${name}.${prop} is not implemented (see test/support/electron-stand-in)`);
    },
  });
}

/**
 * Hands a stand-in to main where Electron's type is expected (an IPC event, a WebContents). The
 * stand-ins implement only what electron/main uses, checked member by member against Electron's
 * types (`implements Pick<...>`); this is the one place the rest is waived, and strict() guards
 * it at run time.
 */
export function asElectron<T>(standIn: object): T {
  return standIn as unknown as T;
}
