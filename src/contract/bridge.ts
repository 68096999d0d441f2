import type { OperationName, TerminalApi, TerminalApiEvent } from './terminal-api';

/** Sends one operation across a boundary (IPC, HTTP) and resolves with its answer. */
export type Caller = (op: OperationName, arg?: unknown) => Promise<unknown>;

/**
 * The TerminalApi on the far side of a boundary, for Electron's preload and the browser host's
 * page client alike: one function per operation, listed here so that the compiler checks the
 * list against the contract (`satisfies`): an operation added to the contract and not bridged,
 * or bridged and not in the contract, does not build. Answers are taken as the contract types
 * them: the other side is the terminal service itself, which validated what it was given.
 */
export function bridgeApi(
  call: Caller,
  subscribe: (listener: (event: TerminalApiEvent) => void) => () => void,
): TerminalApi {
  const op =
    <K extends OperationName>(name: K) =>
    (arg?: unknown) =>
      call(name, arg) as ReturnType<TerminalApi[K]>;
  return {
    getStatus: op('getStatus'),
    recentScans: op('recentScans'),
    submitScan: op('submitScan'),
    submitManualEntry: op('submitManualEntry'),
    getSettings: op('getSettings'),
    updateSettings: op('updateSettings'),
    unlock: op('unlock'),
    lock: op('lock'),
    setPin: op('setPin'),
    undoRedemption: op('undoRedemption'),
    listDevices: op('listDevices'),
    syncNow: op('syncNow'),
    callStaff: op('callStaff'),
    resetTrustedClock: op('resetTrustedClock'),
    enrol: op('enrol'),
    setLibraryPassword: op('setLibraryPassword'),
    borrowItem: op('borrowItem'),
    myLoans: op('myLoans'),
    renewAll: op('renewAll'),
    endLibrarySession: op('endLibrarySession'),
    getLibrarySession: op('getLibrarySession'),
    subscribe,
  } satisfies TerminalApi;
}
