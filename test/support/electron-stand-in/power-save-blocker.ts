/** Electron's powerSaveBlocker: numbered blockers, started and stopped. */
import type { PowerSaveBlocker } from 'electron';
import { appStandIn } from './app';
import { strict } from './strict';

type BlockerType = Parameters<PowerSaveBlocker['start']>[0];

class StandInPowerSaveBlocker implements Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'> {
  readonly blockers: { id: number; type: BlockerType; active: boolean }[] = [];

  start(type: BlockerType): number {
    const id = this.blockers.length;
    this.blockers.push({ id, type, active: true });
    return id;
  }

  stop(id: number): boolean {
    const blocker = this.blockers[id];
    if (!blocker?.active) return false;
    blocker.active = false;
    // Logged with the app's lifecycle: the test sees it happen before the process ends.
    appStandIn.lifecycle.push(`powerSaveBlocker.stop(${id})`);
    return true;
  }

  isStarted(id: number): boolean {
    return this.blockers[id]?.active ?? false;
  }
}

export const powerSaveBlockerStandIn = new StandInPowerSaveBlocker();
export const powerSaveBlocker = strict('powerSaveBlocker', powerSaveBlockerStandIn);
