import { EventEmitter } from 'node:events';
import type { TerminalApiEvent } from '../contract/terminal-api';

/** The service's event stream (scans, devices, sync, status, staff calls) to its subscribers. */
export class TerminalEvents {
  private readonly emitter = new EventEmitter<{ event: [TerminalApiEvent] }>();

  emit(event: TerminalApiEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: TerminalApiEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  close(): void {
    this.emitter.removeAllListeners();
  }
}
